"""Issue 12 on both databases: addenda that correct printed texts (signed with the addendum),
clinician text kept per language through storage and record JSON, the missing-language
refusal of `clinic-desk handout`, and the stated reason for a steroid in a diagnostic block."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from clinic_desk.domain.corrections import FOLLOW_UP, RESUME, MissingTextError
from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.record import Anticoagulant, Correction, Language, RecordStatus
from clinic_desk.domain.signoff import addendum_hash, handout_version, signature_problems
from clinic_desk.domain.texts import LocalizedText
from clinic_desk.services import Services
from tests.cli.test_cli import run
from tests.conftest import PASSWORD
from tests.factories import make_medication

from .helpers import (
    audit_count,
    audit_entries,
    raw_execute,
    raw_rows,
    ready_record,
    save_patient,
    signed_record,
    snapshot,
    stored,
)

OLD = "Restart apixaban on Wednesday at 8 AM."
NEW = "Restart apixaban on Thursday at 8 AM."
NEW_ES = "Vuelva a tomar apixabán el jueves a las 8 a. m."
STEROID = make_medication(name="triamcinolone", strength="40 mg/mL", volume_ml=1.0,
                          per_target=False)


def _url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def _on_apixaban(services: Services, staff: Any, **texts: str) -> Any:
    patient = save_patient(services, staff.nurse, anticoagulant=Anticoagulant(
        "apixaban", LocalizedText.of(texts or {"en": OLD})))
    return signed_record(services, staff, patient=patient)


def test_an_addendum_carries_signed_corrections_and_the_record_keeps_both(
        services: Services, staff: Any) -> None:
    signed = _on_apixaban(services, staff)
    before = snapshot(_url(services), signed.id)
    amended = services.signing.add_addendum(
        staff.physician, signed.id, staff.password, "Restart day corrected.", "Wrong day",
        corrections=(Correction(RESUME, NEW),  # no language: the patient's (English)
                     Correction(FOLLOW_UP, "2026-12-10T14:30-05:00")))
    [a] = amended.addenda
    assert a.corrections == (Correction(f"{RESUME}.en", NEW),
                             Correction(FOLLOW_UP, "2026-12-10T14:30:00-05:00"))
    assert a.changes_instructions and handout_version(amended) == 2
    # The signed record is exactly as signed; the addendum only adds.
    after = snapshot(_url(services), signed.id)
    assert {k: v for k, v in after.items() if k != "addenda"} == {
        k: v for k, v in before.items() if k != "addenda"}
    assert amended.patient.anticoagulant.resume_instructions.get("en") == OLD
    assert signature_problems(stored(services, signed.id)) == []
    # The corrections are part of what the addendum's signature covers.
    without = addendum_hash(signed.signature.content_hash, a.author, a.created_at, a.reason,
                            a.text, a.signature.meaning, a.changes_instructions)
    assert without != a.signature.content_hash
    entry = audit_entries(services, record_id=signed.id)[-1]
    assert entry.action.value == "record_addendum"
    assert entry.detail["corrects"] == [f"{RESUME}.en", FOLLOW_UP]
    assert NEW not in json.dumps(entry.detail)  # the audit names what changed, not the text


@pytest.mark.parametrize(("corrections", "field", "words"), [
    ((Correction("kind", "radiofrequency_ablation"),), "--correct", "not a printed text"),
    ((Correction("notes", "x"),), "--correct", "not a printed text"),
    ((Correction(f"{RESUME}.fr", "x"),), "--correct", "not a printed text"),
    ((Correction(f"{RESUME}.en", "  "),), f"--correct {RESUME}.en", "Write the corrected"),
    ((Correction(FOLLOW_UP, "Thursday"),), f"--correct {FOLLOW_UP}", "not a valid"),
    ((Correction(FOLLOW_UP, "2026-12-10T14:30"),), f"--correct {FOLLOW_UP}", "offset"),
    ((Correction(FOLLOW_UP, "2026-11-01T09:00-05:00"),), f"--correct {FOLLOW_UP}",
     "after the procedure"),
    ((Correction(f"{RESUME}.en", "a"), Correction(RESUME, "b")), f"--correct {RESUME}.en",
     "corrected twice"),
])
def test_corrections_of_anything_else_or_bad_values_add_nothing(
        services: Services, staff: Any, corrections: tuple[Correction, ...], field: str,
        words: str) -> None:
    signed = _on_apixaban(services, staff)
    entries = audit_count(services)
    with pytest.raises(ValidationError) as e:
        services.signing.add_addendum(staff.physician, signed.id, staff.password, "Fix.",
                                      "Why", corrections=corrections)
    assert any(i.field == field and words in i.message for i in e.value.issues), e.value
    assert stored(services, signed.id).addenda == () and audit_count(services) == entries


def test_restart_instructions_need_a_blood_thinner_which_the_same_addendum_may_add(
        services: Services, staff: Any) -> None:
    signed = signed_record(services, staff)  # no blood thinner
    with pytest.raises(ValidationError, match="lists no blood thinner"):
        services.signing.add_addendum(staff.physician, signed.id, staff.password, "Fix.",
                                      "Why", corrections=(Correction(f"{RESUME}.en", NEW),))
    amended = services.signing.add_addendum(
        staff.physician, signed.id, staff.password, "On apixaban after all.", "Missed",
        corrections=(Correction(f"{RESUME}.en", NEW),
                     Correction("patient.anticoagulant.name", "apixaban")))
    assert [c.path for c in amended.addenda[0].corrections] == [
        "patient.anticoagulant.name", f"{RESUME}.en"]
    assert amended.patient.anticoagulant is None  # the signed record is unchanged
    assert signature_problems(amended) == []


def test_texts_per_language_survive_storage_and_show_json_gives_the_object_form(
        services: Services, staff: Any, capsys: Any) -> None:
    signed = _on_apixaban(services, staff, en=OLD, es=NEW_ES)
    got = stored(services, signed.id).patient.anticoagulant.resume_instructions
    assert got == LocalizedText.of({"en": OLD, "es": NEW_ES})
    assert signature_problems(stored(services, signed.id)) == []
    code, out, err = run(capsys, "--database", _url(services), "record", "show",
                         str(signed.id), "--json")
    assert code == 0, err
    shown = json.loads(out)["patient"]["anticoagulant"]["resume_instructions"]
    assert shown == {"en": OLD, "es": NEW_ES}


def test_rows_from_before_migration_0005_read_in_the_preferred_language(
        services: Services, staff: Any) -> None:
    """Rows written before issue 12 have only the one-language column: they read as the
    preferred language (for a signed record, the one its signature covers), and a record
    signed from such rows hashes a plain string, as before, and verifies."""
    url = _url(services)
    patient = save_patient(services, staff.nurse, anticoagulant=Anticoagulant(
        "apixaban", LocalizedText.of({"en": OLD})))
    ready = ready_record(services, staff, patient=patient)
    for table, key in (("patients", patient.id), ("records", ready.id)):
        raw_execute(url, f"UPDATE {table} SET anticoagulant_resume_texts = NULL WHERE id = ?",
                    (key,))
    signed = services.signing.sign(staff.physician, ready.id, staff.password,
                                   "Reviewed and approved")
    [(content,)] = raw_rows(url, "SELECT content FROM signatures WHERE record_id = ?",
                            (ready.id,))
    assert json.loads(content)["patient"]["anticoagulant"]["resume_instructions"] == OLD
    assert signature_problems(stored(services, signed.id)) == []
    assert raw_rows(url, "SELECT anticoagulant_resume_texts FROM records WHERE id = ?",
                    (signed.id,)) == [(None,)]
    # The chart changes language later: the signed record keeps the language it was signed in.
    raw_execute(url, "UPDATE patients SET preferred_language = 'es' WHERE id = ?",
                (patient.id,))
    chart = services.patients.get(staff.nurse, patient.id)
    assert chart.anticoagulant.resume_instructions == LocalizedText.of({"es": OLD})
    again = stored(services, signed.id)
    assert again.patient.preferred_language is Language.ENGLISH
    assert again.patient.anticoagulant.resume_instructions == LocalizedText.of({"en": OLD})
    assert signature_problems(again) == []


def test_cli_addendum_with_correct_and_handout_refusing_a_missing_language(
        services: Services, staff: Any, capsys: Any, tmp_path: Path) -> None:
    signed = _on_apixaban(services, staff)
    url, rid = _url(services), str(signed.id)
    out_file = tmp_path / "es.pdf"
    entries = audit_count(services)
    code, out, err = run(capsys, "--database", url, "handout", rid, "--out", str(out_file),
                         "--lang", "es")
    assert code == 2
    assert "patient.anticoagulant.resume_instructions.es: The blood-thinner restart " \
           "instructions have no Spanish text" in err
    assert "--correct patient.anticoagulant.resume_instructions.es=TEXT" in err
    assert not out_file.exists() and audit_count(services) == entries  # nothing saved

    code, out, err = run(capsys, "--database", url, "record", "addendum", rid, "--user",
                         "drlee", "--reason", "Spanish handout", "--text", "Spanish added.",
                         "--correct", f"{RESUME}.es={NEW_ES}",
                         "--correct", "follow_up=2026-12-10T14:30-05:00", "--password-stdin",
                         stdin=PASSWORD + "\n")
    assert code == 0, err
    assert f"corrects {RESUME}.es; corrects follow_up" in out
    [a] = stored(services, signed.id).addenda
    assert a.corrections[0] == Correction(f"{RESUME}.es", NEW_ES)

    code, out, err = run(capsys, "--database", url, "handout", rid, "--out", str(out_file),
                         "--lang", "es")
    assert code == 0, err
    from tests.handout.conftest import pdf_text
    text = pdf_text(out_file.read_bytes())
    assert NEW_ES in text and OLD not in text and "Cambiado el" in text

    code, _, err = run(capsys, "--database", url, "record", "addendum", rid, "--user", "drlee",
                       "--reason", "x", "--text", "y", "--correct", "notes=changed",
                       "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 2 and "--correct: " in err and "not a printed text" in err
    assert len(stored(services, signed.id).addenda) == 1


def test_printing_service_refuses_the_missing_language_and_logs_nothing(
        services: Services, staff: Any) -> None:
    signed = _on_apixaban(services, staff)
    entries = audit_count(services)
    with pytest.raises(MissingTextError) as e:
        services.printing.prepare(staff.desk, signed.id, "es")
    assert e.value.signed and e.value.missing[0].path == f"{RESUME}.es"
    with pytest.raises(MissingTextError):
        services.printing.print_handout(staff.desk, signed.id, "Front desk", language="es")
    assert audit_count(services) == entries and services.printing.count_prints(signed.id) == 0
    rendered = services.printing.prepare(staff.desk, signed.id, "en")
    assert rendered.pdf.startswith(b"%PDF")


def test_a_steroid_in_a_diagnostic_block_is_signed_only_with_a_stated_reason(
        services: Services, staff: Any, capsys: Any) -> None:
    ready = ready_record(services, staff, medications=(make_medication(), STEROID))
    with pytest.raises(ValidationError) as e:
        services.signing.sign(staff.physician, ready.id, staff.password,
                              "Reviewed and approved")
    assert e.value.issues[0].field == "steroid_reason"
    assert "not appropriate" in e.value.issues[0].message
    assert stored(services, ready.id).status is RecordStatus.READY
    code, _, err = run(capsys, "--database", _url(services), "record", "sign", str(ready.id),
                       "--user", "drlee", "--meaning", "Reviewed and approved",
                       "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 2 and "steroid_reason: A steroid is listed" in err
    reason = "Payer allows; patient also has joint inflammation on MRI."
    code, out, err = run(capsys, "--database", _url(services), "record", "sign", str(ready.id),
                         "--user", "drlee", "--meaning", "Reviewed and approved",
                         "--reason-steroid", reason, "--password-stdin",
                         stdin=PASSWORD + "\n")
    assert code == 0, err
    signed = stored(services, ready.id)
    assert signed.signature.steroid_reason == reason
    assert raw_rows(_url(services), "SELECT steroid_reason FROM signatures WHERE record_id = ?",
                    (ready.id,)) == [(reason,)]
    entry = audit_entries(services, record_id=ready.id)[-1]
    assert entry.action.value == "record_sign" and entry.detail["steroid_reason"] == reason
    code, out, _ = run(capsys, "--database", _url(services), "record", "show", str(ready.id))
    assert f"Steroid:   {reason}" in out


def test_no_reason_is_asked_or_kept_for_a_steroid_outside_a_diagnostic_block(
        services: Services, staff: Any) -> None:
    from clinic_desk.domain.procedures import ProcedureKind

    ready = ready_record(services, staff, kind=ProcedureKind.INTRA_ARTICULAR, block_number=None,
                         medications=(make_medication(name="lidocaine", strength="1%"), STEROID))
    signed = services.signing.sign(staff.physician, ready.id, staff.password,
                                   "Reviewed and approved", steroid_reason="not needed")
    assert signed.signature.steroid_reason == ""
    assert "steroid_reason" not in audit_entries(services, record_id=ready.id)[-1].detail
    assert isinstance(signed.signature.signed_at, datetime)


def test_cli_says_when_a_correction_stops_another_language_printing(
        services: Services, staff: Any, capsys: Any) -> None:
    signed = _on_apixaban(services, staff, en=OLD, es="Vuelva a tomarlo el miércoles.")
    code, out, err = run(capsys, "--database", _url(services), "record", "addendum",
                         str(signed.id), "--user", "drlee", "--reason", "Wrong day", "--text",
                         "Thursday.", "--correct", f"{RESUME}.en={NEW}", "--password-stdin",
                         stdin=PASSWORD + "\n")
    assert code == 0, err
    assert (f"note: {RESUME}.es said what the corrected text said before, so it no longer "
            "prints; handouts in Spanish are refused until a physician adds it") in out
    with pytest.raises(MissingTextError):
        services.printing.prepare(staff.desk, signed.id, "es")


def test_cli_handout_names_instructions_the_sheet_cannot_print(
        services: Services, staff: Any, capsys: Any, tmp_path: Path) -> None:
    """An addendum that changes the instructions without a correction: the sheet tells the
    patient to ask for the new ones; whoever saves it is told what to give them."""
    signed = _on_apixaban(services, staff)
    url, rid = _url(services), str(signed.id)
    out_file = tmp_path / "en.pdf"
    code, _, err = run(capsys, "--database", url, "handout", rid, "--out", str(out_file))
    assert code == 0 and "give them the new instructions" not in err
    code, _, err = run(capsys, "--database", url, "record", "addendum", rid, "--user", "drlee",
                       "--reason", "Lifting", "--text", "No lifting over 5 kg for 3 days.",
                       "--changes-instructions", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err
    code, _, err = run(capsys, "--database", url, "handout", rid, "--out", str(out_file))
    assert code == 0, err
    assert "give them the new instructions" in err and "No lifting over 5 kg for 3 days." in err
