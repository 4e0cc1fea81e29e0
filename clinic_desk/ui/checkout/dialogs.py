"""The reprint question (a reason is required) and the print log, which shows any printed
handout again exactly as it went out (the stored PDF bytes, re-checked against their hash)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QDate, QIODevice, QItemSelection, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QHeaderView, QWidget

from ...domain.errors import ClinicDeskError
from ...domain.record import Language
from ...files import write_private
from ...services import Actor, Services
from ...services.printing import PrintedHandout
from .. import messages
from ..generated.ui_print_log_dialog import Ui_PrintLogDialog
from ..generated.ui_reprint_dialog import Ui_ReprintDialog
from ..widgets.context_menu import ContextMenu, buttons
from ..widgets.file_actions import FileActions
from .models import LogColumn, PrintLogModel

log = logging.getLogger(__name__)

REASONS = ("Patient lost the first copy", "Printer jammed or printed badly",
           "Patient asked for another language", "Patient asked for large print",
           "Copy for the person driving the patient home")


ANOTHER_LANGUAGE, LARGE_PRINT = REASONS[2], REASONS[3]


@dataclass(frozen=True)
class Reprint:
    """What the desk chose for a copy printed again: why, in which language (None: the
    patient's), and whether in large print."""

    reason: str
    language: Language | None = None
    large_print: bool = False


class ReprintDialog(QDialog):
    """Asks why a handout is printed again, and in which language and print size; OK stays
    disabled until there is a reason (and, for "another language", another language)."""

    def __init__(self, what: str, parent: QWidget | None = None, *,
                 language: Language | None = None, large_print: bool = False) -> None:
        super().__init__(parent)
        self.ui = Ui_ReprintDialog()
        self.ui.setupUi(self)
        self.ui.intro_label.setText(f"{what} Every print is kept in the print log; say why "
                                    "this one is needed.")
        self.ui.reason_combo.addItems(REASONS)
        self.ui.reason_combo.setCurrentIndex(-1)
        self.ui.reason_combo.setEditText("")
        edit = self.ui.reason_combo.lineEdit()
        assert edit is not None  # the form makes the combo editable
        edit.setPlaceholderText("Choose or type the reason")
        edit.setMaxLength(400)
        self.ui.language_combo.addItem("Patient's language", "")
        for lang in Language:
            self.ui.language_combo.addItem(lang.label, lang.value)
        self._printed_language = language
        self._printed_large = large_print
        self.ui.language_combo.setCurrentIndex(
            max(0, self.ui.language_combo.findData(language.value if language else "")))
        self.ui.large_print_check.setChecked(large_print)
        self.ui.reason_combo.editTextChanged.connect(self._on_reason_combo_edit_text_changed)
        self.ui.reason_combo.activated.connect(self._on_reason_combo_activated)
        self.ui.language_combo.currentIndexChanged.connect(lambda _i: self._check())
        self.ui.large_print_check.toggled.connect(lambda _c: self._check())
        self.ui.button_box.accepted.connect(self.accept)
        self.ui.button_box.rejected.connect(self.reject)
        self._check()
        self.ui.reason_combo.setFocus()

    @property
    def reason(self) -> str:
        return self.ui.reason_combo.currentText().strip()

    @property
    def language(self) -> Language | None:
        value = self.ui.language_combo.currentData()
        return Language(value) if value else None

    @property
    def large_print(self) -> bool:
        return self.ui.large_print_check.isChecked()

    def choice(self) -> Reprint:
        return Reprint(self.reason, self.language, self.large_print)

    def _on_reason_combo_edit_text_changed(self, _text: str) -> None:
        self._check()

    def _on_reason_combo_activated(self, _index: int) -> None:
        """The reason says what to change: take the desk straight to it."""
        if self.reason == ANOTHER_LANGUAGE:
            self.ui.language_combo.setFocus()
        elif self.reason == LARGE_PRINT:
            self.ui.large_print_check.setChecked(True)

    def _problem(self) -> str:
        if not self.reason:
            return "A reason is required."
        if self.reason == ANOTHER_LANGUAGE and self.language in (None, self._printed_language):
            return "Choose the language the patient asked for."
        if self.reason == LARGE_PRINT and not self.large_print:
            return "Tick Large print for the copy in large print."
        return ""

    def _check(self) -> None:
        problem = self._problem()
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problem)
        self.ui.message_label.setText(problem)

    @classmethod
    def ask(cls, parent: QWidget | None, what: str, language: Language | None = None,
            large_print: bool = False) -> Reprint | None:
        """The reason and options chosen, or None when the person cancelled."""
        dialog = cls(what, parent, language=language, large_print=large_print)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog._problem():
            return None
        return dialog.choice()


class PrintLogDialog(QDialog):
    """Who printed which version of which handout, when, where and why; any of them shown
    again byte for byte. `reprint_requested(record_id)` asks the checkout page to print."""

    reprint_requested = Signal(int)

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None,
                 record_id: int | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PrintLogDialog()
        self.ui.setupUi(self)
        self.services, self.actor, self.record_id = services, actor, record_id
        self.model = PrintLogModel(self)
        self.ui.log_view.setModel(self.model)
        self.ui.log_view.verticalHeader().hide()
        header = self.ui.log_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.document = QPdfDocument(self)
        self.pdf_view = QPdfView(self.ui.pdf_area)
        self.pdf_view.setObjectName("printed_pdf_view")
        self.pdf_view.setAccessibleName("The handout as it was printed")
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setDocument(self.document)
        self.ui.pdf_layout.addWidget(self.pdf_view, 1)
        self.file_actions = FileActions(self)
        self.ui.pdf_layout.addWidget(self.file_actions)
        self.ui.splitter.setStretchFactor(0, 3)
        self.ui.splitter.setStretchFactor(1, 2)
        self._buffer: QBuffer | None = None
        self.shown_pdf: bytes = b""
        self.ui.day_edit.setDate(QDate.currentDate())
        self.ui.all_days_check.setChecked(record_id is not None)
        self._connect_signals()
        self.reload()

    def _connect_signals(self) -> None:
        self.context_menu = ContextMenu(self.ui.log_view, lambda: buttons(
            self.ui.reprint_button, self.ui.save_button))
        self.ui.day_edit.dateChanged.connect(lambda _d: self.reload())
        self.ui.all_days_check.toggled.connect(self._on_all_days_check_toggled)
        self.ui.log_view.selectionModel().selectionChanged.connect(
            self._on_log_view_selection_changed)
        self.ui.reprint_button.clicked.connect(self._on_reprint_button_clicked)
        self.ui.save_button.clicked.connect(self._on_save_button_clicked)
        self.ui.button_box.rejected.connect(self.reject)

    def _on_all_days_check_toggled(self, checked: bool) -> None:
        self.ui.day_edit.setEnabled(not checked)
        self.reload()

    @property
    def day(self) -> date | None:
        if self.ui.all_days_check.isChecked():
            return None
        value = self.ui.day_edit.date().toPython()
        return value if isinstance(value, date) else None

    def reload(self) -> None:
        try:
            rows = self.services.printing.print_log(self.actor, record_id=self.record_id,
                                                    day=self.day)
        except ClinicDeskError as e:
            self.ui.count_label.setText(str(e))
            return
        self.model.set_rows(rows)
        n = len(rows)
        self.ui.count_label.setText(f"{n} printed handout{'s' if n != 1 else ''}")
        self._update_buttons()
        if n and not self.ui.log_view.selectionModel().hasSelection():
            self.ui.log_view.selectRow(0)

    def selected(self) -> PrintedHandout | None:
        rows = self.ui.log_view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.ui.reprint_button.setEnabled(has)
        self.ui.save_button.setEnabled(has and bool(self.shown_pdf))

    def _on_log_view_selection_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        entry = self.selected()
        if entry is None:
            self._show_pdf(b"", "")
        else:
            self.show_print(entry)
        self._update_buttons()

    def show_print(self, entry: PrintedHandout) -> None:
        """Show the exact PDF of one print (audited as a view by the service)."""
        try:
            pdf = self.services.printing.pdf(self.actor, entry.print_id)
        except ClinicDeskError as e:
            self._show_pdf(b"", str(e))
            return
        when = entry.printed_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self._show_pdf(pdf, f"Version {entry.handout_version}, {entry.language.label}, printed "
                            f"{when} by {entry.full_name or entry.username} on "
                            f"{entry.workstation} ({entry.printer}). Verification code "
                            f"{entry.verification_code}. SHA-256 {entry.sha256[:16]}...")

    def _show_pdf(self, pdf: bytes, text: str) -> None:
        self.file_actions.clear()
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self.shown_pdf = pdf
        self.ui.pdf_label.setText(text)
        if pdf:
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(pdf))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document.load(self._buffer)

    def _on_reprint_button_clicked(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.reprint_requested.emit(entry.record_id)

    def _on_save_button_clicked(self) -> None:
        entry = self.selected()
        if entry is None or not self.shown_pdf:
            return
        name = f"handout-{entry.record_id}-v{entry.handout_version}-print{entry.print_id}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save the printed handout",
                                              str(Path.home() / name), "PDF (*.pdf)")
        if not path:
            return
        try:
            self.services.printing.export_print(
                self.actor, entry.print_id, path,
                write=lambda pdf: write_private(path, pdf, "file"))
        except ClinicDeskError as e:
            messages.error(self, "Not saved", str(e))
            return
        except OSError as e:
            messages.error(self, "Not saved", f"The file could not be written ({e.strerror}).")
            return
        log.info("printed handout saved to a file (print id %s)", entry.print_id)
        self.ui.pdf_label.setText(f"Saved as {path}.")
        self.file_actions.show_for(path)

    @classmethod
    def show_log(cls, services: Services, actor: Actor, parent: QWidget | None = None,
                 record_id: int | None = None) -> PrintLogDialog:
        dialog = cls(services, actor, parent, record_id)
        dialog.setModal(False)
        dialog.show()
        return dialog


__all__ = ["REASONS", "LogColumn", "PrintLogDialog", "Reprint", "ReprintDialog"]
