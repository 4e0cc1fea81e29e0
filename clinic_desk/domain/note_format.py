"""The record JSON v1 `note` object: parsing (every problem with its path) and output.

Optional: a record without `note` is as valid as before, and its JSON (so its signature
hash) is unchanged, because `note_to_json` is only written when a record has a note.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from .errors import FieldIssue, ValidationError
from .note import (
    LCD_KEYS,
    MAX_NOTE_SHORT,
    MAX_NOTE_TEXT,
    Consent,
    ConsentForm,
    DischargeCondition,
    Disposition,
    Indication,
    MotorTest,
    Needle,
    ProcedureNote,
    RfaParameters,
    TimeOut,
)
from .validation import parse_datetime, parse_int, parse_number, parse_text

T = TypeVar("T")

_SECTIONS: dict[str, set[str]] = {
    "indication": {"text", *LCD_KEYS},
    "consent": {"form", "risks_discussed"},
    "time_out": {"identifiers", "site_confirmed", "at"},
    "needle": {"gauge", "length_mm", "type"},
    "rfa": {"sensory_threshold_v", "motor_test", "lesion_temperature_c", "lesion_time_s"},
    "disposition": {"condition", "escorted", "discharged_at"},
}
NOTE_KEYS = {*_SECTIONS, "position", "skin_prep"}


def _dt(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def note_to_json(n: ProcedureNote) -> dict[str, Any]:
    ind = n.indication
    return {
        "indication": {"text": ind.text, **{k: getattr(ind, k) for k in LCD_KEYS}},
        "consent": {"form": n.consent.form.value if n.consent.form else None,
                    "risks_discussed": n.consent.risks_discussed},
        "time_out": {"identifiers": list(n.time_out.identifiers),
                     "site_confirmed": n.time_out.site_confirmed, "at": _dt(n.time_out.at)},
        "position": n.position,
        "skin_prep": n.skin_prep,
        "needle": {"gauge": n.needle.gauge, "length_mm": _num(n.needle.length_mm),
                   "type": n.needle.type},
        "rfa": {"sensory_threshold_v": _num(n.rfa.sensory_threshold_v),
                "motor_test": n.rfa.motor_test.value if n.rfa.motor_test else None,
                "lesion_temperature_c": _num(n.rfa.lesion_temperature_c),
                "lesion_time_s": _num(n.rfa.lesion_time_s)},
        "disposition": {
            "condition": n.disposition.condition.value if n.disposition.condition else None,
            "escorted": n.disposition.escorted,
            "discharged_at": _dt(n.disposition.discharged_at)},
    }


class _Fields:
    def __init__(self, issues: list[FieldIssue]) -> None:
        self.issues = issues

    def get(self, obj: Mapping[str, Any], key: str, path: str, fn: Callable[[Any], T],
            default: T) -> T:
        if obj.get(key) is None:
            return default
        try:
            return fn(obj[key])
        except ValidationError as e:
            self.issues.extend(FieldIssue(path, i.message) for i in e.issues)
            return default

    def section(self, obj: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = obj.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.issues.append(FieldIssue(f"{path}.{key}", "This must be a JSON object."))
            return {}
        for k in value:
            if not isinstance(k, str) or k not in _SECTIONS[key]:
                self.issues.append(FieldIssue(f"{path}.{key}.{str(k)[:40]}",
                                              "Unknown field; check its spelling."))
        return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError("Use true or false.")
    return value


def _choice(cls: type[Any], what: str) -> Callable[[Any], Any]:
    def parse(value: Any) -> Any:
        if isinstance(value, str):
            try:
                return cls(value)
            except ValueError:
                pass
        raise ValidationError(f"This is not a {what}; use one of: "
                              f"{', '.join(m.value for m in cls)}.")
    return parse


def _text(what: str, limit: int = MAX_NOTE_SHORT, multiline: bool = False) -> Callable[[Any],
                                                                                         str]:
    return lambda v: parse_text(v, what, limit, multiline)


def _number(what: str, unit: str) -> Callable[[Any], float]:
    # Range checks are note_issues' (validate_record): one message whichever way it came in.
    return lambda v: parse_number(v, what, -1e9, 1e9, unit)


def _identifiers(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > 5:
        raise ValidationError("Give the identifiers as a list of at most 5 texts, e.g. "
                              '["name", "date of birth"].')
    return tuple(parse_text(v, "identifier", 60, False) for v in value)


def parse_note(value: Any, path: str = "note") -> tuple[ProcedureNote | None, list[FieldIssue]]:
    """The `note` object of record JSON; None when absent. Issues carry their field path."""
    issues: list[FieldIssue] = []
    if value is None:
        return None, issues
    if not isinstance(value, Mapping):
        return None, [FieldIssue(path, "This must be a JSON object.")]
    for k in value:
        if not isinstance(k, str) or k not in NOTE_KEYS:
            issues.append(FieldIssue(f"{path}.{str(k)[:40]}", "Unknown field; check its "
                                                               "spelling."))
    f = _Fields(issues)
    io = f.section(value, "indication", path)
    p = f"{path}.indication"
    indication = Indication(
        f.get(io, "text", f"{p}.text", _text("indication", MAX_NOTE_TEXT, True), ""),
        *(f.get(io, k, f"{p}.{k}", _bool, None) for k in LCD_KEYS))
    co = f.section(value, "consent", path)
    consent = Consent(
        f.get(co, "form", f"{path}.consent.form", _choice(ConsentForm, "consent form"), None),
        f.get(co, "risks_discussed", f"{path}.consent.risks_discussed", _bool, False))
    to = f.section(value, "time_out", path)
    time_out = TimeOut(
        f.get(to, "identifiers", f"{path}.time_out.identifiers", _identifiers, ()),
        f.get(to, "site_confirmed", f"{path}.time_out.site_confirmed", _bool, False),
        f.get(to, "at", f"{path}.time_out.at", lambda v: parse_datetime(v, "time-out time"),
              None))
    no = f.section(value, "needle", path)
    needle = Needle(
        f.get(no, "gauge", f"{path}.needle.gauge",
              lambda v: parse_int(v, "needle gauge", 0, 1000, "G"), None),
        f.get(no, "length_mm", f"{path}.needle.length_mm", _number("needle length", "mm"),
              None),
        f.get(no, "type", f"{path}.needle.type", _text("needle type"), ""))
    ro = f.section(value, "rfa", path)
    rfa = RfaParameters(
        f.get(ro, "sensory_threshold_v", f"{path}.rfa.sensory_threshold_v",
              _number("sensory threshold", "V"), None),
        f.get(ro, "motor_test", f"{path}.rfa.motor_test", _choice(MotorTest, "motor test"),
              None),
        f.get(ro, "lesion_temperature_c", f"{path}.rfa.lesion_temperature_c",
              _number("lesion temperature", "°C"), None),
        f.get(ro, "lesion_time_s", f"{path}.rfa.lesion_time_s", _number("lesion time", "s"),
              None))
    do = f.section(value, "disposition", path)
    disposition = Disposition(
        f.get(do, "condition", f"{path}.disposition.condition",
              _choice(DischargeCondition, "discharge condition"), None),
        f.get(do, "escorted", f"{path}.disposition.escorted", _bool, False),
        f.get(do, "discharged_at", f"{path}.disposition.discharged_at",
              lambda v: parse_datetime(v, "discharge time"), None))
    note = ProcedureNote(
        indication=indication, consent=consent, time_out=time_out,
        position=f.get(value, "position", f"{path}.position", _text("position"), ""),
        skin_prep=f.get(value, "skin_prep", f"{path}.skin_prep", _text("skin preparation"), ""),
        needle=needle, rfa=rfa, disposition=disposition)
    return note, issues
