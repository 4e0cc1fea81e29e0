"""The synthetic clinic-group data set for `make bench`: 200,000 patients, 1,000,000 records.

Who it pretends to be: a group of pain clinics (six sites, 36 physicians, 48 nurses) that
has used Clinic Desk for five years. 1,000,000 procedures over five years of working days
is ~790 a working day for the group, ~22 per physician: a full but believable day of 10-20
minute fluoroscopy-guided facet procedures. (One clinic could not do 550 a day; a group
can.) Volume grows ~20 % over the five years and Mondays and Tuesdays are busier than
Fridays, so "today", a Tuesday, has ~950. Each patient follows a clinical path
(diagnostic block 1 -> block 2 -> radiofrequency ablation, repeated 6-13 months later, or
intra-articular injections), at the same levels, mostly with the same physician.

Statuses: the last day ("today", BENCH_DAY) shows every status (signed in the morning,
ready and draft in the afternoon); the nine working days before are mostly signed with a few
still waiting; older records are signed, except a handful left ready or draft. Every signed
record has its signature row, with the canonical JSON it covers and its SHA-256, built the
way domain.record_format.canonical_json builds it (the benchmark re-checks a sample);
recent signed records have a handout print (placeholder PDF bytes); a few have addenda.
Signatures and addenda carry Ed25519 signatures (issue 11) by each physician's key; the keys
(seeded, so the set is reproducible) are sealed under BUILD_PASSWORD and registered in the
audit trail, endorsed by admin1's key, the trust root, as the app does.
The audit trail holds one hash-chained entry per patient created, per record created, per
signature and addendum, and per key (about 2.2 million entries).

Names come from many scripts (Latin with accents and apostrophes, Vietnamese, Greek,
Cyrillic, CJK, Korean, Arabic, Hebrew, Devanagari, Thai), Zipf-distributed within each
culture, with search keys from domain.record.search_key. Fake people only.

Building: the real schema (`schema.upgrade`) with its triggers, then executemany inside one
transaction. The records INSERT trigger refuses status 'signed', so records go in as
'ready', their signatures are inserted, and one UPDATE flips them to 'signed' (the trigger
checks each has its signature). PostgreSQL is loaded from the finished SQLite file with
COPY, in the same order, so both databases hold the same rows.
"""

from __future__ import annotations

import bisect
import concurrent.futures
import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import random
import sqlite3
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from common import CACHE, progress

from clinic_desk.domain.audit import detail_json
from clinic_desk.domain.record import StaffRef, name_tokens, search_key
from clinic_desk.domain.record_format import FORMAT
from clinic_desk.domain.signoff import addendum_hash
from clinic_desk.services.keys import (
    KdfParams,
    addendum_payload,
    endorsement_payload,
    fingerprint,
    public_hex,
    seal,
    signature_payload,
)
from clinic_desk.storage import report_summary, schema
from clinic_desk.storage.engine import Database

GENERATOR_VERSION = 4  # bump whenever the rows this module writes change (2: keys; 3: calls;
# 4: the report summary of migration 0011, built after the bulk load)
# CLINIC_BENCH_SCALE=0.05 builds a 5 % data set, for working on this script only.
_SCALE = float(os.environ.get("CLINIC_BENCH_SCALE", "1"))
N_PATIENTS = int(200_000 * _SCALE)
N_RECORDS = int(1_000_000 * _SCALE)
SEED = 20261124
BENCH_DAY = date(2026, 11, 24)  # "today" in the data set: a Tuesday, the last working day
FIRST_DAY = date(2021, 11, 29)  # five years before
CLINIC_OFFSET_MIN = -300  # the clinic's UTC offset (UTC-5, as in tests/factories.py)
_OFFSET = timedelta(minutes=CLINIC_OFFSET_MIN)
BUILD_PASSWORD = "bench-password-not-secret"


def dataset_key() -> str:
    """Changes whenever the schema or the generator does: the caches are rebuilt then."""
    return f"h{schema.HEAD}-g{GENERATOR_VERSION}-p{N_PATIENTS}-r{N_RECORDS}"


def sqlite_cache_path() -> Path:
    return CACHE / f"clinic-{dataset_key()}.sqlite3"


def pg_database_name() -> str:
    return "bench_" + dataset_key().replace("-", "_")


# --- people ----------------------------------------------------------------------------------

# culture: (weight, family names, female given names, male given names, Spanish speakers)
CULTURES: dict[str, tuple[float, list[str], list[str], list[str], float]] = {
    "english": (34, [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
        "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
        "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts",
        "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart",
        "Morris", "Murphy", "Cook", "Rogers", "O'Brien", "O'Connor", "O'Neill", "McCarthy",
        "MacDonald", "McKenzie", "Ní Bhriain", "St. John", "Fitzgerald", "Sullivan", "Kelly",
        "Walsh", "Smith-Jones", "Bennett", "Hughes", "Price", "Sanders", "Ross", "Foster",
        "D’Arcy", "Ó Súilleabháin", "Wood", "Barnes", "Henderson", "Coleman", "Jenkins",
    ], ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica",
        "Sarah", "Karen", "Nancy", "Margaret", "Dorothy", "Siobhán", "Renée", "Zoë", "Mary Ann",
        "Fiona", "Aoife", "Chloé", "Betty", "Sandra", "Donna", "Carol", "Ruth", "Sharon",
        "Michelle", "Laura", "Kimberly", "Deborah", "Amy", "Angela", "Helen", "Brenda"],
       ["James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
        "Charles", "Christopher", "Daniel", "Seán", "Liam", "Patrick", "Brian", "Kevin",
        "Matthew", "Anthony", "Mark", "Donald", "Steven", "Paul", "Andrew", "Joshua", "Kenneth",
        "George", "Edward", "Ronald", "Timothy", "Jason", "Jeffrey", "Gary", "Eoin"], 0.0),
    "spanish": (20, [
        "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez",
        "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales",
        "Reyes", "Gutiérrez", "Ortiz", "Jiménez", "Ruiz", "Álvarez", "Castillo", "Romero",
        "Vásquez", "Núñez", "Muñoz", "Peña", "García-López", "Fernández", "Mendoza", "Aguilar",
        "Medina", "Castro", "Vargas", "Ramos", "Chávez", "Herrera", "Domínguez", "Ibáñez",
        "O'Neil-Ramos", "Zúñiga", "Espinoza", "Salazar", "Guzmán", "Delgado", "Cabrera",
    ], ["María José", "Guadalupe", "Rocío", "Ana Lucía", "Carmen", "Lucía", "Sofía", "Inés",
        "Begoña", "Araceli", "María", "Rosa", "Josefina", "Yolanda", "Marisol", "Dolores",
        "Concepción", "Ximena", "Ángela", "Pilar"],
       ["José", "José Luis", "Juan Carlos", "Iñigo", "Jesús", "Alejandro", "Andrés", "Raúl",
        "Ramón", "Joaquín", "Juan", "Luis", "Carlos", "Miguel Ángel", "Francisco", "Héctor",
        "Óscar", "Sergio", "Rubén", "Jorge"], 0.6),
    "portuguese": (2, [
        "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Ferreira", "Gonçalves",
        "Conceição", "Araújo", "Magalhães", "Simões"],
       ["Ana", "Mariana", "Letícia", "Conceição", "Beatriz", "Inês"],
       ["João", "Gonçalo", "Luís", "Thiago", "Sebastião", "António"], 0.1),
    "french": (3, [
        "Dubois", "Lefèvre", "Moreau", "Lambert", "Girard", "Rousseau", "Mercier", "Fontaine",
        "Chevalier", "Bérubé", "Côté", "Gagné", "Tremblay", "de la Tour", "Lévesque", "Bélanger"],
       ["Hélène", "Élodie", "Amélie", "Françoise", "Maëlle", "Geneviève", "Noémie", "Céline"],
       ["Noël", "Jean-Baptiste", "Loïc", "Gaëtan", "Théo", "François", "Jérôme", "René"], 0.0),
    "german": (4, [
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Schäfer", "Wagner", "Becker",
        "Hoffmann", "Schröder", "Köhler", "Groß", "Weiß", "Krüger", "Zimmermann", "Hofmann"],
       ["Käthe", "Ursula", "Bärbel", "Gisela", "Jürgen", "Anneliese", "Märta", "Renate"],
       ["Jürgen", "Björn", "Günter", "Sören", "Uwe", "Jörg", "Wolfgang", "Dieter"], 0.0),
    "nordic": (2, [
        "Johansson", "Kjærgård", "Øvergård", "Søndergaard", "Åberg", "Lindqvist", "Nyström",
        "Hansen", "Sørensen", "Ólafsdóttir", "Bjørnstad", "Þórsson"],
       ["Ingrid", "Åsa", "Björk", "Sigríður", "Mette", "Astrid"],
       ["Søren", "Sven-Erik", "Ørjan", "Håkon", "Lars", "Þór"], 0.0),
    "polish_czech": (3, [
        "Kowalczyk", "Wróblewski", "Nowak", "Wiśniewski", "Wójcik", "Zieliński", "Szymański",
        "Dvořák", "Novák", "Černý", "Procházka", "Kowalski", "Lewandowski", "Dąbrowski"],
       ["Małgorzata", "Agnieszka", "Zdeňka", "Katarzyna", "Żaneta", "Jadwiga"],
       ["Łukasz", "Krzysztof", "Paweł", "Tomáš", "Jiří", "Grzegorz"], 0.0),
    "italian": (4, [
        "Rossi", "D'Angelo", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo",
        "Ricci", "Marino", "De Luca", "Greco", "Bruno", "Gallo", "Conti", "Mancini"],
       ["Giulia", "Chiara", "Francesca", "Giovanna", "Antonella", "Rosaria"],
       ["Marco", "Giuseppe", "Niccolò", "Lorenzo", "Salvatore", "Nicolò"], 0.0),
    "turkish": (1, [
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın"],
       ["Ayşe", "Gülşen", "Çağla", "Özlem", "Şebnem"],
       ["Mehmet", "Şükrü", "Emre", "İbrahim", "Uğur"], 0.0),
    "vietnamese": (4, [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
        "Đỗ", "O'Brien-Nguyễn"],
       ["Thị Hương", "Thảo", "Thị Lan", "Ngọc Anh", "Thu Trang", "Thị Mai", "Hồng Nhung"],
       ["Văn Minh", "Quốc Bảo", "Đức", "Văn Hùng", "Minh Khôi", "Thành Long"], 0.0),
    "greek": (1, [
        "Παπαδόπουλος", "Παπαδάκης", "Γεωργίου", "Οικονόμου", "Νικολάου", "Καραγιάννης",
        "Papadopoulos", "Georgiou"],
       ["Μαρία", "Ελένη", "Αικατερίνη", "Σοφία", "Eleni"],
       ["Δημήτρης", "Γιώργος", "Κωνσταντίνος", "Νίκος", "Dimitris"], 0.0),
    "cyrillic": (3, [
        "Иванова", "Иванов", "Смирнов", "Кузнецова", "Попов", "Петрова", "Соколов",
        "Михайлова", "Іваненко", "Шевченко", "Иванова-Петрова", "Ivanova", "Petrov"],
       ["Анна", "Ольга", "Наталья", "Ірина", "Татьяна", "Olga"],
       ["Дмитрий", "Сергей", "Олександр", "Владимир", "Андрій", "Dmitri"], 0.0),
    "chinese": (5, [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "Chen", "Wang", "Li", "Zhang",
        "Liu", "Huang", "Wong", "Chan"],
       ["小明", "芳", "秀英", "静", "丽", "Mei", "Jing", "Xiu Ying", "Yan"],
       ["伟", "磊", "洋", "强", "Wei", "Xiaoming", "Jun", "Hao"], 0.0),
    "japanese": (1, [
        "佐藤", "鈴木", "高橋", "田中", "山田", "渡辺", "Sato", "Tanaka", "Yamada"],
       ["花子", "さくら", "美咲", "Yuki", "Keiko"],
       ["太郎", "翔太", "健一", "Hiroshi", "Kenji"], 0.0),
    "korean": (3, [
        "김", "이", "박", "최", "정", "Kim", "Lee", "Park", "Choi", "Jung"],
       ["서연", "지우", "수빈", "Ji-woo", "Seo-yeon", "Min-seo"],
       ["민준", "하준", "도윤", "Min-jun", "Ha-joon", "Joon-ho"], 0.0),
    "arabic": (3, [
        "حداد", "العلي", "خوري", "منصور", "Al-Farsi", "Haddad", "Khoury", "Mansour", "Ahmed",
        "Al-Sayed", "Nasser"],
       ["ليلى", "فاطمة", "Layla", "Fatima", "Amira", "Noor"],
       ["محمد", "أحمد", "Omar", "Yusuf", "Karim", "Tariq"], 0.0),
    "hebrew": (1, ["כהן", "לוי", "מזרחי", "פרץ", "Cohen", "Levi", "Mizrahi"],
               ["נועה", "תמר", "Noa", "Tamar"], ["יוסף", "דוד", "Yosef", "David"], 0.0),
    "south_asian": (4, [
        "शर्मा", "वर्मा", "गुप्ता", "सिंह", "Patel", "Sharma", "Singh", "Gupta", "Reddy", "Iyer",
        "Chowdhury", "Khan"],
       ["आरव", "प्रिया", "अनन्या", "Priya", "Ananya", "Lakshmi", "Deepa"],
       ["राहुल", "Arjun", "Rahul", "Vikram", "Sanjay", "Ravi"], 0.0),
    "thai": (1, ["ใจดี", "ศรีสุข", "วงศ์ไทย", "Srisuk", "Wongthai"],
             ["สมหญิง", "มาลี", "Malee"], ["สมชาย", "Somchai", "Anan"], 0.0),
    "african": (3, [
        "Mbeki", "Okafor", "Adeyemi", "Mensah", "Nkosi", "Diallo", "Kamau", "Okonkwo", "Owusu",
        "Abubakar", "Nwosu", "Mwangi"],
       ["Amara", "Ngozi", "Aminata", "Chiamaka", "Wanjiru", "Abena"],
       ["Thabo", "Chidi", "Kwame", "Oluwaseun", "Kofi", "Sipho"], 0.0),
}

ANTICOAGULANTS = (
    ("apixaban", "Restart apixaban tomorrow morning at your usual time."),
    ("clopidogrel", "Restart clopidogrel tonight with dinner."),
    ("warfarin", "Restart warfarin tonight. Have your INR checked on Monday."),
    ("rivaroxaban", "Restart rivaroxaban tomorrow with breakfast."),
)
ALLERGIES = ("", "", "", "", "", "", "", "NKDA", "NKDA", "Penicillin (rash)",
             "Iodinated contrast (hives)", "Latex", "Sulfa drugs", "Codeine (nausea)")
ESCORT_RELATION = ("Spouse", "Daughter", "Son", "Friend", "Brother", "Sister", "Neighbour",
                   "Husband", "Wife", "Partner")
NOTES = ("", "", "", "", "Tolerated well.", "Tolerated well.", "No immediate complications.",
         "Concordant pain reproduction on contrast injection.", "Patient anxious; reassured.",
         "Transient numbness of the leg, resolved before discharge.",
         "Good needle placement confirmed in two views.")

# Levels a patient is treated at (region, [levels]) and how often.
LEVEL_SETS: list[tuple[float, list[str]]] = [
    (22, ["L4-L5", "L5-S1"]), (14, ["L4-L5"]), (10, ["L5-S1"]), (9, ["L3-L4", "L4-L5"]),
    (6, ["L3-L4", "L4-L5", "L5-S1"]), (4, ["L2-L3", "L3-L4"]), (3, ["L3-L4"]),
    (6, ["C5-C6"]), (4, ["C5-C6", "C6-C7"]), (3, ["C2-C3"]), (3, ["C3-C4", "C4-C5"]),
    (2, ["C4-C5", "C5-C6"]), (2, ["C6-C7"]), (2, ["C6-C7", "C7-T1"]),
    (2, ["T7-T8"]), (2, ["T11-T12", "T12-L1"]), (1, ["T5-T6", "T6-T7"]), (1, ["T10-T11"]),
]
SIDE_WEIGHTS = (("bilateral", 55), ("left", 22), ("right", 23))
SIDE_ABBREV = {"bilateral": "B", "left": "L", "right": "R"}

N_PHYSICIANS = 36
N_NURSES = 48


def _zipf_cum(n: int, s: float = 1.0) -> list[float]:
    weights = [1.0 / (k + 1) ** s for k in range(n)]
    return list(itertools.accumulate(weights))


def _pick(rng: random.Random, items: Sequence[Any], cum: Sequence[float]) -> Any:
    return items[bisect.bisect_right(cum, rng.random() * cum[-1])]


# --- calendar --------------------------------------------------------------------------------

def _holidays(year: int) -> set[date]:
    def nth_weekday(month: int, weekday: int, n: int) -> date:
        d = date(year, month, 1)
        d += timedelta(days=(weekday - d.weekday()) % 7)
        return d + timedelta(weeks=n - 1)

    def last_weekday(month: int, weekday: int) -> date:
        d = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
        return d - timedelta(days=(d.weekday() - weekday) % 7)

    return {date(year, 1, 1), date(year, 7, 4), date(year, 12, 25), date(year, 12, 24),
            nth_weekday(1, 0, 3), last_weekday(5, 0), nth_weekday(9, 0, 1),
            nth_weekday(11, 3, 4), nth_weekday(11, 3, 4) + timedelta(days=1)}


def working_days() -> list[date]:
    holidays: set[date] = set()
    for y in range(FIRST_DAY.year, BENCH_DAY.year + 1):
        holidays |= _holidays(y)
    days = []
    d = FIRST_DAY
    while d <= BENCH_DAY:
        if d.weekday() < 5 and d not in holidays:
            days.append(d)
        d += timedelta(days=1)
    return days


# --- generation ------------------------------------------------------------------------------

def _utc(local_day: date, minute_of_day: int) -> datetime:
    """Naive UTC time of a clinic-local day and minute (what UtcDateTime stores)."""
    return datetime(local_day.year, local_day.month, local_day.day) + timedelta(
        minutes=minute_of_day) - _OFFSET


def _db_time(value: datetime | None) -> str | None:
    """SQLAlchemy's SQLite DATETIME text for a naive UTC time."""
    return None if value is None else value.isoformat(" ", "microseconds")


def _json_utc(value: datetime | None) -> str | None:
    """How canonical_json writes a time: aware UTC isoformat."""
    return None if value is None else value.isoformat() + "+00:00"


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _vitals(rng: random.Random) -> dict[str, int]:
    """Normal adult vital signs, keys in sorted order (as canonical JSON writes them)."""
    sys_ = rng.randint(108, 158)
    return {"diastolic": rng.randint(62, min(96, sys_ - 20)), "heart_rate": rng.randint(56, 96),
            "resp_rate": rng.randint(12, 18), "spo2": rng.randint(94, 100), "systolic": sys_}


def _vitals_text(v: dict[str, int] | None) -> str:
    """storage.convert._vitals_json: json.dumps(sort_keys=True) of the values present."""
    if not v:
        return "{}"
    return (f'{{"diastolic": {v["diastolic"]}, "heart_rate": {v["heart_rate"]}, '
            f'"resp_rate": {v["resp_rate"]}, "spo2": {v["spo2"]}, "systolic": {v["systolic"]}}}')


class FastRandom(random.Random):
    """random.Random with randint/randrange/choice on random() alone: several times faster,
    and the build draws tens of millions of them."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        assert step == 1
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.random() * len(seq))]


def _medications(kind: str, block: int | None, rng: random.Random
                 ) -> list[tuple[str, str, float, bool]]:
    # Drugs and volumes as in services/demo.py (REFERENCE.md 1.3).
    if kind == "medial_branch_block":
        if block == 1:
            return [("lidocaine", "2%", 0.5, True)]
        if block == 2:
            return [("bupivacaine", "0.5%", 0.5, True)]
        return [("bupivacaine", "0.25%", 0.5, True), ("triamcinolone", "40 mg/mL", 0.25, True)]
    if kind == "intra_articular":
        steroid = rng.choice((("triamcinolone", "40 mg/mL"), ("methylprednisolone", "40 mg/mL"),
                              ("dexamethasone", "10 mg/mL")))
        return [("lidocaine", "1%", 0.5, True), (*steroid, 0.5, True)]
    meds = [("lidocaine", "2%", 1.0, True)]
    if rng.random() < 0.3:
        meds.append(("dexamethasone", "10 mg/mL", 0.5, True))
    return meds


class Plan:
    """One generated procedure before ids are assigned."""

    __slots__ = ("block", "day", "kind", "minute", "patient", "physician")

    def __init__(self, patient: int, day: int, kind: str, block: int | None,
                 physician: int) -> None:
        self.patient, self.day, self.kind, self.block = patient, day, kind, block
        self.physician, self.minute = physician, 0


def _plans(rng: random.Random, days: list[date]) -> list[Plan]:
    """Clinical paths of every patient, truncated at BENCH_DAY, then exactly N_RECORDS.

    Paths may start up to ~18 months before the first day: patients already in treatment
    when the group started to use Clinic Desk, so the first months are not unusually quiet.
    """
    n_days = len(days)
    lead = 380  # working days before FIRST_DAY that a path may start on
    # Group volume grows ~20 % over five years; Monday/Tuesday busier, Friday quieter.
    weekday_factor = (1.08, 1.08, 1.0, 0.98, 0.86)
    weights = [0.9 * weekday_factor[(i - lead) % 5] for i in range(lead)]
    weights += [(0.9 + 0.2 * i / n_days) * weekday_factor[d.weekday()]
                for i, d in enumerate(days)]
    cum = list(itertools.accumulate(weights))
    plans: list[Plan] = []
    p_continue = 0.925
    rnd = rng.random
    for attempt in range(8):
        plans = []
        for patient in range(N_PATIENTS):
            day = bisect.bisect_right(cum, rnd() * cum[-1]) - lead
            doctor = int(rnd() * N_PHYSICIANS)
            r = rnd()
            kind, block = (("medial_branch_block", 1) if r < 0.55 else
                           ("intra_articular", None) if r < 0.85 else
                           ("radiofrequency_ablation", None))
            for _ in range(40):
                if day >= 0:
                    physician = doctor if rnd() < 0.85 else int(rnd() * N_PHYSICIANS)
                    plans.append(Plan(patient, day, kind, block, physician))
                if rnd() > p_continue:
                    break
                # The next step of the path, and how many working days later.
                r = rnd()
                if kind == "medial_branch_block" and block == 1:
                    kind, block, gap = (("medial_branch_block", 2, rng.randint(5, 20))
                                        if r < 0.8 else
                                        ("intra_articular", None, rng.randint(10, 40)))
                elif kind == "medial_branch_block":
                    kind, block, gap = (("radiofrequency_ablation", None, rng.randint(10, 45))
                                        if r < 0.8 else
                                        ("medial_branch_block", None, rng.randint(20, 60)))
                elif kind == "radiofrequency_ablation":
                    kind, block, gap = (("radiofrequency_ablation", None, rng.randint(125, 280))
                                        if r < 0.85 else
                                        ("medial_branch_block", 1, rng.randint(60, 200)))
                else:
                    kind, block, gap = (("intra_articular", None, rng.randint(60, 150))
                                        if r < 0.6 else
                                        ("medial_branch_block", 1, rng.randint(20, 90)))
                day += gap
                if day >= n_days:
                    break
        if len(plans) >= N_RECORDS:
            break
        p_continue += (1 - p_continue) * 0.25  # too few: longer paths, try again
        progress(f"  {len(plans):,} procedures generated; lengthening paths (try {attempt + 2})")
    if len(plans) > N_RECORDS:
        drop = set(rng.sample(range(len(plans)), len(plans) - N_RECORDS))
        plans = [p for i, p in enumerate(plans) if i not in drop]
    return plans


# State the worker processes inherit (fork) instead of receiving it pickled.
_STATE: dict[str, Any] = {}


def _patient_chunk(bounds: tuple[int, int]) -> list[tuple[Any, ...]]:
    """Patient rows for ids [lo, hi): names, birth dates, snapshot facts, treated levels."""
    lo, hi = bounds
    st = _STATE
    rng = FastRandom(SEED * 7 + lo)
    rnd = rng.random
    gc.disable()
    days, first_day = st["days"], st["first_day"]
    culture_names = list(CULTURES)
    culture_cum = list(itertools.accumulate(CULTURES[c][0] for c in culture_names))
    zipf = {c: (_zipf_cum(len(CULTURES[c][1]), 0.9), _zipf_cum(len(CULTURES[c][2]), 0.7),
                _zipf_cum(len(CULTURES[c][3]), 0.7)) for c in culture_names}
    level_sets = [ls for _, ls in LEVEL_SETS]
    level_cum = list(itertools.accumulate(w for w, _ in LEVEL_SETS))
    side_cum = list(itertools.accumulate(w for _, w in SIDE_WEIGHTS))
    side_names = [s for s, _ in SIDE_WEIGHTS]
    out = []
    for pid in range(lo, hi):
        culture = _pick(rng, culture_names, culture_cum)
        _, fams, fem, male, spanish = CULTURES[culture]
        fcum, femcum, malecum = zipf[culture]
        family = _pick(rng, fams, fcum)
        if culture == "spanish" and rnd() < 0.3:
            family = f"{family} {_pick(rng, fams, fcum)}"
        r = rnd()
        sex = "female" if r < 0.56 else "male" if r < 0.995 else "other"
        given = _pick(rng, fem, femcum) if sex == "female" else _pick(rng, male, malecum)
        day_idx = first_day[pid]
        d0 = days[day_idx if day_idx >= 0 else int(rnd() * len(days))]
        age = min(95, max(22, int(rng.gauss(63, 13))))
        dob = date(d0.year - age, rng.randint(1, 12), rng.randint(1, 28))
        weight = float(rng.randint(45, 135)) if rnd() < 0.7 else rng.randint(90, 270) / 2
        diabetic = rnd() < 0.18
        anticoag = ANTICOAGULANTS[int(rnd() * 4)] if rnd() < 0.12 else None
        escort = "" if rnd() < 0.35 else f"{rng.choice(ESCORT_RELATION)} ({rng.choice(fem + male)})"
        lang = "es" if rnd() < spanish else "en"
        created = _utc(d0, 6 * 60 + int(rnd() * 60)) - timedelta(days=rng.randint(1, 20))
        mrn = f"M{1_000_000 + pid * 7:07d}"
        allergies = rng.choice(ALLERGIES)
        levels = _pick(rng, level_sets, level_cum)
        side = _pick(rng, side_names, side_cum)
        out.append((
            (pid, mrn, family, given, search_key(family), search_key(given), dob.isoformat(),
             sex, lang, weight, int(diabetic), anticoag[0] if anticoag else None,
             anticoag[1] if anticoag else "", allergies, escort, _db_time(created),
             _db_time(created), "rn01", 1),
            # What each record copies, and the patient part of its signed content (sorted).
            (weight, diabetic, anticoag, lang, "contrast" in allergies.lower(), _canonical({
                "allergies": allergies,
                "anticoagulant": None if anticoag is None else {
                    "name": anticoag[0], "resume_instructions": anticoag[1]},
                "date_of_birth": dob.isoformat(), "diabetic": diabetic, "escort": escort,
                "family_name": family, "given_name": given, "mrn": mrn,
                "preferred_language": lang, "sex": sex, "weight_kg": _num(weight)})),
            (levels, side, ", ".join(f"{lv} {SIDE_ABBREV[side]}" for lv in levels),
             _canonical([{"level": lv, "side": side} for lv in levels])),
            # Later parts of the names, as PatientRepository writes them (migration 0007).
            [(pid, t, search_key(family), search_key(given))
             for t in name_tokens(family, given)],
        ))
    return out


def _canonical(value: Any) -> str:
    """json.dumps as canonical_json calls it."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _jnum(value: float | int | None) -> str:
    return "null" if value is None else repr(_num(value))


def _jstr(value: str | None) -> str:
    return "null" if value is None else _canonical(value)


def _jtime(value: datetime | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}+00:00"'


def _vitals_json(v: dict[str, int] | None) -> str:
    if v is None:
        return ('{"diastolic":null,"heart_rate":null,"resp_rate":null,"spo2":null,'
                '"systolic":null}')
    return (f'{{"diastolic":{v["diastolic"]},"heart_rate":{v["heart_rate"]},'
            f'"resp_rate":{v["resp_rate"]},"spo2":{v["spo2"]},"systolic":{v["systolic"]}}}')


_COMP_JSON: dict[tuple[tuple[str, str], ...], str] = {}
_MEDS_JSON: dict[tuple[tuple[str, str, float, bool], ...], str] = {}


def _comp_json(comp: list[tuple[str, str]]) -> str:
    key = tuple(comp)
    if key not in _COMP_JSON:
        _COMP_JSON[key] = _canonical([{"kind": k, "text": t} for k, t in comp])
    return _COMP_JSON[key]


def _meds_json(lines: list[tuple[str, str, float, bool]]) -> str:
    key = tuple(lines)
    if key not in _MEDS_JSON:
        _MEDS_JSON[key] = _canonical([{"name": m[0], "per_target": m[3], "strength": m[1],
                                       "volume_ml": _num(m[2])} for m in lines])
    return _MEDS_JSON[key]


def _record_chunk(bounds: tuple[int, int]) -> dict[str, Any]:
    """Rows of records [lo, hi) (1-based ids, in time order) and of everything they own."""
    lo, hi = bounds
    st = _STATE
    rng = FastRandom(SEED * 13 + lo)
    rnd = rng.random
    days, bench_idx, ordered = st["days"], st["bench_idx"], st["ordered"]
    patient_of, facts, treated = st["patient_of"], st["facts"], st["treated"]
    physicians, nurses, keys = st["physicians"], st["nurses"], st["keys"]
    records: list[tuple[Any, ...]] = []
    joints: list[tuple[Any, ...]] = []
    meds: list[tuple[Any, ...]] = []
    complications: list[tuple[Any, ...]] = []
    signatures: list[tuple[Any, ...]] = []
    prints: list[tuple[Any, ...]] = []
    addenda: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    status_count = {"draft": 0, "ready": 0, "signed": 0}
    recent_cut = bench_idx - 9
    print_cut = bench_idx - 42
    pdf = b"%PDF-1.4\n% Clinic Desk benchmark placeholder: not a real handout\n%%EOF\n"
    pdf_sha = hashlib.sha256(pdf).hexdigest()
    now = _utc(BENCH_DAY, 17 * 60 + 45)  # "now" in the data set: nothing happens later
    sha256 = hashlib.sha256
    gc.disable()  # millions of small tuples: the collector would walk them over and over
    minutes = [timedelta(minutes=m) for m in range(60 * 31)]
    n_days = len(days)
    for rid in range(lo, hi):
        p = ordered[rid - 1]
        pid = patient_of[p.patient]
        day = days[p.day]
        performed = _utc(day, p.minute)
        weight, diabetic, anticoag, lang, no_contrast, patient_json = facts[pid]
        levels, side, level_text, joints_json = treated[pid]
        phys = physicians[p.physician]
        nurse = nurses[int(rnd() * N_NURSES)]
        # Status: today shows every status; a few old ones were never finished.
        r = rnd()
        if p.day == bench_idx:
            if p.minute < 12 * 60:
                status = "signed" if r < 0.7 else "ready"
            elif p.minute < 15 * 60:
                status = "signed" if r < 0.3 else "ready" if r < 0.7 else "draft"
            else:
                status = "ready" if r < 0.3 else "draft"
        elif p.day > recent_cut:
            status = "signed" if r < 0.97 else "ready"
        else:
            status = "signed" if r < 0.9995 else "ready" if r < 0.9999 else "draft"
        status_count[status] += 1
        draft = status == "draft"
        ended = None if draft and rnd() < 0.5 else performed + minutes[12 + int(rnd() * 29)]
        follow_up = None
        if p.kind != "intra_articular" and rnd() < 0.4:
            follow_day = (days[p.day + 10 + int(rnd() * 11)] if p.day + 20 < n_days
                          else day + timedelta(days=14))
            follow_up = _utc(follow_day, 600)
        r = rnd()
        modality = "fluoroscopy" if r < 0.92 else "ct" if r < 0.96 else "ultrasound"
        contrast = ("iohexol" if rnd() < 0.8 else "iopamidol") if (
            modality == "fluoroscopy" and not no_contrast and rnd() < 0.85) else None
        fluoro = float(12 + int(rnd() * 84)) if modality == "fluoroscopy" else None
        dose = round(0.8 + rnd() * 13.2, 1) if modality != "ultrasound" else None
        dap = float(80 + int(rnd() * 821)) if modality == "fluoroscopy" and rnd() < 0.2 else None
        r = rnd()
        sedation = "none" if r < 0.8 else "minimal" if r < 0.95 else "moderate"
        if p.kind == "radiofrequency_ablation" and sedation == "none" and rnd() < 0.3:
            sedation = "minimal"
        pain_before = 4 + int(rnd() * 6)
        pain_after = None if draft else int(rnd() * (pain_before + 1))
        v_before = _vitals(rng)
        v_after = None if draft else _vitals(rng)
        notes = rng.choice(NOTES)
        created = performed - minutes[10 + int(rnd() * 31)]
        signed_at = performed
        if status == "signed":
            signed_at = min(performed + minutes[40 + int(rnd() * (60 * 30 - 39))], now)
            updated, updated_by, version = signed_at, phys[1], 2
        elif status == "ready":
            updated, updated_by, version = performed + minutes[45], nurse[1], 2
        else:
            updated, updated_by, version = performed + minutes[30], nurse[1], 1
        records.append((
            rid, pid, p.kind, p.block, _db_time(performed), CLINIC_OFFSET_MIN,
            _db_time(ended), _db_time(follow_up), CLINIC_OFFSET_MIN if follow_up else 0,
            "ready" if status == "signed" else status, phys[0], nurse[0], level_text,
            modality, fluoro, dose, dap, contrast, sedation, pain_before, pain_after,
            _vitals_text(v_before), _vitals_text(v_after), notes, weight, int(diabetic),
            anticoag[0] if anticoag else None, anticoag[1] if anticoag else "",
            _db_time(created), nurse[1], _db_time(updated), updated_by, version))
        for pos, lv in enumerate(levels):
            joints.append((rid, pos, lv, side))
        med_lines = _medications(p.kind, p.block, rng)
        for pos, m in enumerate(med_lines):
            meds.append((rid, pos, m[0], m[1], m[2], int(m[3])))
        comp: list[tuple[str, str]] = []
        r = rnd()
        if r < 0.012:
            comp.append(("vasovagal", "Brief, resolved lying flat." if r < 0.006 else ""))
        elif r < 0.014:
            comp.append(("bleeding", "Minor bleeding at the needle site, pressure applied."))
        elif r < 0.0145:
            comp.append(("other", "Transient leg weakness, resolved within one hour."))
        for pos, (ck, ct) in enumerate(comp):
            complications.append((rid, pos, ck, ct))
        events.append((created, nurse[1], "record_create", rid, pid, "{}"))
        if status != "signed":
            continue
        # The signed content exactly as canonical_json writes it (keys sorted, UTF-8, no
        # spaces, times in UTC), assembled from pre-encoded parts: json.dumps of the whole
        # would double the build time. The benchmark re-checks a sample against the real
        # canonical_json of the stored record.
        text = (
            f'{{"block_number":{_jnum(p.block)},"complications":{_comp_json(comp)},'
            f'"ended_at":{_jtime(ended)},"follow_up":{_jtime(follow_up)},'
            f'"format":"{FORMAT}","guidance":{{"contrast":{_jstr(contrast)},'
            f'"dap_mgy_cm2":{_jnum(dap)},"dose_mgy":{_jnum(dose)},'
            f'"fluoro_time_s":{_jnum(fluoro)},"modality":"{modality}"}},"id":{rid},'
            f'"joints":{joints_json},"kind":"{p.kind}","medications":{_meds_json(med_lines)},'
            f'"notes":{_jstr(notes)},"nurse":"{nurse[1]}","pain_after":{_jnum(pain_after)},'
            f'"pain_before":{pain_before},"patient":{patient_json},'
            f'"performed_at":{_jtime(performed)},"physician":"{phys[1]}",'
            f'"sedation":"{sedation}","vitals_after":{_vitals_json(v_after)},'
            f'"vitals_before":{_vitals_json(v_before)}}}')
        digest = sha256(text.encode()).hexdigest()
        meaning = "Reviewed and approved" if rnd() < 0.9 else "Performed by"
        key_id, private = keys[phys[0]]
        aware = signed_at.replace(tzinfo=UTC)
        sig = private.sign(signature_payload(rid, digest, phys[0], phys[1], key_id, aware,
                                             meaning)).hex()
        signatures.append((rid, phys[0], phys[1], phys[2], phys[3], _db_time(signed_at),
                           CLINIC_OFFSET_MIN, meaning, digest, text, key_id, sig))
        events.append((signed_at, phys[1], "record_sign", rid, pid, detail_json({
            "content_hash": digest, "meaning": meaning, "key_id": key_id, "signature": sig,
            "signed_at": aware.isoformat(timespec="microseconds")})))
        if p.day >= print_cut and rnd() < 0.95:
            printed = min(signed_at + minutes[1 + int(rnd() * 30)], now)
            site = 1 + rid % 6
            prints.append((rid, 1, lang, int(rnd() < 0.05), _db_time(printed), nurse[0],
                           nurse[1], f"site{site}-desk", f"Front desk printer {site}", "",
                           sha256(f"{rid}".encode()).hexdigest()[:12], pdf_sha, pdf, 1))
        if p.day < bench_idx - 2 and rnd() < 0.001:
            at = min(signed_at + timedelta(days=rng.randint(1, 3)), now)
            reason = "Correction of the documented dose"
            body = "Dexamethasone volume was 0.5 mL, not 1 mL as first recorded."
            ahash = addendum_hash(digest, StaffRef(phys[1], phys[2], phys[3]),
                                  at.replace(tzinfo=UTC), reason, body,
                                  "Reviewed and approved", False)
            asig = private.sign(addendum_payload(rid, ahash, phys[0], phys[1], key_id)).hex()
            addenda.append((rid, body, reason, phys[0], phys[1], phys[2], phys[3], _db_time(at),
                            CLINIC_OFFSET_MIN, "Reviewed and approved", ahash, 0, key_id, asig))
            # The addendum's id is known once the parent inserted it (see _generate).
            events.append((at, phys[1], "record_addendum", rid, pid, detail_json({
                "addendum_id": _AID, "changes_instructions": False, "content_hash": ahash,
                "key_id": key_id, "reason": reason, "signature": asig})))
    # Hand the rows over in a scratch SQLite file: the parent copies them with INSERT ...
    # SELECT, in C, instead of unpickling and binding every value in Python.
    path = CACHE / f"chunk-{os.getpid()}-{lo}.sqlite3"
    path.unlink(missing_ok=True)
    scratch = sqlite3.connect(path, isolation_level=None)
    scratch.execute("PRAGMA journal_mode=OFF")
    scratch.execute("PRAGMA synchronous=OFF")
    scratch.execute("BEGIN")
    for table, rows in (("records", records), ("record_joints", joints),
                        ("record_medications", meds), ("record_complications", complications),
                        ("signatures", signatures), ("handout_prints", prints),
                        ("addenda", addenda)):
        cols = _COLUMNS[table]
        scratch.execute(f"CREATE TABLE {table} ({', '.join(cols)})")
        scratch.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(cols))})", rows)
    scratch.execute("COMMIT")
    scratch.close()
    counts = {"joints": len(joints), "meds": len(meds), "complications": len(complications),
              "signatures": len(signatures), "prints": len(prints), "addenda": len(addenda)}
    return {"first": lo, "last": hi - 1, "path": str(path), "events": events,
            "status": status_count, "counts": counts}


# Columns of the rows _record_chunk writes, in order (ids of child rows are assigned by
# the database, in insertion order).
_COLUMNS = {
    "records": (
        "id", "patient_id", "kind", "block_number", "performed_at", "performed_offset_min",
        "ended_at", "follow_up", "follow_up_offset_min", "status", "physician_id", "nurse_id",
        "levels", "modality", "fluoro_time_s", "dose_mgy", "dap_mgy_cm2", "contrast",
        "sedation", "pain_before", "pain_after", "vitals_before", "vitals_after", "notes",
        "weight_kg", "diabetic", "anticoagulant", "anticoagulant_resume", "created_at",
        "created_by", "updated_at", "updated_by", "version"),
    "record_joints": ("record_id", "position", "level", "side"),
    "record_medications": ("record_id", "position", "name", "strength", "volume_ml",
                           "per_target"),
    "record_complications": ("record_id", "position", "kind", "text"),
    "signatures": ("record_id", "signer_id", "signer_username", "printed_name", "credentials",
                   "signed_at", "signed_offset_min", "meaning", "content_hash", "content",
                   "key_id", "signature"),
    "handout_prints": ("record_id", "handout_version", "language", "large_print",
                       "printed_at", "user_id", "username", "workstation", "printer", "reason",
                       "verification_code", "pdf_sha256", "pdf", "checked_out"),
    "addenda": ("record_id", "text", "reason", "author_id", "author_username", "printed_name",
                "credentials", "created_at", "offset_min", "meaning", "content_hash",
                "changes_instructions", "key_id", "signature"),
}
_AID = "@addendum-id@"  # placeholder in record_addendum details, replaced by the real id


def _signing_keys(users: list[tuple[Any, ...]], physicians: list[tuple[int, str, str, str]],
                  at: datetime) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]],
                                         dict[int, tuple[int, Any]]]:
    """Seeded Ed25519 keys for admin1 (the trust root, key 1) and every physician, sealed
    under BUILD_PASSWORD with the app's argon2id parameters; their key_register events."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from clinic_desk.services.auth import HASHER

    params = KdfParams(HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism)
    admin = next(u for u in users if u[1] == "admin1")
    owners = [(admin[0], "admin1", "admin")] + [(p[0], p[1], "physician") for p in physicians]
    rows, events, held = [], [], {}
    root: Any = None
    for key_id, (uid, username, role) in enumerate(owners, 1):
        private = Ed25519PrivateKey.from_private_bytes(
            hashlib.sha256(f"{SEED}:signing-key:{uid}".encode()).digest())
        public = public_hex(private)
        root = root or private
        rows.append((key_id, uid, username, public, seal(private, BUILD_PASSWORD, username,
                                                         params), _db_time(at)))
        detail = {"user": username, "user_id": uid, "key_id": key_id, "public_key": public,
                  "role": role, "fingerprint": fingerprint(public), "root": key_id == 1,
                  "endorsed_by_key": 1, "endorsement": root.sign(endorsement_payload(
                      key_id, uid, username, role, public)).hex()}
        events.append((at + timedelta(seconds=key_id), "admin1", "key_register", None, None,
                       detail_json(detail)))
        held[uid] = (key_id, private)
    return rows, events, held



_SQL = {
    "users": "INSERT INTO users (id, username, full_name, credentials, role, password_hash,"
             " active, failed_attempts, locked_until, created_at, version)"
             " VALUES (?,?,?,?,?,?,1,0,NULL,?,1)",
    "name_tokens": "INSERT INTO patient_name_tokens (patient_id, token, family_key, given_key)"
                   " VALUES (?,?,?,?)",
    "patients": "INSERT INTO patients (id, mrn, family_name, given_name, family_key, given_key,"
                " date_of_birth, sex, preferred_language, weight_kg, diabetic, anticoagulant,"
                " anticoagulant_resume, allergies, escort, created_at, updated_at, updated_by,"
                " version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    # The records INSERT trigger refuses 'signed', so records go in as 'ready' and this
    # UPDATE signs those that have their signature row (a trigger checks each one).
    "sign": "UPDATE records SET status = 'signed', version = version + 1"
            " WHERE id BETWEEN ? AND ?"
            " AND id IN (SELECT record_id FROM signatures WHERE record_id BETWEEN ? AND ?)",
    "keys": "INSERT INTO signing_keys (id, user_id, username, public_key, sealed_key,"
            " created_at) VALUES (?,?,?,?,?,?)",
    "audit": "INSERT INTO audit_log (seq, at, username, workstation, action, record_id,"
             " patient_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
}


def _chain_chunks(events: list[tuple[Any, ...]], out: Any, size: int = 50_000) -> None:
    """Audit rows with the hash chain of domain.audit.entry_hash, sent in chunks (a child
    process computes the chain while the parent inserts the previous chunk)."""
    prev = "0" * 64
    sha256 = hashlib.sha256
    rows = []
    for seq, (at, username, action, record_id, patient_id, detail) in enumerate(events, 1):
        ws = f"site{1 + seq % 6}-ws{1 + seq % 4}"
        iso = at.isoformat(timespec="microseconds")
        # json.dumps([...]) of these values, written out: none of them needs escaping except
        # the quotes in `detail`.
        payload = (f'["{prev}",{seq},"{iso}+00:00","{username}","{ws}","{action}",'
                   f'{"null" if record_id is None else record_id},'
                   f'{"null" if patient_id is None else patient_id},'
                   f'"{detail.replace(chr(34), chr(92) + chr(34))}"]')
        digest = sha256(payload.encode()).hexdigest()
        rows.append((seq, iso.replace("T", " "), username, ws, action, record_id, patient_id,
                     detail, prev, digest))
        prev = digest
        if len(rows) == size:
            out.put(rows)
            rows = []
    out.put(rows)
    out.put(None)


def generate(conn: sqlite3.Connection, password_hash: str) -> dict[str, Any]:
    """Write every row into a migrated, empty SQLite database (in an open transaction).

    Patients and records are generated in chunks by two worker processes (each chunk has its
    own seed, so the result does not depend on scheduling) while this process inserts.
    """
    rng = FastRandom(SEED)
    gc.disable()  # millions of small tuples: the collector would walk them over and over
    try:
        return _generate(conn, password_hash, rng)
    finally:
        gc.enable()


def _generate(conn: sqlite3.Connection, password_hash: str, rng: FastRandom) -> dict[str, Any]:
    days = working_days()
    bench_idx = len(days) - 1
    assert days[bench_idx] == BENCH_DAY
    stats: dict[str, Any] = {"working_days": len(days)}
    seconds: dict[str, float] = {}

    def insert(key: str, rows: list[tuple[Any, ...]]) -> None:
        t = time.perf_counter()
        conn.executemany(_SQL[key], rows)
        seconds[key] = seconds.get(key, 0.0) + time.perf_counter() - t

    # Users --------------------------------------------------------------------------------
    t_users = datetime(2021, 11, 1, 14, 0)
    users: list[tuple[Any, ...]] = []
    physicians: list[tuple[int, str, str, str]] = []  # id, username, name, credentials
    nurses: list[tuple[int, str]] = []
    uid = itertools.count(1)
    name_rng = FastRandom(SEED + 1)

    def person() -> str:
        culture = name_rng.choice(("english", "spanish", "korean", "south_asian", "african",
                                   "italian", "vietnamese", "german"))
        _, fam, fem, male, _ = CULTURES[culture]
        return f"{name_rng.choice(fem + male)} {name_rng.choice(fam)}"

    for n in range(N_PHYSICIANS):
        i, name, cred = next(uid), person(), "MD" if n % 4 else "DO"
        physicians.append((i, f"dr{n + 1:02d}", name, cred))
        users.append((i, f"dr{n + 1:02d}", name, cred, "physician"))
    for n in range(N_NURSES):
        i = next(uid)
        nurses.append((i, f"rn{n + 1:02d}"))
        users.append((i, f"rn{n + 1:02d}", person(), "RN", "nurse"))
    for n in range(8):
        users.append((next(uid), f"desk{n + 1}", person(), "", "desk"))
    for n in range(3):
        users.append((next(uid), f"admin{n + 1}", person(), "", "admin"))
    insert("users", [(*u, password_hash, _db_time(t_users)) for u in users])
    stats["users"] = len(users)
    key_rows, key_events, keys = _signing_keys(users, physicians, t_users)
    insert("keys", key_rows)
    stats["signing_keys"] = len(key_rows)

    # Procedures (plans), ordered by time --------------------------------------------------
    plans = _plans(rng, days)
    by_day: list[list[Plan]] = [[] for _ in days]
    for p in plans:
        by_day[p.day].append(p)
    rnd = rng.random
    for day_plans in by_day:
        for p in day_plans:
            p.minute = 7 * 60 + 5 * int(rnd() * 127)  # 07:00-17:30 local
        day_plans.sort(key=lambda p: p.minute)
    ordered = [p for day_plans in by_day for p in day_plans]
    del plans
    counts = [len(d) for d in by_day]
    stats["records_per_working_day"] = {
        "mean": round(sum(counts) / len(counts)), "min": min(counts), "max": max(counts),
        "bench_day": counts[bench_idx]}
    progress(f"  procedures planned: {len(ordered):,}; {counts[bench_idx]} on the bench day")

    # Patient ids in order of first visit; those never treated (paths that ended before
    # the first day) come last.
    patient_of: list[int] = [0] * N_PATIENTS
    first_day: list[int] = [-1] * (N_PATIENTS + 1)
    next_id = 1
    for p in ordered:
        if patient_of[p.patient] == 0:
            patient_of[p.patient] = next_id
            first_day[next_id] = p.day
            next_id += 1
    for patient in range(N_PATIENTS):
        if patient_of[patient] == 0:
            patient_of[patient] = next_id
            next_id += 1

    _STATE.update(days=days, bench_idx=bench_idx, ordered=ordered, patient_of=patient_of,
                  first_day=first_day, physicians=physicians, nurses=nurses, keys=keys)
    ctx = multiprocessing.get_context("fork")
    workers = max(1, min(2, os.cpu_count() or 1))
    with ctx.Pool(workers) as pool:
        facts: list[Any] = [None]
        treated: list[Any] = [None]
        step = 25_000
        for rows in pool.imap(_patient_chunk, [(lo, min(lo + step, N_PATIENTS + 1))
                                               for lo in range(1, N_PATIENTS + 1, step)]):
            insert("patients", [r[0] for r in rows])
            insert("name_tokens", [t for r in rows for t in r[3]])
            facts += [r[1] for r in rows]
            treated += [r[2] for r in rows]
    stats["patients"] = N_PATIENTS
    progress(f"  patients: {N_PATIENTS:,}")
    patient_created = _patient_created(conn)

    _STATE.update(facts=facts, treated=treated)
    status = {"draft": 0, "ready": 0, "signed": 0}
    totals = dict.fromkeys(("joints", "meds", "complications", "signatures", "prints",
                            "addenda"), 0)
    events: list[tuple[Any, ...]] = list(key_events)
    chunk = 20_000
    bounds = [(lo, min(lo + chunk, len(ordered) + 1)) for lo in range(1, len(ordered) + 1, chunk)]
    with ctx.Pool(workers) as pool:
        results = pool.imap(_record_chunk, bounds)
        for n in range(1, len(bounds) + 1):
            t = time.perf_counter()
            res = next(results)
            seconds["wait"] = seconds.get("wait", 0.0) + time.perf_counter() - t
            conn.execute("ATTACH DATABASE ? AS chunk", (res["path"],))
            for table, cols in _COLUMNS.items():
                t = time.perf_counter()
                names = ", ".join(cols)
                conn.execute(f"INSERT INTO main.{table} ({names})"
                             f" SELECT {names} FROM chunk.{table} ORDER BY rowid")
                seconds[table] = seconds.get(table, 0.0) + time.perf_counter() - t
                if table == "signatures":
                    insert("sign", [(res["first"], res["last"], res["first"], res["last"])])
            # DETACH needs no open transaction; the build is atomic anyway (the file is
            # renamed into place when complete).
            addendum_ids = dict(conn.execute(
                "SELECT record_id, id FROM main.addenda WHERE record_id BETWEEN ? AND ?",
                (res["first"], res["last"])).fetchall())
            conn.execute("COMMIT")
            conn.execute("DETACH DATABASE chunk")
            conn.execute("BEGIN")
            Path(res["path"]).unlink()
            for key, v in res["counts"].items():
                totals[key] += v
            for key, v in res["status"].items():
                status[key] += v
            events += [e if e[2] != "record_addendum" else
                       (*e[:5], e[5].replace(f'"{_AID}"', str(addendum_ids[e[3]])))
                       for e in res["events"]]
            if n % 10 == 0 or n == len(bounds):
                progress(f"  records: {res['last']:,} of {len(ordered):,}")
    stats["records"] = len(ordered)
    stats["status"] = status
    stats.update(totals)
    _STATE.clear()
    del ordered, facts, treated

    # Calls (issue 13): next-day calls with diary results, follow-ups after treatment -------
    t = time.perf_counter()
    stats["call_entries"] = _calls(conn, nurses)
    seconds["call_entries"] = time.perf_counter() - t
    progress(f"  calls: {stats['call_entries']:,}")

    # Audit trail: one hash chain in time order ---------------------------------------------
    events += [(at, "rn01", "patient_create", None, pid, "{}")
               for at, pid in patient_created]
    events.sort(key=lambda e: e[0])
    stats["audit_entries"] = len(events)
    out: Any = ctx.Queue(4)
    chainer = ctx.Process(target=_chain_chunks, args=(events, out), daemon=True)
    chainer.start()
    while (rows := out.get()) is not None:
        insert("audit", rows)
    chainer.join()
    del events
    stats["insert_seconds"] = {k: round(v, 1) for k, v in seconds.items()}
    progress(f"  audit trail: {stats['audit_entries']:,} entries")
    return stats


_CALL_SQL = (
    "INSERT INTO call_entries (record_id, patient_id, purpose, months, called_at,"
    " called_offset_min, outcome, problems, result_kind, peak_percent, clean_peak_percent,"
    " fu_pain, fu_relief, fu_impression, content, content_hash, nurse_id, nurse_username,"
    " printed_name, credentials, signed_at, signed_offset_min)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")


def _calls(conn: sqlite3.Connection, nurses: list[tuple[int, str]]) -> int:
    """Every procedure before the bench day got its next-day call (a tenth needed a second
    try, a twentieth were never reached); diagnostic blocks reached have a timed diary (one
    in twenty recalled relief), about two thirds positive under Medicare's 80%. RFAs have
    follow-ups at 3, 6 and 12 months, therapeutic procedures at 3, when those dates are
    past. Rows are what CallService.record writes: the call JSON, signed content and its
    SHA-256, and the columns reports count (built by the app's own code)."""
    from clinic_desk.domain.calls import (
        CallEntry,
        CallOutcome,
        FollowUpAnswers,
        Impression,
        add_months,
    )
    from clinic_desk.domain.diary import DIARY_MINUTES, DiaryPoint, Recalled, block_response
    from clinic_desk.domain.record import StaffRef
    from clinic_desk.storage.calls import signed_content

    rng = FastRandom(SEED * 17)
    rnd = rng.random
    bench_start = _utc(BENCH_DAY, 0)  # naive UTC, like every stored time
    now = _utc(BENCH_DAY, 17 * 60 + 45).replace(tzinfo=UTC)
    offset = timedelta(minutes=CLINIC_OFFSET_MIN)
    tz = UTC
    staff = [(i, StaffRef(u, f"Nurse {u.upper()}", "RN")) for i, u in nurses]
    impressions = list(Impression)
    rows: list[tuple[Any, ...]] = []
    total = 0

    def add(rid: int, pid: int, entry: CallEntry, n: int, peak: float | None,
            clean: float | None) -> None:
        nurse_id, nurse = staff[n % len(staff)]
        signed = entry.called_at + timedelta(minutes=4)
        content = signed_content(entry, nurse, signed)
        fu = entry.follow_up
        rows.append((
            rid, pid, "follow_up" if fu else "next_day", fu.months if fu else None,
            _db_time(entry.called_at.replace(tzinfo=None)), CLINIC_OFFSET_MIN,
            entry.outcome.value, "",
            "recalled" if entry.recalled else ("diary" if entry.diary else ""), peak, clean,
            fu.pain if fu else None, fu.relief_percent if fu else None,
            fu.impression.value if fu and fu.impression else None, content,
            hashlib.sha256(content.encode()).hexdigest(), nurse_id, nurse.username,
            nurse.full_name, nurse.credentials, _db_time(signed.replace(tzinfo=None)),
            CLINIC_OFFSET_MIN))

    def flush() -> None:
        nonlocal rows, total
        conn.executemany(_CALL_SQL, rows)
        total += len(rows)
        rows = []

    cursor = conn.execute(
        "SELECT id, patient_id, kind, block_number, performed_at, pain_before FROM records"
        " WHERE performed_at < ? ORDER BY id", (_db_time(bench_start),))
    for rid, pid, kind, block, performed_text, before in cursor.fetchall():
        performed = datetime.fromisoformat(performed_text).replace(tzinfo=tz)
        next_day = performed + timedelta(days=1)
        called = next_day.replace(hour=15, minute=int(rnd() * 120) % 60)
        if called > now:
            continue
        r = rnd()
        if r < 0.05:  # never reached
            tries, reached = [CallOutcome.NO_ANSWER, CallOutcome.LEFT_MESSAGE], False
        elif r < 0.15:  # reached at the second try
            tries, reached = [CallOutcome.NO_ANSWER], True
        else:
            tries, reached = [], True
        for n, outcome in enumerate(tries):
            add(rid, pid, CallEntry(rid, called + timedelta(hours=n), outcome), rid + n, None,
                None)
        if reached:
            at = called + timedelta(hours=len(tries))
            diagnostic = kind == "medial_branch_block" and block in (1, 2)
            if diagnostic and before:
                if rnd() < 0.05:
                    entry = CallEntry(rid, at, CallOutcome.REACHED,
                                      recalled=Recalled(int(rnd() * 101), round(rnd() * 8, 1)))
                else:
                    good = rnd() < 0.66
                    pains = []
                    for m in DIARY_MINUTES:
                        if good and m <= 180:
                            pain = int(rnd() * (before * 0.2 + 0.99))
                        else:
                            pain = min(10, max(0, before - int(rnd() * (before * 0.7 + 1))))
                        pains.append(DiaryPoint(m, pain))
                    entry = CallEntry(rid, at, CallOutcome.REACHED, diary=tuple(pains))
                resp = block_response(before, entry.diary, entry.recalled)
                add(rid, pid, entry, rid, resp.peak_relief_percent, resp.clean_peak_percent)
            else:
                add(rid, pid, CallEntry(rid, at, CallOutcome.REACHED), rid, None, None)
        if kind != "medial_branch_block" or block not in (1, 2):
            local_day = (performed + offset).date()
            for months in ((3, 6, 12) if kind == "radiofrequency_ablation" else (3,)):
                due = add_months(local_day, months)
                if due >= BENCH_DAY or rnd() < 0.3:
                    continue
                when = datetime.combine(due, datetime.min.time(), tz) + timedelta(hours=16)
                relief = int(rnd() * 101)
                answers = FollowUpAnswers(months, int(rnd() * 11), relief,
                                          impressions[min(6, int((100 - relief) / 15))])
                add(rid, pid, CallEntry(rid, when, CallOutcome.REACHED, follow_up=answers),
                    rid + months, None, None)
        if len(rows) >= 20_000:
            flush()
    flush()
    return total


def _patient_created(conn: sqlite3.Connection) -> list[tuple[datetime, int]]:
    return [(datetime.fromisoformat(at), pid)
            for pid, at in conn.execute("SELECT id, created_at FROM patients")]


# --- SQLite ----------------------------------------------------------------------------------

def build_sqlite(target: Path) -> dict[str, Any]:
    """Build the data set into `target` (through a temporary file, renamed when complete)."""
    from clinic_desk.services.auth import HASHER  # the app's own argon2id parameters

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    progress(f"building the SQLite data set {target.name} (once; cached)")
    db = Database(f"sqlite:///{tmp}")
    schema.upgrade(db)  # the real schema, triggers included
    db.dispose()
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    # Build-time only: the file is renamed into place only when complete, so a crash here
    # loses nothing; the app sets WAL and synchronous=FULL itself on every connection.
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-512000")
    conn.execute("BEGIN")
    stats = generate(conn, HASHER.hash(BUILD_PASSWORD))
    conn.execute("COMMIT")
    conn.close()
    t1 = time.perf_counter()
    db = Database(f"sqlite:///{tmp}")
    with db.engine.begin() as sa_conn:  # the rows went in below the app: summarise them
        stats["summary_procedures"] = report_summary.rebuild(sa_conn)
    db.dispose()
    stats["summary_s"] = round(time.perf_counter() - t1, 1)
    progress(f"  report summary built in {stats['summary_s']} s")
    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    os.replace(tmp, target)
    stats["build_s"] = round(time.perf_counter() - t0, 1)
    stats["size_mib"] = round(target.stat().st_size / 2**20)
    (target.with_suffix(".json")).write_text(json.dumps(stats, indent=1))
    progress(f"SQLite data set built in {stats['build_s']} s ({stats['size_mib']} MiB)")
    return stats


def ensure_sqlite(rebuild: bool = False) -> tuple[Path, dict[str, Any]]:
    """The cached SQLite data set for this schema and generator, built if missing."""
    path = sqlite_cache_path()
    if rebuild or not path.exists():
        # Files of an older schema or generator at this size are stale.
        for old in CACHE.glob(f"clinic-*-p{N_PATIENTS}-r{N_RECORDS}.*"):
            if not old.name.startswith(path.stem):
                old.unlink()
        stats = build_sqlite(path)
        stats["built_now"] = True
        return path, stats
    info = path.with_suffix(".json")
    stats = json.loads(info.read_text()) if info.exists() else {}
    stats["built_now"] = False
    return path, stats


# --- PostgreSQL ------------------------------------------------------------------------------

PG_SERIAL = ("users", "patients", "records", "record_joints", "record_medications",
             "record_complications", "addenda", "handout_prints", "signing_keys",
             "call_entries")


# The report summary (migration 0011) is copied as built in SQLite; these order the COPY.
SUMMARY_KEYS = {"report_facts": "record_id", "report_fact_complications": "record_id",
                "report_day_counts": "day", "report_month_values": "month",
                "report_day_complications": "day"}


def pg_server() -> Any:
    """A PostgreSQL server (pgserver) whose data directory lives in the cache; it stops when
    the last process that asked for it exits."""
    import pgserver

    CACHE.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(CACHE / "runtime"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    return pgserver.get_server(str(CACHE / "pgdata"), cleanup_mode="stop")


def pg_url(server: Any, database: str, driver: bool = True) -> str:
    uri: str = server.get_uri()
    uri = uri.replace("/postgres?", f"/{database}?", 1)
    return uri.replace("postgresql://", "postgresql+psycopg://", 1) if driver else uri


def _pg_databases(server: Any) -> set[str]:
    import psycopg

    with psycopg.connect(pg_url(server, "postgres", driver=False), autocommit=True) as conn:
        return {r[0] for r in conn.execute("SELECT datname FROM pg_database")}


def _pg_copy(server: Any, database: str, sqlite_path: Path, table: str,
             bounds: tuple[int, int] | None = None) -> tuple[str, int, float]:
    """COPY one table (or one key range of it) from the SQLite data set, in its own
    transaction. Signed records go in as 'ready', one version back (see _pg_sign)."""
    import psycopg

    t = time.perf_counter()
    lite = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    info = [(r[1], r[2].upper()) for r in lite.execute(f"PRAGMA table_info({table})")]
    cols = [c for c, _ in info]
    # SQLite writes each row as one line of COPY text, so Python only passes strings on.
    fields = []
    for col, decl in info:
        value = col
        if table == "records" and col == "status":
            value = "CASE status WHEN 'signed' THEN 'ready' ELSE status END"
        elif table == "records" and col == "version":
            value = "CASE status WHEN 'signed' THEN version - 1 ELSE version END"
        if decl == "BLOB":
            expr = f"'\\\\x' || hex({value})"
        elif decl.startswith(("VARCHAR", "TEXT")):
            expr = (f"replace(replace(replace(replace({value}, '\\', '\\\\'),"
                    f" char(9), '\\t'), char(10), '\\n'), char(13), '\\r')")
        else:
            expr = f"CAST({value} AS TEXT)"
        fields.append(f"COALESCE({expr}, '\\N')")
    line = " || char(9) || ".join(fields)
    key = {"signatures": "record_id", "audit_log": "seq",
           "patient_name_tokens": "patient_id", **SUMMARY_KEYS}.get(table, "id")
    where = f" WHERE {key} BETWEEN {bounds[0]} AND {bounds[1]}" if bounds else ""
    n = 0
    cursor = lite.execute(f"SELECT {line} FROM {table}{where} ORDER BY {key}")
    with psycopg.connect(pg_url(server, database, driver=False)) as conn:
        with conn.cursor().copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
            while rows := cursor.fetchmany(5000):
                copy.write("\n".join(r[0] for r in rows) + "\n")
                n += len(rows)
        conn.commit()
    lite.close()
    return table, n, time.perf_counter() - t


def _pg_sign(server: Any, database: str, bounds: tuple[int, int]) -> tuple[str, int, float]:
    """The records INSERT trigger refuses 'signed': flip the records that have their
    signature row, through the trigger that checks it."""
    import psycopg

    t = time.perf_counter()
    with psycopg.connect(pg_url(server, database, driver=False)) as conn:
        cur = conn.execute(
            "UPDATE records SET status = 'signed', version = version + 1"
            " WHERE id BETWEEN %s AND %s AND id IN (SELECT record_id FROM signatures"
            " WHERE record_id BETWEEN %s AND %s)", (*bounds, *bounds))
        conn.commit()
        return "sign", cur.rowcount, time.perf_counter() - t


def _halves(sqlite_path: Path, table: str, key: str = "id", parts: int = 2
            ) -> list[tuple[int, int]]:
    lite = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True)
    lo, hi = lite.execute(f"SELECT MIN({key}), MAX({key}) FROM {table}").fetchone()
    lite.close()
    if lo is None:
        return []
    step = (hi - lo) // parts + 1
    return [(a, min(a + step - 1, hi)) for a in range(lo, hi + 1, step)]


def build_pg(server: Any, sqlite_path: Path) -> dict[str, Any]:
    """Load the SQLite data set into a new PostgreSQL database with the real schema.

    COPY, table by table in dependency order; each phase runs two loads at once (one per
    core: the triggers and foreign keys that check every row keep the server busy).
    """
    import psycopg

    name = pg_database_name()
    loading = name + "_loading"
    t0 = time.perf_counter()
    progress(f"loading the data set into PostgreSQL database {name} (once; cached)")
    with psycopg.connect(pg_url(server, "postgres", driver=False), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{loading}"')
        admin.execute(f'CREATE DATABASE "{loading}"')
    db = Database(pg_url(server, loading))
    schema.upgrade(db)  # the real schema, triggers included
    db.dispose()
    seconds: dict[str, float] = {}

    def run(jobs: list[tuple[Any, ...]]) -> None:
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(fn, *args) for fn, *args in jobs]
            for f in concurrent.futures.as_completed(futures):
                what, n, secs = f.result()
                seconds[what] = round(seconds.get(what, 0.0) + secs, 1)
                progress(f"  {what}: {n:,} rows in {secs:.1f} s")

    def copy(table: str, key: str = "id") -> list[tuple[Any, ...]]:
        return [(_pg_copy, server, loading, sqlite_path, table, b)
                for b in _halves(sqlite_path, table, key)]

    run([(_pg_copy, server, loading, sqlite_path, "users", None)])
    run([(_pg_copy, server, loading, sqlite_path, "signing_keys", None), *copy("patients")])
    run(copy("patient_name_tokens", "patient_id"))
    # The audit trail in one piece, in order: its trigger admits only the chain's next entry.
    run([*copy("records"), (_pg_copy, server, loading, sqlite_path, "audit_log", None)])
    run(copy("record_joints") + copy("record_medications") + copy("signatures", "record_id")
        + [(_pg_copy, server, loading, sqlite_path, t, None)
           for t in ("record_complications", "addenda", "handout_prints")]
        + copy("call_entries") + copy("report_facts", "record_id")
        + [(_pg_copy, server, loading, sqlite_path, t, None)
           for t in report_summary.TABLES if t != "report_facts"])
    run([(_pg_sign, server, loading, b) for b in _halves(sqlite_path, "records")])
    with psycopg.connect(pg_url(server, loading, driver=False), autocommit=True) as conn:
        for table in PG_SERIAL:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                         f" (SELECT COALESCE(MAX(id), 1) FROM {table}))")
        t = time.perf_counter()
        # The sign UPDATE left a dead copy of every signed record (status is indexed, so no
        # HOT update): compact the table, as autovacuum would over time; then statistics.
        conn.execute("VACUUM (FULL) records")
        conn.execute("VACUUM (ANALYZE)")
        seconds["vacuum"] = round(time.perf_counter() - t, 1)
    with psycopg.connect(pg_url(server, "postgres", driver=False), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{loading}" RENAME TO "{name}"')
        size = admin.execute(f"SELECT pg_database_size('{name}')").fetchone()
    stats: dict[str, Any] = {"seconds": seconds}
    stats["build_s"] = round(time.perf_counter() - t0, 1)
    stats["size_mib"] = round((size[0] if size else 0) / 2**20)
    (CACHE / f"{name}.json").write_text(json.dumps(stats, indent=1))
    progress(f"PostgreSQL data set loaded in {stats['build_s']} s ({stats['size_mib']} MiB)")
    return stats


def ensure_pg(server: Any, sqlite_path: Path, rebuild: bool = False) -> tuple[str, dict[str, Any]]:
    """URL of the cached PostgreSQL data set for this schema and generator, loaded if missing;
    databases of older keys are dropped."""
    import psycopg

    name = pg_database_name()
    existing = _pg_databases(server)
    suffix = f"_p{N_PATIENTS}_r{N_RECORDS}"
    stale = {d for d in existing if d.startswith("bench_") and d != name
             and d.removesuffix("_loading").endswith(suffix)}
    if rebuild and name in existing:
        stale.add(name)
    if stale:
        with psycopg.connect(pg_url(server, "postgres", driver=False), autocommit=True) as admin:
            for d in stale:
                admin.execute(f'DROP DATABASE IF EXISTS "{d}"')
    if rebuild or name not in existing:
        stats = build_pg(server, sqlite_path)
        stats["built_now"] = True
    else:
        info = CACHE / f"{name}.json"
        stats = json.loads(info.read_text()) if info.exists() else {}
        stats["built_now"] = False
    return pg_url(server, name), stats
