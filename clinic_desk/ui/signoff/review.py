"""A read-only review of one record: the signature manifestation on top, the whole record with
its warnings, and the handout preview (QtPdf, widgets/pdf_preview.py) exactly as it would
print."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from ...domain.record import ProcedureRecord
from ...domain.signoff import manifestation
from ...domain.summary import RecordSummary
from ..widgets.pdf_preview import PdfPreview
from .review_html import review_html


class RecordReview(QWidget):
    """Shows a record; never edits it. `clear()` forgets everything it showed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: ProcedureRecord | None = None
        self.manifestation_label = QLabel(self)
        self.manifestation_label.setObjectName("manifestation_label")
        self.manifestation_label.setAccessibleName("Signature")
        self.manifestation_label.setWordWrap(True)
        self.manifestation_label.setTextFormat(Qt.TextFormat.PlainText)
        self.manifestation_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.manifestation_label.font()
        font.setBold(True)
        self.manifestation_label.setFont(font)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("review_tabs")
        self.record_browser = QTextBrowser(self.tabs)
        self.record_browser.setObjectName("record_browser")
        self.record_browser.setAccessibleName("Record")
        self.record_browser.setOpenLinks(False)
        self.tabs.addTab(self.record_browser, "Re&cord")

        handout = QWidget(self.tabs)
        self.handout_status = QLabel(handout)
        self.handout_status.setObjectName("handout_status")
        self.handout_status.setWordWrap(True)
        self.handout_status.setTextFormat(Qt.TextFormat.PlainText)
        self.handout_document = QPdfDocument(self)
        # Each page drawn at its displayed size and the screen's pixel ratio (issue 15, 17).
        self.handout_view = PdfPreview(handout)
        self.handout_view.setObjectName("handout_view")
        self.handout_view.setAccessibleName("Handout preview")
        self.handout_view.setDocument(self.handout_document)
        box = QVBoxLayout(handout)
        box.addWidget(self.handout_status)
        box.addWidget(self.handout_view, 1)
        self.tabs.addTab(handout, "Hand&out preview")
        self._buffer: QBuffer | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.manifestation_label)
        layout.addWidget(self.tabs, 1)
        self.clear()

    def show_record(self, record: ProcedureRecord, summary: RecordSummary | None = None) -> None:
        self.record = record
        if record.signature is not None:
            self.manifestation_label.setText(manifestation(record.signature))
        else:
            self.manifestation_label.setText(f"{record.status.label}: not signed.")
        self.record_browser.setHtml(review_html(record, summary))

    def show_handout(self, pdf: bytes) -> None:
        self._close_document()
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.handout_document.load(self._buffer)
        pages = self.handout_document.pageCount()
        self.handout_status.setText(f"Handout as it will print: {pages} page"
                                    f"{'s' if pages != 1 else ''}.")

    def show_handout_message(self, text: str) -> None:
        self._close_document()
        self.handout_status.setText(text)

    @property
    def handout_pages(self) -> int:
        return self.handout_document.pageCount()

    def _close_document(self) -> None:
        self.handout_document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def clear(self) -> None:
        self.record = None
        self.manifestation_label.setText("Choose a record to review.")
        self.record_browser.clear()
        self.show_handout_message("")
