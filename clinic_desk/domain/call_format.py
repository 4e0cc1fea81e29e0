"""The call JSON ("clinic-desk/call@1"): a call and its diary results, read and written.

Every problem is reported with its field path ("diary[1].pain") and nothing is accepted
half-way. The JSON Schema is in docs/record-format.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .calls import CallEntry, CallOutcome, FollowUpAnswers, Impression, Measure
from .diary import DIARY_MINUTES, DiaryPoint, Recalled, diary_label
from .errors import FieldIssue, ValidationError
from .procedures import ComplicationKind
from .validation import parse_datetime, parse_text

FORMAT = "clinic-desk/call@1"
_KEYS = {"format", "called_at", "outcome", "problems", "diary", "recalled", "follow_up", "note"}
_POINT_KEYS = {"after_minutes", "pain", "activity", "pain_medicine"}
_PROBLEMS = ("none", *(k.value for k in ComplicationKind))


def _int(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"Use a whole number from {low} to {high}.")
    return value


def _number(value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValidationError(f"Use a number from {low:g} to {high:g}.")
    return float(value)


def parse_call(data: Any, record_id: int, diagnostic: bool,
               follow_up_months: tuple[int, ...] = (3, 6, 12),
               measures: Sequence[Measure] | None = ()) -> CallEntry:
    """One call object -> CallEntry for `record_id` (a diagnostic block may carry a diary).

    `measures` are the clinic's own outcome measures a follow-up may score; None accepts any
    (a stored call, checked against the settings of its day when it was saved)."""
    issues: list[FieldIssue] = []

    def bad(path: str, message: str) -> None:
        issues.append(FieldIssue(path, message))

    if not isinstance(data, Mapping):
        raise ValidationError("The call must be a JSON object.")
    for key in data:
        if not isinstance(key, str) or key not in _KEYS:
            bad(str(key)[:40], "Unknown field; check its spelling.")
    if data.get("format") != FORMAT:
        bad("format", f'Use "{FORMAT}".')
    called_at: datetime | None = None
    try:
        called_at = parse_datetime(data.get("called_at"), "call time")
    except ValidationError as e:
        bad("called_at", e.issues[0].message)
    outcome: CallOutcome | None = None
    raw = data.get("outcome")
    if isinstance(raw, str) and raw in {o.value for o in CallOutcome}:
        outcome = CallOutcome(raw)
    else:
        bad("outcome", "Use one of: " + ", ".join(o.value for o in CallOutcome) + ".")
    reached = outcome is CallOutcome.REACHED

    problems: list[ComplicationKind] = []
    raw_problems = data.get("problems")
    if raw_problems is None:
        raw_problems = []
    if not isinstance(raw_problems, list):
        bad("problems", "This must be a list.")
        raw_problems = []
    for n, p in enumerate(raw_problems):
        if not isinstance(p, str) or p not in _PROBLEMS:
            bad(f"problems[{n}]", "Use one of: " + ", ".join(_PROBLEMS) + ".")
        elif p != "none":
            if ComplicationKind(p) in problems:
                bad(f"problems[{n}]", "This problem is listed twice.")
            problems.append(ComplicationKind(p))
    if "none" in raw_problems and problems:
        bad("problems", '"none" cannot be listed with a problem.')
    if problems and not reached:
        bad("problems", "Problems are recorded only when the patient was reached.")

    diary: list[DiaryPoint] = []
    raw_diary = data.get("diary")
    if raw_diary is not None:
        if not isinstance(raw_diary, list):
            bad("diary", "This must be a list of diary times.")
        else:
            seen: set[int] = set()
            for n, item in enumerate(raw_diary):
                path = f"diary[{n}]"
                if not isinstance(item, Mapping):
                    bad(path, "Each diary time is an object.")
                    continue
                for key in item:
                    if not isinstance(key, str) or key not in _POINT_KEYS:
                        bad(f"{path}.{str(key)[:40]}", "Unknown field; check its spelling.")
                minutes = item.get("after_minutes")
                if isinstance(minutes, bool) or minutes not in DIARY_MINUTES:
                    bad(f"{path}.after_minutes", "Use one of the handout's diary times: "
                        + ", ".join(str(m) for m in DIARY_MINUTES) + " minutes.")
                    continue
                if minutes in seen:
                    bad(f"{path}.after_minutes",
                        f"The {diary_label(minutes)} time is given twice.")
                    continue
                seen.add(minutes)
                try:
                    pain = _int(item.get("pain"), 0, 10)
                except ValidationError as e:
                    bad(f"{path}.pain", "The pain score: " + e.issues[0].message)
                    continue
                try:
                    activity = parse_text(item.get("activity"), "activity", 200, False)
                except ValidationError as e:
                    bad(f"{path}.activity", e.issues[0].message)
                    continue
                medicine = item.get("pain_medicine", False)
                if not isinstance(medicine, bool):
                    bad(f"{path}.pain_medicine", "Use true or false.")
                    continue
                diary.append(DiaryPoint(int(minutes), pain, activity, medicine))
    recalled: Recalled | None = None
    raw_recalled = data.get("recalled")
    if raw_recalled is not None:
        if not isinstance(raw_recalled, Mapping):
            bad("recalled", "This must be an object with best_relief_percent and hours.")
        else:
            for key in raw_recalled:
                if key not in ("best_relief_percent", "hours"):
                    bad(f"recalled.{str(key)[:40]}", "Unknown field; check its spelling.")
            try:
                pct = _int(raw_recalled.get("best_relief_percent"), 0, 100)
                try:
                    recalled = Recalled(pct, _number(raw_recalled.get("hours"), 0, 72))
                except ValidationError as e:
                    bad("recalled.hours", e.issues[0].message)
            except ValidationError as e:
                bad("recalled.best_relief_percent", e.issues[0].message)
    if raw_diary and raw_recalled is not None:
        bad("recalled", "Give either the diary or the recalled relief, not both.")
    if (raw_diary or raw_recalled is not None) and not diagnostic:
        bad("diary" if raw_diary else "recalled",
            "Diary results belong to diagnostic blocks (block 1 or 2) only.")
    if (raw_diary or raw_recalled is not None) and outcome is not None and not reached:
        bad("diary" if raw_diary else "recalled",
            "Diary results are recorded only when the patient was reached.")

    follow_up: FollowUpAnswers | None = None
    raw_fu = data.get("follow_up")
    if raw_fu is not None:
        if not isinstance(raw_fu, Mapping):
            bad("follow_up", "This must be an object.")
        elif diagnostic:
            bad("follow_up", "Outcome follow-ups are for RFA and therapeutic procedures.")
        else:
            for key in raw_fu:
                if key not in ("months", "pain", "relief_percent", "impression", "measures"):
                    bad(f"follow_up.{str(key)[:40]}", "Unknown field; check its spelling.")
            months = raw_fu.get("months")
            if isinstance(months, bool) or months not in follow_up_months:
                bad("follow_up.months", "Use one of the clinic's follow-up months: "
                    + ", ".join(str(m) for m in follow_up_months) + ".")
                months = None
            values: dict[str, Any] = {}
            for key, low, high in (("pain", 0, 10), ("relief_percent", 0, 100)):
                if raw_fu.get(key) is not None:
                    try:
                        values[key] = _int(raw_fu[key], low, high)
                    except ValidationError as e:
                        bad(f"follow_up.{key}", e.issues[0].message)
            imp = raw_fu.get("impression")
            if imp is not None:
                if isinstance(imp, str) and imp in {i.value for i in Impression}:
                    values["impression"] = Impression(imp)
                else:
                    bad("follow_up.impression",
                        "Use one of: " + ", ".join(i.value for i in Impression) + ".")
            raw_measures = raw_fu.get("measures")
            scores: list[tuple[str, int]] = []
            if raw_measures is not None:
                if not isinstance(raw_measures, Mapping):
                    bad("follow_up.measures", "This must be an object of scores by key.")
                else:
                    known = None if measures is None else {m.key: m for m in measures}
                    for key, score in raw_measures.items():
                        path = f"follow_up.measures.{str(key)[:40]}"
                        m = None if known is None else known.get(key)
                        if known is not None and m is None:
                            bad(path, "The clinic has no measure with this key.")
                            continue
                        try:
                            low, high = (m.low, m.high) if m else (-1000, 100_000)
                            scores.append((str(key), _int(score, low, high)))
                        except ValidationError as e:
                            bad(path, e.issues[0].message)
                    if scores:
                        values["measures"] = tuple(scores)
            if reached and months is not None and not values:
                bad("follow_up", "Record at least the pain score, relief or impression.")
            if values and outcome is not None and not reached:
                bad("follow_up", "Answers are recorded only when the patient was reached.")
            if months is not None:
                follow_up = FollowUpAnswers(int(months), **values)
    note = ""
    try:
        note = parse_text(data.get("note"), "note", 2000)
    except ValidationError as e:
        bad("note", e.issues[0].message)
    if issues:
        raise ValidationError(issues)
    assert called_at is not None and outcome is not None
    return CallEntry(record_id=record_id, called_at=called_at, outcome=outcome,
                     problems=tuple(problems), diary=tuple(diary), recalled=recalled,
                     follow_up=follow_up, note=note)


def call_to_json(c: CallEntry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": FORMAT, "called_at": c.called_at.isoformat(), "outcome": c.outcome.value,
        "problems": [p.value for p in c.problems] or (
            ["none"] if c.outcome is CallOutcome.REACHED else []),
        "diary": [{"after_minutes": d.after_minutes, "pain": d.pain, "activity": d.activity,
                   "pain_medicine": d.pain_medicine} for d in c.diary] or None,
        "recalled": ({"best_relief_percent": c.recalled.best_relief_percent,
                      "hours": c.recalled.hours} if c.recalled else None),
        "follow_up": None, "note": c.note,
    }
    if c.follow_up is not None:
        f = c.follow_up
        out["follow_up"] = {"months": f.months, "pain": f.pain,
                            "relief_percent": f.relief_percent,
                            "impression": f.impression.value if f.impression else None}
        if f.measures:
            out["follow_up"]["measures"] = dict(f.measures)
    return out


__all__ = ["FORMAT", "call_to_json", "parse_call"]
