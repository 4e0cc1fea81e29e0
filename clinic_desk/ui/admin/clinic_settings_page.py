"""Clinic settings (issue 15 point 5, issue 12 point 6, issue 13): the administrator chooses
what a new procedure record pre-fills for Block, Contrast and Sedation (or no default, so the
nurse chooses), the blood sugar above which the handout tells a diabetic patient to call, the
diagnostic pathway's rule profiles and call timing (pathway_section.py) and the procedure
note's defaults (note_defaults_section.py). Save writes everything in one transaction through
SettingsService.save_clinic_page (each change audited); a bad value is refused at its field
and nothing is saved. The sections scroll; Save stays in view below them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QIntValidator, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...domain.clinic import RecordDefaults
from ...domain.errors import ClinicDeskError, ValidationError, VersionConflictError
from ...domain.medications import CATALOGUE, DrugClass
from ...domain.procedures import Sedation
from ...services import Actor, Services
from ..widgets.field_marks import FieldMarks
from .note_defaults_section import NoteDefaultsSection
from .pathway_section import PathwaySection

log = logging.getLogger(__name__)

NO_DEFAULT_TEXT = "(no default: the nurse chooses)"
_NO_DEFAULT = "no-default"  # item data of the "no default" entry (None is a real choice)
GLUCOSE_LOW, GLUCOSE_HIGH = 100, 600


def _fill(combo: QComboBox, items: Sequence[tuple[str, object]]) -> None:
    combo.addItem(NO_DEFAULT_TEXT, _NO_DEFAULT)
    for text, data in items:
        combo.addItem(text, data)


class ClinicSettingsPage(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clinic_settings_page")
        self.services, self.actor = services, actor
        self.marks = FieldMarks(self)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setObjectName("clinic_settings_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.content = QWidget(self.scroll_area)
        self.content.setObjectName("clinic_settings_content")
        self.scroll_area.setWidget(self.content)

        self.defaults_group = QGroupBox("New procedure records start with", self.content)
        form = QFormLayout(self.defaults_group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.block_combo = QComboBox(self.defaults_group)
        self.block_combo.setObjectName("default_block_combo")
        # The same choices, and stored values, as the record editor (0 = therapeutic).
        _fill(self.block_combo, [("1 - diagnostic block 1", 1), ("2 - diagnostic block 2", 2),
                                 ("Therapeutic (no number)", 0)])
        self.contrast_combo = QComboBox(self.defaults_group)
        self.contrast_combo.setObjectName("default_contrast_combo")
        _fill(self.contrast_combo, [("None used", "")] + [
            (f"{d.name} ({d.brand})" if d.brand else d.name, d.name)
            for d in CATALOGUE if d.drug_class is DrugClass.CONTRAST])
        self.sedation_combo = QComboBox(self.defaults_group)
        self.sedation_combo.setObjectName("default_sedation_combo")
        _fill(self.sedation_combo, [(s.label, s.value) for s in Sedation])
        for label, combo in (("&Block:", self.block_combo), ("Co&ntrast:", self.contrast_combo),
                             ("Se&dation:", self.sedation_combo)):
            caption = QLabel(label, self.defaults_group)
            caption.setBuddy(combo)
            combo.setAccessibleName(label.replace("&", "").rstrip(":") + " default")
            form.addRow(caption, combo)

        self.handout_group = QGroupBox("Discharge handout", self.content)
        handout_form = QFormLayout(self.handout_group)
        handout_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.glucose_edit = QLineEdit(self.handout_group)
        self.glucose_edit.setObjectName("glucose_call_above_edit")
        self.glucose_edit.setValidator(QIntValidator(0, 9999, self.glucose_edit))
        self.glucose_edit.setMaxLength(4)
        self.glucose_edit.setPlaceholderText("not printed")
        self.glucose_edit.setAccessibleName("Call us if blood sugar is over (mg/dL)")
        caption = QLabel("Call us if blood s&ugar is over (mg/dL):", self.handout_group)
        caption.setBuddy(self.glucose_edit)
        self.glucose_error = QLabel(self.handout_group)
        self.glucose_error.setObjectName("glucose_call_above_error")
        self.glucose_error.setTextFormat(Qt.TextFormat.PlainText)
        self.glucose_error.setStyleSheet("color: #b00020;")
        hint = QLabel(f"{GLUCOSE_LOW} to {GLUCOSE_HIGH}; leave empty and the handout tells "
                      "the patient to call their diabetes doctor if it stays high.",
                      self.handout_group)
        hint.setWordWrap(True)
        hint.setMinimumWidth(460)
        handout_form.addRow(caption, self.glucose_edit)
        handout_form.addRow("", self.glucose_error)
        handout_form.addRow("", hint)

        self.save_button = QPushButton("&Save clinic settings", self)
        self.save_button.setObjectName("save_clinic_settings_button")
        self.save_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.save_button.clicked.connect(self.save)
        self.reload_button = QPushButton("Show the saved settings (your changes are lost)",
                                         self)
        self.reload_button.setObjectName("reload_clinic_settings_button")
        self.reload_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.reload_button.clicked.connect(self.reload)
        self._versions: dict[str, int] = {}
        self._focus_connected = False
        self.status_label = QLabel(self)
        self.status_label.setObjectName("clinic_settings_status_label")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)

        self.pathway_section = PathwaySection(self.marks, self.content)
        self.note_section = NoteDefaultsSection(self.content)

        sections = QVBoxLayout(self.content)
        for group in (self.defaults_group, self.handout_group, self.pathway_section,
                      self.note_section):
            sections.addWidget(group)
        sections.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status_label)
        layout.addWidget(self.reload_button)
        self.glucose_edit.textEdited.connect(lambda _t: self.glucose_error.clear())
        self.reload()

    # --- reading and writing --------------------------------------------------------------
    def reload(self) -> None:
        self.reload_button.hide()
        try:
            # The versions first: a change saved while the page reads is then a conflict at
            # Save, never overwritten unseen.
            self._versions = self.services.settings.page_versions()
            settings = self.services.settings.load()
        except ClinicDeskError as e:
            self.status_label.setText(f"Could not load the clinic settings: {e}")
            return
        d = settings.record_defaults
        self._select(self.block_combo, d.block_number)
        self._select(self.contrast_combo, d.contrast)
        self._select(self.sedation_combo, d.sedation)
        glucose = settings.info.glucose_call_above
        self.glucose_edit.setText("" if glucose is None else str(glucose))
        self.glucose_error.clear()
        self.marks.clear()
        try:
            self.pathway_section.load(self.services.pathway.settings())
            self.note_section.load(self.services.settings.note_defaults())
        except ClinicDeskError as e:
            self.status_label.setText(f"Could not load the clinic settings: {e}")

    # --- an Alt+letter jump scrolls its field into view (as in the record editor) ----------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self._focus_connected:
            app.focusChanged.connect(self._on_app_focus_changed)
            self._focus_connected = True

    def hideEvent(self, event: QHideEvent) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._focus_connected:
            app.focusChanged.disconnect(self._on_app_focus_changed)
            self._focus_connected = False
        super().hideEvent(event)

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.content.isAncestorOf(new):
            self.scroll_area.ensureWidgetVisible(new, 20, 20)

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(_NO_DEFAULT if value is None else value)
        combo.setCurrentIndex(max(index, 0))

    @staticmethod
    def _chosen(combo: QComboBox) -> object:
        data = combo.currentData()
        return None if data == _NO_DEFAULT else data

    def _glucose(self) -> int | None:
        text = self.glucose_edit.text().strip()
        if not text:
            return None
        value = int(text) if text.isdigit() else -1
        if not GLUCOSE_LOW <= value <= GLUCOSE_HIGH:
            raise ValidationError(f"Use a blood sugar from {GLUCOSE_LOW} to {GLUCOSE_HIGH} "
                                  "mg/dL, or leave it empty.", "glucose_call_above")
        return value

    def _widget_for(self, field: str) -> QWidget | None:
        return ({"glucose_call_above": self.glucose_edit, "block_number": self.block_combo,
                 "contrast": self.contrast_combo, "sedation": self.sedation_combo}.get(field)
                or self.pathway_section.widget_for(field)
                or self.note_section.widget_for(field))

    def _refuse(self, issues: list[tuple[QWidget | None, str]]) -> bool:
        """Each message at its field (the first one focused and scrolled to); nothing saved."""
        first: QWidget | None = None
        for widget, message in issues:
            if widget is self.glucose_edit:
                self.glucose_error.setText(message)
            elif widget is not None:
                self.marks.mark(widget, message)
            first = first or widget
        if first is not None:
            first.setFocus()
            self.scroll_area.ensureWidgetVisible(first, 20, 20)
        # The message, not the field's internal name.
        self.status_label.setText("Not saved: " + "; ".join(m for _w, m in issues))
        return False

    def save(self) -> bool:
        self.glucose_error.clear()
        self.status_label.clear()
        self.marks.clear()
        pathway, local = self.pathway_section.values()
        note, note_local = self.note_section.values()
        found: list[tuple[QWidget | None, str]] = [*local, *note_local]
        glucose: int | None = None
        try:
            glucose = self._glucose()
        except ValidationError as e:
            found[:0] = [(self.glucose_edit, i.message) for i in e.issues]
        if found:
            return self._refuse(found)
        try:
            block = self._chosen(self.block_combo)
            contrast = self._chosen(self.contrast_combo)
            sedation = self._chosen(self.sedation_combo)
            defaults = RecordDefaults(block if isinstance(block, int) else None,
                                      contrast if isinstance(contrast, str) else None,
                                      sedation if isinstance(sedation, str) else None)
            self.services.settings.save_clinic_page(self.actor, defaults, glucose,
                                                    pathway=pathway, note_defaults=note,
                                                    versions=self._versions)
        except ValidationError as e:
            return self._refuse([(self._widget_for(i.field), i.message) for i in e.issues])
        except VersionConflictError as e:
            # Another administrator saved since this page was loaded: say so, keep this
            # page's values on screen, and offer theirs; nothing was saved.
            when = (f" at {e.updated_at.astimezone():%H:%M}"
                    if isinstance(e.updated_at, datetime) else "")
            who = f" by {e.updated_by}" if e.updated_by else ""
            self.status_label.setText(f"Not saved: the clinic settings were changed{who}{when} "
                                      "after you opened this page. Nothing was saved. Show the "
                                      "saved settings, then make your changes again.")
            self.reload_button.show()
            self.reload_button.setFocus()
            return False
        except ClinicDeskError as e:
            log.warning("clinic settings not saved: %s", type(e).__name__)
            self.status_label.setText(f"Not saved: {e}")
            return False
        self.reload()
        self.status_label.setText("Saved")
        return True
