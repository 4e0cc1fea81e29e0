"""Checkout printing on SQLite and PostgreSQL: the queue, the print log with the exact PDF,
reprints with a reason, batch printing, exports, roles, and two desks printing at once."""

from __future__ import annotations

import hashlib
import threading
from datetime import date, datetime
from typing import Any

import pytest

from clinic_desk.domain.errors import (
    NotFoundError,
    PermissionDeniedError,
    RecordSignedError,
    ValidationError,
)
from clinic_desk.domain.record import Language, RecordStatus
from clinic_desk.services import Services
from clinic_desk.services.context import Actor
from clinic_desk.services.printing import (
    AlreadyPrintedError,
    PrintingOptions,
    fallback_file_name,
    save_pdf,
)
from tests.conftest import owner_url
from tests.factories import at
from tests.signoff.helpers import audit_entries, raw_execute, raw_rows, save_patient

from .helpers import printing, ready_record, signed_record

DAY = date(2026, 11, 24)  # make_record's procedures are on this day (UTC-5)


def test_print_keeps_the_exact_pdf_and_checks_the_patient_out(services: Services,
                                                              staff: Any) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    assert [r.record_id for r in svc.checkout_queue(staff.desk, DAY)] == [record.id]

    printed, rendered = svc.print_handout(staff.desk, record.id, "Front desk HP")

    assert printed.checked_out and printed.printer == "Front desk HP"
    assert printed.username == "desk" and printed.full_name == "Sam Taylor"
    assert printed.language is Language.ENGLISH and printed.handout_version == 1
    assert printed.sha256 == hashlib.sha256(rendered.pdf).hexdigest()
    assert svc.pdf(staff.desk, printed.print_id) == rendered.pdf
    assert svc.checkout_queue(staff.desk, DAY) == []
    # The worklist and the record know the handout went out.
    assert services.records.get(staff.nurse, record.id).handout_printed_at is not None
    entries = audit_entries(services, record_id=record.id)
    # preview (a view), the print, the PDF shown again (a view), the nurse opening the record
    assert [e.action.value for e in entries[-4:]] == ["record_view", "handout_print",
                                                      "record_view", "record_view"]
    detail = entries[-3].detail
    assert detail["sha256"] == printed.sha256 and detail["printer"] == "Front desk HP"


def test_queue_lists_only_todays_signed_unprinted_records_oldest_first(
        services: Services, staff: Any) -> None:
    svc = printing(services)
    late = signed_record(services, staff, performed_at=at("2026-11-24 14:00"),
                         ended_at=at("2026-11-24 14:20"))
    early = signed_record(services, staff, performed_at=at("2026-11-24 08:15"),
                          ended_at=at("2026-11-24 08:40"))
    ready_record(services, staff, performed_at=at("2026-11-24 09:00"))  # not signed yet
    signed_record(services, staff, performed_at=at("2026-11-23 10:00"),
                  ended_at=at("2026-11-23 10:20"))  # yesterday
    rows = svc.checkout_queue(staff.desk, DAY)
    assert [r.record_id for r in rows] == [early.id, late.id]
    assert all(r.status is RecordStatus.SIGNED and not r.handout_printed for r in rows)


def test_reprint_needs_a_reason_and_keeps_every_version(services: Services,
                                                        staff: Any) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    first, first_pdf = svc.print_handout(staff.desk, record.id, "Desk")
    before = svc.count_prints(record.id)
    with pytest.raises(AlreadyPrintedError) as err:
        svc.print_handout(staff.desk, record.id, "Desk")
    assert "already printed by desk" in str(err.value) and err.value.issues[0].field == "reason"
    assert svc.count_prints(record.id) == before  # nothing logged

    second, second_pdf = svc.print_handout(staff.desk, record.id, "Desk",
                                           reason="Patient lost the first copy",
                                           language="es")
    assert second.reason == "Patient lost the first copy" and second.language is Language.SPANISH
    assert first_pdf.pdf != second_pdf.pdf
    assert svc.pdf(staff.desk, first.print_id) == first_pdf.pdf
    assert svc.pdf(staff.desk, second.print_id) == second_pdf.pdf
    log = svc.print_log(staff.desk, record_id=record.id)
    assert [p.print_id for p in log] == [second.print_id, first.print_id]
    assert log[0].mrn == record.patient.mrn


def test_the_patients_language_is_the_default_and_a_bad_one_is_refused(
        services: Services, staff: Any) -> None:
    svc = printing(services)
    patient = save_patient(services, staff.nurse, preferred_language=Language.SPANISH)
    record = signed_record(services, staff, patient=patient)
    rendered = svc.prepare(staff.desk, record.id)
    assert rendered.language is Language.SPANISH
    with pytest.raises(ValidationError) as err:
        svc.prepare(staff.desk, record.id, language="fr")
    assert err.value.issues[0].field == "language"
    large = svc.prepare(staff.desk, record.id, "en", large_print=True)
    assert large.large_print and large.language is Language.ENGLISH


@pytest.mark.parametrize("role", ["admin"])
def test_roles_without_print_rights_print_nothing(services: Services, staff: Any,
                                                  role: str) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    actor = getattr(staff, role)
    for call in (lambda: svc.print_handout(actor, record.id, "Desk"),
                 lambda: svc.checkout_queue(actor, DAY),
                 lambda: svc.print_log(actor),
                 lambda: svc.prepare(actor, record.id)):
        with pytest.raises(PermissionDeniedError):
            call()
    assert svc.count_prints(record.id) == 0


def test_nurses_and_physicians_may_print(services: Services, staff: Any) -> None:
    svc = printing(services)
    for actor in (staff.nurse, staff.physician):
        record = signed_record(services, staff)
        printed, _ = svc.print_handout(actor, record.id, "Recovery printer")
        assert printed.username == actor.username


def test_batch_prints_each_in_its_patients_language_and_skips_printed_ones(
        services: Services, staff: Any) -> None:
    svc = printing(services)
    spanish = save_patient(services, staff.nurse, preferred_language=Language.SPANISH)
    a = signed_record(services, staff)
    b = signed_record(services, staff, patient=spanish)
    c = signed_record(services, staff)
    svc.print_handout(staff.desk, c.id, "Desk")
    steps: list[tuple[int, int]] = []

    result = svc.print_batch(staff.desk, [a.id, b.id, c.id, a.id], "Desk",
                             progress=lambda done, total: steps.append((done, total)) or True)

    assert [p.record_id for p, _ in result.printed] == [a.id, b.id]
    assert [p.language for p, _ in result.printed] == [Language.ENGLISH, Language.SPANISH]
    assert [rid for rid, _ in result.failed] == [c.id]
    assert "already printed" in result.failed[0][1]
    assert steps[-1] == (3, 3) and not result.stopped
    assert result.summary == "2 printed, 1 not printed"


def test_batch_stops_when_cancelled(services: Services, staff: Any) -> None:
    svc = printing(services)
    ids = [signed_record(services, staff).id for _ in range(3)]
    result = svc.print_batch(staff.desk, ids, "Desk", progress=lambda done, total: done < 1)
    assert len(result.printed) == 1 and result.stopped


def test_export_is_logged_without_checking_out(services: Services, staff: Any) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    printed, rendered = svc.export_handout(staff.desk, record.id, destination="/tmp/x.pdf")
    assert printed is not None and not printed.checked_out and printed.is_export
    assert svc.pdf(staff.desk, printed.print_id) == rendered.pdf
    assert [r.record_id for r in svc.checkout_queue(staff.desk, DAY)] == [record.id]
    # A first real print after an export is not a reprint.
    first, _ = svc.print_handout(staff.desk, record.id, "Desk")
    assert first.checked_out and first.reason == ""
    assert audit_entries(services, record_id=record.id)[-1].action.value == "handout_print"


def test_command_line_export_is_audited_but_not_kept(services: Services, staff: Any) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    cli = Actor(0, "cli:tester", "Command line", staff.nurse.role, "", "ws")
    printed, rendered = svc.export_handout(cli, record.id)
    assert printed is None and svc.count_prints(record.id) == 0
    entry = audit_entries(services, record_id=record.id)[-1]
    assert entry.action.value == "handout_export" and entry.username == "cli:tester"
    assert entry.detail["sha256"] == rendered.sha256
    with pytest.raises(PermissionDeniedError):
        svc.record_print(cli, rendered, "Desk")


def test_a_handout_made_before_an_amendment_is_not_logged(services: Services,
                                                          staff: Any) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    rendered = svc.prepare(staff.desk, record.id)
    services.signing.add_addendum(staff.physician, record.id, staff.password,
                                  "Keep the bandage on until tomorrow.", "Wound care",
                                  changes_instructions=True)
    with pytest.raises(ValidationError, match="changed after this handout"):
        svc.record_print(staff.desk, rendered, "Desk")
    printed, fresh = svc.print_handout(staff.desk, record.id, "Desk")
    assert printed.handout_version == 2 == fresh.handout_version


def test_a_draft_prints_without_checking_out(services: Services, staff: Any) -> None:
    svc = printing(services)
    record = ready_record(services, staff)
    printed, _ = svc.print_handout(staff.nurse, record.id, "Recovery")
    assert not printed.checked_out
    svc.print_handout(staff.nurse, record.id, "Recovery")  # no reason needed: not a checkout


def test_unknown_records_and_prints(services: Services, staff: Any) -> None:
    svc = printing(services)
    with pytest.raises(NotFoundError):
        svc.prepare(staff.desk, 999_999)
    with pytest.raises(NotFoundError):
        svc.pdf(staff.desk, 999_999)


def test_the_print_log_is_append_only_below_the_app(services: Services, staff: Any,
                                                    db_url: str) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    printed, rendered = svc.print_handout(staff.desk, record.id, "Desk")
    for sql in ("UPDATE handout_prints SET pdf = pdf WHERE id = ?",
                "DELETE FROM handout_prints WHERE id = ?"):
        with pytest.raises(Exception, match="append-only"):  # the trigger, even for the owner
            raw_execute(owner_url(db_url), sql, (printed.print_id,))
        with pytest.raises(Exception, match=r"append-only|permission denied"):
            raw_execute(db_url, sql, (printed.print_id,))  # PostgreSQL: the app role's rights
    with pytest.raises(RecordSignedError):
        # The service layer's translation of the same refusal.
        from clinic_desk.storage.models import HandoutPrintRow
        from clinic_desk.storage.unit_of_work import UnitOfWork

        with UnitOfWork(services.db) as uow:
            row = uow.session.get(HandoutPrintRow, printed.print_id)
            assert row is not None
            row.reason = "changed"
            uow.session.flush()
    assert svc.pdf(staff.desk, printed.print_id) == rendered.pdf


def test_two_desks_printing_the_same_patient_at_once_print_it_once(services: Services,
                                                                   staff: Any) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    desk2 = services.auth.create_user(staff.admin, "desk2", "Robin Park",
                                      staff.desk.role, staff.password)
    rendered = {a.username: svc.prepare(a, record.id) for a in (staff.desk, desk2)}
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def go(actor: Actor) -> None:
        barrier.wait()
        try:
            results[actor.username] = svc.record_print(actor, rendered[actor.username], "D")
        except Exception as e:  # noqa: BLE001 - the test inspects it
            results[actor.username] = e

    threads = [threading.Thread(target=go, args=(a,)) for a in (staff.desk, desk2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kinds = sorted(type(v).__name__ for v in results.values())
    assert kinds == ["AlreadyPrintedError", "PrintedHandout"]
    rows = raw_rows(services_url(services), "SELECT count(*) FROM handout_prints")
    assert rows[0][0] == 1


def services_url(services: Services) -> str:
    return services.db.url.render_as_string(hide_password=False)


def test_printing_options_are_clinic_wide_and_for_administrators(services: Services,
                                                                 staff: Any) -> None:
    svc = printing(services)
    assert svc.options() == PrintingOptions()
    with pytest.raises(PermissionDeniedError):
        svc.save_options(staff.desk, PrintingOptions("/srv/handouts"))
    svc.save_options(staff.admin, PrintingOptions("/srv/handouts"))
    assert svc.options().fallback_folder == "/srv/handouts"


def test_fallback_file_has_no_patient_name_and_is_written_whole(services: Services,
                                                                staff: Any,
                                                                tmp_path: Any) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    rendered = svc.prepare(staff.desk, record.id)
    name = fallback_file_name(rendered, datetime(2026, 11, 24, 10, 5))
    assert name == f"handout-record{record.id}-v1-en-20261124-100500.pdf"
    assert record.patient.family_name not in name and record.patient.mrn not in name
    path = save_pdf(tmp_path / "out", name, rendered.pdf)
    assert path.read_bytes() == rendered.pdf
    assert [p.name for p in path.parent.iterdir()] == [name]  # no temporary file left


def test_nothing_about_the_patient_is_logged(services: Services, staff: Any,
                                             caplog: pytest.LogCaptureFixture) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    svc.print_handout(staff.desk, record.id, "Desk")
    text = caplog.text
    assert record.patient.family_name not in text and record.patient.mrn not in text


def test_with_the_real_renderer_the_log_keeps_the_handout_with_its_code(services: Services,
                                                                         staff: Any) -> None:
    import io

    import pypdf

    record = signed_record(services, staff)
    printed, rendered = services.printing.print_handout(staff.desk, record.id, "Desk")
    kept = services.printing.pdf(staff.desk, printed.print_id)
    assert kept == rendered.pdf
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(kept)).pages)
    assert printed.verification_code in text
    assert record.patient.given_name in text


def test_saving_a_printed_pdf_to_a_file_is_an_audited_export(services: Services,
                                                             staff: Any) -> None:
    svc = printing(services)
    record = signed_record(services, staff)
    printed, rendered = svc.print_handout(staff.desk, record.id, "Desk")
    assert svc.export_print(staff.desk, printed.print_id, "/home/desk/copy.pdf") == rendered.pdf
    entry = audit_entries(services, record_id=record.id)[-1]
    assert entry.action.value == "handout_export"
    assert entry.detail == {"print_id": printed.print_id, "sha256": printed.sha256,
                            "file": "copy.pdf"}
