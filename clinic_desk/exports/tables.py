"""CSV exports for billing and procedure logs (issue 14, item 5).

UTF-8 with a byte-order mark (so a spreadsheet opens names in any script correctly), a header
row, CRLF line ends (the csv module's default), every cell text. A cell that would start with
=, +, - or @ gets a leading apostrophe, so a spreadsheet shows it rather than runs it.

billing: one row per CPT line (REFERENCE.md 6.1-6.2: one line per level, add-on codes
after the first, modifier -50 / -LT / -RT by side), units 1, the ICD-10-CM codes of its joints
(6.4) and the rendering physician with NPI (6.8).
procedures: one row per record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..domain.coding import icd10_for_joint
from ..domain.record import ProcedureRecord
from ..domain.summary import summarize

BILLING_COLUMNS = ("record_id", "date_of_service", "mrn", "family_name", "given_name",
                   "cpt", "modifiers", "units", "icd10", "rendering_physician", "npi",
                   "status")
PROCEDURE_COLUMNS = ("record_id", "date_of_service", "mrn", "family_name", "given_name",
                     "procedure", "kind", "block_number", "levels", "sides", "guidance",
                     "fluoro_time_s", "dose_mgy", "dap_mgy_cm2", "complications", "physician",
                     "nurse", "status")


def safe(value: object) -> str:
    text = "" if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def billing_csv(records: Sequence[ProcedureRecord], npi: dict[str, str]) -> bytes:
    def rows() -> Iterable[Sequence[object]]:
        for r in records:
            doctor = r.physician
            for line in summarize(r).cpt:
                icd = sorted({icd10_for_joint(j) for j in line.joints})
                yield (r.id, r.performed_at.date().isoformat(), r.patient.mrn,
                       r.patient.family_name, r.patient.given_name, line.code, line.modifier,
                       1, ";".join(icd), doctor.display if doctor else "",
                       npi.get(doctor.username, "") if doctor else "", r.status.value)
    return _csv(BILLING_COLUMNS, rows())


def procedures_csv(records: Sequence[ProcedureRecord]) -> bytes:
    def rows() -> Iterable[Sequence[object]]:
        for r in records:
            g = r.guidance
            yield (r.id, r.performed_at.date().isoformat(), r.patient.mrn,
                   r.patient.family_name, r.patient.given_name, r.title, r.kind.value,
                   r.block_number or "", ";".join(js.joint.name for js in r.joints),
                   ";".join(js.side.value for js in r.joints), g.modality.value,
                   g.fluoro_time_s, g.dose_mgy, g.dap_mgy_cm2,
                   ";".join(str(c) for c in r.complications) or "none",
                   r.physician.display if r.physician else "",
                   r.nurse.display if r.nurse else "", r.status.value)
    return _csv(PROCEDURE_COLUMNS, rows())
