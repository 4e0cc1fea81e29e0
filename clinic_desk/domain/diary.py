"""The pain diary after a diagnostic block and the block response computed from it.

One definition of the diary's time points serves the printed handout, the diary entry form,
the call JSON and the checks (STYLE.md 7). The response follows REFERENCE.md 4:
% relief = (baseline - diary score) / baseline x 100, the baseline being the pre-procedure
score on the same 0-10 scale (LCD P1, REFERENCE.md 3.4). Whether a block is positive depends
on the clinic's rule profile: Medicare uses at least 80% relief of the index pain (3.4 D2,
1.4); some commercial payers use 50% (1.4), so a clinic adds profiles as data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum
from typing import Any

from .errors import FieldIssue, ValidationError

# Diary times after the end of the procedure (REFERENCE.md 4: the first hour matters most,
# then hourly to 6 hours while the numbing medicine lasts). The handout prints these rows and
# the diary entry form asks for exactly these.
DIARY_OFFSETS: tuple[timedelta, ...] = (
    timedelta(minutes=15), timedelta(minutes=30),
    *(timedelta(hours=h) for h in range(1, 7)),
)
DIARY_MINUTES: tuple[int, ...] = tuple(int(o.total_seconds() // 60) for o in DIARY_OFFSETS)


def diary_label(minutes: int) -> str:
    """"15 min", "1 h", "6 h": the English column label of one diary time point."""
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h"


@dataclass(frozen=True, slots=True)
class DiaryPoint:
    """One row of the diary as the patient filled it in."""

    after_minutes: int
    pain: int
    activity: str = ""
    pain_medicine: bool = False  # took something for pain at or before this time


@dataclass(frozen=True, slots=True)
class Recalled:
    """What the patient remembers when no diary was kept: less reliable (REFERENCE.md 4)."""

    best_relief_percent: int
    hours: float


class BlockResult(str, Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    INDETERMINATE = "indeterminate"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {"positive": "Positive", "negative": "Negative",
                "indeterminate": "Indeterminate", "missing": "Not recorded"}[self.value]


@dataclass(frozen=True, slots=True)
class RuleProfile:
    """A payer's threshold for a positive diagnostic block.

    `min_hours` is the duration the relief must last; None (the default) leaves duration as
    information only, because expected durations per anaesthetic are contentious and the
    per-drug cut-offs are UNCONFIRMED (REFERENCE.md 4)."""

    key: str
    name: str
    positive_percent: int
    min_hours: float | None = None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "positive_percent": self.positive_percent,
                "min_hours": self.min_hours, "source": self.source}


MEDICARE = RuleProfile("medicare", "Medicare LCD", 80, None,
                       "At least 80% relief of the index pain (REFERENCE.md 3.4 D2, 1.4)")


def profiles_from_list(data: Any) -> tuple[RuleProfile, ...]:
    """The clinic's added profiles, from settings data; the Medicare profile always exists."""
    if data is None:
        return ()
    if not isinstance(data, list):
        raise ValidationError("Rule profiles must be a list.", "profiles")
    issues: list[FieldIssue] = []
    out: list[RuleProfile] = []
    keys = {MEDICARE.key}
    for n, item in enumerate(data):
        where = f"profiles[{n}]"
        if not isinstance(item, Mapping):
            issues.append(FieldIssue(where, "Each profile is an object."))
            continue
        unknown = set(item) - {"key", "name", "positive_percent", "min_hours", "source"}
        issues.extend(FieldIssue(f"{where}.{k}"[:80], "Unknown field; check its spelling.")
                      for k in sorted(map(str, unknown)))
        key, name = item.get("key"), item.get("name")
        if not isinstance(key, str) or not key.strip() or len(key) > 40:
            issues.append(FieldIssue(f"{where}.key", "Give a short key, e.g. \"commercial-50\"."))
        elif key.strip() in keys:
            issues.append(FieldIssue(f"{where}.key", "Another profile has this key."))
        if not isinstance(name, str) or not name.strip() or len(name) > 80:
            issues.append(FieldIssue(f"{where}.name", "Give the profile's name."))
        pct = item.get("positive_percent")
        if isinstance(pct, bool) or not isinstance(pct, int) or not 1 <= pct <= 100:
            issues.append(FieldIssue(f"{where}.positive_percent",
                                     "Use a whole number from 1 to 100."))
        hours = item.get("min_hours")
        if hours is not None and (isinstance(hours, bool) or not isinstance(hours, (int, float))
                                  or not 0 < hours <= 72):
            issues.append(FieldIssue(f"{where}.min_hours",
                                     "Use a number of hours above 0 and at most 72, or none "
                                     "(the duration stays information only)."))
        source = item.get("source", "")
        if not isinstance(source, str) or len(source) > 200:
            issues.append(FieldIssue(f"{where}.source", "Use text of at most 200 characters."))
        if not any(i.field.startswith(where) for i in issues):
            keys.add(str(key).strip())
            out.append(RuleProfile(str(key).strip(), str(name).strip(), int(pct),  # type: ignore[arg-type]
                                   None if hours is None else float(hours), str(source)))
    if issues:
        raise ValidationError(issues)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PointRelief:
    after_minutes: int
    pain: int
    relief_percent: float
    activity: str = ""
    pain_medicine: bool = False


@dataclass(frozen=True, slots=True)
class BlockResponse:
    """The response to one diagnostic block under one rule profile, with how it was reached."""

    result: BlockResult
    profile: RuleProfile
    baseline: int | None
    points: tuple[PointRelief, ...] = ()
    peak_relief_percent: float | None = None
    hours_50: float | None = None
    hours_80: float | None = None
    recalled: bool = False
    reasons: tuple[str, ...] = field(default_factory=tuple)
    # Best relief before any pain medicine: what the result is judged on (reports use it).
    clean_peak_percent: float | None = None

    @property
    def reliability(self) -> str:
        if self.recalled:
            return ("Recalled by the patient: less reliable than a timed diary "
                    "(REFERENCE.md 4).")
        return "Timed diary." if self.points else ""

    @property
    def formula(self) -> str:
        """The computation in words, as the diary form and the pathway show it."""
        if self.recalled:
            return ("Relief as the patient recalled it; no diary scores to compute from.")
        if self.baseline is None:
            return "% relief = (baseline - diary score) / baseline x 100; no baseline recorded."
        return (f"% relief = ({self.baseline} - diary score) / {self.baseline} x 100 "
                f"(baseline = pre-procedure score {self.baseline}/10)")

    def as_json(self) -> dict[str, Any]:
        return {
            "result": self.result.value, "profile": self.profile.key,
            "baseline": self.baseline, "peak_relief_percent": self.peak_relief_percent,
            "hours_50": self.hours_50, "hours_80": self.hours_80, "recalled": self.recalled,
            "points": [{"after_minutes": p.after_minutes, "pain": p.pain,
                        "relief_percent": p.relief_percent} for p in self.points],
            "reasons": list(self.reasons),
        }


def relief_percent(baseline: int, pain: int) -> float:
    """(baseline - pain) / baseline x 100, one decimal (REFERENCE.md 4); baseline > 0."""
    return round((baseline - pain) / baseline * 100.0, 1)


def _longest_hours(points: Sequence[PointRelief], cut: float) -> float:
    """Longest unbroken run of diary times at or above `cut`, from its first time to its last.

    A lower bound: relief may have lasted until the next diary time. One time alone is 0 h."""
    best = 0.0
    start: int | None = None
    for p in points:
        if p.relief_percent >= cut:
            if start is None:
                start = p.after_minutes
            best = max(best, (p.after_minutes - start) / 60.0)
        else:
            start = None
    return round(best, 2)


def missing_response(profile: RuleProfile = MEDICARE, baseline: int | None = None) -> BlockResponse:
    return BlockResponse(BlockResult.MISSING, profile, baseline,
                         reasons=("No diary result recorded.",))


def block_response(baseline: int | None, diary: Sequence[DiaryPoint] = (),
                   recalled: Recalled | None = None,
                   profile: RuleProfile = MEDICARE) -> BlockResponse:
    """Classify one diagnostic block from its diary (or recalled relief) under `profile`.

    Positive: the best relief at a diary time without pain medicine reaches the profile's
    percentage (and, if the profile sets one, lasts its hours). Pain medicine taken at or
    before a diary time clouds that time and every later one (REFERENCE.md 4 asks patients
    to avoid it so the result reflects the block). Indeterminate: no baseline above 0 on the
    same scale (LCD P1), no unclouded time, or only clouded times reach the percentage.
    Negative otherwise. Recalled relief is classified the same way and marked less reliable.
    This function is pure: exports (FHIR) may call it with the stored entries."""
    cut = profile.positive_percent
    if recalled is not None:
        pct = float(recalled.best_relief_percent)
        ok = pct >= cut and (profile.min_hours is None or recalled.hours >= profile.min_hours)
        reasons = [f"Recalled best relief {pct:g}% for {recalled.hours:g} h."]
        if pct >= cut and not ok:
            reasons.append(f"Relief did not last {profile.min_hours:g} h ({profile.name}).")
        return BlockResponse(
            BlockResult.POSITIVE if ok else BlockResult.NEGATIVE, profile, baseline,
            peak_relief_percent=pct,
            hours_50=recalled.hours if pct >= 50 else 0.0,
            hours_80=recalled.hours if pct >= 80 else 0.0,
            recalled=True, reasons=tuple(reasons), clean_peak_percent=pct)
    if not diary:
        return missing_response(profile, baseline)
    if baseline is None or baseline <= 0:
        why = ("No pre-procedure pain score: relief cannot be computed on the same scale "
               "(LCD P1)." if baseline is None else
               "The pre-procedure pain score was 0: there was no pain to relieve.")
        return BlockResponse(BlockResult.INDETERMINATE, profile, baseline, reasons=(why,))
    ordered = sorted(diary, key=lambda d: d.after_minutes)
    points: list[PointRelief] = []
    clouded = False
    clean: list[PointRelief] = []
    for d in ordered:
        p = PointRelief(d.after_minutes, d.pain, relief_percent(baseline, d.pain), d.activity,
                        d.pain_medicine)
        points.append(p)
        clouded = clouded or d.pain_medicine
        if not clouded:
            clean.append(p)
    peak = max(p.relief_percent for p in points)
    clean_peak = max((p.relief_percent for p in clean), default=None)
    hours = _longest_hours(clean, cut)
    reasons = []
    if clean_peak is None:
        result = BlockResult.INDETERMINATE
        reasons.append("Pain medicine was taken before the first diary time.")
    elif clean_peak >= cut:
        if profile.min_hours is not None and hours < profile.min_hours:
            result = BlockResult.NEGATIVE
            reasons.append(f"At least {cut}% relief lasted {hours:g} h; {profile.name} "
                           f"asks for {profile.min_hours:g} h.")
        else:
            result = BlockResult.POSITIVE
            reasons.append(f"Peak relief {clean_peak:g}% reaches {cut}% ({profile.name}).")
    elif peak >= cut:
        result = BlockResult.INDETERMINATE
        reasons.append(f"Relief reached {cut}% only after pain medicine was taken.")
    else:
        result = BlockResult.NEGATIVE
        reasons.append(f"Peak relief {clean_peak:g}% is below {cut}% ({profile.name}).")
    return BlockResponse(
        result, profile, baseline, tuple(points), peak_relief_percent=peak,
        hours_50=_longest_hours(clean, 50), hours_80=_longest_hours(clean, 80),
        reasons=tuple(reasons), clean_peak_percent=clean_peak)


__all__ = ["DIARY_MINUTES", "DIARY_OFFSETS", "MEDICARE", "BlockResponse", "BlockResult",
           "DiaryPoint", "PointRelief", "Recalled", "RuleProfile", "block_response",
           "diary_label", "missing_response", "profiles_from_list", "relief_percent"]
