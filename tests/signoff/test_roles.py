"""Issue 6's role table, enforced below the GUI: every service path, every role, on SQLite and
PostgreSQL. A refused call raises PermissionDeniedError and leaves no trace but itself."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest

from clinic_desk.domain.clinic import ClinicInfo, SecuritySettings
from clinic_desk.domain.errors import AuthenticationError, PermissionDeniedError
from clinic_desk.domain.permissions import Action, allowed
from clinic_desk.domain.record import Role
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.services import Services
from clinic_desk.services.audit import AuditFilter
from clinic_desk.services.auth import SIGN_IN_REFUSED
from tests.factories import make_patient, make_record

from .helpers import MEANING, audit_count, complete_draft, ready_record, signed_record, snapshot

NURSE, PHYSICIAN, DESK, ADMIN = Role.NURSE, Role.PHYSICIAN, Role.DESK, Role.ADMIN
VIEW = {NURSE, PHYSICIAN, DESK}
CLINICAL = {NURSE, PHYSICIAN}
PRINT = {NURSE, PHYSICIAN, DESK}


@dataclass
class World:
    services: Services
    staff: Any
    ready: Any
    signed: Any
    draft: Any  # a saved draft: a ready record is saved over only after reopen (issue 15)
    counter: int = 0

    def next(self) -> int:
        self.counter += 1
        return self.counter


def _new_record(w: World) -> Any:
    return make_record(patient=w.ready.patient, physician=w.staff.physician.staff,
                       nurse=w.staff.nurse.staff)


def _import_json(w: World) -> dict[str, Any]:
    data = content_to_json(_new_record(w))
    return data


# name -> (who may, call). Each call succeeds for a role that may (the world is rebuilt for
# every test), so "allowed" is proven by doing it, not by reading the table.
OPERATIONS: dict[str, tuple[set[Role], Callable[[World, Any], Any]]] = {
    # viewing
    "records.worklist": (VIEW, lambda w, a: w.services.records.worklist(a)),
    "records.ready_queue": (VIEW, lambda w, a: w.services.records.ready_queue(a)),
    "records.list_records": (VIEW, lambda w, a: w.services.records.list_records(a)),
    "records.get": (VIEW, lambda w, a: w.services.records.get(a, w.signed.id)),
    "records.open": (VIEW, lambda w, a: w.services.records.open(a, w.signed.id)),
    "records.export_json": (VIEW, lambda w, a: w.services.records.export_json(a, w.signed.id)),
    "patients.search": (VIEW, lambda w, a: w.services.patients.search(a, "O'Brien")),
    "patients.get": (VIEW, lambda w, a: w.services.patients.get(a, w.ready.patient.id)),
    "patients.history": (VIEW, lambda w, a: w.services.patients.history(a, w.ready.patient.id)),
    # creating and editing drafts
    "records.new_record": (CLINICAL,
                           lambda w, a: w.services.records.new_record(a, w.ready.patient.id)),
    "records.save": (CLINICAL, lambda w, a: w.services.records.save(a, _new_record(w))),
    "records.save(existing)": (CLINICAL, lambda w, a: w.services.records.save(
        a, replace(w.draft, notes=f"edit {w.next()}"))),
    "records.reopen": (CLINICAL, lambda w, a: w.services.records.reopen(
        a, w.ready.id, w.ready.version, f"reason {w.next()}")),
    "records.import_records": (CLINICAL,
                               lambda w, a: w.services.records.import_records(a, _import_json(w))),
    "patients.save": (CLINICAL, lambda w, a: w.services.patients.save(a, make_patient())),
    # ready for signature
    "records.mark_ready": (CLINICAL, lambda w, a: w.services.records.mark_ready(a, _new_record(w))),
    # sign, addenda
    "signing.sign": ({PHYSICIAN}, lambda w, a: w.services.signing.sign(
        a, w.ready.id, w.staff.password, MEANING)),
    "signing.add_addendum": ({PHYSICIAN}, lambda w, a: w.services.signing.add_addendum(
        a, w.signed.id, w.staff.password, "Also iced.", "Omitted", False)),
    # print handouts, check out
    "printing.checkout_queue": (PRINT, lambda w, a: w.services.printing.checkout_queue(a)),
    "printing.prepare": (PRINT, lambda w, a: w.services.printing.prepare(a, w.signed.id)),
    "printing.print_handout": (PRINT, lambda w, a: w.services.printing.print_handout(
        a, w.signed.id, "Front desk", reason=f"copy {w.next()}")),
    "printing.export_handout": (PRINT, lambda w, a: w.services.printing.export_handout(
        a, w.signed.id)),
    "printing.print_log": (PRINT, lambda w, a: w.services.printing.print_log(a)),
    # users, settings, audit trail
    "auth.create_user": ({ADMIN}, lambda w, a: w.services.auth.create_user(
        a, f"new{w.next()}", "New Person", Role.NURSE, "long enough password")),
    "users.list_users": ({ADMIN}, lambda w, a: w.services.users.list_users(a)),
    "users.get": ({ADMIN}, lambda w, a: w.services.users.get(a, "nkim")),
    "users.create": ({ADMIN}, lambda w, a: w.services.users.create(
        a, f"new{w.next()}", "New Person", Role.DESK, "long enough password")),
    "users.set_active": ({ADMIN}, lambda w, a: w.services.users.set_active(a, "desk", False)),
    "users.change_role": ({ADMIN}, lambda w, a: w.services.users.change_role(
        a, "nkim", Role.DESK)),
    "users.update_details": ({ADMIN}, lambda w, a: w.services.users.update_details(
        a, "nkim", "Min-jun Kim", "BSN, RN")),
    "users.reset_password": ({ADMIN}, lambda w, a: w.services.users.reset_password(
        a, "nkim", "another long password")),
    "users.unlock": ({ADMIN}, lambda w, a: w.services.users.unlock(a, "nkim")),
    "settings.save_info": ({ADMIN}, lambda w, a: w.services.settings.save_info(
        a, ClinicInfo(name="Spine Clinic", phone="555-0100"))),
    "settings.save_rules": ({ADMIN}, lambda w, a: w.services.settings.save_rules(a, {})),
    "settings.save_security": ({ADMIN}, lambda w, a: w.services.settings.save_security(
        a, SecuritySettings(idle_lock_minutes=5))),
    "audit.query": ({ADMIN}, lambda w, a: w.services.audit.query(a)),
    "audit.count": ({ADMIN}, lambda w, a: w.services.audit.count(a)),
    "audit.export_csv": ({ADMIN}, lambda w, a: w.services.audit.export_csv(a, io.StringIO())),
    "audit.verify": ({ADMIN}, lambda w, a: w.services.audit.verify(a)),
    "audit.anchor": ({ADMIN}, lambda w, a: w.services.audit.anchor(a)),
}


@pytest.fixture
def world(services: Services, staff: Any) -> World:
    signed = signed_record(services, staff)
    ready = ready_record(services, staff, patient=signed.patient)
    draft = complete_draft(services, staff, patient=signed.patient)
    return World(services, staff, ready, signed, draft)


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_role_table_below_the_gui(world: World, operation: str) -> None:
    """Every role that may not is refused with nothing changed; every role that may, does."""
    roles, call = OPERATIONS[operation]
    s, staff = world.services, world.staff
    db_url = str(s.db.url.render_as_string(hide_password=False))
    for role in sorted(set(Role) - roles, key=lambda r: r.value):
        before_rows = (snapshot(db_url, world.ready.id), snapshot(db_url, world.signed.id),
                       snapshot(db_url, world.draft.id))
        before_audit = audit_count(s)
        with pytest.raises(PermissionDeniedError) as err:
            call(world, staff.by_role(role))
        assert "cannot" in str(err.value), role
        assert audit_count(s) == before_audit, role
        assert (snapshot(db_url, world.ready.id), snapshot(db_url, world.signed.id),
                snapshot(db_url, world.draft.id)) == before_rows, role
    for role in sorted(roles, key=lambda r: r.value):
        # A fresh ready record per role: an allowed edit must not see another's version.
        world.ready = ready_record(s, staff, patient=world.signed.patient)
        world.draft = complete_draft(s, staff, patient=world.signed.patient)
        call(world, staff.by_role(role))


def test_the_table_matches_the_issue() -> None:
    """The domain table itself, read against issue 6 row by row."""
    expected = {
        Action.VIEW_RECORDS: VIEW,
        Action.VIEW_CLINICAL_NOTES: CLINICAL,
        Action.EDIT_RECORDS: CLINICAL,
        Action.MARK_READY: CLINICAL,
        Action.SIGN: {PHYSICIAN},
        Action.PRINT_HANDOUT: {NURSE, PHYSICIAN, DESK},
        Action.MANAGE: {ADMIN},
        Action.IMPORT_SCHEDULE: {NURSE, PHYSICIAN, DESK},  # issue 14: the day's schedule
        # Issue 13: calls are clinical work; reports hold counts, no patient names.
        Action.RECORD_CALLS: CLINICAL,
        Action.VIEW_REPORTS: {PHYSICIAN, ADMIN},
    }
    assert set(expected) == set(Action)
    for action, roles in expected.items():
        assert {r for r in Role if allowed(r, action)} == roles, action


def test_desk_sees_records_but_no_clinical_notes(world: World) -> None:
    s, staff = world.services, world.staff
    noted = s.records.save(staff.nurse, replace(world.draft, notes="Vasovagal episode, resolved"))
    assert s.records.get(staff.nurse, noted.id).notes == "Vasovagal episode, resolved"
    assert s.records.get(staff.physician, noted.id).notes == "Vasovagal episode, resolved"
    assert s.records.get(staff.desk, noted.id).notes == ""
    assert s.records.open(staff.desk, noted.id)[0].notes == ""
    assert s.records.export_json(staff.desk, noted.id)["notes"] == ""
    # The desk still sees what checkout needs: who, what, when, the signature.
    desk_view = s.records.get(staff.desk, world.signed.id)
    assert desk_view.patient.mrn == world.signed.patient.mrn
    assert desk_view.signature == world.signed.signature


def test_admin_sees_no_records_and_no_patients(world: World) -> None:
    s, admin = world.services, world.staff.admin
    for call in (lambda: s.records.get(admin, world.signed.id),
                 lambda: s.records.worklist(admin),
                 lambda: s.patients.search(admin, "O"),
                 lambda: s.patients.get(admin, world.signed.patient.id)):
        with pytest.raises(PermissionDeniedError):
            call()


def test_audit_filter_by_patient_is_admin_only_even_with_an_mrn(world: World) -> None:
    with pytest.raises(PermissionDeniedError):
        world.services.audit.query(world.staff.physician,
                                   AuditFilter(mrn=world.signed.patient.mrn))


def test_a_role_taken_away_after_sign_in_cannot_sign(world: World) -> None:
    """The Actor a screen holds says 'physician'; signing re-reads the account."""
    s, staff = world.services, world.staff
    s.users.change_role(staff.admin, "drlee", Role.NURSE)
    with pytest.raises(PermissionDeniedError):
        s.signing.sign(staff.physician, world.ready.id, staff.password, MEANING)
    s.users.change_role(staff.admin, "drlee", Role.PHYSICIAN)
    s.users.set_active(staff.admin, "drlee", False)
    with pytest.raises(AuthenticationError):
        s.signing.sign(staff.physician, world.ready.id, staff.password, MEANING)
    with pytest.raises(AuthenticationError):
        s.signing.add_addendum(staff.physician, world.signed.id, staff.password, "x", "y")
    assert s.records.get(staff.nurse, world.ready.id).signature is None
    assert s.records.get(staff.nurse, world.signed.id).addenda == ()


def test_deactivated_account_cannot_sign_in(world: World) -> None:
    s, staff = world.services, world.staff
    s.users.set_active(staff.admin, "nkim", False)
    with pytest.raises(AuthenticationError) as err:
        s.auth.authenticate("nkim", staff.password)
    assert str(err.value) == SIGN_IN_REFUSED  # no hint that it exists
    s.users.set_active(staff.admin, "nkim", True)
    assert s.auth.authenticate("nkim", staff.password).username == "nkim"
