"""Signing and addenda (REFERENCE.md 7.1-7.3): the right and the wrong password, the
manifestation, the hash link, addenda signed by their author, handout versions."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from clinic_desk.domain.errors import (
    AuthenticationError,
    PermissionDeniedError,
    ValidationError,
    VersionConflictError,
)
from clinic_desk.domain.record import RecordStatus
from clinic_desk.domain.record_format import canonical_json
from clinic_desk.domain.signoff import (
    addendum_lines,
    format_signed_at,
    handout_version,
    manifestation,
    signature_problems,
)
from clinic_desk.services import Services

from .helpers import (
    CLINIC_TZ,
    MEANING,
    Clock,
    audit_entries,
    raw_execute,
    raw_rows,
    ready_record,
    signed_record,
    snapshot,
    stored,
)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed(services: Services, clock: Clock) -> Services:
    """The same database, with services on the test's clock."""
    return Services(services.db, clock)


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


@pytest.mark.parametrize("meaning", ["Reviewed and approved", "Performed by"])
def test_sign_with_the_right_password(timed: Services, staff: Any, clock: Clock,
                                      meaning: str) -> None:
    ready = ready_record(timed, staff)
    signed = timed.signing.sign(staff.physician, ready.id, staff.password, meaning)
    assert signed.status is RecordStatus.SIGNED
    sig = signed.signature
    assert sig is not None
    # 11.50(a): printed name, credentials, date and time with its zone, meaning.
    assert (sig.signer.username, sig.signer.full_name, sig.signer.credentials) == (
        "drlee", "Hana Lee", "MD")
    assert sig.signed_at == clock.now and sig.signed_at.utcoffset() == timedelta(hours=-5)
    assert sig.meaning == meaning
    # 11.70: the SHA-256 of the canonical content, which the signed record still matches.
    assert sig.content_hash == hashlib.sha256(canonical_json(signed)).hexdigest()
    assert timed.signing.verify(signed) and signature_problems(signed) == []
    assert manifestation(sig) == (
        f"Electronically signed by Hana Lee, MD on 2026-11-24 10:00 UTC-05:00. "
        f"Meaning: {meaning}.")
    entry = audit_entries(timed, action=None)[-1]
    assert (entry.action.value, entry.username, entry.record_id) == (
        "record_sign", "drlee", ready.id)
    # Issue 11: the entry carries the Ed25519 signature stored with the row.
    stored_sig = raw_rows(timed.db.url.render_as_string(hide_password=False),
                          "SELECT key_id, signature FROM signatures WHERE record_id = ?",
                          (ready.id,))
    assert entry.detail == {"meaning": meaning, "content_hash": sig.content_hash,
                            "signed_at": "2026-11-24T15:00:00.000000+00:00",
                            "key_id": stored_sig[0][0], "signature": stored_sig[0][1]}
    assert entry.patient_id == ready.patient.id


def test_sign_with_the_wrong_password_signs_nothing(timed: Services, staff: Any) -> None:
    ready = ready_record(timed, staff)
    before = snapshot(_url(timed), ready.id)
    with pytest.raises(AuthenticationError) as err:
        timed.signing.sign(staff.physician, ready.id, "not my password", MEANING)
    assert "Nothing was signed" in str(err.value)
    assert "not my password" not in str(err.value)
    assert snapshot(_url(timed), ready.id) == before
    assert stored(timed, ready.id).status is RecordStatus.READY
    failed = audit_entries(timed)[-1]
    assert failed.action.value == "sign_in_failed" and failed.username == "drlee"
    assert failed.detail == {"reason": "wrong password (signing)", "attempt": 1}
    assert "not my password" not in repr([e.detail for e in audit_entries(timed)])


def test_wrong_signing_passwords_lock_the_account_until_it_expires(
        timed: Services, staff: Any, clock: Clock) -> None:
    ready = ready_record(timed, staff)
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            timed.signing.sign(staff.physician, ready.id, "guess", MEANING)
    with pytest.raises(AuthenticationError) as err:
        timed.signing.sign(staff.physician, ready.id, "guess", MEANING)
    assert "locked for 15 minutes" in str(err.value)
    assert "account_locked" in [e.action.value for e in audit_entries(timed)]
    # Locked: even the right password signs nothing, and cannot sign in either.
    with pytest.raises(AuthenticationError):
        timed.signing.sign(staff.physician, ready.id, staff.password, MEANING)
    with pytest.raises(AuthenticationError):
        timed.auth.authenticate("drlee", staff.password)
    clock.advance(minutes=15, seconds=1)
    signed = timed.signing.sign(staff.physician, ready.id, staff.password, MEANING)
    assert signed.status is RecordStatus.SIGNED


def test_only_ready_records_are_signed_once(services: Services, staff: Any) -> None:
    ready = ready_record(services, staff)
    draft = services.records.reopen(staff.nurse, ready.id, ready.version, "Check the levels")
    with pytest.raises(ValidationError, match="marked ready"):
        services.signing.sign(staff.physician, draft.id, staff.password, MEANING)
    again = services.records.mark_ready(staff.nurse, draft)
    services.signing.sign(staff.physician, again.id, staff.password, MEANING)
    with pytest.raises(ValidationError, match="already signed"):
        services.signing.sign(staff.physician2, again.id, staff.password, MEANING)
    assert stored(services, again.id).signature.signer.username == "drlee"


def test_sign_needs_a_known_meaning(services: Services, staff: Any) -> None:
    ready = ready_record(services, staff)
    with pytest.raises(ValidationError) as err:
        services.signing.sign(staff.physician, ready.id, staff.password, "Looks fine")
    assert [i.field for i in err.value.issues] == ["meaning"]
    assert stored(services, ready.id).status is RecordStatus.READY


def test_sign_refuses_a_record_changed_since_it_was_opened(services: Services,
                                                           staff: Any) -> None:
    ready = ready_record(services, staff)
    reopened = services.records.reopen(staff.nurse, ready.id, ready.version, "Pain after")
    services.records.mark_ready(staff.nurse, replace(reopened, pain_after=1))
    with pytest.raises(VersionConflictError):
        services.signing.sign(staff.physician, ready.id, staff.password, MEANING,
                              expected_version=ready.version)
    assert stored(services, ready.id).signature is None


def test_addendum_signed_by_its_author_and_shown(timed: Services, staff: Any,
                                                 clock: Clock) -> None:
    signed = signed_record(timed, staff)
    content_before = snapshot(_url(timed), signed.id)["records"]
    clock.advance(hours=20)
    amended = timed.signing.add_addendum(
        staff.physician2, signed.id, staff.password,
        "Restart apixaban on Thursday morning, not tomorrow.", "Anticoagulant plan changed",
        changes_instructions=True)
    assert len(amended.addenda) == 1
    a = amended.addenda[0]
    assert (a.author.username, a.author.full_name, a.author.credentials) == (
        "drokafor", "Chidi Okafor", "DO")
    assert a.created_at == clock.now and a.changes_instructions
    assert a.signature is not None and a.signature.meaning == MEANING
    # The original stays exactly as signed; the addendum only adds (REFERENCE.md 7.2).
    assert snapshot(_url(timed), signed.id)["records"] == content_before
    assert amended.signature == signed.signature and timed.signing.verify(amended)
    lines = addendum_lines(1, a)
    assert lines.heading == ("Addendum 1 - 2026-11-25 06:00 UTC-05:00 - Chidi Okafor, DO - "
                             "changes your instructions")
    assert lines.reason == "Reason: Anticoagulant plan changed"
    assert lines.signature.startswith("Electronically signed by Chidi Okafor, DO on 2026-11-25")
    entry = audit_entries(timed)[-1]
    assert entry.action.value == "record_addendum" and entry.username == "drokafor"
    assert entry.detail["reason"] == "Anticoagulant plan changed"
    assert entry.detail["changes_instructions"] is True


def test_addendum_refusals_add_nothing(services: Services, staff: Any) -> None:
    signed = signed_record(services, staff)
    ready = ready_record(services, staff)
    with pytest.raises(AuthenticationError):
        services.signing.add_addendum(staff.physician, signed.id, "wrong one", "Text", "Why")
    with pytest.raises(PermissionDeniedError):
        services.signing.add_addendum(staff.nurse, signed.id, staff.password, "Text", "Why")
    with pytest.raises(ValidationError, match="signed records"):
        services.signing.add_addendum(staff.physician, ready.id, staff.password, "Text", "Why")
    for text, reason, field in (("", "Why", "text"), ("Text", "", "reason")):
        with pytest.raises(ValidationError) as err:
            services.signing.add_addendum(staff.physician, signed.id, staff.password, text,
                                          reason)
        assert [i.field for i in err.value.issues] == [field]
    assert stored(services, signed.id).addenda == ()


def test_handout_version_counts_addenda_that_change_instructions(services: Services,
                                                                 staff: Any) -> None:
    signed = signed_record(services, staff)
    assert handout_version(signed) == 1
    r = services.signing.add_addendum(staff.physician, signed.id, staff.password,
                                      "Typo in the nurse's name.", "Spelling")
    assert handout_version(r) == 1
    r = services.signing.add_addendum(staff.physician, signed.id, staff.password,
                                      "Keep the bandage on until tomorrow.", "Wound care",
                                      changes_instructions=True)
    assert handout_version(r) == 2
    r = services.signing.add_addendum(staff.physician, signed.id, staff.password,
                                      "Restart warfarin Monday.", "Anticoagulant",
                                      changes_instructions=True)
    assert handout_version(r) == 3 and len(r.addenda) == 3
    assert services.signing.verify(r)


def test_editing_the_patient_chart_leaves_a_signed_record_as_signed(services: Services,
                                                                    staff: Any) -> None:
    signed = signed_record(services, staff)
    chart = services.patients.get(staff.nurse, signed.patient.id)
    services.patients.save(staff.nurse, replace(chart, family_name="Okonkwo",
                                                allergies="latex", escort="Brother"))
    again = services.records.get(staff.nurse, signed.id)
    assert again.patient.family_name == signed.patient.family_name
    assert again.patient.allergies == signed.patient.allergies
    assert services.signing.verify(again)
    # ...while a draft follows the chart.
    ready = ready_record(services, staff, patient=services.patients.get(staff.nurse,
                                                                        chart.id))
    assert ready.patient.family_name == "Okonkwo"


def test_verify_catches_content_changed_behind_the_triggers(sqlite_services: Services,
                                                            sqlite_staff: Any,
                                                            capsys: Any) -> None:
    """An attacker with the SQLite file drops the triggers and edits a signed record; the
    hash no longer matches, and `clinic-desk record verify` says which record."""
    from clinic_desk import cli

    s, staff = sqlite_services, sqlite_staff
    signed = signed_record(s, staff)
    amended = s.signing.add_addendum(staff.physician, signed.id, staff.password,
                                     "Ice for 20 minutes.", "Omitted")
    other = signed_record(s, staff)
    url = _url(s)
    assert cli.main(["--database", url, "record", "verify"]) == 0
    assert capsys.readouterr().out.strip() == "signatures intact: 2 signed records"
    raw_execute(url, "DROP TRIGGER trg_records_signed_update")
    raw_execute(url, "UPDATE records SET pain_after = 0 WHERE id = ?", (signed.id,))
    raw_execute(url, "DROP TRIGGER trg_addenda_no_update")
    raw_execute(url, "UPDATE addenda SET text = 'Heat is fine.' WHERE record_id = ?",
                (signed.id,))
    tampered = stored(s, signed.id)
    assert tampered.pain_after == 0 and not s.signing.verify(tampered)
    assert s.signing.problems(tampered) == [
        "the record's content does not match its signature",
        "addendum 1 does not match its signature"]
    assert s.signing.verify(stored(s, other.id)) and amended.addenda
    assert cli.main(["--database", url, "record", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"record {signed.id}: the record's content does not match" in out
    assert f"record {other.id}" not in out


def test_format_signed_at_keeps_the_offset() -> None:
    from datetime import datetime, timezone

    assert format_signed_at(datetime(2026, 3, 1, 8, 5, tzinfo=CLINIC_TZ)) == \
        "2026-03-01 08:05 UTC-05:00"
    ist = timezone(timedelta(hours=5, minutes=30))
    assert format_signed_at(datetime(2026, 3, 1, 8, 5, tzinfo=ist)) == \
        "2026-03-01 08:05 UTC+05:30"
