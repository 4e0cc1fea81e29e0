"""Chooses and fills the handout text for one record: facts, sentences, dates, medicines.

Everything here is plain data (no reportlab), so tests can read exactly what a patient reads.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from ..domain.clinic import ClinicInfo
from ..domain.corrections import (
    ANTICOAGULANT,
    CORRECTABLE,
    FOLLOW_UP,
    RESUME,
    as_corrected,
    changes,
    require_texts,
)
from ..domain.diary import DIARY_OFFSETS  # one definition with the diary entry form
from ..domain.joints import JointSide, Side
from ..domain.medications import DrugClass, find_drug
from ..domain.procedures import ProcedureKind, is_diagnostic
from ..domain.record import Language, ProcedureRecord, StaffRef
from ..domain.record_format import content_hash
from ..domain.signoff import handout_version as signed_handout_version
from .options import HandoutOptions
from .resources import HandoutContentError, LanguagePack, load_language

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: easy to read aloud


def verification_code(record: ProcedureRecord, version: int, digest: str | None = None) -> str:
    """"7K2M-QX9D": names this exact content, record id and handout version (8 characters).

    `digest` is `content_hash(record)` when the caller has it already."""
    digest = digest or content_hash(record)
    seed = f"clinic-desk-handout|{digest}|{record.id}|{version}".encode()
    number = int.from_bytes(hashlib.sha256(seed).digest()[:5], "big")  # 40 bits
    chars = "".join(_CROCKFORD[(number >> (5 * i)) & 31] for i in reversed(range(8)))
    return f"{chars[:4]}-{chars[4:]}"


def qr_payload(record: ProcedureRecord, version: int, digest: str | None = None) -> str:
    """What the QR code holds: "CD1:R42:V1:7K2MQX9D:3F2A9C1B04DE" - record id, version, the
    code and the start of the content hash; no patient data. Upper case only, so the QR uses
    its compact alphanumeric mode and stays small (version 2) for ids up to 5 digits."""
    digest = digest or content_hash(record)
    rid = "-" if record.id is None else str(record.id)
    code = verification_code(record, version, digest).replace("-", "")
    return f"CD1:R{rid}:V{version}:{code}:{digest[:12].upper()}"


def handout_version_of(record: ProcedureRecord) -> int:
    """The version a handout of this record carries by default: 1, plus one per addendum
    that changes the instructions (domain.signoff). A draft is version 1 too: the record's
    edit counter (how often a nurse saved it) means nothing to a patient (issue 12, 15)."""
    return signed_handout_version(record)


def default_filename(record: ProcedureRecord, version: int | None = None) -> str:
    """"handout-42-v1.pdf": never the patient's name, which would leak into folders and mail."""
    rid = "new" if record.id is None else str(record.id)
    return f"handout-{rid}-v{handout_version_of(record) if version is None else version}.pdf"


@dataclass(frozen=True, slots=True)
class Para:
    text: str
    bullet: bool = False
    verbatim: bool = False  # the clinician's own words from the record, printed as typed


@dataclass(frozen=True, slots=True)
class ComposedSection:
    key: str
    title: str
    layout: str
    style: str
    paras: tuple[Para, ...]
    place: str = "below"


@dataclass(frozen=True, slots=True)
class DiaryRow:
    after: str  # "15 minutes"
    clock: str  # "10:10 AM"


@dataclass(frozen=True, slots=True)
class AddendumText:
    """An addendum as the patient reads it: who added it and when, in words and local time,
    and what it means for them. The clinician's own note and reason are not printed: they
    carry no language (a Spanish handout could show English words) and the changes a patient
    must act on print in place, per language, as structured corrections (issue 12, 1-2)."""

    sentence: str  # "Dr. Hana Lee added a note to your record and signed it on ..."
    follow: str  # "Ask us if you have questions." or where the changed instructions are
    changes_instructions: bool = False


@dataclass(frozen=True, slots=True)
class Composed:
    """The whole handout as text, in reading order; the renderer only lays it out."""

    language: str
    pack: LanguagePack
    facts: frozenset[str]
    version: int
    code: str
    qr: str
    title: str
    subject: str
    clinic_name: str
    clinic_address: str
    clinic_phone: str
    patient_name: str
    mrn: str
    header_rows: tuple[tuple[str, str], ...]  # (label, value): date of birth, MRN, ...
    sections: tuple[ComposedSection, ...]
    diary: tuple[DiaryRow, ...]
    medicines: tuple[str, ...]
    joints: tuple[JointSide, ...]
    signature: str  # "" when unsigned
    addenda: tuple[AddendumText, ...]
    draft: bool
    draft_mark: str  # in the handout's language and, if that is not English, in English too
    large_print: bool

    def phrase(self, key: str, **values: object) -> str:
        return self.pack.phrase(key, **values)

    def body_text(self, include_verbatim: bool = False) -> str:
        """The prose the patient reads (sections and bullets), for readability checks."""
        out: list[str] = []
        for s in self.sections:
            out.append(s.title + ".")
            out.extend(p.text for p in s.paras if include_verbatim or not p.verbatim)
        return "\n".join(out)


def language_code(record: ProcedureRecord, options: HandoutOptions) -> str:
    lang = options.language if options.language is not None else record.patient.preferred_language
    return lang.value if isinstance(lang, Language) else str(lang).strip().lower()


def record_facts(record: ProcedureRecord, clinic: ClinicInfo,
                 options: HandoutOptions) -> frozenset[str]:
    """The facts a `when:` line can test (resources.FLAGS and VALUED)."""
    p = record.patient
    facts = {"always", f"kind={record.kind.value}"}
    if is_diagnostic(record.kind, record.block_number):
        facts.add("diagnostic")
        facts.add(f"block={record.block_number}")
    facts.update(f"region={r.value}" for r in record.regions)
    facts.update(f"side={js.side.value}" for js in record.joints)
    if len(record.joints) > 1:
        facts.add("several_levels")
    if record.sedation_given:
        facts.add("sedation")
    if record.steroid_given:
        facts.add("steroid")
    if p.diabetic:
        facts.add("diabetic")
    if p.anticoagulant is not None and p.anticoagulant.name.strip():
        facts.add("anticoagulant")
        if p.anticoagulant.resume_instructions:
            facts.add("resume_instructions")
    if record.follow_up is not None:
        facts.add("follow_up")
    if record.guidance.contrast:
        facts.add("contrast")
    facts.add("signed" if record.signature is not None else "draft")
    if options.large_print:
        facts.add("large_print")
    if clinic.phone.strip():
        facts.add("clinic_phone")
    if clinic.after_hours_phone.strip():
        facts.add("after_hours_phone")
    if clinic.glucose_call_above is not None:
        facts.add("glucose_limit")
    names = {js.joint.name for js in record.joints}
    # REFERENCE.md 1.1: the C2-C3 joint's nerve is the third occipital nerve (TON); blocking
    # it numbs a small area behind the ear on that side. 1.2: unsteadiness (ataxia) after upper
    # cervical blocks, "esp. C2/3"; phrenic nerve block at C3/4, C4/5 and C5/6.
    if "C2-C3" in names and record.kind is not ProcedureKind.INTRA_ARTICULAR:
        facts.add("ton")
    if names & UPPER_CERVICAL:
        facts.add("upper_cervical")
    if names & PHRENIC_LEVELS:
        facts.add("phrenic")
    return frozenset(facts)


UPPER_CERVICAL = frozenset({"C2-C3", "C3-C4"})
PHRENIC_LEVELS = frozenset({"C3-C4", "C4-C5", "C5-C6"})


def ton_ear(pack: LanguagePack, record: ProcedureRecord) -> str:
    """"behind your left ear": the side of the C2-C3 joint treated ("" when there is none)."""
    for js in record.joints:
        if js.joint.name == "C2-C3":
            return pack.phrase(f"ton.ear.{js.side.value}")
    return ""


# --- dates and times in the handout's language ----------------------------------------------

def format_date(pack: LanguagePack, d: date, long: bool = True) -> str:
    weekdays = [w.strip() for w in pack.phrase("date.weekdays").split(",")]
    months = [m.strip() for m in pack.phrase("date.months").split(",")]
    if len(weekdays) != 7 or len(months) != 12:
        raise HandoutContentError(f"resources/handouts/{pack.code}/phrases.txt: date.weekdays "
                                  "needs 7 names and date.months 12, separated by commas.")
    return pack.phrase("date.long" if long else "date.short", weekday=weekdays[d.weekday()],
                       month=months[d.month - 1], day=d.day, year=d.year)


def format_time(pack: LanguagePack, t: datetime) -> str:
    hour12 = t.hour % 12 or 12
    ampm = pack.phrase("time.am" if t.hour < 12 else "time.pm")
    return pack.phrase("time.format", hour=t.hour, hour12=hour12, minute=t.minute, ampm=ampm)


def format_datetime(pack: LanguagePack, t: datetime) -> str:
    return pack.phrase("datetime.long", date=format_date(pack, t.date()),
                       time=format_time(pack, t))


# --- "What you had today" -------------------------------------------------------------------

def join_list(pack: LanguagePack, items: list[str]) -> str:
    """"A", "A and B", "A, B and C" (the word for "and" comes from the language)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {pack.phrase('list.and')} " + items[-1]


def procedure_sentence(pack: LanguagePack, record: ProcedureRecord) -> str:
    """"You had a medial branch block on both sides of your lower back, at L4-L5 and on the
    left at L5-S1." Levels are grouped by side, top to bottom; the region is in plain words."""
    kind = pack.phrase(f"had.kind.{record.kind.value}")
    joints = sorted(record.joints)
    if not joints:
        return pack.phrase("had.sentence", kind=kind, where="").replace(" .", ".").strip()
    groups: dict[Side, list[str]] = {}
    for js in joints:
        groups.setdefault(js.side, []).append(js.joint.name)
    regions = record.regions
    parts: list[str] = []
    for n, (side, levels) in enumerate(groups.items()):
        level_text = join_list(pack, levels)
        if n == 0 and len(regions) == 1:
            region_of = pack.phrase(f"had.region_of.{regions[0].value}")
            side_text = pack.phrase(f"had.side_of.{side.value}", region_of=region_of)
            parts.append(pack.phrase("had.first_group", side=side_text, levels=level_text))
        else:
            parts.append(pack.phrase("had.next_group", side=pack.phrase(f"had.side.{side.value}"),
                                     levels=level_text))
    if len(parts) > 1 and any(len(v) > 1 for v in groups.values()):
        # "at L3-L4 and L4-L5, and on the left at L5-S1": a comma keeps the groups apart.
        where = ", ".join(parts[:-1]) + f", {pack.phrase('list.and')} " + parts[-1]
    else:
        where = join_list(pack, parts)
    if len(regions) > 1:
        names = [pack.phrase(f"had.region.{r.value}") for r in regions]
        where = pack.phrase("had.regions", regions=join_list(pack, names), groups=where)
    return pack.phrase("had.sentence", kind=kind, where=where)


# --- medicines ------------------------------------------------------------------------------

_CLASS_KEYS = {
    DrugClass.LOCAL_ANAESTHETIC: "medicine.local_anaesthetic",
    DrugClass.STEROID: "medicine.steroid",
    DrugClass.CONTRAST: "medicine.contrast",
}


def medicine_names(pack: LanguagePack, record: ProcedureRecord) -> tuple[str, ...]:
    """"numbing medicine (bupivacaine)", "X-ray dye (iohexol)": plain words, then the drug."""
    names: list[str] = [line.name for line in record.medications if line.volume_ml > 0]
    if record.guidance.contrast:
        names.append(record.guidance.contrast)
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        drug = find_drug(raw)
        name = drug.name if drug else raw.strip()
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        key = _CLASS_KEYS.get(drug.drug_class) if drug else None
        shown = pack.phrases.get(f"drug.{name.lower()}", name)  # "lidocaína" in Spanish
        out.append(pack.phrase(key or "medicine.other", name=shown))
    if record.sedation_given:
        out.append(pack.phrase("medicine.sedation"))
    return tuple(out)


# --- signature ------------------------------------------------------------------------------

DOCTOR_CREDENTIALS = frozenset({"MD", "DO", "MBBS", "MBCHB"})


def signer_name(pack: LanguagePack, signer: StaffRef) -> str:
    """"Dr. Hana Lee" for a physician (MD, DO...), else "Sam Cole, NP": as a patient says it."""
    name = signer.full_name or signer.username
    cred = signer.credentials.replace(".", "").replace(" ", "").upper()
    if cred in DOCTOR_CREDENTIALS:
        return pack.phrase("signature.doctor", name=name)
    return signer.display


def signature_text(pack: LanguagePack, record: ProcedureRecord,
                   zone: tzinfo | None = None) -> str:
    """The 21 CFR 11.50 manifestation in the patient's words: printed name, date and local
    time, and the meaning ("Dr. Hana Lee checked and signed this sheet on Tuesday, December 2,
    2026, at 12:15 PM."). `zone` None = this computer's time zone."""
    sig = record.signature
    if sig is None:
        return ""
    local = sig.signed_at.astimezone(zone)
    key = "signature.meaning." + "_".join(sig.meaning.lower().split())
    did = pack.phrases.get(key + ".did", pack.phrase("signature.did"))
    return _DOUBLE_STOP.sub(".", pack.phrase(
        "signature.sentence", signer=signer_name(pack, sig.signer), did=did,
        date=format_date(pack, local.date()), time=format_time(pack, local)))


def addenda_text(pack: LanguagePack, record: ProcedureRecord, code: str,
                 zone: tzinfo | None = None) -> tuple[AddendumText, ...]:
    """Each addendum in the patient's words (REFERENCE.md 7.2: the change is identified,
    with who made it and when): the signer, date and local time as in signature_text, then
    what to do. Never the superseded text, never words in a language the patient may not read:
    the corrected instructions print in place (change_marks); an addendum that changes the
    instructions without a structured correction sends the patient to the staff. An
    addendum whose corrections do not show in this language (another language's text, or
    replaced by a later addendum) points to no mark that is not on the sheet."""
    out = []
    shown = {id(ch.addendum): ch.on for ch in changes(record, code).values()}
    months = [m.strip() for m in pack.phrase("date.months").split(",")]
    for a in record.addenda:
        if a.signature is not None:
            who, when = signer_name(pack, a.signature.signer), a.signature.signed_at
            key = "addendum.signed"
        else:
            who, when, key = signer_name(pack, a.author), a.created_at, "addendum.unsigned"
        local = when.astimezone(zone)
        sentence = _DOUBLE_STOP.sub(".", pack.phrase(
            key, signer=who, date=format_date(pack, local.date()), time=format_time(pack, local)))
        if id(a) in shown:
            d = shown[id(a)]  # the date change_marks prints beside each text it corrected
            mark = pack.phrase("changed.on", month=months[d.month - 1], day=d.day, year=d.year)
            follow = pack.phrase("addendum.corrected", mark=mark.rstrip("."))
        elif a.changes_instructions and not a.corrections:
            follow = pack.phrase("addendum.ask_new")
        else:
            follow = pack.phrase("addendum.questions")
        out.append(AddendumText(sentence, follow, a.changes_instructions))
    return tuple(out)


# --- putting it together --------------------------------------------------------------------

def compose(record: ProcedureRecord, clinic: ClinicInfo,
            options: HandoutOptions | None = None) -> Composed:
    """Every word of the handout for this record, in the chosen language."""
    options = options or HandoutOptions()
    code = language_code(record, options)
    pack = load_language(code)
    signed_record, record = record, printed_record(record, code)
    facts = record_facts(record, clinic, options)
    p = record.patient
    phone = clinic.phone.strip() or pack.phrase("phone.missing")
    values: dict[str, str] = {
        "clinic_name": clinic.name,
        "clinic_phone": phone,
        "after_hours_phone": clinic.after_hours_phone.strip(),
        "physician": record.physician.display if record.physician else "",
        "anticoagulant": printed_text(record, ANTICOAGULANT, code),
        "resume_instructions": printed_text(record, RESUME, code),
        "follow_up_date": format_date(pack, record.follow_up.date()) if record.follow_up else "",
        "follow_up_time": format_time(pack, record.follow_up) if record.follow_up else "",
        "procedure_date": format_date(pack, record.performed_at.date()),
        "procedure_time": format_time(pack, record.performed_at),
        "diary_start_time": format_time(pack, record.diary_start),
        "what_you_had": procedure_sentence(pack, record),
        "ton_ear": ton_ear(pack, record),
        "glucose_call_above": ("" if clinic.glucose_call_above is None
                               else str(clinic.glucose_call_above)),
    }
    marks = change_marks(pack, signed_record, code)
    sections: list[ComposedSection] = []
    for section in pack.sections:
        if not section.when(facts):
            continue
        paras = with_change_mark(section.title, tuple(
            (item.text, Para(_fill(item.text, values), item.bullet,
                             verbatim=item.text.strip() == "{resume_instructions}"))
            for item in section.items if item.when(facts)
        ), marks)
        sections.append(ComposedSection(section.key, section.title.format_map(values),
                                        section.layout, section.style, paras, section.place))
    diary: tuple[DiaryRow, ...] = ()
    if any(s.layout == "diary" for s in sections):
        diary = tuple(DiaryRow(_after(pack, off), format_time(pack, record.diary_start + off))
                      for off in DIARY_OFFSETS)
    header_rows: list[tuple[str, str]] = [
        (pack.phrase("header.dob"), format_date(pack, p.date_of_birth, long=False)),
        (pack.phrase("header.mrn"), p.mrn),
        (pack.phrase("header.procedure"), format_datetime(pack, record.performed_at)),
    ]
    if record.physician is not None:
        header_rows.append((pack.phrase("header.physician"), record.physician.display))
    draft = record.signature is None
    mark = pack.phrase("draft.mark")
    if draft and code != "en":
        english = load_language("en").phrase("draft.mark")
        if english != mark:
            mark = f"{mark} ({english})"  # staff who do not read the language still see it
    version = options.version
    record = signed_record  # the code and QR name the signed content, not the corrected view
    digest = content_hash(record)
    return Composed(
        language=code, pack=pack, facts=facts, version=version,
        code=verification_code(record, version, digest), qr=qr_payload(record, version, digest),
        title=pack.phrase("document.title"), subject=pack.phrase("document.subject"),
        clinic_name=clinic.name, clinic_address=clinic.address.strip(),
        clinic_phone=clinic.phone.strip(), patient_name=p.full_name, mrn=p.mrn,
        header_rows=tuple(header_rows), sections=tuple(sections), diary=diary,
        medicines=medicine_names(pack, record), joints=tuple(sorted(record.joints)),
        signature=signature_text(pack, record, options.timezone),
        addenda=addenda_text(pack, record, code, options.timezone),
        draft=draft, draft_mark=mark, large_print=options.large_print,
    )


# --- printed clinician texts: languages and addenda's corrections (issue 12) ---------------

def printed_record(record: ProcedureRecord, code: str) -> ProcedureRecord:
    """The record as a handout in language `code` prints it: refused (MissingTextError) when
    a clinician text has no `code` version, then with every addendum's corrections applied
    (domain.corrections). Never saved; the verification code still names the signed one."""
    require_texts(record, code)
    return as_corrected(record)


def printed_text(record: ProcedureRecord, path: str, code: str) -> str:
    """A clinician text of a printed record (printed_record) in the handout's language:
    exactly as typed (or as an addendum corrected it), never another language's text."""
    ac = record.patient.anticoagulant
    if path == RESUME:
        return ac.resume_instructions.get(code) if ac else ""
    if path == ANTICOAGULANT:
        return ac.name.strip() if ac else ""
    raise KeyError(path)


# Which placeholders print which correctable field.
_PLACEHOLDERS_OF: dict[str, tuple[str, ...]] = {
    RESUME: ("{resume_instructions}",),
    ANTICOAGULANT: ("{anticoagulant}",),
    FOLLOW_UP: ("{follow_up_date}", "{follow_up_time}"),
}
assert set(_PLACEHOLDERS_OF) == set(CORRECTABLE)


def change_marks(pack: LanguagePack, record: ProcedureRecord, code: str) -> dict[str, str]:
    """{placeholder: "Changed on December 3, 2026."} for each printed text an addendum
    corrected (REFERENCE.md 7.2: the change is clearly identified, with its date)."""
    out: dict[str, str] = {}
    months = [m.strip() for m in pack.phrase("date.months").split(",")]
    for path, change in changes(record, code).items():
        d = change.on
        mark = pack.phrase("changed.on", month=months[d.month - 1], day=d.day, year=d.year)
        out.update(dict.fromkeys(_PLACEHOLDERS_OF[path], mark))
    return out


def with_change_mark(title: str, items: tuple[tuple[str, Para], ...],
                     marks: dict[str, str]) -> tuple[Para, ...]:
    """A section's paragraphs with the change mark after the first one that prints a
    corrected text (first in the section when only its title does); one mark per section."""
    paras = [para for _, para in items]
    if not marks:
        return tuple(paras)

    def mark_of(template: str) -> str:
        return next((m for ph, m in marks.items() if ph in template), "")

    for n, (template, _) in enumerate(items):
        mark = mark_of(template)
        if mark:
            return (*paras[:n + 1], Para(mark), *paras[n + 1:])
    mark = mark_of(title)
    return (Para(mark), *paras) if mark else tuple(paras)


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def _fill(template: str, values: dict[str, str]) -> str:
    """Fill the placeholders; "10:00 a. m.." (a value ending in a full stop, then the
    template's own) becomes "10:00 a. m."."""
    if template.strip() == "{resume_instructions}":
        return values["resume_instructions"]  # the clinician's words, exactly
    return _DOUBLE_STOP.sub(".", template.format_map(values))


def _after(pack: LanguagePack, off: timedelta) -> str:
    minutes = int(off.total_seconds() // 60)
    if minutes < 60:
        return pack.phrase("diary.minutes", n=minutes)
    hours = minutes // 60
    return pack.phrase("diary.hour") if hours == 1 else pack.phrase("diary.hours", n=hours)
