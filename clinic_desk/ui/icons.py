"""Icons from resources/icons (SVG), with the style's standard icon when a file is missing."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"

_FALLBACK = {
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "status-draft": QStyle.StandardPixmap.SP_FileIcon,
    "status-ready": QStyle.StandardPixmap.SP_BrowserReload,
    "status-signed": QStyle.StandardPixmap.SP_DialogApplyButton,
    "status-printed": QStyle.StandardPixmap.SP_DialogSaveButton,
    "app": QStyle.StandardPixmap.SP_ComputerIcon,
}


@cache
def icon(name: str) -> QIcon:
    path = ICONS / f"{name}.svg"
    if path.exists():
        loaded = QIcon(str(path))
        if not loaded.isNull():
            return loaded
    style = QApplication.style()
    fallback = _FALLBACK.get(name, QStyle.StandardPixmap.SP_FileIcon)
    return style.standardIcon(fallback) if style is not None else QIcon()
