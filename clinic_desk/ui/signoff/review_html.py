"""The read-only review of a whole record as HTML for a QTextBrowser: every value escaped,
warnings marked with a word and a sign (never colour alone), the signature manifestation
and each addendum exactly as domain.signoff words them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape

from ...domain.corrections import describe
from ...domain.record import ProcedureRecord, Vitals
from ...domain.signoff import addendum_lines, handout_version, manifestation
from ...domain.summary import RecordSummary
from ...domain.texts import language_name


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:g}"
    return f"{text} {unit}".strip()


def _vitals(v: Vitals) -> str:
    if v.empty:
        return "-"
    parts = []
    if v.systolic is not None or v.diastolic is not None:
        parts.append(f"BP {v.systolic if v.systolic is not None else '?'}/"
                     f"{v.diastolic if v.diastolic is not None else '?'}")
    for label, value in (("HR", v.heart_rate), ("SpO2", v.spo2), ("RR", v.resp_rate)):
        if value is not None:
            parts.append(f"{label} {value}{'%' if label == 'SpO2' else ''}")
    return ", ".join(parts)


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(f"<tr><th align='left' valign='top'>{escape(k)}</th>"
                   f"<td>{escape(v) if v else '-'}</td></tr>" for k, v in pairs)


def _list(items: Iterable[str], sign: str = "") -> str:
    lis = "".join(f"<li>{escape(sign)}{escape(i)}</li>" for i in items)
    return f"<ul>{lis}</ul>" if lis else "<p>None.</p>"


def review_html(record: ProcedureRecord, summary: RecordSummary | None = None) -> str:
    p = record.patient
    out = [f"<h2>{escape(p.display_name)}</h2>",
           f"<p>MRN {escape(p.mrn)} &middot; born {p.date_of_birth.isoformat()} &middot; "
           f"{escape(p.sex.value)} &middot; {escape(p.preferred_language.label)}</p>"]
    if record.signature is not None:
        out.append(f"<p><b>&#10004; {escape(manifestation(record.signature))}</b><br>"
                   f"Content hash (SHA-256): <tt>{escape(record.signature.content_hash)}</tt>"
                   f"</p>")
    else:
        out.append(f"<p><b>Status: {escape(record.status.label)}.</b> Not signed.</p>")

    if summary is not None and summary.warnings:
        out.append("<h3>&#9888; Warnings</h3>")
        out.append(_list((f"{w.message} ({w.code})" for w in summary.warnings), "Warning: "))
    if summary is not None and (summary.problems or summary.missing):
        out.append("<h3>&#9888; Incomplete</h3>")
        out.append(_list((str(i) for i in (*summary.problems, *summary.missing)),
                         "Missing or wrong: "))

    anticoag = p.anticoagulant
    out.append("<h3>Patient</h3><table cellspacing='4'>" + _rows([
        ("Weight", _num(p.weight_kg, "kg")),
        ("Diabetes", "yes" if p.diabetic else "no"),
        ("Anticoagulant", anticoag.name + "".join(
            f"; {language_name(code)}: {text}" for code, text in anticoag.resume_instructions.texts)
         if anticoag else "none"),
        ("Allergies", p.allergies),
        ("Escort home", p.escort),
    ]) + "</table>")

    g = record.guidance
    relief = record.percent_relief
    out.append("<h3>Procedure</h3><table cellspacing='4'>" + _rows([
        ("Procedure", record.title),
        ("Performed", _when(record.performed_at)),
        ("Ended", _when(record.ended_at)),
        ("Physician", record.physician.display if record.physician else ""),
        ("Nurse", record.nurse.display if record.nurse else ""),
        ("Levels and sides", record.levels_text),
        ("Targets", ", ".join(str(t) for t in summary.targets) if summary else ""),
        ("Guidance", f"{g.modality.label}; time {_num(g.fluoro_time_s, 's')}; "
                     f"dose {_num(g.dose_mgy, 'mGy')}; DAP {_num(g.dap_mgy_cm2, 'mGy·cm²')}; "
                     f"contrast {g.contrast or 'none'}"),
        ("Medications", "; ".join(
            f"{m.name} {m.strength}, {m.volume_ml:g} mL{' per target' if m.per_target else ''}"
            for m in record.medications)),
        ("Totals", "; ".join(
            f"{t.name}: {t.total_ml:g} mL" + (f", {t.total_mg:g} mg" if t.total_mg else "")
            + (f" (max {t.max_mg:g} mg)" if t.max_mg else "")
            for t in summary.medication_totals) if summary else ""),
        ("Sedation", record.sedation.label),
        ("Pain before / after", f"{_num(record.pain_before)} / {_num(record.pain_after)}"
                                + (f" ({relief:g}% relief)" if relief is not None else "")),
        ("Vitals before", _vitals(record.vitals_before)),
        ("Vitals after", _vitals(record.vitals_after)),
        ("Complications", "; ".join(str(c) for c in record.complications) or "none"),
        ("Follow-up", _when(record.follow_up) if record.follow_up else ""),
        ("Notes", record.notes),
    ]) + "</table>")
    if summary is not None:
        out.append("<h3>Codes</h3><table cellspacing='4'>" + _rows([
            ("CPT", ", ".join(str(c) for c in summary.cpt)),
            ("ICD-10", ", ".join(f"{c.code} {c.description}" for c in summary.icd10)),
        ]) + "</table>")

    if record.addenda:
        out.append(f"<h3>Addenda (handout version {handout_version(record)})</h3>")
        for n, a in enumerate(record.addenda, 1):
            lines = addendum_lines(n, a)
            fixes = "".join(f"<br>{escape(describe(c))}" for c in a.corrections)
            out.append(f"<p><b>{escape(lines.heading)}</b><br>{escape(lines.reason)}<br>"
                       f"{escape(lines.text)}{fixes}<br><i>{escape(lines.signature)}</i></p>")
    return "\n".join(out)
