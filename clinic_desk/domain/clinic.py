"""Clinic-wide settings shared by every workstation (kept in the database)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .rules import RuleSettings


@dataclass(frozen=True, slots=True)
class ClinicInfo:
    """What the handout header and the title bar show about the clinic."""

    name: str = "Clinic Desk Spine & Pain Clinic"
    address: str = ""
    phone: str = ""
    after_hours_phone: str = ""
    logo_png: bytes | None = None
    # Blood sugar (mg/dL) above which a diabetic patient calls the clinic after a steroid
    # (REFERENCE.md 5.4); None = the handout says to call their diabetes doctor if it stays high.
    glucose_call_above: int | None = None


@dataclass(frozen=True, slots=True)
class SecuritySettings:
    min_password_length: int = 10
    max_failed_sign_ins: int = 5
    lockout_minutes: int = 15
    idle_lock_minutes: int = 10


@dataclass(frozen=True, slots=True)
class RecordDefaults:
    """Issue 15 (5): what a clinic chose to pre-fill in a new record, if anything. None means
    the choice starts empty and the nurse must make it; the editor marks a pre-filled value
    "(clinic default)". block_number 0 means therapeutic; contrast "" means none used."""

    block_number: int | None = None
    contrast: str | None = None
    sedation: str | None = None

    @classmethod
    def from_dict(cls, data: object) -> RecordDefaults:
        if not isinstance(data, dict):
            return cls()
        block = data.get("block_number")
        contrast = data.get("contrast")
        sedation = data.get("sedation")
        return cls(block if block in (0, 1, 2) else None,
                   contrast if isinstance(contrast, str) else None,
                   sedation if isinstance(sedation, str) else None)


@dataclass(frozen=True, slots=True)
class ClinicSettings:
    info: ClinicInfo = field(default_factory=ClinicInfo)
    rules: RuleSettings = field(default_factory=RuleSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    record_defaults: RecordDefaults = field(default_factory=RecordDefaults)
