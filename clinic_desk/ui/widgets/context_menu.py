"""Right-click menus on lists, offering the same commands as the buttons beside them.

    ContextMenu(view, lambda: [Item("Open", open_it), *buttons(sign_button, addendum_button)])

The items are asked for when the menu opens, so each is enabled exactly when its button is
and a button the role cannot use (hidden) is left out. A right click on a row that is not
selected selects it first, as file managers do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, QObject, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QMenu


@dataclass(frozen=True)
class Item:
    text: str
    run: Callable[[], object]
    enabled: bool = True


def buttons(*widgets: QAbstractButton) -> list[Item]:
    """Items for these buttons (visible ones only), enabled as the buttons are now."""
    return [Item(b.text().replace("&&", "\0").replace("&", "").replace("\0", "&"), b.click,
                 b.isEnabled())
            for b in widgets if not b.isHidden()]


class ContextMenu(QObject):
    def __init__(self, view: QAbstractItemView,
                 items: Callable[[], Sequence[Item]]) -> None:
        super().__init__(view)
        self.view, self._items = view, items
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._on_view_context_menu_requested)

    def menu_at(self, pos: QPoint) -> QMenu:
        """The menu for a right click at `pos` (viewport coordinates), row selected first."""
        index = self.view.indexAt(pos)
        selection = self.view.selectionModel()
        if index.isValid() and selection is not None and not selection.isSelected(index):
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        menu = QMenu(self.view)
        menu.setObjectName("context_menu")
        for item in self._items():
            action = menu.addAction(item.text)
            action.setEnabled(item.enabled)
            action.triggered.connect(item.run)
        return menu

    def _on_view_context_menu_requested(self, pos: QPoint) -> None:
        menu = self.menu_at(pos)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.viewport().mapToGlobal(pos))
