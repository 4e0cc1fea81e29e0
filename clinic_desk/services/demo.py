"""A believable demo clinic: staff of every role, patients named in many scripts, and a week
of procedures of all three kinds in every status. Fake people only."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from ..domain.clinic import ClinicInfo
from ..domain.errors import ValidationError
from ..domain.joints import JointSide, Side, joint
from ..domain.medications import MedicationLine
from ..domain.note import MotorTest, NoteDefaults, ProcedureNote, RfaParameters, default_note
from ..domain.procedures import Complication, ComplicationKind, Guidance, ProcedureKind, Sedation
from ..domain.record import Anticoagulant, Language, Patient, ProcedureRecord, Role, Sex, Vitals
from ..domain.texts import LocalizedText
from . import Services
from .context import Actor

STAFF = (
    ("admin", "Avery Morgan", Role.ADMIN, ""),
    ("drlee", "Hana Lee", Role.PHYSICIAN, "MD"),
    ("drokafor", "Chidi Okafor", Role.PHYSICIAN, "DO"),
    ("nkim", "Min-jun Kim", Role.NURSE, "RN"),
    ("nrossi", "Giulia Rossi", Role.NURSE, "RN"),
    ("desk", "Sam Taylor", Role.DESK, ""),
)

# (family, given, sex, language)
NAMES = (
    ("O'Brien", "Zoë", Sex.FEMALE, Language.ENGLISH),
    ("Nguyễn", "Thị Hương", Sex.FEMALE, Language.ENGLISH),
    ("García-López", "José", Sex.MALE, Language.SPANISH),
    ("王", "小明", Sex.MALE, Language.ENGLISH),
    ("Παπαδόπουλος", "Δημήτρης", Sex.MALE, Language.ENGLISH),
    ("Иванова", "Анна", Sex.FEMALE, Language.ENGLISH),
    ("Müller", "Jürgen", Sex.MALE, Language.ENGLISH),
    ("D'Angelo", "Chiara", Sex.FEMALE, Language.ENGLISH),
    ("Hernández", "María José", Sex.FEMALE, Language.SPANISH),
    ("Smith-Jones", "Robert", Sex.MALE, Language.ENGLISH),
    ("Øvergård", "Ingrid", Sex.FEMALE, Language.ENGLISH),
    ("Kowalczyk", "Łukasz", Sex.MALE, Language.ENGLISH),
    ("Ramírez", "Guadalupe", Sex.FEMALE, Language.SPANISH),
    ("Yılmaz", "Ayşe", Sex.FEMALE, Language.ENGLISH),
    ("Mbeki", "Thabo", Sex.MALE, Language.ENGLISH),
    ("Lefèvre", "Hélène", Sex.FEMALE, Language.ENGLISH),
    ("佐藤", "花子", Sex.FEMALE, Language.ENGLISH),
    ("Kim", "Ji-woo", Sex.OTHER, Language.ENGLISH),
    ("MacDonald", "Fiona", Sex.FEMALE, Language.ENGLISH),
    ("Núñez", "Iñigo", Sex.MALE, Language.SPANISH),
    ("Schäfer", "Björn", Sex.MALE, Language.ENGLISH),
    ("Al-Farsi", "Layla", Sex.FEMALE, Language.ENGLISH),
    ("Torres", "Ana Lucía", Sex.FEMALE, Language.SPANISH),
    ("Johansson", "Sven-Erik", Sex.MALE, Language.ENGLISH),
    ("Dubois", "Noël", Sex.MALE, Language.ENGLISH),
    ("Fernández", "Rocío", Sex.FEMALE, Language.SPANISH),
    ("Patel", "Priya", Sex.FEMALE, Language.ENGLISH),
    ("Trần", "Văn Minh", Sex.MALE, Language.ENGLISH),
    ("Brown", "Amara", Sex.FEMALE, Language.ENGLISH),
    ("Costa", "João", Sex.MALE, Language.SPANISH),
    ("Novák", "Tomáš", Sex.MALE, Language.ENGLISH),
    ("O'Neil-Ramos", "Carmen", Sex.FEMALE, Language.SPANISH),
    ("Chen", "Wei", Sex.MALE, Language.ENGLISH),
    ("Ahmed", "Fatima", Sex.FEMALE, Language.ENGLISH),
    ("Rossi", "Marco", Sex.MALE, Language.ENGLISH),
    ("Walker", "Dorothy", Sex.FEMALE, Language.ENGLISH),
)
# Restart instructions in both handout languages, as a bilingual nurse would enter them.
ANTICOAGULANTS = (
    Anticoagulant("apixaban", LocalizedText.of({
        "en": "Restart apixaban tomorrow morning at your usual time.",
        "es": "Vuelva a tomar apixabán mañana por la mañana a la hora de siempre."})),
    Anticoagulant("clopidogrel", LocalizedText.of({
        "en": "Restart clopidogrel tonight with dinner.",
        "es": "Vuelva a tomar clopidogrel esta noche con la cena."})),
    Anticoagulant("warfarin", LocalizedText.of({
        "en": "Restart warfarin tonight. Have your INR checked on Monday.",
        "es": "Vuelva a tomar warfarina esta noche. Hágase el análisis de INR el lunes."})),
)


@dataclass(frozen=True)
class DemoResult:
    passwords: dict[str, str]
    patients: int
    records: int


def _vitals(rng: random.Random) -> Vitals:
    sys_ = rng.randint(110, 150)
    return Vitals(sys_, rng.randint(65, min(95, sys_ - 20)), rng.randint(58, 92),
                  rng.randint(95, 100), rng.randint(12, 18))


def _meds(kind: ProcedureKind, block: int | None, rng: random.Random) -> tuple[MedicationLine, ...]:
    # Volumes and drugs from REFERENCE.md 1.3: 0.5 mL per nerve for lumbar blocks.
    if kind is ProcedureKind.MEDIAL_BRANCH_BLOCK:
        if block == 1:
            return (MedicationLine("lidocaine", "2%", 0.5),)
        return (MedicationLine("bupivacaine", "0.5%", 0.5),)
    if kind is ProcedureKind.INTRA_ARTICULAR:
        return (MedicationLine("lidocaine", "1%", 0.5),
                MedicationLine("triamcinolone", "40 mg/mL", 0.5))
    return (MedicationLine("lidocaine", "2%", 1.0),)


def create_demo(services: Services, today: date | None = None, seed: int = 7,
                signed_days: int = 1) -> DemoResult:
    """Fill an empty database; refuses if any patient or user already exists."""
    if services.auth.has_users():
        raise ValidationError("The database already has users; the demo fills only an empty "
                              "database.")
    rng = random.Random(seed)
    today = today or date.today()
    tz = datetime.now().astimezone().tzinfo
    passwords = {u: secrets.token_urlsafe(9) for u, *_ in STAFF}
    actors: dict[str, Actor] = {}
    admin = services.auth.create_user(None, "admin", "Avery Morgan", Role.ADMIN,
                                      passwords["admin"])
    actors["admin"] = admin
    for username, full_name, role, cred in STAFF[1:]:
        actors[username] = services.auth.create_user(admin, username, full_name, role,
                                                     passwords[username], cred)
    services.settings.save_info(admin, ClinicInfo(
        name="Riverside Spine & Pain Clinic",
        address="1200 Riverside Drive, Suite 300\nSpringfield, IL 62701",
        phone="(217) 555-0142", after_hours_phone="(217) 555-0199"))
    nurse = actors["nkim"]
    doctors = [actors["drlee"], actors["drokafor"]]
    nurses = [actors["nkim"], actors["nrossi"]]

    patients: list[Patient] = []
    for n, (family, given, sex, lang) in enumerate(NAMES):
        birth = date(rng.randint(1938, 1990), rng.randint(1, 12), rng.randint(1, 28))
        anticoag = ANTICOAGULANTS[n % 3] if n % 5 == 0 else None
        patients.append(services.patients.save(nurse, Patient(
            mrn=f"A{1001 + n}", family_name=family, given_name=given, date_of_birth=birth,
            sex=sex, preferred_language=lang, weight_kg=float(rng.randint(52, 110)),
            diabetic=n % 4 == 1, anticoagulant=anticoag,
            allergies="Iodinated contrast (hives)" if n == 7 else "",
            escort=rng.choice(["Spouse", "Daughter", "Son", "Friend", "Brother", "Sister"]),
            phone=f"(217) 555-{200 + n:04d}")))

    lumbar = [["L4-L5"], ["L4-L5", "L5-S1"], ["L3-L4", "L4-L5"], ["L5-S1"]]
    cervical = [["C5-C6"], ["C2-C3"], ["C5-C6", "C6-C7"], ["C3-C4", "C4-C5"]]
    thoracic = [["T7-T8"], ["T11-T12", "T12-L1"]]
    count = 0
    signed_cut = today - timedelta(days=signed_days)
    for day_offset in range(-6, 1):
        day = today + timedelta(days=day_offset)
        if day.weekday() >= 5 and day_offset != 0:
            continue
        for slot in range(6):
            p = patients[(count * 7 + 3) % len(patients)]
            plan = count % 6
            block: int | None = None
            if plan in (0, 1):
                kind, block = ProcedureKind.MEDIAL_BRANCH_BLOCK, 1 + plan % 2
            elif plan == 2:
                kind = ProcedureKind.RADIOFREQUENCY_ABLATION
            elif plan == 3:
                kind, block = ProcedureKind.MEDIAL_BRANCH_BLOCK, None
            else:
                kind = ProcedureKind.INTRA_ARTICULAR
            region = rng.choices([lumbar, cervical, thoracic], [6, 3, 1])[0]
            sides = rng.choice([Side.BILATERAL, Side.LEFT, Side.RIGHT])
            joints = tuple(JointSide(joint(lv), sides) for lv in rng.choice(region))
            start = datetime.combine(day, time(8 + slot, rng.choice([0, 15, 30, 45])), tz)
            before = rng.randint(5, 9)
            after = max(0, before - rng.randint(2, before))
            record = ProcedureRecord(
                patient=p, kind=kind, performed_at=start, block_number=block,
                ended_at=start + timedelta(minutes=rng.randint(15, 40)),
                physician=doctors[count % 2].staff, nurse=nurses[count % 2].staff,
                joints=joints,
                guidance=Guidance(fluoro_time_s=float(rng.randint(20, 90)),
                                  dose_mgy=round(rng.uniform(2, 12), 1),
                                  contrast=None if p.allergies else "iohexol"),
                medications=_meds(kind, block, rng),
                sedation=Sedation.MINIMAL if kind is ProcedureKind.RADIOFREQUENCY_ABLATION
                and rng.random() < 0.5 else Sedation.NONE,
                pain_before=before, pain_after=after,
                vitals_before=_vitals(rng), vitals_after=_vitals(rng),
                complications=(Complication(ComplicationKind.VASOVAGAL,
                                            "Brief, resolved lying flat"),)
                if count % 17 == 5 else (),
                notes="Tolerated well." if count % 3 else "",
                follow_up=datetime.combine(day + timedelta(days=14), time(10, 0), tz)
                if count % 2 else None,
                note=_note(kind, start, rng),
            )
            nurse_actor = nurses[count % 2]
            saved = services.records.save(nurse_actor, record)
            # Older days are signed; today shows every status.
            state = "signed" if day <= signed_cut else ("draft", "ready", "signed")[slot % 3]
            if state != "draft":
                saved = services.records.mark_ready(nurse_actor, saved)
            if state == "signed":
                doctor = doctors[count % 2]
                services.signing.sign(doctor, saved.id or 0, passwords[doctor.username],
                                      "Reviewed and approved")
            count += 1
    count += _demo_pathways(services, nurse, doctors[0], passwords, patients, today, tz)
    return DemoResult(passwords, len(patients), count)


def _note(kind: ProcedureKind, start: datetime, rng: random.Random) -> ProcedureNote:
    """The clinic's default note; an RFA gets stimulation and lesion values invented for the
    demo (never defaults, and not clinical guidance: REFERENCE.md 1.2 marks them UNCONFIRMED)."""
    note = default_note(NoteDefaults(), kind, start)
    if kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        note = replace(note, rfa=RfaParameters(
            round(rng.uniform(0.2, 0.5), 1), MotorTest.NO_LIMB_RESPONSE, 80.0,
            float(rng.choice([60, 90]))))
    return note


def _demo_pathways(services: Services, nurse: Actor, doctor: Actor, passwords: dict[str, str],
                   patients: list[Patient], today: date, tz: object) -> int:
    """Issue 13's story: two positive diagnostic blocks (the pathway allows RFA), an RFA whose
    6-month follow-up is due today, a block with recalled relief, and a next-day call that
    was not answered. Returns the number of records added."""
    from ..domain.calls import add_months

    def done(p: Patient, kind: ProcedureKind, block: int | None, day: date, levels: list[str],
             side: Side, before: int) -> ProcedureRecord:
        start = datetime.combine(day, time(9, 0), tz)  # type: ignore[arg-type]
        record = services.records.save(nurse, ProcedureRecord(
            patient=p, kind=kind, performed_at=start, block_number=block,
            ended_at=start + timedelta(minutes=25), physician=doctor.staff, nurse=nurse.staff,
            joints=tuple(JointSide(joint(lv), side) for lv in levels),
            guidance=Guidance(fluoro_time_s=35.0, dose_mgy=4.2, contrast="iohexol"),
            medications=_meds(kind, block, random.Random(day.toordinal())),
            pain_before=before, pain_after=1, vitals_before=Vitals(128, 78, 72, 98, 14),
            vitals_after=Vitals(124, 76, 70, 98, 14),
            note=_note(kind, start, random.Random(day.toordinal()))))
        ready = services.records.mark_ready(nurse, record)
        return services.signing.sign(doctor, ready.id or 0, passwords[doctor.username],
                                     "Reviewed and approved")

    def call(record: ProcedureRecord, **data: object) -> None:
        when = datetime.combine(record.performed_at.date() + timedelta(days=1), time(10, 0),
                                tz)  # type: ignore[arg-type]
        services.calls.record(nurse, record.id or 0, {
            "format": "clinic-desk/call@1", "called_at": when.isoformat(), "problems": [],
            "outcome": "reached", **data})

    def diary(*pains: int) -> list[dict[str, object]]:
        minutes = (15, 30, 60, 120, 180, 240, 300, 360)
        activity = ("bending", "walking", "", "", "standing", "", "", "")
        return [{"after_minutes": m, "pain": p, "activity": a}
                for m, p, a in zip(minutes, pains, activity, strict=False)]

    zoe, second, third = patients[0], patients[1], patients[2]
    both = ["L4-L5", "L5-S1"]
    b1 = done(zoe, ProcedureKind.MEDIAL_BRANCH_BLOCK, 1, today - timedelta(days=35), both,
              Side.LEFT, 8)
    call(b1, diary=diary(1, 1, 1, 2, 2, 4, 6, 8))
    b2 = done(zoe, ProcedureKind.MEDIAL_BRANCH_BLOCK, 2, today - timedelta(days=21), both,
              Side.LEFT, 8)
    call(b2, diary=diary(1, 0, 1, 1, 1, 2, 3, 5))
    done(second, ProcedureKind.RADIOFREQUENCY_ABLATION, None, add_months(today, -6),
         ["L5-S1"], Side.RIGHT, 7)
    b3 = done(third, ProcedureKind.MEDIAL_BRANCH_BLOCK, 1, today - timedelta(days=14),
              ["C5-C6"], Side.RIGHT, 7)
    call(b3, recalled={"best_relief_percent": 60, "hours": 3})
    # One of today's next-day calls was tried once without an answer.
    due = [r for r in services.calls.due(nurse, today) if r.months is None]
    tried = datetime.now().astimezone() - timedelta(minutes=30)
    if due and due[0].performed_at < tried:
        services.calls.record(nurse, due[0].record_id, {
            "format": "clinic-desk/call@1", "called_at": tried.isoformat(),
            "outcome": "no_answer"})
    return 4


__all__ = ["DemoResult", "create_demo"]
