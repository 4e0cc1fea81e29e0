"""Marking invalid fields where they are, with the domain's own message.

`FieldMarks.mark(widget, message)` gives the widget a red frame (the `invalid` property that
resources/styles/app.qss styles), an error icon inside a line edit, the message as its tooltip
and accessible description, and writes "<field>: <message>" in a message line at the bottom
of the widget's group box, with an icon, so the problem never depends on colour alone.
`clear()` takes every mark away again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..icons import icon
from ..style import repolish


def field_label(widget: QWidget) -> str:
    """The words a form uses for a field: its buddy label's text, else its accessible name."""
    window = widget.window()
    for lab in window.findChildren(QLabel):
        if lab.buddy() is widget and lab.text():
            return lab.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    if isinstance(widget, QAbstractButton) and widget.text():
        return widget.text().replace("&", "")
    return widget.accessibleName() or widget.objectName()


class FieldMarks(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._marked: dict[QWidget, tuple[str, str, QAction | None]] = {}
        self._group_labels: dict[QGroupBox, QLabel] = {}
        self._group_lines: dict[QGroupBox, list[str]] = {}
        self._places: dict[QGroupBox, QBoxLayout] = {}

    def issues_label(self, widget: QWidget) -> QLabel | None:
        """The message line under the group box that holds `widget`, when it shows one."""
        group = self._group_of(widget)
        lab = self._group_labels.get(group) if group is not None else None
        return lab if lab is not None and not lab.isHidden() else None

    def marked(self) -> list[QWidget]:
        return list(self._marked)

    def message_of(self, widget: QWidget) -> str | None:
        return widget.property("issue") if widget in self._marked else None

    def place_messages(self, group: QGroupBox, layout: QBoxLayout) -> None:
        """Write `group`'s message line into `layout` (a column inside the group) rather than
        at the end of the group's own layout: beside a horizontal layout's last column it
        squeezed the fields to half their width (issue 15, 18)."""
        self._places[group] = layout

    def mark(self, widget: QWidget, message: str, label: str | None = None) -> None:
        new_lines = message.split("\n")
        if widget in self._marked:
            previous = widget.property("issue") or ""
            if message in previous.split("\n"):
                return
            message = f"{previous}\n{message}"
            self._unmark_widget(widget)
        action: QAction | None = None
        if isinstance(widget, QLineEdit):
            action = widget.addAction(icon("error"), QLineEdit.ActionPosition.TrailingPosition)
            action.setToolTip(message)
        self._marked[widget] = (widget.toolTip(), widget.accessibleDescription(), action)
        widget.setProperty("invalid", True)
        widget.setProperty("issue", message)
        widget.setToolTip(message)
        widget.setAccessibleDescription(message)
        repolish(widget)
        group = self._group_of(widget)
        if group is not None:
            name = label or field_label(widget)
            lines = self._group_lines.setdefault(group, [])
            for line in new_lines:  # the earlier lines of this widget are there already
                text = f"{name}: {line}"
                if text not in lines:  # issue 15 (18): each message once
                    lines.append(text)
            self._show_group(group)

    def clear(self) -> None:
        for widget in list(self._marked):
            self._unmark_widget(widget)
        self._marked.clear()
        for group, lab in self._group_labels.items():
            self._group_lines[group] = []
            lab.hide()
            lab.clear()

    def _unmark_widget(self, widget: QWidget) -> None:
        tip, description, action = self._marked.pop(widget)
        if action is not None and isinstance(widget, QLineEdit):
            widget.removeAction(action)
        widget.setProperty("invalid", False)
        widget.setProperty("issue", None)
        widget.setToolTip(tip)
        widget.setAccessibleDescription(description)
        repolish(widget)

    @staticmethod
    def _group_of(widget: QWidget) -> QGroupBox | None:
        parent = widget.parentWidget()
        while parent is not None and not isinstance(parent, QGroupBox):
            parent = parent.parentWidget()
        return parent

    def _show_group(self, group: QGroupBox) -> None:
        lab = self._group_labels.get(group)
        if lab is None:
            lab = QLabel(group)
            lab.setObjectName(f"{group.objectName()}_issues_label")
            lab.setProperty("role", "field-issues")
            lab.setWordWrap(True)
            lab.setAccessibleName(f"Problems in {group.title()}")
            layout = self._places.get(group) or group.layout()
            if isinstance(layout, QGridLayout):
                layout.addWidget(lab, layout.rowCount(), 0, 1, max(1, layout.columnCount()))
            elif isinstance(layout, QFormLayout):
                layout.addRow(lab)
            elif isinstance(layout, QBoxLayout):
                layout.addWidget(lab)
            self._group_labels[group] = lab
        size = lab.fontMetrics().height()
        image = f'<img src="{_icon_file()}" width="{size}" height="{size}"> '
        lines = self._group_lines.get(group, [])
        lab.setText("<br>".join(image + _escape(line) for line in lines))
        lab.show()


def _icon_file() -> str:
    from ..icons import ICONS

    return (ICONS / "error.svg").as_posix()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
