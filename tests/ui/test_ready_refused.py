"""Issue 15 (2) in the editor: a record another workstation sent for signature while the nurse
was editing it is never pulled back out of the physicians' queue by "keep mine" in the
conflict dialog or by the offline retry. The nurse is told, asked why it should be reopened,
and her changes are kept whatever she answers."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinic_desk.domain.record import RecordStatus
from clinic_desk.services.drafts import draft_key
from clinic_desk.services.retry import keep_for_retry, pending_drafts, retry_pending
from clinic_desk.ui.dialogs.conflict import ConflictChoice, ConflictDialog
from clinic_desk.ui.dialogs.reason import ReasonDialog
from tests.factories import make_record
from tests.signoff.helpers import audit_entries, stored
from tests.ui.checkout.test_editor_integration import database_down, installed
from tests.ui.test_record_editor import type_into


def _draft(clinic: Any) -> Any:
    services, staff = clinic.services, clinic.staff
    return services.records.save(staff.nurse, make_record(
        patient=clinic.zoe, physician=staff.physician.staff, nurse=staff.nurse.staff,
        pain_after=3))


class Reasons:
    """ReasonDialog.ask, answered by the test: each question kept, `answer` returned."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.questions: list[tuple[str, str, str]] = []
        self.answer: str | None = None
        monkeypatch.setattr(ReasonDialog, "ask", classmethod(
            lambda cls, parent, title, question, ok: self._ask(title, question, ok)))

    def _ask(self, title: str, question: str, ok: str) -> str | None:
        self.questions.append((title, question, ok))
        return self.answer


def test_keep_mine_over_a_record_sent_for_signature_asks_why_and_keeps_the_work(
        qtbot: Any, clinic: Any, make_window: Any, dialogs: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    services, staff = clinic.services, clinic.staff
    reasons = Reasons(monkeypatch)
    record = _draft(clinic)
    window = make_window(services, staff.nurse)
    editor = window.editor
    assert window.open_record(record.id)
    type_into(qtbot, editor.ui.pain_after_edit, "1")
    # Another workstation completes it and sends it for signature.
    sent = services.records.mark_ready(staff.physician, replace(record, notes="Checked"))

    # "Keep mine", then Cancel at the reason: it stays in the queue, untouched.
    dialogs.conflict_answer = ConflictChoice.KEEP_MINE
    assert not editor.save()
    assert dialogs.asked == ["conflict"] and dialogs.conflict_seen[1].status is RecordStatus.READY
    (title, question, ok), = reasons.questions
    assert title == "Reopen for changes" and ok == "Reopen and keep mine"
    assert "drlee sent record" in question and "O'Brien, Zoë" in question
    now = stored(services, record.id)
    assert now == stored(services, sent.id) and now.status is RecordStatus.READY
    assert now.pain_after == 3 and now.version == sent.version
    assert "sent this record for signature" in editor.ui.banner_label.text()
    assert editor.ui.banner_frame.isVisibleTo(editor)
    assert editor.ui.status_label.text().endswith("Ready for signature")  # the header follows
    assert "Reopen it for changes first (Ctrl+Shift+O)" in editor.ui.message_label.text()
    assert "kept on this workstation" in editor.ui.message_label.text()
    assert editor.ui.pain_after_edit.text() == "1"  # on screen...
    kept = window.drafts.load(draft_key("nkim", record.id))
    assert kept.content["pain_after"] == 1  # ...and on this workstation
    editor.autosave_now()  # autosave does not save over it either
    editor.save()  # nor a second Ctrl+S
    assert stored(services, record.id) == now
    assert editor.status_actions.reopen_button.isVisibleTo(editor)

    # Compare… again, keep mine, and this time say why: reopened and saved, with the reason.
    reasons.answer = "Pain after re-measured"
    qtbot.mouseClick(editor.ui.banner_button, Qt.MouseButton.LeftButton)
    assert dialogs.asked == ["conflict", "conflict"] and len(reasons.questions) == 2
    saved = stored(services, record.id)
    assert saved.status is RecordStatus.DRAFT and saved.pain_after == 1
    row = next(r for r in services.records.ready_queue(staff.physician)
               if r.record_id == record.id)
    assert row.status_note == "Pain after re-measured"
    actions = [e.action.value for e in audit_entries(services, record_id=record.id)]
    assert actions[-3:] == ["record_reopen", "record_change", "record_change"]
    assert "Reopened for changes (Pain after re-measured)" in editor.ui.message_label.text()
    assert not editor.is_dirty() and not editor.ui.banner_frame.isVisibleTo(editor)


def test_reopen_after_a_refused_save_keeps_the_changes_on_screen(
        qtbot: Any, clinic: Any, make_window: Any, dialogs: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    services, staff = clinic.services, clinic.staff
    reasons = Reasons(monkeypatch)
    record = _draft(clinic)
    window = make_window(services, staff.nurse)
    editor = window.editor
    assert window.open_record(record.id)
    type_into(qtbot, editor.ui.pain_after_edit, "1")
    services.records.mark_ready(staff.physician, record)
    dialogs.conflict_answer = ConflictChoice.KEEP_MINE
    assert not editor.save()  # reason cancelled: refused

    reasons.answer = "Pain after re-measured"
    editor.status_actions.reopen_action.trigger()  # Ctrl+Shift+O
    reopened = stored(services, record.id)
    assert reopened.status is RecordStatus.DRAFT and reopened.pain_after == 3
    assert editor.ui.pain_after_edit.text() == "1" and editor.is_dirty()
    assert "with your changes on top" in editor.ui.message_label.text()
    assert editor.save()
    assert stored(services, record.id).pain_after == 1


def test_the_conflict_dialog_says_theirs_was_sent_for_signature(qtbot: Any,
                                                                clinic: Any) -> None:
    services, staff = clinic.services, clinic.staff
    record = _draft(clinic)
    theirs = services.records.mark_ready(staff.physician, record)
    dialog = ConflictDialog(replace(record, pain_after=1), theirs)
    qtbot.addWidget(dialog)
    assert "They sent it for signature" in dialog.ui.intro_label.text()
    draft_dialog = ConflictDialog(replace(record, pain_after=1), record)
    qtbot.addWidget(draft_dialog)
    assert "sent it for signature" not in draft_dialog.ui.intro_label.text()


def test_the_retry_does_not_apply_an_edit_of_a_record_sent_for_signature_meanwhile(
        qtbot: Any, clinic: Any, make_window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    services, staff = clinic.services, clinic.staff
    record = _draft(clinic)
    window = make_window(services, staff.nurse)
    checkout = installed(window)
    editor = window.editor
    assert window.open_record(record.id)
    down = database_down(services, monkeypatch)
    type_into(qtbot, editor.ui.pain_after_edit, "0")
    assert not editor.save()
    assert len(pending_drafts(window.drafts, "nkim")) == 1
    sent = services.records.mark_ready(staff.physician, record)  # its own connection

    down["now"] = False
    checkout.banner.retry_button.click()
    qtbot.waitUntil(checkout.banner.isHidden, timeout=20_000)
    now = stored(services, record.id)
    assert now == stored(services, sent.id) and now.status is RecordStatus.READY
    assert now.pain_after == 3
    assert pending_drafts(window.drafts, "nkim") == []  # not pending any more...
    kept = window.drafts.list_for_user("nkim")
    assert [d.content["pain_after"] for d in kept] == [0]  # ...but kept
    message = window.statusBar().currentMessage()
    assert "sent for signature meanwhile" in message and "O'Brien, Zoë" in message
    assert "Reopen for changes (Ctrl+Shift+O)" in message
    assert "sent this record for signature" in editor.ui.banner_label.text()
    assert editor.ui.pain_after_edit.text() == "0"
    editor.autosave_now()
    assert stored(services, record.id) == now


def test_a_long_reason_question_is_shown_whole(qtbot: Any) -> None:
    """The reopen question names who, whose record, when and what Cancel does: it wraps over
    several lines, and the dialog used to open at the one-line height, cutting it."""
    question = ("drlee sent record 38 of Nguyễn, Thị Hương for signature at 10:52, after you "
                "opened it. Keeping your version takes it out of the physicians' queue: why "
                "does it need your changes? The queue shows your reason. Cancel leaves it in "
                "the queue and keeps your changes on this workstation.")
    dialog = ReasonDialog("Reopen for changes", question, "Reopen and keep mine")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    label = dialog.question_label
    assert label.height() >= label.heightForWidth(label.width()) > 3 * label.fontMetrics().height()


def test_a_kept_edit_offered_back_at_sign_in_can_be_reopened_and_saved(
        qtbot: Any, clinic: Any, make_window: Any, dialogs: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The retry's kept edit of a record sent for signature meanwhile, offered back at the next
    sign-in: it opens read only with the changes shown; Reopen (with a reason) reopens the
    version in the queue and puts the changes back on top."""
    services, staff = clinic.services, clinic.staff
    reasons = Reasons(monkeypatch)
    record = _draft(clinic)
    window = make_window(services, staff.nurse)
    store = window.drafts
    keep_for_retry(store, staff.nurse, replace(record, pain_after=0))
    services.records.mark_ready(staff.physician, record)
    assert len(retry_pending(services, staff.nurse, store).ready) == 1

    dialogs.recovery_answer = lambda drafts: drafts[0]
    window.offer_drafts()
    editor = window.editor
    assert editor.read_only and editor.ui.pain_after_edit.text() == "0"
    reasons.answer = "Pain after at discharge was 0"
    editor.status_actions.reopen_action.trigger()
    assert stored(services, record.id).status is RecordStatus.DRAFT
    assert editor.ui.pain_after_edit.text() == "0" and not editor.read_only
    assert editor.save()
    assert stored(services, record.id).pain_after == 0
