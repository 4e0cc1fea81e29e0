"""F1: the guide's section for the screen in front of the user, and the keys it offers.

    install_help(window)   # once, by MainWindow: Help > Help for this screen (F1)

The guides are the Markdown files in `docs/` (kept true to the app, with its screenshots);
the shortcut list is read from the window's own actions, so it never disagrees with them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

DOCS = Path(__file__).resolve().parents[2] / "docs"

# Screen (MainWindow page key) -> the guide and the heading of its section.
SECTIONS: dict[str, tuple[str, str]] = {
    "sign_in": ("nurse-guide.md", "## 1. Sign in"),
    "home": ("nurse-guide.md", "## 1. Sign in"),
    "worklist": ("nurse-guide.md", "## 2. The worklist"),
    "record": ("nurse-guide.md", "## 4. Start the record"),
    "signoff": ("physician-and-desk-guide.md", "## Physician: the sign-off queue"),
    "checkout": ("physician-and-desk-guide.md", "## Front desk: checkout"),
    "audit": ("security.md", "## Audit trail"),
    "users": ("security.md", "## Roles"),
    "clinic_settings": ("physician-and-desk-guide.md", "## Administrator: clinic settings"),
}


def guide_section(page: str, docs: Path = DOCS) -> tuple[Path, str]:
    """The guide file and the Markdown of its section for `page` (pictures left out: the
    screen itself is in front of the user); the text says so when the guide is missing."""
    name, heading = SECTIONS.get(page, SECTIONS["worklist"])
    path = docs / name
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return path, f"The guide ({name}) is not installed on this workstation."
    start = next((n for n, line in enumerate(lines) if line.startswith(heading)), 0)
    out = [lines[start]]
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if not line.startswith("!["):
            out.append(line)
    return path, "\n".join(out).strip()


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(keys, command) of every visible, enabled action of the window with a shortcut."""
    rows: dict[tuple[str, str], None] = {}
    actions = {id(a): a for a in [*window.findChildren(QAction), *window.actions()]}
    for action in actions.values():
        if not action.isVisible() or not action.isEnabled() or action.isSeparator():
            continue
        # Only what works on this screen: a menu command, or one of a widget shown now
        # (not, say, the record editor's Delete while the queue is showing).
        owners = [o for o in action.associatedObjects() if isinstance(o, QWidget)]
        if not any(isinstance(o, QMenu) or o.isVisible() for o in owners):
            continue
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in action.shortcuts() if not k.isEmpty())
        what = action.text().replace("&", "").rstrip(".…")
        if keys and what:
            rows[(keys, what)] = None
    return sorted(rows, key=lambda r: (len(r[0]), r[0]))


class HelpDialog(QDialog):
    """The section of the guide for one screen, then the window's keyboard shortcuts."""

    def __init__(self, page: str, window: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setObjectName("help_dialog")
        self.setWindowTitle("Help for this screen - Clinic Desk")
        self.guide_path, section = guide_section(page)
        keys = "\n".join(f"| {k.replace('|', '¦')} | {w} |" for k, w in shortcut_rows(window))
        self.markdown = (f"{section}\n\n## Keyboard shortcuts on this screen\n\n"
                         f"| Keys | Command |\n|---|---|\n{keys}\n")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_browser")
        self.browser.setAccessibleName("Help")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(self.markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.guide_button = buttons.addButton("Open the whole &guide",
                                              QDialogButtonBox.ButtonRole.ActionRole)
        self.guide_button.setEnabled(self.guide_path.exists())
        self.guide_button.clicked.connect(self._on_guide_button_clicked)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        height = self.fontMetrics().height()
        self.resize(height * 40, height * 32)
        self.browser.setFocus()

    def _on_guide_button_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.guide_path)))


def install_help(window: Any) -> QAction:
    """Help > Help for this screen (F1) on `window` (a MainWindow)."""
    action = QAction("&Help for this screen", window)
    action.setObjectName("help_action")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    action.setToolTip("The guide for this screen and its keyboard shortcuts (F1)")
    state: dict[str, HelpDialog] = {}

    def show() -> None:
        old = state.get("dialog")
        if old is not None:
            old.close()
        dialog = HelpDialog(window.current_page_key() or "worklist", window)
        state["dialog"] = dialog
        dialog.show()

    action.triggered.connect(show)
    window.addAction(action)  # F1 works on the sign-in page too, with the menus hidden
    help_menu = window.menu("help")
    first = help_menu.actions()[0] if help_menu.actions() else None
    help_menu.insertAction(first, action)
    return action
