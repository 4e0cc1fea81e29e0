"""Preview, print and save the chart note of a record (issue 14, item 2), for physicians,
nurses and the front desk (forms/note_preview_dialog.ui).

Each render goes through `ExportService.note_pdf`, which audits who took the note and where
("preview", "printer:<name>", "file:<path>"). Printing uses this desk's printer (the one the
checkout page remembers) and paints the PDF's pages, as handouts are printed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from ...domain.errors import ClinicDeskError
from ...services import Actor, Services
from ...services.printing import save_pdf
from .. import messages
from ..checkout.printer import chosen_printer, make_qprinter, paint_pdf
from ..generated.ui_note_preview_dialog import Ui_NotePreviewDialog

log = logging.getLogger(__name__)


class NotePreviewDialog(QDialog):
    def __init__(self, services: Services, actor: Actor, record_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_NotePreviewDialog()
        self.ui.setupUi(self)
        self.services, self.actor, self.record_id = services, actor, record_id
        self._buffer = QBuffer(self)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self.ui.preview_frame)
        self.view.setAccessibleName("Procedure note pages")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.ui.preview_layout.addWidget(self.view)
        self.pdf = b""
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.ui.print_button.clicked.connect(self._on_print_button_clicked)
        self.ui.save_button.clicked.connect(self._on_save_button_clicked)
        self.ui.button_box.rejected.connect(self.reject)

    @classmethod
    def ask_save_path(cls, parent: QWidget, suggested: str) -> str:
        """The file to save to, or "" (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(parent, "Save procedure note", suggested,
                                              "PDF (*.pdf)")
        return path

    def load(self) -> bool:
        """Render the note for the preview; False (and a message) if it cannot be."""
        try:
            self.pdf = self.services.exports.note_pdf(self.actor, self.record_id, "preview")
        except ClinicDeskError as e:
            messages.error(self.parentWidget(), "Procedure note", str(e))
            return False
        self.document.close()
        self._buffer.close()
        self._buffer.setData(QByteArray(self.pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.ui.title_label.setText(f"Procedure note of record {self.record_id} "
                                    f"({self.document.pageCount()} pages)")
        return True

    def _on_print_button_clicked(self) -> None:
        printer = chosen_printer()
        if not printer:
            self.ui.message_label.setText("No printer is installed on this workstation. "
                                          "Use Save as PDF, then print the file.")
            return
        try:
            pdf = self.services.exports.note_pdf(self.actor, self.record_id,
                                                 f"printer:{printer}")
            qprinter = make_qprinter(printer)
            qprinter.setDocName("Clinic Desk procedure note")  # no patient name in the queue
            pages = paint_pdf(pdf, qprinter)
        except ClinicDeskError as e:
            self.ui.message_label.setText(str(e))
            return
        self.ui.message_label.setText(f"Sent to {printer} ({pages} pages).")

    def _on_save_button_clicked(self) -> None:
        path = self.ask_save_path(self, f"procedure-note-{self.record_id}.pdf")
        if not path:
            return
        target = Path(path)
        try:
            pdf = self.services.exports.note_pdf(self.actor, self.record_id,
                                                 f"file:{target.resolve()}")
            save_pdf(target.parent, target.name, pdf)
        except (ClinicDeskError, OSError) as e:
            self.ui.message_label.setText(f"The note was not saved: {e}")
            return
        self.ui.message_label.setText(f"Saved to {path}.")


def show_note(window: QWidget, services: Services, actor: Actor, record_id: int) -> None:
    dialog = NotePreviewDialog(services, actor, record_id, window)
    if dialog.load():
        dialog.resize(760, 900)
        dialog.exec()
    dialog.deleteLater()
