"""Pictures of the procedure-note section, the chart note and its preview for the guides
(CLINIC_DESK_SCREENSHOTS=docs/images keeps them). Each asserts only that it is not blank."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize

from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.ui.exports.note_preview import NotePreviewDialog
from tests.ui.test_note_preview import signed_record
from tests.ui.test_record_editor import type_into
from tests.ui.test_screenshots import not_blank, save, shots  # noqa: F401 (fixture)

pytestmark = pytest.mark.screenshot


def test_editor_note_section(qtbot, clinic, make_window, shots):  # noqa: F811
    window = make_window(clinic.services, clinic.staff.nurse)
    assert window.new_record(clinic.zoe.id)
    editor = window.editor
    section = editor.note_section
    form = editor.ui.form_widget
    qtbot.waitUntil(lambda: form.height() >= form.minimumSizeHint().height())  # laid out
    editor.ui.form_scroll.ensureWidgetVisible(section.ui.note_toggle_button)
    save(window, shots, "nurse-note-collapsed")
    window.resize(1400, 1000)
    u = editor.ui
    u.kind_combo.setCurrentIndex(u.kind_combo.findData(
        ProcedureKind.RADIOFREQUENCY_ABLATION.value))
    type_into(qtbot, section.ui.sensory_edit, "0.4")
    qtbot.waitUntil(lambda: form.height() >= form.minimumSizeHint().height())
    editor.ui.form_scroll.verticalScrollBar().setValue(section.y() - 8)  # section on top
    save(window, shots, "nurse-note-section")


def test_chart_note_and_preview(qtbot, clinic, shots):  # noqa: F811
    record = signed_record(clinic)
    dialog = NotePreviewDialog(clinic.services, clinic.staff.desk, record.id)
    qtbot.addWidget(dialog)
    assert dialog.load()
    dialog.resize(760, 900)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.document.pageCount() > 0)
    # QPdfView draws its pages on a render thread: wait until they are on screen.
    def page_drawn() -> bool:
        image = dialog.view.viewport().grab().toImage()
        return not_blank(image.copy(40, 40, image.width() - 80, image.height() - 80))

    qtbot.waitUntil(page_drawn, timeout=10_000)
    save(dialog, shots, "desk-note-preview")
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(dialog.pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    for page in range(min(2, document.pageCount())):
        size = document.pagePointSize(page).toSize() * 1.5
        image = document.render(page, QSize(size.width(), size.height()))
        assert not_blank(image)
        assert image.save(str(shots / f"note-chart-{page + 1}.png"))
    document.close()
