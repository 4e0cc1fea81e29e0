"""The record editor's procedure-note section (forms/note_section.ui), issue 14.

A collapsible section with a small interface, as the house style asks of long forms:
    fill(note_json, kind, performed_at, defaults, read_only)   show a record's `note` JSON, or
                                                               the clinic defaults when it has none
    note(performed_at) -> ProcedureNote                        what is on screen
    set_kind(kind)                                             RFA fields shown for an RFA only
    widget_for(path) -> QWidget | None                         the widget of a "note.*" path
    reveal()                                                   expand (before focusing a field)
Signal `changed` on any edit. Collapsed, it shows a one-line summary so a routine case is
checked at a glance and costs no keystrokes; RFA stimulation and lesion values are always
empty until entered (REFERENCE.md 1.2: typical values UNCONFIRMED).
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime, time, tzinfo
from typing import Any

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from ...domain.note import (
    LCD_KEYS,
    Consent,
    ConsentForm,
    DischargeCondition,
    Disposition,
    Indication,
    MotorTest,
    Needle,
    NoteDefaults,
    ProcedureNote,
    RfaParameters,
    TimeOut,
    default_note,
)
from ...domain.note_format import parse_note
from ...domain.procedures import ProcedureKind
from ..generated.ui_note_section import Ui_NoteSection

_PLAIN_TEXT_ROLE = Qt.ItemDataRole.UserRole + 7  # an item's text without "(clinic default)"
_TIME = QRegularExpression(r"([01]?\d|2[0-3])?(:[0-5]?\d?)?")
_NUMBER = QRegularExpression(r"\d{0,4}([.,]\d{0,2})?")
_GAUGE = QRegularExpression(r"\d{0,2}")
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class NoteSection(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_NoteSection()
        self.ui.setupUi(self)
        self._kind = ProcedureKind.MEDIAL_BRANCH_BLOCK
        self._defaults = NoteDefaults()
        self._loading = False
        self._recorded = True
        self._zone: tzinfo | None = None
        u = self.ui
        self._lcd: dict[str, QCheckBox] = {
            "pain_3_months": u.pain_3_months_check,
            "conservative_care_failed": u.conservative_care_check,
            "no_untreated_radiculopathy": u.no_radiculopathy_check,
            "no_other_cause": u.no_other_cause_check,
        }
        u.consent_combo.addItem("Not recorded", None)
        for form in ConsentForm:
            u.consent_combo.addItem(form.label, form.value)
        u.motor_combo.addItem("Not recorded", None)
        for test in MotorTest:
            u.motor_combo.addItem(test.label, test.value)
        u.condition_combo.addItem("Not recorded", None)
        for cond in DischargeCondition:
            u.condition_combo.addItem(cond.label, cond.value)
        for edit in (u.time_out_edit, u.discharged_edit):
            edit.setValidator(QRegularExpressionValidator(_TIME, edit))
        u.gauge_edit.setValidator(QRegularExpressionValidator(_GAUGE, u.gauge_edit))
        for edit in (u.length_edit, u.sensory_edit, u.lesion_temperature_edit,
                     u.lesion_time_edit):
            edit.setValidator(QRegularExpressionValidator(_NUMBER, edit))
        self._fields: dict[str, QWidget] = {
            "note": u.note_toggle_button,
            "note.indication.text": u.indication_edit,
            **{f"note.indication.{k}": box for k, box in self._lcd.items()},
            "note.consent.form": u.consent_combo, "note.consent.risks_discussed": u.risks_check,
            "note.time_out.identifiers": u.identifiers_edit,
            "note.time_out.at": u.time_out_edit, "note.time_out.site_confirmed": u.site_check,
            "note.position": u.position_edit, "note.skin_prep": u.skin_prep_edit,
            "note.needle.gauge": u.gauge_edit, "note.needle.length_mm": u.length_edit,
            "note.needle.type": u.needle_type_edit,
            "note.rfa.sensory_threshold_v": u.sensory_edit,
            "note.rfa.motor_test": u.motor_combo,
            "note.rfa.lesion_temperature_c": u.lesion_temperature_edit,
            "note.rfa.lesion_time_s": u.lesion_time_edit,
            "note.disposition.condition": u.condition_combo,
            "note.disposition.escorted": u.escorted_check,
            "note.disposition.discharged_at": u.discharged_edit,
        }
        self._connect_signals()
        self._set_expanded(False)

    def _connect_signals(self) -> None:
        u = self.ui
        u.note_toggle_button.toggled.connect(self._on_note_toggle_button_toggled)
        for widget in self._fields.values():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._on_edited)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self._on_edited)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._on_edited)
            elif isinstance(widget, QCheckBox):
                widget.stateChanged.connect(self._on_edited)

    # --- showing ---------------------------------------------------------------------------
    def fill(self, data: Any, kind: ProcedureKind, performed_at: datetime,
             defaults: NoteDefaults, read_only: bool) -> None:
        """Show record JSON's `note` (tolerant of odd values); none: the clinic defaults,
        unless the record cannot be edited (then the section says nothing was recorded)."""
        self._defaults, self._kind = defaults, kind
        note, _issues = parse_note(data) if isinstance(data, dict) else (None, [])
        recorded = note is not None
        if note is None:
            note = default_note(defaults, kind, performed_at) if not read_only else \
                ProcedureNote()
        self._zone = performed_at.tzinfo
        self._show(note)
        self._mark_clinic_defaults(None if recorded or read_only else defaults)
        self.set_kind(kind, swap_defaults=False)
        self._recorded = recorded or not read_only
        self._update_summary()

    def _show(self, n: ProcedureNote) -> None:
        u = self.ui
        self._loading = True
        try:
            u.indication_edit.setPlainText(n.indication.text)
            for key, box in self._lcd.items():
                value = getattr(n.indication, key)
                box.setCheckState(Qt.CheckState.PartiallyChecked if value is None else
                                  Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
            _set_combo(u.consent_combo, n.consent.form.value if n.consent.form else None)
            u.risks_check.setChecked(n.consent.risks_discussed)
            u.identifiers_edit.setText(", ".join(n.time_out.identifiers))
            u.site_check.setChecked(n.time_out.site_confirmed)
            u.time_out_edit.setText(_hhmm(n.time_out.at, self._zone))
            u.position_edit.setText(n.position)
            u.skin_prep_edit.setText(n.skin_prep)
            u.gauge_edit.setText(_num(n.needle.gauge))
            u.length_edit.setText(_num(n.needle.length_mm))
            u.needle_type_edit.setText(n.needle.type)
            u.sensory_edit.setText(_num(n.rfa.sensory_threshold_v))
            _set_combo(u.motor_combo, n.rfa.motor_test.value if n.rfa.motor_test else None)
            u.lesion_temperature_edit.setText(_num(n.rfa.lesion_temperature_c))
            u.lesion_time_edit.setText(_num(n.rfa.lesion_time_s))
            _set_combo(u.condition_combo,
                       n.disposition.condition.value if n.disposition.condition else None)
            u.escorted_check.setChecked(n.disposition.escorted)
            u.discharged_edit.setText(_hhmm(n.disposition.discharged_at, self._zone))
        finally:
            self._loading = False

    def _mark_clinic_defaults(self, defaults: NoteDefaults | None) -> None:
        """A new record's consent and discharge choices read "... (clinic default)", as
        Block, Contrast and Sedation do, so the nurse sees they came from the settings."""
        u = self.ui
        for combo, value in ((u.consent_combo, defaults and defaults.consent_form.value),
                             (u.condition_combo, defaults and defaults.condition.value)):
            for i in range(combo.count()):
                plain = combo.itemData(i, _PLAIN_TEXT_ROLE) or combo.itemText(i)
                combo.setItemData(i, plain, _PLAIN_TEXT_ROLE)
                marked = value is not None and combo.itemData(i) == value
                combo.setItemText(i, f"{plain} (clinic default)" if marked else plain)

    def set_kind(self, kind: ProcedureKind, swap_defaults: bool = True) -> None:
        """Show the RFA fields for an RFA only; a needle or indication still at the other
        kind's clinic default follows the kind (a typed one is never replaced)."""
        old, self._kind = self._kind, kind
        rfa = kind is ProcedureKind.RADIOFREQUENCY_ABLATION
        self.ui.rfa_group.setVisible(rfa)
        if swap_defaults and old is not kind:
            u = self.ui
            before = default_note(self._defaults, old, None)
            after = default_note(self._defaults, kind, None)
            if self._needle() == before.needle:
                self._loading = True
                try:
                    u.gauge_edit.setText(_num(after.needle.gauge))
                    u.length_edit.setText(_num(after.needle.length_mm))
                    u.needle_type_edit.setText(after.needle.type)
                finally:
                    self._loading = False
            if u.indication_edit.toPlainText() == before.indication.text:
                u.indication_edit.setPlainText(after.indication.text)
        if rfa and self._rfa().empty:
            self._set_expanded(True)  # values to enter: never hidden behind a summary
        self._update_summary()

    def set_read_only(self, read_only: bool) -> None:
        self.ui.note_body.setEnabled(not read_only)

    def reveal(self) -> None:
        self._set_expanded(True)

    def tab_order(self) -> list[QWidget]:
        """The section's inputs in reading order (forms/note_section.ui's tab stops)."""
        u = self.ui
        return [u.note_toggle_button, *(w for k, w in self._fields.items() if k != "note")]

    def widget_for(self, path: str) -> QWidget | None:
        return self._fields.get(path) if path.startswith("note") else None

    # --- gathering -------------------------------------------------------------------------
    def note(self, performed_at: datetime) -> ProcedureNote:
        u = self.ui
        identifiers = tuple(s.strip() for s in u.identifiers_edit.text().split(",")
                            if s.strip())
        lcd = {}
        for key in LCD_KEYS:
            state = self._lcd[key].checkState()
            lcd[key] = None if state == Qt.CheckState.PartiallyChecked else (
                state == Qt.CheckState.Checked)
        return ProcedureNote(
            indication=Indication(u.indication_edit.toPlainText().strip(), **lcd),
            consent=Consent(_choice(ConsentForm, u.consent_combo), u.risks_check.isChecked()),
            time_out=TimeOut(identifiers, u.site_check.isChecked(),
                             _at(u.time_out_edit.text(), performed_at)),
            position=u.position_edit.text().strip(),
            skin_prep=u.skin_prep_edit.text().strip(),
            needle=self._needle(),
            rfa=self._rfa(),
            disposition=Disposition(_choice(DischargeCondition, u.condition_combo),
                                    u.escorted_check.isChecked(),
                                    _at(u.discharged_edit.text(), performed_at)),
        )

    def _needle(self) -> Needle:
        u = self.ui
        gauge = u.gauge_edit.text().strip()
        return Needle(int(gauge) if gauge.isdigit() else None, _number(u.length_edit.text()),
                      u.needle_type_edit.text().strip())

    def _rfa(self) -> RfaParameters:
        u = self.ui
        return RfaParameters(_number(u.sensory_edit.text()), _choice(MotorTest, u.motor_combo),
                             _number(u.lesion_temperature_edit.text()),
                             _number(u.lesion_time_edit.text()))

    def summary_text(self) -> str:
        """One line for the collapsed section: what a routine case carries."""
        if not self._recorded:
            return "Not recorded (this record predates the procedure note)."
        n = self.note(datetime.now().astimezone())
        parts = []
        if n.consent.form is not None:
            parts.append(f"{n.consent.form.label} consent"
                         + (", risks discussed" if n.consent.risks_discussed else ""))
        if n.time_out.identifiers:
            parts.append(f"time-out {_hhmm(n.time_out.at) or '(time?)'} "
                         f"({', '.join(n.time_out.identifiers)})")
        parts += [p for p in (n.position, n.skin_prep, n.needle.text) if p]
        if self._kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
            parts.append("RFA values entered" if not self._rfa().empty else
                         "RFA values to enter")
        if n.disposition.condition is not None:
            parts.append(n.disposition.condition.label
                         + (", with a driver" if n.disposition.escorted else ""))
        return " · ".join(parts) or "Nothing recorded yet."

    # --- reacting --------------------------------------------------------------------------
    def _on_edited(self, *_args: object) -> None:
        if self._loading:
            return
        self._update_summary()
        self.changed.emit()

    def _on_note_toggle_button_toggled(self, on: bool) -> None:
        self._set_expanded(on)

    def _set_expanded(self, on: bool) -> None:
        u = self.ui
        u.note_toggle_button.blockSignals(True)
        u.note_toggle_button.setChecked(on)
        u.note_toggle_button.blockSignals(False)
        u.note_toggle_button.setArrowType(Qt.ArrowType.DownArrow if on
                                          else Qt.ArrowType.RightArrow)
        u.note_body.setVisible(on)
        u.note_summary_label.setVisible(not on)

    def _update_summary(self) -> None:
        self.ui.note_summary_label.setText(self.summary_text())


def _set_combo(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index if index >= 0 else 0)


def _choice(cls: Any, combo: QComboBox) -> Any:
    value = combo.currentData()
    return cls(value) if value is not None else None


def _num(value: float | int | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def _number(text: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text or text == ".":
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _hhmm(value: datetime | None, zone: tzinfo | None = None) -> str:
    """"09:30", in the procedure's time zone when it is known."""
    if value is None:
        return ""
    return (value.astimezone(zone) if zone is not None else value).strftime("%H:%M")


def _at(text: str, performed_at: datetime) -> datetime | None:
    """"09:30" on the day of the procedure, in its time zone; None if not a whole time."""
    m = _HHMM.match(text.strip())
    if m is None:
        return None
    return datetime.combine(performed_at.date(), time(int(m.group(1)), int(m.group(2))),
                            performed_at.tzinfo)


def install_note_section(editor_ui: Any) -> NoteSection:
    """Put the section in the record editor's form, above the free-text notes, and in its tab
    order (after the complications, before the notes)."""
    u = editor_ui
    section = NoteSection(u.form_widget)
    u.form_layout.insertWidget(u.form_layout.indexOf(u.notes_group), section)
    chain = [u.complication_text_edit, *section.tab_order(), u.notes_edit]
    for first, second in itertools.pairwise(chain):
        QWidget.setTabOrder(first, second)
    return section
