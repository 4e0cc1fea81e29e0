"""SettingsService.save_clinic_page (the Clinic settings page's Save) on SQLite and
PostgreSQL: record defaults and the handout's blood-sugar number in one transaction, the
clinic's other details kept, each change audited, and a bad value saving nothing."""

from __future__ import annotations

from typing import Any

import pytest

from clinic_desk.domain.audit import AuditAction
from clinic_desk.domain.clinic import ClinicInfo, RecordDefaults
from clinic_desk.domain.errors import PermissionDeniedError, ValidationError
from clinic_desk.services import Services
from tests.signoff.helpers import audit_entries


def _changes(services: Services) -> list[Any]:
    return audit_entries(services, action=AuditAction.SETTINGS_CHANGE)


def test_saves_both_keeps_the_clinic_details_and_audits(services: Services, staff: Any) -> None:
    services.settings.save_info(staff.admin, ClinicInfo(name="Lakeside Spine", phone="555-0100"))
    before = len(_changes(services))
    services.settings.save_clinic_page(staff.admin, RecordDefaults(1, "iopamidol", "none"), 300)
    settings = services.settings.load()
    assert settings.record_defaults == RecordDefaults(1, "iopamidol", "none")
    assert settings.info.glucose_call_above == 300
    assert (settings.info.name, settings.info.phone) == ("Lakeside Spine", "555-0100")
    details = [e.detail for e in _changes(services)[before:]]
    assert [d["key"] for d in details] == ["record_defaults", "clinic"]
    assert details[1]["changes"] == [{"field": "glucose_call_above", "before": None,
                                      "after": 300}]
    # The same number again: only the defaults are written and audited.
    services.settings.save_clinic_page(staff.admin, RecordDefaults(), 300)
    assert [e.detail["key"] for e in _changes(services)[before + 2:]] == ["record_defaults"]


def test_a_bad_value_saves_nothing(services: Services, staff: Any) -> None:
    before = len(_changes(services))
    with pytest.raises(ValidationError, match="100 to 600"):
        services.settings.save_clinic_page(staff.admin, RecordDefaults(2, None, "minimal"), 99)
    with pytest.raises(ValidationError, match="not a contrast agent"):
        services.settings.save_clinic_page(staff.admin, RecordDefaults(contrast="lidocaine"), 200)
    with pytest.raises(PermissionDeniedError):
        services.settings.save_clinic_page(staff.nurse, RecordDefaults(1, None, None), 200)
    settings = services.settings.load()
    assert settings.record_defaults == RecordDefaults()
    assert settings.info.glucose_call_above is None
    assert len(_changes(services)) == before


COMMERCIAL: dict[str, Any] = {
    "profile": "commercial-50",
    "profiles": [{"key": "commercial-50", "name": "Commercial 50%", "positive_percent": 50}],
    "calls": {"max_tries": 2, "follow_up_months": [6, 12]}}


def test_the_pathway_and_note_defaults_are_saved_with_the_page(services: Services,
                                                               staff: Any) -> None:
    """Issue 13/15: the page's Save also carries the diagnostic-pathway settings and the
    procedure-note defaults; each part that changed is one audited entry, in one
    transaction; unchanged parts are not written again."""
    before = len(_changes(services))
    note = {**services.settings.note_defaults().to_dict(), "position": "Prone, pillow"}
    services.settings.save_clinic_page(staff.admin, RecordDefaults(), None,
                                       pathway=COMMERCIAL, note_defaults=note)
    stored = services.pathway.settings()
    assert (stored.profile.positive_percent, stored.calls.max_tries) == (50, 2)
    assert services.settings.note_defaults().position == "Prone, pillow"
    keys = [e.detail["key"] for e in _changes(services)[before:]]
    assert keys == ["record_defaults", "pathway", "note_defaults"]
    services.settings.save_clinic_page(staff.admin, RecordDefaults(), None,
                                       pathway=COMMERCIAL, note_defaults=note)
    assert [e.detail["key"] for e in _changes(services)[before + 3:]] == ["record_defaults"]


def test_a_bad_pathway_or_note_value_saves_nothing_and_names_every_field(
        services: Services, staff: Any) -> None:
    before = len(_changes(services))
    bad_pathway = {**COMMERCIAL, "calls": {"max_tries": 0}}
    bad_note = {**services.settings.note_defaults().to_dict(), "rfa_needle_gauge": 40,
                "position": "x" * 300}
    with pytest.raises(ValidationError) as e:
        services.settings.save_clinic_page(staff.admin, RecordDefaults(1, None, None), 700,
                                           pathway=bad_pathway, note_defaults=bad_note)
    fields = {i.field for i in e.value.issues}
    assert fields == {"glucose_call_above", "calls.max_tries", "note_defaults.rfa_needle_gauge",
                      "note_defaults.position"}
    with pytest.raises(ValidationError, match="in use cannot be removed"):
        services.settings.save_clinic_page(staff.admin, RecordDefaults(), None,
                                           pathway={**COMMERCIAL, "profiles": []})
    assert services.pathway.settings().profile.key == "medicare"
    assert services.settings.load().record_defaults == RecordDefaults()
    assert len(_changes(services)) == before
    with pytest.raises(PermissionDeniedError):
        services.settings.save_clinic_page(staff.nurse, RecordDefaults(), None,
                                           pathway=COMMERCIAL)


def test_a_setting_saved_since_the_page_was_loaded_is_not_overwritten(
        services: Services, staff: Any) -> None:
    from clinic_desk.domain.errors import VersionConflictError

    versions = services.settings.page_versions()
    assert set(versions) == {"record_defaults", "clinic", "pathway", "note_defaults"}
    services.pathway.save_settings(staff.admin, {"calls": {"max_tries": 5}})  # another admin
    before = len(_changes(services))
    with pytest.raises(VersionConflictError):
        services.settings.save_clinic_page(staff.admin, RecordDefaults(1, None, None), None,
                                           pathway=COMMERCIAL, versions=versions)
    assert services.pathway.settings().calls.max_tries == 5
    assert services.settings.load().record_defaults == RecordDefaults()  # all or nothing
    assert len(_changes(services)) == before
    services.settings.save_clinic_page(staff.admin, RecordDefaults(1, None, None), None,
                                       pathway=COMMERCIAL,
                                       versions=services.settings.page_versions())
    assert services.pathway.settings().calls.max_tries == 2
