"""The application's look: the system palette and style, plus resources/styles/app.qss for the
few things that must stand out (invalid fields, banners)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

STYLES = Path(__file__).resolve().parents[2] / "resources" / "styles"


def apply_app_style(app: QApplication) -> None:
    path = STYLES / "app.qss"
    if path.exists():
        app.setStyleSheet(path.read_text("utf-8"))


def repolish(widget: QWidget) -> None:
    """Re-apply style rules after a dynamic property (such as `invalid`) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
