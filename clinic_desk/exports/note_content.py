"""The chart copy of a procedure note as plain sections of text, for the PDF, HL7 and FHIR.

One composition for every export, so the note a chart receives by PDF, by HL7 v2 or inside a
FHIR DocumentReference says the same thing. Clinician-facing (not the patient handout):
identifiers, procedure, indication with the LCD statements, consent and time-out, levels and
sides with the targeted nerves, guidance, medications per target with totals, findings,
complications, CPT and ICD-10, the signature manifestation and every addendum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.note import ProcedureNote
from ..domain.procedures import ProcedureKind
from ..domain.record import ProcedureRecord
from ..domain.signoff import addendum_lines, format_signed_at, manifestation
from ..domain.summary import RecordSummary, summarize

NOT_SIGNED = "Not signed"


@dataclass(frozen=True, slots=True)
class NoteSection:
    title: str
    rows: tuple[tuple[str, str], ...] = ()  # (label, value) pairs
    paras: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChartNote:
    title: str
    identifiers: tuple[tuple[str, str], ...]  # printed on every page
    identifier_line: str  # the same, on one line (running header)
    signed: bool
    sections: tuple[NoteSection, ...]
    signature: str  # manifestation, or NOT_SIGNED
    addenda: tuple[tuple[str, str, str, str], ...]  # heading, reason, text, signature


def _when(t: datetime | None) -> str:
    return format_signed_at(t) if t is not None else "not recorded"


def _yes(value: bool | None) -> str:
    return "not answered" if value is None else ("yes" if value else "no")


def _num(value: float | int | None, unit: str) -> str:
    return "not recorded" if value is None else f"{value:g} {unit}"


def _note_sections(n: ProcedureNote | None, kind: ProcedureKind) -> list[NoteSection]:
    if n is None:
        return [NoteSection("Procedure note", paras=(
            "The indication, consent, time-out, technique and disposition were not recorded "
            "in this record (entered before Clinic Desk kept them).",))]
    ind = NoteSection("Indication", rows=(("Indication", n.indication.text or "not recorded"),
                                          *((text, _yes(v)) for _, text, v
                                            in n.indication.statements())))
    ident = ", ".join(n.time_out.identifiers) or "not recorded"
    consent = NoteSection("Consent and time-out", rows=(
        ("Consent", n.consent.form.label if n.consent.form else "not recorded"),
        ("Risks, benefits and alternatives discussed", _yes(n.consent.risks_discussed)),
        ("Time-out", f"{_when(n.time_out.at)}; identifiers: {ident}; site confirmed: "
                     f"{_yes(n.time_out.site_confirmed)}"),
    ))
    technique = [("Position", n.position or "not recorded"),
                 ("Skin preparation", n.skin_prep or "not recorded"),
                 ("Needle", n.needle.text or "not recorded")]
    if kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        r = n.rfa
        technique += [
            ("Sensory stimulation threshold", _num(r.sensory_threshold_v, "V")),
            ("Motor stimulation", r.motor_test.label if r.motor_test else "not recorded"),
            ("Lesion temperature", _num(r.lesion_temperature_c, "°C")),
            ("Time per lesion", _num(r.lesion_time_s, "s")),
        ]
    return [ind, consent, NoteSection("Technique", rows=tuple(technique))]


def _disposition(n: ProcedureNote | None, record: ProcedureRecord) -> NoteSection | None:
    if n is None:
        return None
    d = n.disposition
    rows = [("Condition at discharge", d.condition.label if d.condition else "not recorded"),
            ("Escort", (record.patient.escort or "yes") if d.escorted else "none recorded"),
            ("Discharged at", _when(d.discharged_at))]
    return NoteSection("Disposition", rows=tuple(rows))


def compose_note(record: ProcedureRecord, summary: RecordSummary | None = None) -> ChartNote:
    s = summary or summarize(record)
    p = record.patient
    identifiers = (("Patient", p.display_name), ("MRN", p.mrn),
                   ("Date of birth", p.date_of_birth.isoformat()),
                   ("Date of service", record.performed_at.date().isoformat()),
                   ("Record", str(record.id) if record.id is not None else "not saved"))
    line = "  ·  ".join(f"{k}: {v}" for k, v in identifiers)
    staff = (("Physician", record.physician.display if record.physician else "not recorded"),
             ("Nurse", record.nurse.display if record.nurse else "not recorded"),
             ("Start", _when(record.performed_at)), ("End", _when(record.ended_at)),
             ("Sedation", record.sedation.label))
    g = record.guidance
    guidance = [("Guidance", g.modality.label)]
    if g.fluoro_time_s is not None:
        guidance.append(("Fluoroscopy time", f"{g.fluoro_time_s:g} s"))
    if g.dose_mgy is not None:
        guidance.append(("Dose (air kerma)", f"{g.dose_mgy:g} mGy"))
    if g.dap_mgy_cm2 is not None:
        guidance.append(("Dose-area product", f"{g.dap_mgy_cm2:g} mGy·cm²"))
    guidance.append(("Contrast", g.contrast or "none"))
    targets = NoteSection("Levels, sides and targets", rows=(
        ("Levels", record.levels_text or "none recorded"),
        ("Targets", "; ".join(str(t) for t in s.targets) or "none"),
        ("Needle sites", str(s.sites)),
    ))
    meds = [(f"{m.name} {m.strength}",
             f"{m.volume_ml:g} mL {'per target' if m.per_target else 'in total'}")
            for m in record.medications]
    meds += [(f"Total {t.name}", f"{t.total_ml:g} mL"
              + (f", {t.total_mg:g} mg" if t.total_mg is not None else ""))
             for t in s.medication_totals]
    findings = [("Pain before (0-10)", _num(record.pain_before, "").strip()),
                ("Pain after (0-10)", _num(record.pain_after, "").strip())]
    if record.percent_relief is not None:
        findings.append(("Relief", f"{record.percent_relief:g}%"))
    for when, v in (("before", record.vitals_before), ("after", record.vitals_after)):
        if not v.empty:
            findings.append((f"Vital signs {when}",
                             f"BP {v.systolic or '-'}/{v.diastolic or '-'} mmHg, HR "
                             f"{v.heart_rate or '-'}/min, SpO2 {v.spo2 or '-'}%, RR "
                             f"{v.resp_rate or '-'}/min"))
    complications = NoteSection("Complications", paras=tuple(
        str(c) for c in record.complications) or ("None.",))
    codes = NoteSection("Codes", rows=(
        ("CPT", ", ".join(f"{c.code}-{c.modifier}" if c.modifier else c.code for c in s.cpt)
         or "none"),
        ("ICD-10-CM", "; ".join(f"{i.code} {i.description}" for i in s.icd10) or "none"),
    ))
    sections = [NoteSection("Procedure", rows=staff), *_note_sections(record.note, record.kind),
                targets, NoteSection("Guidance", rows=tuple(guidance)),
                NoteSection("Medications", rows=tuple(meds) or (("Medications", "none"),)),
                NoteSection("Findings", rows=tuple(findings)), complications]
    if record.notes.strip():
        sections.append(NoteSection("Notes", paras=(record.notes.strip(),)))
    follow = [("Follow-up", _when(record.follow_up))] if record.follow_up else []
    disposition = _disposition(record.note, record)
    if disposition is not None:
        sections.append(NoteSection(disposition.title, rows=disposition.rows + tuple(follow)))
    elif follow:
        sections.append(NoteSection("Follow-up", rows=tuple(follow)))
    sections.append(codes)
    addenda = []
    for n, a in enumerate(record.addenda, 1):
        lines = addendum_lines(n, a)
        addenda.append((lines.heading, lines.reason, lines.text, lines.signature))
    return ChartNote(
        title=f"Procedure note: {record.title}",
        identifiers=identifiers, identifier_line=line, signed=record.signature is not None,
        sections=tuple(sections),
        signature=manifestation(record.signature) if record.signature else NOT_SIGNED,
        addenda=tuple(addenda),
    )


def note_text(note: ChartNote) -> str:
    """The note as plain text (HL7 and FHIR narrative carry the same words as the PDF)."""
    out = [note.title, note.identifier_line, ""]
    if not note.signed:
        out += [f"*** {NOT_SIGNED.upper()} ***", ""]
    for sec in note.sections:
        out.append(sec.title.upper())
        out += [f"{k}: {v}" for k, v in sec.rows]
        out += list(sec.paras)
        out.append("")
    out += ["SIGNATURE", note.signature, ""]
    for heading, reason, text, signature in note.addenda:
        out += [heading, reason, text, signature, ""]
    return "\n".join(out).rstrip() + "\n"
