"""Editors for the medication table's cells: the catalogue as completion, strengths to pick."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ...domain.medications import drug_names, find_drug
from ..models.record_parts import MedColumn

VOLUME_PATTERN = r"\d{0,3}([.,]\d{0,3})?"


def drug_completer(parent: QWidget) -> QCompleter:
    """The medication catalogue; typing "bup" completes to "bupivacaine" in place."""
    completer = QCompleter(list(drug_names()), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
    return completer


def strengths_for(name: str) -> tuple[str, ...]:
    drug = find_drug(name)
    return drug.strengths if drug is not None else ()


class MedicationDelegate(QStyledItemDelegate):
    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        col = MedColumn(index.column())
        if col == MedColumn.DRUG:
            edit = QLineEdit(parent)
            edit.setCompleter(drug_completer(edit))
            edit.setAccessibleName("Medication")
            return edit
        if col == MedColumn.STRENGTH:
            combo = QComboBox(parent)
            combo.setEditable(True)
            drug = index.model().index(index.row(), MedColumn.DRUG).data()
            combo.addItems(list(strengths_for(str(drug or ""))))
            combo.setAccessibleName("Strength")
            return combo
        if col == MedColumn.VOLUME:
            edit = QLineEdit(parent)
            edit.setValidator(QRegularExpressionValidator(VOLUME_PATTERN, edit))
            edit.setAccessibleName("Volume in millilitres")
            return edit
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(value or ""))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)
