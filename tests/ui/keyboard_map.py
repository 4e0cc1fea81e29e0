"""Which Alt+letter mnemonics and shortcuts a window offers, and which of them clash.

A mnemonic belongs to a visible label (with a buddy), button, check box, group box, tab or
menu-bar title; Qt cannot tell two of them apart in one window (it only cycles the focus
between them), so two claims on one letter means the key does not do what the guide says.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QMenuBar,
    QTabBar,
    QWidget,
)

_MNEMONIC = re.compile(r"&(?!&)(\w)")


def _letter(text: str) -> str | None:
    m = _MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).lower() if m else None


def alt_claims(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter -> what claims it, among the widgets the user can see in `window` now."""
    claims: dict[str, list[str]] = {}

    def claim(text: str, who: str) -> None:
        letter = _letter(text)
        if letter:
            claims.setdefault(letter, []).append(f"{who} {text!r}")

    for w in [window, *window.findChildren(QWidget)]:
        if w is not window and (not w.isVisibleTo(window) or w.window() is not window):
            continue
        if isinstance(w, QLabel) and w.buddy() is not None:
            claim(w.text(), f"label {w.objectName()}")
        elif isinstance(w, QAbstractButton):
            claim(w.text(), f"button {w.objectName()}")
        elif isinstance(w, QGroupBox):
            claim(w.title(), f"group {w.objectName()}")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if w.isTabVisible(i):
                    claim(w.tabText(i), "tab")
        elif isinstance(w, QMenuBar):
            for a in w.actions():
                if a.isVisible():
                    claim(a.text(), "menu")
    actions = {id(a): a for a in [*window.findChildren(QAction), *window.actions()]}
    for action in actions.values():
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.PortableText)
            m = re.fullmatch(r"Alt\+(\w)", text)
            if m:
                claims.setdefault(m.group(1).lower(), []).append(
                    f"shortcut {action.objectName() or action.text()!r}")
    return claims


def clashes(window: QWidget) -> dict[str, list[str]]:
    return {k: v for k, v in alt_claims(window).items() if len(v) > 1}
