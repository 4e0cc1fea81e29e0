"""Issue 12 at checkout: a handout in a language its restart instructions lack is neither
previewed nor printed; the desk is told a physician must add the text, and a physician signed
in at checkout is offered the Addendum dialog at that text."""

from __future__ import annotations

from typing import Any

import pytest

from clinic_desk.domain.record import Anticoagulant
from clinic_desk.domain.texts import LocalizedText
from clinic_desk.ui import messages
from clinic_desk.ui.signoff.addendum_dialog import AddendumDialog

from .conftest import Desk, Told, today_at
from .test_checkout_page import WAIT, make_page, print_and_wait

OLD = "Restart apixaban tomorrow at 8 AM."


def _on_apixaban(desk: Desk) -> Any:
    from tests.signoff.helpers import save_patient, signed_record

    patient = save_patient(desk.services, desk.staff.nurse, given_name="Ana",
                           family_name="Torres", anticoagulant=Anticoagulant(
                               "apixaban", LocalizedText.of({"en": OLD})))
    return signed_record(desk.services, desk.staff, patient=patient,
                         performed_at=today_at(5), ended_at=today_at(20))


def _spanish(page: Any) -> None:
    page.language_combo.setCurrentIndex(page.language_combo.findText("Español"))


def test_the_desk_is_told_a_physician_must_add_the_missing_text(
        qtbot: Any, desk: Desk, told: Told, monkeypatch: pytest.MonkeyPatch) -> None:
    record = _on_apixaban(desk)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    page = make_page(qtbot, desk)
    assert page.selected_ids() == [record.id]  # the oldest today
    _spanish(page)
    qtbot.waitUntil(lambda: page.preview_status.text().startswith("No preview:"), timeout=WAIT)
    status = page.preview_status.text()
    assert "restart instructions have no Spanish text" in status
    assert "a physician adds it with an addendum" in status
    assert "patient.anticoagulant" not in status.split("corrects")[0]  # words, not paths
    result = print_and_wait(qtbot, page, page.print_current)
    assert result.printed is None and result.error is not None
    assert "nothing was printed" in page.result_label.text()
    assert desk.services.printing.count_prints(record.id) == 0
    assert asked == []  # the desk cannot sign: nothing to offer but the message


def test_a_physician_at_checkout_is_offered_the_addendum_at_the_missing_text(
        qtbot: Any, desk: Desk, told: Told, monkeypatch: pytest.MonkeyPatch) -> None:
    record = _on_apixaban(desk)
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    opened: list[str] = []

    def ask(cls: Any, services: Any, actor: Any, rec: Any, parent: Any = None, *,
            focus_path: str = "") -> Any:
        dialog = cls(services, actor, rec, parent)
        dialog.open_at_correction(focus_path)
        opened.append(focus_path)
        assert dialog.focusWidget() in (None, dialog.ui.correct_resume_es_edit)
        return None  # the physician cancelled

    monkeypatch.setattr(AddendumDialog, "ask", classmethod(ask))
    page = make_page(qtbot, desk, desk.staff.physician)
    _spanish(page)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT)
    assert opened == ["patient.anticoagulant.resume_instructions.es"]
    assert "Add the missing blood-thinner restart instructions now" in asked[0]
    assert desk.services.printing.count_prints(record.id) == 0
