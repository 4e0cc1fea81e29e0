"""Who may do what (issue 6's role table), checked by the services below the GUI."""

from __future__ import annotations

from enum import Enum

from .errors import PermissionDeniedError
from .record import Role


class Action(str, Enum):
    VIEW_RECORDS = "view_records"
    VIEW_CLINICAL_NOTES = "view_clinical_notes"
    EDIT_RECORDS = "edit_records"
    MARK_READY = "mark_ready"
    SIGN = "sign"
    PRINT_HANDOUT = "print_handout"
    MANAGE = "manage"  # users, clinic settings, audit trail
    IMPORT_SCHEDULE = "import_schedule"  # the day's patients and planned records (issue 14)
    RECORD_CALLS = "record_calls"  # next-day calls and follow-ups (issue 13)
    VIEW_REPORTS = "view_reports"  # clinic reports: counts, no patient names (issue 13)


_ALLOWED: dict[Role, frozenset[Action]] = {
    Role.NURSE: frozenset({Action.VIEW_RECORDS, Action.VIEW_CLINICAL_NOTES, Action.EDIT_RECORDS,
                           Action.MARK_READY, Action.PRINT_HANDOUT, Action.IMPORT_SCHEDULE,
                           Action.RECORD_CALLS}),
    Role.PHYSICIAN: frozenset({Action.VIEW_RECORDS, Action.VIEW_CLINICAL_NOTES,
                               Action.EDIT_RECORDS, Action.MARK_READY, Action.SIGN,
                               Action.PRINT_HANDOUT, Action.IMPORT_SCHEDULE, Action.RECORD_CALLS,
                               Action.VIEW_REPORTS}),
    Role.DESK: frozenset({Action.VIEW_RECORDS, Action.PRINT_HANDOUT, Action.IMPORT_SCHEDULE}),
    Role.ADMIN: frozenset({Action.MANAGE, Action.VIEW_REPORTS}),
}

_WORDS = {
    Action.VIEW_RECORDS: "view procedure records",
    Action.VIEW_CLINICAL_NOTES: "view clinical notes",
    Action.EDIT_RECORDS: "create or edit procedure records",
    Action.MARK_READY: "send records for signature",
    Action.SIGN: "sign records or add addenda",
    Action.PRINT_HANDOUT: "print handouts",
    Action.MANAGE: "manage users, clinic settings and the audit trail",
    Action.IMPORT_SCHEDULE: "import the day's schedule",
    Action.RECORD_CALLS: "record calls to patients",
    Action.VIEW_REPORTS: "run clinic reports",
}


def allowed(role: Role, action: Action) -> bool:
    return action in _ALLOWED[role]


def require(role: Role, action: Action) -> None:
    if not allowed(role, action):
        raise PermissionDeniedError(
            f"{'An' if role.value[0] in 'aeiou' else 'A'} {role.value} account cannot "
            f"{_WORDS[action]}. Ask a colleague who can."
        )
