"""FHIR R4 export: procedure records as one Bundle of type "collection" (docs/fhir.md).

Per record: Patient (once per MRN), Practitioner for the physician and the nurse (once per
user), Procedure, a BodyStructure per joint and side (laterality with the SNOMED CT
qualifiers of REFERENCE.md 6.5), a MedicationAdministration per drug and target (partOf the
Procedure), Observations for the pain scores (and, through `extra_observations`, results
such as the pain diary's block response), a Provenance for the signature and one for each
signed addendum, and a DocumentReference carrying the chart note PDF.

Codes are used only where REFERENCE.md gives them (CPT 6.1-6.2, ICD-10-CM 6.4, SNOMED CT
laterality 6.5). Everything it marks UNCONFIRMED (procedure SNOMED codes, facet body-site
codes, performer-function and signature-type codes) is carried as text, never invented.
Plain JSON dictionaries: no FHIR library at run time; the tests validate every bundle with
the `fhir.resources` R4B models.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.errors import ValidationError
from ..domain.innervation import targets_for
from ..domain.joints import Side
from ..domain.medications import parse_strength
from ..domain.procedures import ProcedureKind, is_diagnostic
from ..domain.record import ProcedureRecord, Sex, Signature, StaffRef
from ..domain.summary import summarize

CPT = "http://www.ama-assn.org/go/cpt"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
NPI = "http://hl7.org/fhir/sid/us-npi"
MRN_SYSTEM = "urn:clinic-desk:mrn"  # the clinic's own MRNs; a clinic may map it to its OID
USER_SYSTEM = "urn:clinic-desk:username"
TARGET_BODY_STRUCTURE = ("http://hl7.org/fhir/StructureDefinition/"
                         "procedure-targetBodyStructure")

# REFERENCE.md 6.5: the FHIR BodyStructure laterality value set's SNOMED CT qualifiers.
LATERALITY = {
    Side.LEFT: ("7771000", "Left"),
    Side.RIGHT: ("24028007", "Right"),
    Side.BILATERAL: ("51440002", "Right and left"),
}

_NS = uuid.UUID("6f1c3a52-7f0e-4c1b-9a51-2d3c6b1e0f14")  # Clinic Desk's own namespace


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NS, '/'.join(str(p) for p in parts))}"


def _ref(url: str, display: str = "") -> dict[str, str]:
    return {"reference": url, **({"display": display} if display else {})}


def _instant(t: datetime) -> str:
    return t.isoformat(timespec="seconds")


def fhir_signature(sig: Signature) -> tuple[str | None, bytes]:
    """(sigFormat, data) of a signature as Provenance.signature carries it.

    A signature made since issue 11 is an Ed25519 signature (64 bytes) over the record's
    canonical content hash, the signer, the time and the meaning: its bytes, with no MIME type
    (FHIR's sigFormat names document formats such as JWS or XML-DSig, and a raw Ed25519
    signature is neither; docs/fhir.md). A legacy hash-only signature (before migration 0004)
    carries the 32 bytes of the SHA-256 it is.
    """
    if sig.ed25519:
        return None, bytes.fromhex(sig.ed25519)
    return None, bytes.fromhex(sig.content_hash)


@dataclass(frozen=True, slots=True)
class ObservationSpec:
    """An extra Observation about a record (the hook for results recorded elsewhere, such
    as the pain diary's block response, issue 13): described in words, valued in UCUM."""

    key: str  # unique within the record, e.g. "block-response"
    code_text: str
    effective: datetime
    value: float
    unit: str  # UCUM code, e.g. "%"
    final: bool = True
    note: str = ""


ExtraObservations = Callable[[ProcedureRecord], Sequence[ObservationSpec]]


@dataclass(frozen=True, slots=True)
class FhirContext:
    npi: dict[str, str]  # username -> NPI
    note_pdf: Callable[[ProcedureRecord], bytes]
    extra_observations: ExtraObservations | None = None


def _patient(r: ProcedureRecord) -> tuple[str, dict[str, Any]]:
    p = r.patient
    url = _urn("patient", p.mrn)
    gender = {Sex.FEMALE: "female", Sex.MALE: "male", Sex.OTHER: "other"}.get(p.sex, "unknown")
    return url, {
        "resourceType": "Patient", "id": url.removeprefix("urn:uuid:"),
        "identifier": [{"use": "usual", "type": {"text": "Medical record number"},
                        "system": MRN_SYSTEM, "value": p.mrn}],
        "name": [{"use": "official", "family": p.family_name,
                  **({"given": [p.given_name]} if p.given_name else {}),
                  "text": p.full_name}],
        "gender": gender, "birthDate": p.date_of_birth.isoformat(),
        "communication": [{"language": {"text": p.preferred_language.label},
                           "preferred": True}],
    }


def _practitioner(s: StaffRef, npi: str | None) -> tuple[str, dict[str, Any]]:
    url = _urn("practitioner", s.username)
    ids = [{"system": USER_SYSTEM, "value": s.username}]
    if npi:
        ids.insert(0, {"system": NPI, "value": npi})
    res: dict[str, Any] = {"resourceType": "Practitioner", "id": url.removeprefix("urn:uuid:"),
                           "identifier": ids, "name": [{"text": s.full_name or s.username}]}
    if s.credentials:
        res["qualification"] = [{"code": {"text": s.credentials}}]
    return url, res


def _category(r: ProcedureRecord) -> dict[str, str] | None:
    if r.kind is ProcedureKind.INTRA_ARTICULAR:
        return None  # diagnostic or therapeutic: the record does not say
    return {"text": "Diagnostic" if is_diagnostic(r.kind, r.block_number) else "Therapeutic"}


def record_resources(r: ProcedureRecord, ctx: FhirContext,
                     seen: set[str]) -> list[tuple[str, dict[str, Any]]]:
    """Every resource of one record as (fullUrl, resource); shared ones once (`seen`)."""
    if r.id is None:
        raise ValidationError("Only saved records can be exported.", "id")
    out: list[tuple[str, dict[str, Any]]] = []

    def add(url: str, res: dict[str, Any]) -> None:
        if url not in seen:
            seen.add(url)
            out.append((url, res))

    s = summarize(r)
    signed = r.signature is not None
    patient_url, patient = _patient(r)
    add(patient_url, patient)
    subject = _ref(patient_url, r.patient.display_name)
    staff: dict[str, str] = {}
    for person in (r.physician, r.nurse):
        if person is not None:
            url, res = _practitioner(person, ctx.npi.get(person.username))
            staff[person.username] = url
            add(url, res)
    proc_url = _urn("procedure", r.id)
    performed: dict[str, str] = {"start": _instant(r.performed_at)}
    if r.ended_at is not None:
        performed["end"] = _instant(r.ended_at)
    performers = []
    if r.physician is not None:
        performers.append({"function": {"text": "Performing physician"},
                           "actor": _ref(staff[r.physician.username], r.physician.display)})
    if r.nurse is not None:
        performers.append({"function": {"text": "Nurse"},
                           "actor": _ref(staff[r.nurse.username], r.nurse.display)})
    body_refs = []
    for js in r.joints:
        code, display = LATERALITY[js.side]
        url = _urn("bodystructure", r.id, js.joint.name)
        add(url, {"resourceType": "BodyStructure", "id": url.removeprefix("urn:uuid:"),
                  "location": {"text": f"{js.joint.name} facet joint"},
                  "locationQualifier": [{"coding": [{"system": SNOMED, "code": code,
                                                     "display": display}],
                                         "text": js.side.value}],
                  "patient": subject})
        body_refs.append({"url": TARGET_BODY_STRUCTURE, "valueReference": _ref(url)})
    notes = []
    if r.note is not None and r.note.indication.text:
        notes.append({"text": f"Indication: {r.note.indication.text}"})
    if r.notes.strip():
        notes.append({"text": r.notes.strip()})
    if not signed:
        notes.append({"text": "Not signed: the physician has not signed this record."})
    cpt: list[dict[str, str]] = []
    for line in s.cpt:
        if line.code not in {c["code"] for c in cpt}:
            cpt.append({"system": CPT, "code": line.code,
                        **({"display": line.description} if line.description else {})})
    procedure: dict[str, Any] = {
        "resourceType": "Procedure", "id": proc_url.removeprefix("urn:uuid:"),
        "identifier": [{"system": "urn:clinic-desk:record", "value": str(r.id)}],
        "status": "completed",
        "code": {"coding": cpt, "text": r.title},
        "subject": subject, "performedPeriod": performed,
        "bodySite": [{"text": f"{js.joint.name} facet joint, {js.side.value}"}
                     for js in r.joints],
        "reasonCode": [{"coding": [{"system": ICD10CM, "code": i.code,
                                    "display": i.description}], "text": i.description}
                       for i in s.icd10],
        "complication": [{"text": str(c)} for c in r.complications],
    }
    if body_refs:
        procedure["extension"] = body_refs
    category = _category(r)
    if category:
        procedure["category"] = category
    if performers:
        procedure["performer"] = performers
    if r.follow_up is not None:
        procedure["followUp"] = [{"text": f"Follow-up appointment {_instant(r.follow_up)}"}]
    if notes:
        procedure["note"] = notes
    for key in ("bodySite", "reasonCode", "complication"):
        if not procedure[key]:
            del procedure[key]
    add(proc_url, procedure)
    part_of = [_ref(proc_url, r.title)]
    out += _medications(r, subject, part_of, signed)
    out += _observations(r, ctx, subject, part_of, signed)
    out += _provenances(r, proc_url, staff)
    out.append(_document(r, ctx, subject, proc_url, staff, signed))
    return out


def _medications(r: ProcedureRecord, subject: dict[str, str], part_of: list[dict[str, str]],
                 signed: bool) -> list[tuple[str, dict[str, Any]]]:
    out = []
    targets = targets_for(r.kind, r.joints)
    effective = {"start": _instant(r.performed_at),
                 **({"end": _instant(r.ended_at)} if r.ended_at else {})}
    for n, m in enumerate(r.medications):
        try:
            mg_per_ml: float | None = parse_strength(m.strength).mg_per_ml
        except ValidationError:
            mg_per_ml = None
        sites: list[tuple[str, int]] = ([(str(t), t.site_count) for t in targets]
                                        if m.per_target else [("all targets", 1)])
        for k, (site, count) in enumerate(sites):
            volume = m.volume_ml * count if m.per_target else m.volume_ml
            text = f"{volume:g} mL of {m.name} {m.strength}"
            if mg_per_ml is not None and not m.strength.endswith("mgI/mL"):
                text += f" ({volume * mg_per_ml:g} mg)"
            url = _urn("medicationadministration", r.id, n, k)
            out.append((url, {
                "resourceType": "MedicationAdministration", "id": url.removeprefix("urn:uuid:"),
                "status": "completed" if signed else "in-progress",
                "medicationCodeableConcept": {"text": f"{m.name} {m.strength}"},
                "subject": subject, "partOf": part_of, "effectivePeriod": effective,
                "dosage": {"text": text, "site": {"text": site},
                           "dose": {"value": round(volume, 3), "unit": "mL", "system": UCUM,
                                    "code": "mL"}},
            }))
    return out


def _observation(url: str, code_text: str, subject: dict[str, str],
                 part_of: list[dict[str, str]], effective: datetime, final: bool,
                 value: dict[str, Any], note: str = "") -> dict[str, Any]:
    obs = {"resourceType": "Observation", "id": url.removeprefix("urn:uuid:"),
           "status": "final" if final else "preliminary", "code": {"text": code_text},
           "subject": subject, "partOf": part_of, "effectiveDateTime": _instant(effective),
           **value}
    if note:
        obs["note"] = [{"text": note}]
    return obs


def _observations(r: ProcedureRecord, ctx: FhirContext, subject: dict[str, str],
                  part_of: list[dict[str, str]], signed: bool
                  ) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for key, value, when, label in (
        ("pain-before", r.pain_before, r.performed_at, "before"),
        ("pain-after", r.pain_after, r.ended_at or r.performed_at, "after"),
    ):
        if value is None:
            continue
        url = _urn("observation", r.id, key)
        out.append((url, _observation(
            url, f"Pain intensity {label} the procedure (numeric rating scale 0-10)",
            subject, part_of, when, signed, {"valueInteger": value})))
    if ctx.extra_observations is not None:
        for spec in ctx.extra_observations(r):
            url = _urn("observation", r.id, spec.key)
            out.append((url, _observation(
                url, spec.code_text, subject, part_of, spec.effective, spec.final,
                {"valueQuantity": {"value": spec.value, "unit": spec.unit, "system": UCUM,
                                   "code": spec.unit}}, spec.note)))
    return out


def _provenance(url: str, target: str, sig: Signature, who: str, activity: str
                ) -> dict[str, Any]:
    fmt, data = fhir_signature(sig)
    signature: dict[str, Any] = {
        "type": [{"display": sig.meaning}], "when": _instant(sig.signed_at),
        "who": _ref(who, sig.signer.display), "data": base64.b64encode(data).decode("ascii")}
    if fmt:
        signature["sigFormat"] = fmt
    return {"resourceType": "Provenance", "id": url.removeprefix("urn:uuid:"),
            "target": [_ref(target)], "recorded": _instant(sig.signed_at),
            "activity": {"text": activity},
            "agent": [{"type": {"text": "Signer"}, "who": _ref(who, sig.signer.display)}],
            "signature": [signature]}


def _provenances(r: ProcedureRecord, proc_url: str, staff: dict[str, str]
                 ) -> list[tuple[str, dict[str, Any]]]:
    out = []
    if r.signature is not None:
        who = staff.get(r.signature.signer.username) or _urn("practitioner",
                                                             r.signature.signer.username)
        url = _urn("provenance", r.id, "signature")
        out.append((url, _provenance(url, proc_url, r.signature, who, "Signature")))
    for n, a in enumerate(r.addenda, 1):
        if a.signature is None:
            continue
        who = staff.get(a.author.username) or _urn("practitioner", a.author.username)
        url = _urn("provenance", r.id, "addendum", a.id or n)
        prov = _provenance(url, proc_url, a.signature, who, f"Addendum {n}: {a.reason}")
        out.append((url, prov))
    return out


def _document(r: ProcedureRecord, ctx: FhirContext, subject: dict[str, str], proc_url: str,
              staff: dict[str, str], signed: bool) -> tuple[str, dict[str, Any]]:
    url = _urn("documentreference", r.id, len(r.addenda))
    pdf = ctx.note_pdf(r)
    doc: dict[str, Any] = {
        "resourceType": "DocumentReference", "id": url.removeprefix("urn:uuid:"),
        "status": "current", "docStatus": "final" if signed else "preliminary",
        "type": {"text": "Procedure note"}, "subject": subject,
        "description": r.title + ("" if signed else " (not signed)"),
        "content": [{"attachment": {"contentType": "application/pdf", "language": "en",
                                    "data": base64.b64encode(pdf).decode("ascii"),
                                    "title": f"Procedure note, record {r.id}",
                                    "size": len(pdf),
                                    "creation": _instant(r.signature.signed_at if r.signature
                                                         else r.performed_at)}}],
        "context": {"related": [_ref(proc_url)],
                    "period": {"start": _instant(r.performed_at)}},
    }
    if r.signature is not None:
        doc["date"] = _instant(r.signature.signed_at)
    authors = [staff[p.username] for p in (r.physician,) if p is not None]
    if authors:
        doc["author"] = [_ref(a) for a in authors]
    if r.signature is not None and r.signature.signer.username in staff:
        doc["authenticator"] = _ref(staff[r.signature.signer.username])
    return url, doc


def bundle(records: Sequence[ProcedureRecord], ctx: FhirContext,
           generated_at: datetime) -> dict[str, Any]:
    """One Bundle of type "collection" with every resource of these records."""
    seen: set[str] = set()
    entries = []
    for r in records:
        for url, res in record_resources(r, ctx, seen):
            entries.append({"fullUrl": url, "resource": res})
    return {"resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "collection",
            "timestamp": _instant(generated_at), "entry": entries}
