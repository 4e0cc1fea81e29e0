""""Open" and "Show in folder" for a PDF the app has just saved (issue 15, point 15)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


class FileActions(QWidget):
    """Two buttons, shown with `show_for(path)` once a file exists, hidden by `clear()`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("file_actions")
        self.path: Path | None = None
        self.open_button = QPushButton("Open PDF", self)
        self.open_button.setObjectName("open_file_button")
        self.open_button.setToolTip("Open the saved PDF in the PDF viewer")
        self.folder_button = QPushButton("Show in folder", self)
        self.folder_button.setObjectName("show_in_folder_button")
        self.folder_button.setToolTip("Open the folder that holds the saved PDF")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.open_button)
        layout.addWidget(self.folder_button)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        self.hide()

    def show_for(self, path: Path | str) -> None:
        self.path = Path(path)
        self.show()

    def clear(self) -> None:
        self.path = None
        self.hide()

    def _on_open_button_clicked(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def _on_folder_button_clicked(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))
