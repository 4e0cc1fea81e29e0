"""The physician's sign-off page: the ready queue oldest first, the read-only review with its
warnings and handout preview, signing and an addendum, what other roles see."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from clinic_desk.domain.procedures import Sedation
from clinic_desk.domain.signoff import manifestation
from clinic_desk.ui.models import RECORD_ID_ROLE
from clinic_desk.ui.signoff import queue_page
from clinic_desk.ui.signoff.queue_page import QueueView, SignOffPage
from tests.factories import at
from tests.signoff.helpers import audit_entries, ready_record, signed_record, stored


def _ids(page: SignOffPage) -> list[int]:
    return [page.model.index(r, 0).data(RECORD_ID_ROLE) for r in range(page.model.rowCount())]


def _select(qtbot: Any, page: SignOffPage, record_id: int) -> None:
    """Select a row and open it as a physician does: the selection alone opens nothing."""
    row = _ids(page).index(record_id)
    page.table.selectionModel().setCurrentIndex(
        page.model.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.current is not None and page.current.id == record_id)


@pytest.fixture(autouse=True)
def no_sign_dialog(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A Sign dialog nobody asked for would block the test: record it instead (tests that
    sign replace this with their own answer)."""
    asked: list[int] = []
    monkeypatch.setattr(queue_page.SignDialog, "ask", lambda *a: asked.append(a[2].id))
    return asked


@pytest.fixture
def queue(clinic_staff: Any) -> dict[str, Any]:
    services, staff = clinic_staff
    late = ready_record(services, staff, performed_at=at("2026-11-24 11:00"),
                        ended_at=at("2026-11-24 11:20"), sedation=Sedation.MODERATE)
    early = ready_record(services, staff, performed_at=at("2026-11-24 08:00"),
                         ended_at=at("2026-11-24 08:20"))
    other = ready_record(services, staff, performed_at=at("2026-11-24 07:00"),
                         ended_at=at("2026-11-24 07:20"), physician=staff.physician2.staff)
    return {"late": late, "early": early, "other": other}


def test_queue_oldest_first_mine_and_all(qtbot: Any, clinic_staff: Any,
                                         queue: dict[str, Any]) -> None:
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician, preview=False)
    qtbot.addWidget(page)
    assert page.queue_view is QueueView.MINE
    assert _ids(page) == [queue["early"].id, queue["late"].id]
    assert page.count_label.text() == "2 records"
    page.view_combo.setCurrentIndex(list(QueueView).index(QueueView.ALL))
    assert _ids(page) == [queue["other"].id, queue["early"].id, queue["late"].id]


def test_review_shows_the_whole_record_warnings_and_handout(qtbot: Any, clinic_staff: Any,
                                                            queue: dict[str, Any]) -> None:
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.handout_ready, timeout=10_000):
        _select(qtbot, page, queue["late"].id)
    text = page.review.record_browser.toPlainText()
    assert "O'Brien-Nguyễn, Zoë" in text and "L4-L5 bilateral, L5-S1 left" in text
    assert "Warning: " in text and "SEDATION_FOR_BLOCK" in text
    assert page.review.manifestation_label.text() == "Ready for signature: not signed."
    assert page.review.handout_pages == 1
    assert "1 page" in page.review.handout_status.text()
    assert page.sign_button.isEnabled() and not page.addendum_button.isEnabled()
    views = [e for e in audit_entries(services) if e.record_id == queue["late"].id
             and e.action.value == "record_view"]
    assert views and views[-1].username == "drlee"


def test_sign_from_the_page_shows_the_manifestation(qtbot: Any, clinic_staff: Any,
                                                    queue: dict[str, Any],
                                                    monkeypatch: Any) -> None:
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician, preview=False)
    qtbot.addWidget(page)
    _select(qtbot, page, queue["early"].id)

    def ask(services_: Any, actor: Any, record: Any, parent: Any) -> Any:
        assert record.id == queue["early"].id and actor == staff.physician
        return services_.signing.sign(actor, record.id, staff.password, "Reviewed and approved",
                                      expected_version=record.version)

    monkeypatch.setattr(queue_page.SignDialog, "ask", ask)
    with qtbot.waitSignal(page.record_signed) as signal:
        page.sign_action.trigger()
    assert signal.args == [queue["early"].id]
    signature = stored(services, queue["early"].id).signature
    assert signature is not None
    expected = manifestation(signature)
    assert expected.startswith("Electronically signed by Hana Lee, MD on ")
    assert page.review.manifestation_label.text() == expected
    assert page.banner.text() == f"Signed. {expected}"
    assert expected in page.review.record_browser.toPlainText()
    assert queue["early"].id not in _ids(page)  # no longer waiting
    assert page.addendum_button.isEnabled() and not page.sign_button.isEnabled()


def test_addendum_from_the_signed_list(qtbot: Any, clinic_staff: Any, monkeypatch: Any) -> None:
    services, staff = clinic_staff
    signed = signed_record(services, staff, performed_at=at("2026-11-24 08:00"),
                           ended_at=at("2026-11-24 08:20"))
    page = SignOffPage(services, staff.physician, preview=False)
    qtbot.addWidget(page)
    page.view_combo.setCurrentIndex(list(QueueView).index(QueueView.SIGNED))
    assert _ids(page) == [signed.id]
    _select(qtbot, page, signed.id)

    def ask(services_: Any, actor: Any, record: Any, parent: Any) -> Any:
        return services_.signing.add_addendum(actor, record.id, staff.password,
                                              "Ice 20 minutes at a time.", "Omitted", True)

    monkeypatch.setattr(queue_page.AddendumDialog, "ask", ask)
    with qtbot.waitSignal(page.addendum_added):
        page.addendum_button.click()
    text = page.review.record_browser.toPlainText()
    assert "Addenda (handout version 2)" in text
    assert "Addendum 1 - " in text and "Hana Lee, MD - changes your instructions" in text
    assert "Reason: Omitted" in text and "Ice 20 minutes at a time." in text
    assert page.banner.text() == "Addendum 1 added and signed."


@pytest.mark.parametrize("role", ["nurse", "desk"])
def test_other_roles_see_the_queue_but_cannot_sign(qtbot: Any, clinic_staff: Any,
                                                   queue: dict[str, Any], role: str) -> None:
    services, staff = clinic_staff
    early = queue["early"]
    reopened = services.records.reopen(staff.nurse, early.id, early.version, "Add a note")
    noted = services.records.save(staff.nurse, reopened.with_changes(notes="Anxious"))
    services.records.mark_ready(staff.nurse, noted)
    page = SignOffPage(services, getattr(staff, role), preview=False)
    qtbot.addWidget(page)
    assert page.queue_view is QueueView.ALL and len(_ids(page)) == 3
    assert not page.sign_button.isVisibleTo(page) and not page.addendum_button.isVisibleTo(page)
    _select(qtbot, page, queue["early"].id)
    page.sign_action.trigger()  # the shortcut does nothing either
    assert stored(services, queue["early"].id).signature is None
    assert ("Anxious" in page.review.record_browser.toPlainText()) is (role == "nurse")


@pytest.mark.screenshot
def test_screenshot_of_the_review(qtbot: Any, clinic_staff: Any, queue: dict[str, Any],
                                  tmp_path: Path) -> None:
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.handout_ready, timeout=10_000):
        _select(qtbot, page, queue["late"].id)
    folder = Path(os.environ.get("CLINIC_DESK_SCREENSHOTS", tmp_path))
    image = page.grab().toImage()
    image.save(str(folder / "signoff-review.png"))
    colours = {image.pixel(x, y) for x in range(0, image.width(), 40)
               for y in range(0, image.height(), 40)}
    assert len(colours) > 3  # not blank


def test_enter_opens_the_oldest_record_when_the_page_is_shown(qtbot: Any, clinic_staff: Any,
                                                             queue: dict[str, Any]) -> None:
    """A physician arriving on the page presses Enter: the oldest waiting record opens; nothing
    is opened (nor audited as viewed) before that."""
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician, preview=False)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.page_shown()
    qtbot.waitUntil(page.table.hasFocus)
    assert page.current is None
    assert page.review.manifestation_label.text() == "Press Enter or click a record to review it."
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.current is not None and page.current.id == queue["early"].id
    assert page.table.selectionModel().isRowSelected(0)  # the open record's row shows it
    opened = [e for e in audit_entries(services) if e.action.value == "record_view"]
    assert len(opened) == 1  # opened once, not again by the selection


def test_the_list_width_is_remembered(qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff

    def shown() -> SignOffPage:
        page = SignOffPage(services, staff.physician, preview=False)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        qtbot.waitExposed(page)
        return page

    first = shown()
    left, right = first.splitter.sizes()
    assert left >= right * 0.9  # by default the list is about as wide as the review
    first.splitter.setSizes([380, 800])
    first.splitter.splitterMoved.emit(380, 1)  # what dragging the handle emits
    narrow = first.splitter.sizes()
    assert shown().splitter.sizes() == narrow


def test_an_empty_queue_says_so(qtbot: Any, clinic_staff: Any) -> None:
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician, preview=False)
    qtbot.addWidget(page)
    assert page.count_label.text() == "0 records"
    assert page.review.manifestation_label.text() == "Nothing is waiting here for a signature."


def _shown(qtbot: Any, page: SignOffPage) -> None:
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.page_shown()
    qtbot.waitUntil(page.table.hasFocus)


def _views(services: Any) -> list[Any]:
    return [e for e in audit_entries(services) if e.action.value == "record_view"]


def test_arrow_keys_move_the_selection_and_open_nothing(qtbot: Any, clinic_staff: Any,
                                                        queue: dict[str, Any],
                                                        no_sign_dialog: list[int]) -> None:
    """Issue 15, point 8: arrows only select; Enter opens once; Enter again does not sign."""
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician, preview=False)
    qtbot.addWidget(page)
    _shown(qtbot, page)
    asked = no_sign_dialog
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Up)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.current is None and _views(services) == []
    assert page.table.selectionModel().isRowSelected(1)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.current is not None and page.current.id == queue["late"].id
    assert len(_views(services)) == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # a second Enter: still only open
    qtbot.keyClick(page.table, Qt.Key.Key_Enter)
    assert asked == [] and len(_views(services)) == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Up)  # moving away keeps the open record
    assert page.current.id == queue["late"].id and len(_views(services)) == 1
    assert page.banner.text() == "Press Enter to open the selected record."
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # the deliberate key signs
    assert asked == [queue["late"].id]


def test_a_click_selects_and_a_double_click_opens_once(qtbot: Any, clinic_staff: Any,
                                                       queue: dict[str, Any]) -> None:
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician, preview=False)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    _shown(qtbot, page)
    centre = page.table.visualRect(page.model.index(1, 1)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert page.table.selectionModel().isRowSelected(1)
    assert page.current is None and _views(services) == []
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert page.current is not None and page.current.id == queue["late"].id
    assert len(_views(services)) == 1


def test_the_handout_preview_is_drawn_at_its_displayed_size(qtbot: Any, clinic_staff: Any,
                                                            queue: dict[str, Any]) -> None:
    """Issue 15, point 17: pages are rendered for the width shown and the pixel ratio, again
    after a resize (a scaled-down page lost rows of pixels: "1 cay" for "1 day")."""
    services, staff = clinic_staff
    page = SignOffPage(services, staff.physician)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    with qtbot.waitSignal(page.handout_ready, timeout=10_000):
        _select(qtbot, page, queue["late"].id)
    page.review.tabs.setCurrentIndex(1)
    view = page.review.handout_view
    qtbot.waitUntil(lambda: view.rendered_width == view._page_width())

    def drawn_for_display() -> bool:
        ratio = view.devicePixelRatioF()
        images = view.page_images()
        return bool(images) and all(
            image.width() == round(view.rendered_width * ratio) for image in images)

    assert drawn_for_display()
    wide = view.rendered_width
    page.splitter.setSizes([900, 380])  # the preview shrinks: drawn again, not scaled
    qtbot.waitUntil(lambda: view.rendered_width == view._page_width() < wide, timeout=5_000)
    assert drawn_for_display()
