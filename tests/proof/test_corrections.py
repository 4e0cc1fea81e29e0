"""Proof (issue 12): an addendum's corrections never change the signed record, by any path,
and the superseded text never prints.

Who is defended against: a physician's account (only printed texts can be corrected, and only
with a signed addendum), the command line, and someone with the database credential writing
rows behind Clinic Desk (append-only triggers refuse UPDATE/DELETE of addenda; an inserted
addendum whose corrections do not match its signature hash is refused at print time and named
by `record verify`). Someone who can also recompute the hash is caught by the audit trail's
hash chain (no `record_addendum` entry), which its own proof covers.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinic_desk.domain.corrections import (
    FOLLOW_UP,
    RESUME,
    MissingTextError,
    UnsignedCorrectionError,
)
from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.record import Anticoagulant, Correction
from clinic_desk.domain.signoff import addendum_hash, record_hash, signature_problems
from clinic_desk.domain.texts import LocalizedText
from clinic_desk.handout import HandoutOptions, render_handout
from clinic_desk.handout.content import compose
from clinic_desk.services import Services
from tests.cli.test_cli import run
from tests.handout.conftest import CLINIC, PHYSICIAN, anticoagulant, at, pdf_text, record, signed
from tests.signoff.helpers import (
    audit_count,
    raw_execute,
    save_patient,
    signed_record,
    snapshot,
    stored,
)

OLD = "Restart apixaban on Wednesday at 8 AM."
PRINTED = ("patient.anticoagulant.resume_instructions.en",
           "patient.anticoagulant.resume_instructions.es", "patient.anticoagulant.name",
           "follow_up")
HOSTILE_PATHS = [
    "kind", "block_number", "medications[0].name", "patient.mrn", "patient.family_name",
    "patient.preferred_language", "patient.anticoagulant", "signature", "signature.content_hash",
    "addenda", "status", "notes", "joints", "id", "patient.anticoagulant.resume_instructions.EN",
    "patient.anticoagulant.resume_instructions.en.x", "patient.anticoagulant.resume_instructions.",
    "follow_up.date", " follow_up", "x'); DELETE FROM records; --", "__class__", "",
]


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def _on_apixaban(services: Services, staff: Any) -> Any:
    patient = save_patient(services, staff.nurse, anticoagulant=Anticoagulant(
        "apixaban", LocalizedText.of({"en": OLD})))
    return signed_record(services, staff, patient=patient)


def _untouched(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return {k: v for k, v in before.items() if k != "addenda"} == {
        k: v for k, v in after.items() if k != "addenda"}


def test_hostile_paths_are_refused_and_the_signed_record_never_changes(
        services: Services, staff: Any) -> None:
    signed = _on_apixaban(services, staff)
    url = _url(services)
    before, entries = snapshot(url, signed.id), audit_count(services)
    for path in HOSTILE_PATHS:
        with pytest.raises(ValidationError):
            services.signing.add_addendum(staff.physician, signed.id, staff.password, "x", "y",
                                          corrections=(Correction(path, "changed"),))
    assert snapshot(url, signed.id) == before and audit_count(services) == entries
    # Every printed text corrected at once: the signed rows stay exactly as they were.
    amended = services.signing.add_addendum(
        staff.physician, signed.id, staff.password, "All corrected.", "Review",
        corrections=tuple(Correction(p, "2026-12-10T09:30-05:00" if p == FOLLOW_UP else
                                     f"New {n}") for n, p in enumerate(PRINTED)))
    after = snapshot(url, signed.id)
    assert _untouched(before, after) and len(after["addenda"]) == 1
    assert record_hash(amended) == signed.signature.content_hash
    assert signature_problems(stored(services, signed.id)) == []
    assert stored(services, signed.id).patient == signed.patient


def test_the_database_refuses_changed_corrections_and_a_forged_one_never_prints(
        services: Services, staff: Any, capsys: Any) -> None:
    signed = _on_apixaban(services, staff)
    url = _url(services)
    services.signing.add_addendum(
        staff.physician, signed.id, staff.password, "Day corrected.", "Wrong day",
        corrections=(Correction(f"{RESUME}.en", "Restart apixaban on Thursday at 8 AM."),))
    forged = json.dumps([{"path": f"{RESUME}.en", "value": "Stop apixaban for good."}])
    from tests.conftest import owner_url

    # The workstations' role is refused by its grants (PostgreSQL) or the guards (SQLite); the
    # owner, who could, by the append-only guards.
    for who, refusal in ((url, "append-only|permission denied"),
                         (owner_url(url), "append-only")):
        with pytest.raises(Exception, match=refusal):
            raw_execute(who, "UPDATE addenda SET corrections = ? WHERE record_id = ?",
                        (forged, signed.id))
        with pytest.raises(Exception, match=refusal):
            raw_execute(who, "DELETE FROM addenda WHERE record_id = ?", (signed.id,))
    # A row inserted behind Clinic Desk's back, with a hash that does not cover its text.
    [a] = stored(services, signed.id).addenda
    raw_execute(url, "INSERT INTO addenda (record_id, text, reason, author_id, author_username,"
                     " printed_name, credentials, created_at, offset_min, meaning, content_hash,"
                     " changes_instructions, corrections) SELECT record_id, text, reason,"
                     " author_id, author_username, printed_name, credentials, created_at,"
                     " offset_min, meaning, content_hash, changes_instructions, ? FROM addenda"
                     " WHERE id = ?", (forged, a.id))
    entries = audit_count(services)
    with pytest.raises(UnsignedCorrectionError):
        services.printing.prepare(staff.desk, signed.id, "en")
    assert services.printing.count_prints(signed.id) == 0 and audit_count(services) == entries
    code, out, _ = run(capsys, "--database", url, "record", "verify", str(signed.id))
    assert code == 1 and "addendum 2 does not match its signature" in out


# --- the superseded text never prints (domain and renderer, no database) --------------------

def _addendum(r: Any, corrections: tuple[Correction, ...], day: int) -> Any:
    from clinic_desk.domain.record import Addendum, Signature

    created = at(f"2026-11-{21 + day:02d} 09:00")  # days 4-9: November 25-30
    digest = addendum_hash(r.signature.content_hash, PHYSICIAN, created, "Fix", "Fixed.",
                           "Reviewed and approved", True, corrections)
    return Addendum("Fixed.", "Fix", PHYSICIAN, created,
                    Signature(PHYSICIAN, created, "Reviewed and approved", digest), True,
                    corrections=corrections)


_marker = itertools.count(1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["en", "es", "en+es", "follow_up"]), min_size=1, max_size=6))
def test_only_the_newest_correction_of_each_text_ever_prints(steps: list[str]) -> None:
    """Any sequence of addenda: each handout prints the newest text of its language, or is
    refused when that language still says what another language's correction superseded;
    never an older text, never an older visit."""
    base = signed(record(patient={"anticoagulant": anticoagulant(
        "apixaban", "Restart code OLDEN.", es="Reinicie con el código OLDES.")}))
    r, seen = base, {"en": ["OLDEN"], "es": ["OLDES"]}
    printing = {"en": "OLDEN", "es": "OLDES"}  # what each language prints now (the spec)
    days = [8]  # the follow-up visit's day in December, as signed, then as corrected
    for day, step in enumerate(steps, 4):
        if step == "follow_up":
            fixes: tuple[Correction, ...] = (
                Correction(FOLLOW_UP, f"2026-12-{10 + day}T09:00:00-05:00"),)
            days.append(10 + day)
        else:
            given = {code: f"W{next(_marker)}X" for code in step.split("+")}
            fixes = tuple(Correction(f"{RESUME}.{code}", f"Code {v}.")
                          for code, v in given.items())
            for code, v in given.items():
                seen[code].append(v)
            # Changing a language that prints drops those not corrected with it.
            printing = dict(given) if set(given) & set(printing) else {**printing, **given}
        r = r.with_changes(addenda=(*r.addenda, _addendum(base, fixes, day)))
    assert record_hash(r) == base.signature.content_hash  # the signed content is untouched
    for lang, visit in (("en", "December {}, 2026"), ("es", "{} de diciembre de 2026")):
        if lang not in printing:
            with pytest.raises(MissingTextError):
                compose(r, CLINIC, HandoutOptions(language=lang))
            continue
        body = compose(r, CLINIC, HandoutOptions(language=lang)).body_text(
            include_verbatim=True)
        for v in seen["en"] + seen["es"]:
            assert (v in body) is (v == printing[lang]), (lang, v, body)
        for d in dict.fromkeys(days):
            found = re.search(rf"(?<!\d){visit.format(d)}", body) is not None
            assert found is (d == days[-1]), (lang, d, body)


def test_the_rendered_pdf_holds_the_newest_correction_only() -> None:
    base = signed(record(patient={"anticoagulant": anticoagulant("apixaban", OLD)}))
    r = base
    for day, text in enumerate(("Restart on Thursday.", "Restart on Friday."), 4):  # 25, 26
        r = r.with_changes(addenda=(*r.addenda, _addendum(
            base, (Correction(f"{RESUME}.en", text),), day)))
    text = pdf_text(render_handout(r, CLINIC))
    assert "Restart on Friday." in text and "Changed on November 26, 2026." in text
    assert OLD not in text and "Restart on Thursday." not in text
