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
