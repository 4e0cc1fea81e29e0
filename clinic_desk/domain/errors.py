"""Domain errors: validation problems carry the field they belong to and a plain message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldIssue:
    """One problem with one field: `field` is a dotted path ("joints[1].level")."""

    field: str
    message: str

    def prefixed(self, prefix: str) -> FieldIssue:
        if not prefix:
            return self
        if self.field.startswith("["):
            return FieldIssue(prefix + self.field, self.message)
        return FieldIssue(f"{prefix}.{self.field}" if self.field else prefix, self.message)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ClinicDeskError(Exception):
    """Base of every error Clinic Desk raises on purpose."""


class ValidationError(ClinicDeskError):
    """Input that cannot be accepted; `issues` lists every field at fault."""

    def __init__(self, issues: Iterable[FieldIssue] | str, field: str = "") -> None:
        if isinstance(issues, str):
            issues = [FieldIssue(field, issues)]
        self.issues: tuple[FieldIssue, ...] = tuple(issues)
        super().__init__("; ".join(str(i) for i in self.issues) or "invalid input")

    def prefixed(self, prefix: str) -> ValidationError:
        return ValidationError(i.prefixed(prefix) for i in self.issues)


class LevelError(ValidationError):
    """A spinal level that is not a facet joint Clinic Desk can record."""


class NotFoundError(ClinicDeskError):
    """The record, patient or user asked for does not exist."""


class VersionConflictError(ClinicDeskError):
    """Someone else saved a newer version; nothing was overwritten."""

    def __init__(self, what: str, ident: object, expected: int, current: int,
                 updated_by: str = "", updated_at: object = None) -> None:
        self.what, self.ident = what, ident
        self.expected, self.current = expected, current
        self.updated_by, self.updated_at = updated_by, updated_at
        who = f" by {updated_by}" if updated_by else ""
        super().__init__(
            f"{what} {ident} was changed{who} after you opened it (your version {expected}, "
            f"now {current}). Nothing was saved. Reload to see their changes."
        )


class RecordSignedError(ClinicDeskError):
    """A signed record cannot change; corrections are addenda."""

    def __init__(self, record_id: object) -> None:
        self.record_id = record_id
        super().__init__(
            f"Record {record_id} is signed and cannot be changed. Add an addendum instead."
        )


class RecordReadyError(ClinicDeskError):
    """A record waiting for signature cannot be saved over: it would leave the physicians'
    queue (or change under the physician's eyes) unnoticed. Reopening it, with a reason, is
    the only way back to editing (issue 15, point 2). Nothing was saved."""

    def __init__(self, record_id: object, patient: str = "", updated_by: str = "",
                 updated_at: object = None) -> None:
        self.record_id, self.patient = record_id, patient
        self.updated_by, self.updated_at = updated_by, updated_at
        whose = f" of {patient}" if patient else ""
        who = f" ({updated_by} sent it)" if updated_by else ""
        super().__init__(
            f"Record {record_id}{whose} is ready for signature, in the physicians' "
            f"queue{who}. Nothing was saved. Reopen it for changes first (Ctrl+Shift+O) and "
            "give the reason."
        )


class PermissionDeniedError(ClinicDeskError):
    """The signed-in user's role does not allow this action."""


class AuthenticationError(ClinicDeskError):
    """Wrong username or password, or a locked account; the message never says which part."""


class DatabaseUnavailableError(ClinicDeskError):
    """The database cannot be reached; unsaved work stays on this workstation."""


# Every refused sign-in gives this one answer, whatever the reason (wrong password, unknown,
# inactive or locked account), so the answer tells a stranger nothing (issue 11, point 12).
SIGN_IN_REFUSED = ("Wrong username or password, or the account is locked after too many "
                   "wrong passwords. Try again later, or ask an administrator.")
