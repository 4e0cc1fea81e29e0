"""Clinic-wide settings (name, address, phone, logo, rule switches, security) in the database."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any

from ..domain.audit import AuditAction
from ..domain.clinic import ClinicInfo, ClinicSettings, RecordDefaults, SecuritySettings
from ..domain.errors import FieldIssue, ValidationError
from ..domain.note import NoteDefaults
from ..domain.permissions import Action
from ..domain.rules import RuleSettings
from ..domain.validation import parse_text
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor

MAX_LOGO = 512 * 1024
# The settings the Clinic settings page shows and saves ("pathway": services/pathway.py).
PAGE_KEYS = ("record_defaults", "clinic", "pathway", "note_defaults")


def _info_from(data: Any) -> ClinicInfo:
    if not isinstance(data, dict):
        return ClinicInfo()
    logo = data.get("logo_png")
    return ClinicInfo(
        name=data.get("name") or ClinicInfo().name,
        address=data.get("address", ""),
        phone=data.get("phone", ""),
        after_hours_phone=data.get("after_hours_phone", ""),
        logo_png=base64.b64decode(logo) if logo else None,
        glucose_call_above=_glucose(data.get("glucose_call_above")),
    )


def _glucose(value: Any) -> int | None:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _check_glucose(glucose: int | None) -> None:
    if glucose is not None and not 100 <= glucose <= 600:
        # mg/dL; the handout tells a diabetic patient to call above it (REFERENCE.md 5.4).
        raise ValidationError("Use a blood sugar from 100 to 600 mg/dL, or leave it empty.",
                              "glucose_call_above")


def _check_record_defaults(defaults: RecordDefaults) -> None:
    from ..domain.medications import DrugClass, find_drug
    from ..domain.procedures import Sedation

    if defaults.block_number not in (None, 0, 1, 2):
        raise ValidationError("Use block 1, 2, therapeutic, or no default.", "block_number")
    if defaults.contrast:
        drug = find_drug(defaults.contrast)
        if drug is None or drug.drug_class is not DrugClass.CONTRAST:
            raise ValidationError(f"{defaults.contrast} is not a contrast agent.",
                                  "contrast")
    if defaults.sedation is not None and defaults.sedation not in {s.value for s in Sedation}:
        raise ValidationError("Use a sedation level, or no default.", "sedation")


class SettingsService(Service):
    @staticmethod
    def security_from(uow: UnitOfWork) -> SecuritySettings:
        data, _ = uow.settings.get("security")
        if not isinstance(data, dict):
            return SecuritySettings()
        known = {f.name for f in fields(SecuritySettings)}
        return SecuritySettings(**{k: int(v) for k, v in data.items() if k in known})

    @staticmethod
    def load_from(uow: UnitOfWork) -> ClinicSettings:
        info, _ = uow.settings.get("clinic")
        rules, _ = uow.settings.get("rules")
        defaults, _ = uow.settings.get("record_defaults")
        return ClinicSettings(
            info=_info_from(info),
            rules=RuleSettings.from_dict(rules) if isinstance(rules, dict) else RuleSettings(),
            security=SettingsService.security_from(uow),
            record_defaults=RecordDefaults.from_dict(defaults),
        )

    def save_record_defaults(self, actor: Actor, defaults: RecordDefaults) -> None:
        """Issue 15 (5): the clinic's own pre-filled choices for a new record (or none)."""
        actor.require(Action.MANAGE)
        _check_record_defaults(defaults)
        with self.uow() as uow:
            self._put_record_defaults(uow, actor, defaults)
            uow.commit()

    def page_versions(self) -> dict[str, int]:
        """The stored version of each setting the Clinic settings page saves; the page reads
        them before its values, and its Save refuses to overwrite a newer one."""
        with self.uow(write=False) as uow:
            return {key: uow.settings.get(key)[1] for key in PAGE_KEYS}

    def save_clinic_page(self, actor: Actor, defaults: RecordDefaults,
                         glucose_call_above: int | None,
                         pathway: dict[str, Any] | None = None,
                         note_defaults: dict[str, Any] | None = None,
                         versions: Mapping[str, int] | None = None) -> None:
        """The Clinic settings page's Save: the record defaults, the handout's blood-sugar
        number, and (when given) the diagnostic-pathway settings and the procedure-note
        defaults, in one transaction: every part checked first (every field at fault named),
        then all saved and each change audited, or nothing. With `versions` (page_versions()
        when the page was loaded), a setting someone else saved since is never overwritten:
        VersionConflictError, and nothing is saved."""
        from .pathway import SETTINGS_KEY as PATHWAY_KEY
        from .pathway import PathwaySettings, put_pathway_settings

        actor.require(Action.MANAGE)
        issues: list[FieldIssue] = []
        parsed_pathway: PathwaySettings | None = None
        parsed_note: NoteDefaults | None = None
        try:
            _check_record_defaults(defaults)
        except ValidationError as e:
            issues.extend(e.issues)
        try:
            _check_glucose(glucose_call_above)
        except ValidationError as e:
            issues.extend(e.issues)
        if pathway is not None:
            try:
                parsed_pathway = PathwaySettings.from_dict(pathway)
            except ValidationError as e:
                issues.extend(e.issues)
        if note_defaults is not None:
            try:
                parsed_note = _check_note_defaults(note_defaults)
            except ValidationError as e:
                issues.extend(i.prefixed("note_defaults") for i in e.issues)
        if issues:
            raise ValidationError(issues)
        expected = dict(versions or {})
        with self.uow() as uow:
            self._put_record_defaults(uow, actor, defaults, expected.get("record_defaults"))
            if parsed_pathway is not None:
                stored, _ = uow.settings.get(PATHWAY_KEY)
                if PathwaySettings.from_dict(stored).to_dict() != parsed_pathway.to_dict():
                    put_pathway_settings(self, uow, actor, stored, parsed_pathway,
                                         expected.get(PATHWAY_KEY))
            if parsed_note is not None:
                stored, _ = uow.settings.get("note_defaults")
                if self.note_defaults_from(uow) != parsed_note:
                    self._put_note_defaults(uow, actor, stored, parsed_note,
                                            expected.get("note_defaults"))
            before, _ = uow.settings.get("clinic")
            old = dict(before) if isinstance(before, dict) else {}
            if old.get("glucose_call_above") != glucose_call_above:
                data = {**old, "name": old.get("name") or ClinicInfo().name,
                        "glucose_call_above": glucose_call_above}
                uow.settings.put("clinic", data, actor.username, expected.get("clinic"))
                self.audit(uow, actor, AuditAction.SETTINGS_CHANGE,
                           detail={"key": "clinic", "fields": ["glucose_call_above"],
                                   "changes": [{"field": "glucose_call_above",
                                                "before": old.get("glucose_call_above"),
                                                "after": glucose_call_above}]})
            uow.commit()

    def _put_record_defaults(self, uow: UnitOfWork, actor: Actor, defaults: RecordDefaults,
                             expected_version: int | None = None) -> None:
        before, _ = uow.settings.get("record_defaults")
        uow.settings.put("record_defaults", asdict(defaults), actor.username, expected_version)
        self.audit(uow, actor, AuditAction.SETTINGS_CHANGE,
                   detail={"key": "record_defaults", "before": before,
                           "after": asdict(defaults)})

    def load(self) -> ClinicSettings:
        with self.uow(write=False) as uow:
            return self.load_from(uow)

    def save_info(self, actor: Actor, info: ClinicInfo) -> None:
        actor.require(Action.MANAGE)
        name = parse_text(info.name, "clinic name", 200, False)
        if not name:
            raise ValidationError("Enter the clinic's name.", "name")
        if info.logo_png is not None and (len(info.logo_png) > MAX_LOGO
                                          or not info.logo_png.startswith(b"\x89PNG")):
            raise ValidationError("The logo must be a PNG file of at most 512 KB.", "logo_png")
        glucose = info.glucose_call_above
        _check_glucose(glucose)
        data: dict[str, Any] = {
            "name": name,
            "address": parse_text(info.address, "address", 400),
            "phone": parse_text(info.phone, "phone", 40, False),
            "after_hours_phone": parse_text(info.after_hours_phone, "after-hours phone", 40,
                                            False),
            "logo_png": base64.b64encode(info.logo_png).decode() if info.logo_png else None,
            "glucose_call_above": glucose,
        }
        with self.uow() as uow:
            before, _ = uow.settings.get("clinic")
            uow.settings.put("clinic", data, actor.username)
            old = before if isinstance(before, dict) else {}
            changed = sorted(k for k in data if old.get(k) != data[k])
            # The logo is summarised (its size), not copied into the trail.
            changes = [{"field": k, "before": old.get(k), "after": data[k]}
                       if k != "logo_png" else
                       {"field": k, "before": len(old.get(k) or ""), "after": len(data[k] or "")}
                       for k in changed]
            self.audit(uow, actor, AuditAction.SETTINGS_CHANGE,
                       detail={"key": "clinic", "fields": changed, "changes": changes})
            uow.commit()

    def save_rules(self, actor: Actor, rules: dict[str, Any]) -> RuleSettings:
        actor.require(Action.MANAGE)
        parsed = RuleSettings.from_dict(rules)
        with self.uow() as uow:
            before, _ = uow.settings.get("rules")
            uow.settings.put("rules", parsed.to_dict(), actor.username)
            self.audit(uow, actor, AuditAction.SETTINGS_CHANGE,
                       detail={"key": "rules", "before": before, "after": parsed.to_dict()})
            uow.commit()
        return parsed

    def save_security(self, actor: Actor, security: SecuritySettings) -> None:
        actor.require(Action.MANAGE)
        for name, low, high in (("min_password_length", 8, 128), ("max_failed_sign_ins", 3, 20),
                                ("lockout_minutes", 1, 1440), ("idle_lock_minutes", 1, 240)):
            value = getattr(security, name)
            if not low <= value <= high:
                raise ValidationError(f"Use a number from {low} to {high}.", name)
        with self.uow() as uow:
            before = asdict(self.security_from(uow))
            uow.settings.put("security", asdict(security), actor.username)
            self.audit(uow, actor, AuditAction.SETTINGS_CHANGE,
                       detail={"key": "security", "before": before, "after": asdict(security)})
            uow.commit()

    # --- procedure-note defaults (issue 14) ----------------------------------------------------
    @staticmethod
    def note_defaults_from(uow: UnitOfWork) -> NoteDefaults:
        data, _ = uow.settings.get("note_defaults")
        return NoteDefaults.from_dict(data) if isinstance(data, dict) else NoteDefaults()

    def note_defaults(self) -> NoteDefaults:
        """What a new record's procedure note starts with (clinic-wide, in the database)."""
        with self.uow(write=False) as uow:
            return self.note_defaults_from(uow)

    def save_note_defaults(self, actor: Actor, data: dict[str, Any]) -> NoteDefaults:
        """Replace the defaults; unknown keys or values of the wrong type are refused."""
        actor.require(Action.MANAGE)
        parsed = _check_note_defaults(data)
        with self.uow() as uow:
            before, _ = uow.settings.get("note_defaults")
            self._put_note_defaults(uow, actor, before, parsed)
            uow.commit()
        return parsed

    def _put_note_defaults(self, uow: UnitOfWork, actor: Actor, before: Any,
                           parsed: NoteDefaults, expected_version: int | None = None) -> None:
        uow.settings.put("note_defaults", parsed.to_dict(), actor.username, expected_version)
        self.audit(uow, actor, AuditAction.SETTINGS_CHANGE,
                   detail={"key": "note_defaults", "before": before,
                           "after": parsed.to_dict()})


# Needle sizes a default may hold: spinal and RF needles are thin (about 18 to 27 G) and a
# few centimetres to 15 cm long; outside these a default is a typing slip.
NEEDLE_GAUGES = (10, 30)
NEEDLE_LENGTHS_MM = (10.0, 300.0)


def _check_note_defaults(data: dict[str, Any]) -> NoteDefaults:
    """The procedure-note defaults from settings data; unknown keys, values of the wrong
    type, over-long text and implausible needle sizes are refused, each at its key."""
    known = NoteDefaults().to_dict()
    issues: list[FieldIssue] = []
    for key, value in data.items():
        if key not in known:
            issues.append(FieldIssue(str(key)[:80], "Unknown setting; check its spelling."))
        elif NoteDefaults.from_dict({key: value}).to_dict()[key] != value:
            issues.append(FieldIssue(key, f"Not a valid value for {key}."))
    for key in ("rfa_needle_type", "block_needle_type", "position", "skin_prep"):
        if isinstance(data.get(key), str):
            try:
                parse_text(data[key], key.replace("_", " "), 200, False)
            except ValidationError as e:
                issues.extend(FieldIssue(key, i.message) for i in e.issues)
    for key in ("indication_mbb", "indication_rfa", "indication_ia"):
        if isinstance(data.get(key), str):
            try:
                parse_text(data[key], "indication", 1000)
            except ValidationError as e:
                issues.extend(FieldIssue(key, i.message) for i in e.issues)
    for key, (low, high), unit in (("block_needle_gauge", NEEDLE_GAUGES, "G"),
                                   ("rfa_needle_gauge", NEEDLE_GAUGES, "G"),
                                   ("block_needle_length_mm", NEEDLE_LENGTHS_MM, "mm"),
                                   ("rfa_needle_length_mm", NEEDLE_LENGTHS_MM, "mm")):
        value = data.get(key)
        if (isinstance(value, (int, float)) and not isinstance(value, bool)
                and not low <= value <= high):
            issues.append(FieldIssue(key, f"Use {low:g} to {high:g} {unit}."))
    if issues:
        raise ValidationError(issues)
    return NoteDefaults.from_dict(data)
