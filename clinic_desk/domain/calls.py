"""Next-day calls and outcome follow-ups: what a nurse records, and who is due a call.

A call is a separate, nurse-signed entry linked to a procedure record; it never changes the
signed record (REFERENCE.md 7.2: corrections add, never change). The next-day call follows
REFERENCE.md 5.6 (call the next business day; the patient reports relief and how long it
lasted); outcome follow-ups after RFA and therapeutic procedures record the IMMPACT core
items of REFERENCE.md 4.1: pain 0-10, percent relief and the 7-point global impression of
change. No copyrighted questionnaire text is shipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from .diary import DiaryPoint, Recalled
from .errors import FieldIssue, ValidationError
from .procedures import ComplicationKind, ProcedureKind, is_diagnostic
from .record import StaffRef


class CallOutcome(str, Enum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    LEFT_MESSAGE = "left_message"

    @property
    def label(self) -> str:
        return {"reached": "Reached", "no_answer": "No answer",
                "left_message": "Left message"}[self.value]


class Impression(str, Enum):
    """Patient Global Impression of Change, 7 points (REFERENCE.md 4.1); staff-facing labels."""

    VERY_MUCH_IMPROVED = "very_much_improved"
    MUCH_IMPROVED = "much_improved"
    MINIMALLY_IMPROVED = "minimally_improved"
    NO_CHANGE = "no_change"
    MINIMALLY_WORSE = "minimally_worse"
    MUCH_WORSE = "much_worse"
    VERY_MUCH_WORSE = "very_much_worse"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Measure:
    """A clinic's own outcome measure (e.g. a licensed disability index), added as data:
    Clinic Desk ships no questionnaire text (REFERENCE.md 4.1), only the name and the range
    of the score the clinic records."""

    key: str
    name: str
    low: int = 0
    high: int = 100

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "low": self.low, "high": self.high}


def measures_from_list(data: Any) -> tuple[Measure, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ValidationError("Measures must be a list.", "measures")
    issues: list[FieldIssue] = []
    out: list[Measure] = []
    for n, item in enumerate(data):
        where = f"measures[{n}]"
        if not isinstance(item, dict):
            issues.append(FieldIssue(where, "Each measure is an object."))
            continue
        unknown = set(item) - {"key", "name", "low", "high"}
        issues.extend(FieldIssue(f"{where}.{k}"[:80], "Unknown field; check its spelling.")
                      for k in sorted(map(str, unknown)))
        key, name = item.get("key"), item.get("name")
        low, high = item.get("low", 0), item.get("high", 100)
        before = len(issues)
        if (not isinstance(key, str) or not key.strip() or len(key) > 40
                or any(m.key == key for m in out)):
            issues.append(FieldIssue(f"{where}.key", "Give a short key used by no other "
                                                     "measure, e.g. \"odi\"."))
        if not isinstance(name, str) or not name.strip() or len(name) > 80:
            issues.append(FieldIssue(f"{where}.name", "Give the measure's name."))
        for label, value in (("low", low), ("high", high)):
            if isinstance(value, bool) or not isinstance(value, int) or not (
                    -1000 <= value <= 100_000):
                issues.append(FieldIssue(f"{where}.{label}", "Use a whole number."))
        if len(issues) == before and low >= high:
            issues.append(FieldIssue(f"{where}.high", "The highest score must be above the "
                                                      "lowest."))
        if len(issues) == before:
            out.append(Measure(str(key).strip(), str(name).strip(), int(low), int(high)))
    if issues:
        raise ValidationError(issues)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class FollowUpAnswers:
    """An outcome follow-up at `months` after an RFA or therapeutic procedure; `measures`
    holds the scores of the clinic's own measures as (key, score) pairs."""

    months: int
    pain: int | None = None
    relief_percent: int | None = None
    impression: Impression | None = None
    measures: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class CallEntry:
    """One call about one procedure record, signed by the nurse who made it."""

    record_id: int
    called_at: datetime
    outcome: CallOutcome
    problems: tuple[ComplicationKind, ...] = ()  # () when reached = "none"
    diary: tuple[DiaryPoint, ...] = ()
    recalled: Recalled | None = None
    follow_up: FollowUpAnswers | None = None
    note: str = ""
    nurse: StaffRef | None = None
    signed_at: datetime | None = None
    content_hash: str = ""
    id: int | None = None

    @property
    def has_diary_result(self) -> bool:
        return bool(self.diary) or self.recalled is not None


# The range of each call setting (of each item, for the two lists); the settings page's
# fields and the JSON check use the same numbers.
CALL_LIMITS: dict[str, tuple[int, int]] = {
    "days_after": (1, 14), "max_tries": (1, 10), "retry_days": (1, 60),
    "follow_up_window_days": (1, 180), "clinic_weekdays": (0, 6), "follow_up_months": (1, 60),
}


@dataclass(frozen=True, slots=True)
class CallSettings:
    """When calls are due; clinic-wide, stored in the database like the rule settings."""

    days_after: int = 1  # clinic days after the procedure
    clinic_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday=0; weekends are not clinic days
    max_tries: int = 3  # unanswered tries before the patient is flagged
    retry_days: int = 7  # an unreached patient stays on the list this many days
    follow_up_months: tuple[int, ...] = (3, 6, 12)
    follow_up_window_days: int = 30  # a follow-up stays due this long after its date

    def to_dict(self) -> dict[str, Any]:
        return {"days_after": self.days_after, "clinic_weekdays": list(self.clinic_weekdays),
                "max_tries": self.max_tries, "retry_days": self.retry_days,
                "follow_up_months": list(self.follow_up_months),
                "follow_up_window_days": self.follow_up_window_days}

    @classmethod
    def from_dict(cls, data: Any) -> CallSettings:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValidationError("Call settings must be an object.", "calls")
        issues: list[FieldIssue] = []
        out: dict[str, Any] = {}
        for name, (low, high) in CALL_LIMITS.items():
            if name in ("clinic_weekdays", "follow_up_months"):
                continue
            if name in data:
                v = data[name]
                if isinstance(v, bool) or not isinstance(v, int) or not low <= v <= high:
                    issues.append(FieldIssue(f"calls.{name}",
                                             f"Use a whole number from {low} to {high}."))
                else:
                    out[name] = v
        for name in ("clinic_weekdays", "follow_up_months"):
            low, high = CALL_LIMITS[name]
            if name in data:
                v = data[name]
                if (not isinstance(v, list) or not v or any(
                        isinstance(x, bool) or not isinstance(x, int) or not low <= x <= high
                        for x in v)):
                    issues.append(FieldIssue(f"calls.{name}",
                                             f"Use a list of whole numbers from {low} to {high}."))
                else:
                    out[name] = tuple(sorted(set(v)))
        unknown = set(data) - set(cls().to_dict())
        issues.extend(FieldIssue(f"calls.{k}"[:80], "There is no setting with this name.")
                      for k in sorted(map(str, unknown)))
        if issues:
            raise ValidationError(issues)
        return cls(**out)


def previous_clinic_day(day: date, settings: CallSettings) -> date:
    """The clinic day `days_after` clinic days before `day`."""
    d = day
    for _ in range(settings.days_after):
        d -= timedelta(days=1)
        while d.weekday() not in settings.clinic_weekdays:
            d -= timedelta(days=1)
    return d


def next_day_window(day: date, settings: CallSettings) -> tuple[date, date]:
    """Procedure dates [first, last) whose next-day call is due on `day`: from the previous
    clinic day up to `day`, so a Monday list also holds Saturday's and Sunday's patients."""
    return previous_clinic_day(day, settings), day


def needs_follow_up(kind: ProcedureKind, block_number: int | None) -> bool:
    """Outcomes are followed after RFA and therapeutic procedures (issue 13, REFERENCE 4.1)."""
    return not is_diagnostic(kind, block_number)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (the month's last day when it is shorter)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def follow_ups_due(performed: date, kind: ProcedureKind, block_number: int | None,
                   done_months: Sequence[int], day: date,
                   settings: CallSettings) -> tuple[int, ...]:
    """Which follow-ups (months) are due on `day` for one procedure."""
    if not needs_follow_up(kind, block_number):
        return ()
    due: list[int] = []
    for months in settings.follow_up_months:
        when = add_months(performed, months)
        if (months not in done_months and when <= day
                and (day - when).days <= settings.follow_up_window_days):
            due.append(months)
    return tuple(due)


def performed_window(months: int, day: date, settings: CallSettings) -> tuple[date, date]:
    """The procedure dates [first, last] whose `months` follow-up is due on `day`: those
    `follow_ups_due` lists it for (add_months never decreases, so they are one range)."""
    earliest = day - timedelta(days=settings.follow_up_window_days)
    first = add_months(earliest, -months) - timedelta(days=3)
    while add_months(first, months) < earliest:
        first += timedelta(days=1)
    last = add_months(day, -months) + timedelta(days=3)
    while add_months(last, months) > day:
        last -= timedelta(days=1)
    return first, last


class CallPurpose(str, Enum):
    NEXT_DAY = "next_day"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True, slots=True)
class CallListRow:
    """One line of the Calls page: who to call about which procedure, and what to ask."""

    record_id: int
    patient_id: int
    mrn: str
    patient_name: str
    phone: str
    performed_at: datetime
    kind: ProcedureKind
    block_number: int | None
    levels: str
    purpose: CallPurpose
    months: int | None = None
    tries: int = 0
    flagged: bool = False
    last_outcome: CallOutcome | None = None

    @property
    def procedure(self) -> str:
        from .procedures import procedure_title
        return procedure_title(self.kind, self.block_number)

    @property
    def ask(self) -> str:
        if self.purpose is CallPurpose.FOLLOW_UP:
            return (f"{self.months}-month follow-up: pain 0-10, % relief, "
                    "global impression of change")
        if is_diagnostic(self.kind, self.block_number):
            return "Problems since discharge; pain diary scores (or best relief and how long)"
        return "Problems since discharge"

    @property
    def status(self) -> str:
        if self.flagged:
            return f"Flagged: {self.tries} tries without reaching the patient"
        if self.tries:
            return f"Tried {self.tries}" + (f" ({self.last_outcome.label.lower()})"
                                            if self.last_outcome else "")
        return "Not called"


@dataclass(frozen=True, slots=True)
class CallHistory:
    """The next-day calls about one record so far: tries, whether reached, the last outcome."""

    tries: int = 0
    reached: bool = False
    last_outcome: CallOutcome | None = None


@dataclass(frozen=True, slots=True)
class CallPage:
    """One page of the Calls list, with the counts of the whole list."""

    rows: tuple[CallListRow, ...]
    total: int
    follow_ups: int
    flagged: int


__all__ = [
    "CALL_LIMITS",
    "CallEntry",
    "CallHistory",
    "CallListRow",
    "CallOutcome",
    "CallPage",
    "CallPurpose",
    "CallSettings",
    "FollowUpAnswers",
    "Impression",
    "Measure",
    "add_months",
    "follow_ups_due",
    "measures_from_list",
    "needs_follow_up",
    "next_day_window",
    "performed_window",
    "previous_clinic_day",
]
