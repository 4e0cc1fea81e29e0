"""A PDF shown page under page, each drawn by PDFium at exactly the size it is displayed
and at the screen's device pixel ratio (issue 15, point 17).

QPdfView scaled its page images for the shown size, and a shrunk handout lost rows of
pixels ("1 cay" for "1 day"). Here nothing is scaled: a resize renders the pages again at
the new width (after a short pause, so dragging a splitter stays smooth).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

GAP = 8  # pixels between pages and around them


class PdfPreview(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrows and Page Down scroll it
        self._pages = QWidget(self)
        self._pages.setObjectName("pdf_pages")
        self._layout = QVBoxLayout(self._pages)
        self._layout.setContentsMargins(GAP, GAP, GAP, GAP)
        self._layout.setSpacing(GAP)
        self._layout.addStretch(1)
        self.setWidget(self._pages)
        self._document: QPdfDocument | None = None
        self._labels: list[QLabel] = []
        self.rendered_width = 0  # device-independent pixels the pages were drawn for
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self.render_pages)

    def setDocument(self, document: QPdfDocument) -> None:
        self._document = document
        document.statusChanged.connect(self._on_document_status_changed)
        document.destroyed.connect(self._on_document_destroyed)
        self.render_pages()

    def _on_document_status_changed(self, _status: QPdfDocument.Status) -> None:
        if self._document is not None and shiboken6.isValid(self._document):
            self.render_pages()

    def _on_document_destroyed(self, *_args: object) -> None:
        self._document = None

    def page_images(self) -> list[QImage]:
        return [label.pixmap().toImage() for label in self._labels]

    def _page_width(self) -> int:
        return max(50, self.viewport().width() - 2 * GAP)

    def render_pages(self) -> None:
        document = self._document
        if document is not None and not shiboken6.isValid(document):
            document = self._document = None
        count = document.pageCount() if document is not None and \
            document.status() == QPdfDocument.Status.Ready else 0
        while len(self._labels) > count:
            label = self._labels.pop()
            label.deleteLater()
        while len(self._labels) < count:
            label = QLabel(self._pages)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self._layout.insertWidget(len(self._labels), label)
            self._labels.append(label)
        if document is None or not count:
            self.rendered_width = 0
            return
        width = self._page_width()
        ratio = self.devicePixelRatioF()
        for n, label in enumerate(self._labels):
            points = document.pagePointSize(n)
            if points.width() <= 0:
                continue
            height = round(width * points.height() / points.width())
            image = document.render(n, QSize(round(width * ratio), round(height * ratio)))
            image.setDevicePixelRatio(ratio)
            label.setPixmap(QPixmap.fromImage(image))
            label.setFixedSize(width, height)
        self.rendered_width = width

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._labels and self._page_width() != self.rendered_width:
            self._timer.start()
