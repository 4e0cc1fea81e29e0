"""The Clinic settings page's "Procedure note" section (issue 14, issue 15 point 5): what a new
record's procedure note starts with, the same settings as `clinic-desk note-defaults`.

    load(defaults)               show NoteDefaults
    values() -> (data, issues)   the defaults as `note-defaults` JSON, and the (widget,
                                 message) pairs of numbers that cannot even be read
    widget_for(key) -> widget    where a service issue ("note_defaults.position") belongs
RFA stimulation and lesion values are never defaulted, so they are not here. The checks are
the service's (SettingsService._check_note_defaults), shown at the field by the page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ...domain.note import ConsentForm, DischargeCondition, NoteDefaults

_NUMBER = QRegularExpression(r"\d{0,3}([.,]\d{0,1})?")
_GAUGE = QRegularExpression(r"\d{0,2}")


class NoteDefaultsSection(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Procedure note: a new record's note starts with", parent)
        self.setObjectName("note_defaults_group")
        form = QFormLayout(self)

        def line(key: str, width: int | None = None, max_len: int = 200) -> QLineEdit:
            edit = QLineEdit(self)
            edit.setObjectName(f"{key}_edit")
            edit.setMaxLength(max_len)
            if width:
                edit.setMaximumWidth(width)
            return edit

        def check(key: str, text: str) -> QCheckBox:
            box = QCheckBox(text, self)
            box.setObjectName(f"{key}_check")
            return box

        self.indication_mbb_edit = line("indication_mbb", max_len=1000)
        self.indication_rfa_edit = line("indication_rfa", max_len=1000)
        self.indication_ia_edit = line("indication_ia", max_len=1000)
        self.attest_check = check("attest_lcd_statements",
                                  "LCD statements attested (pain 3 months, care failed, ...)")
        self.consent_combo = QComboBox(self)
        self.consent_combo.setObjectName("consent_form_combo")
        for form_kind in ConsentForm:
            self.consent_combo.addItem(form_kind.label, form_kind.value)
        self.risks_check = check("risks_discussed", "Risks discussed")
        self.identifiers_edit = line("identifiers")
        self.identifiers_edit.setPlaceholderText("name, date of birth")
        self.site_check = check("site_confirmed", "Site confirmed")
        self.position_edit = line("position")
        self.skin_prep_edit = line("skin_prep")
        self.needles: dict[str, tuple[QLineEdit, QLineEdit, QLineEdit]] = {}
        for kind in ("block", "rfa"):
            gauge, length = line(f"{kind}_needle_gauge", 50, 2), line(
                f"{kind}_needle_length_mm", 70, 6)
            gauge.setValidator(QRegularExpressionValidator(_GAUGE, gauge))
            length.setValidator(QRegularExpressionValidator(_NUMBER, length))
            self.needles[kind] = (gauge, length, line(f"{kind}_needle_type"))
        self.condition_combo = QComboBox(self)
        self.condition_combo.setObjectName("condition_combo")
        for cond in DischargeCondition:
            self.condition_combo.addItem(cond.label, cond.value)
        self.escorted_check = check("escorted", "Leaves with a responsible adult")

        def row(text: str, *widgets: QWidget, accessible: str = "") -> None:
            caption = QLabel(text, self)
            caption.setBuddy(widgets[0])
            name = accessible or text.replace("&", "").rstrip(":")
            widgets[0].setAccessibleName(name)
            if len(widgets) == 1:
                form.addRow(caption, widgets[0])
                return
            box = QHBoxLayout()
            for w in widgets:
                box.addWidget(w, 1 if isinstance(w, QLineEdit) and w.maximumWidth() > 1000
                              else 0)
            box.addStretch(0)
            form.addRow(caption, box)

        row("&Indication, medial branch block:", self.indication_mbb_edit)
        row("Indication, RFA:", self.indication_rfa_edit)
        row("Indication, intra-articular:", self.indication_ia_edit)
        row("LCD statements:", self.attest_check)
        row("&Consent:", self.consent_combo, self.risks_check)
        row("Time-out identifiers:", self.identifiers_edit, self.site_check)
        row("P&osition:", self.position_edit)
        row("S&kin preparation:", self.skin_prep_edit)
        for kind, text in (("block", "Block needle (G, mm, type):"),
                           ("rfa", "RFA needle (G, mm, type):")):
            gauge, length, kind_edit = self.needles[kind]
            row(text, gauge, QLabel("G", self), length, QLabel("mm", self), kind_edit,
                accessible=f"{text.split(' (')[0]} gauge")
            length.setAccessibleName(f"{text.split(' (')[0]} length (mm)")
            kind_edit.setAccessibleName(f"{text.split(' (')[0]} type")
        row("Discharge condition:", self.condition_combo, self.escorted_check)
        hint = QLabel("RFA stimulation and lesion values are never defaulted: the nurse "
                      "enters them for each case. A new record shows these values; records "
                      "already started keep what they hold.", self)
        hint.setWordWrap(True)
        hint.setMinimumWidth(520)
        form.addRow("", hint)
        self._fields: dict[str, QWidget] = {
            "indication_mbb": self.indication_mbb_edit,
            "indication_rfa": self.indication_rfa_edit,
            "indication_ia": self.indication_ia_edit,
            "attest_lcd_statements": self.attest_check,
            "consent_form": self.consent_combo, "risks_discussed": self.risks_check,
            "identifiers": self.identifiers_edit, "site_confirmed": self.site_check,
            "position": self.position_edit, "skin_prep": self.skin_prep_edit,
            **{f"{k}_needle_{part}": w for k, ws in self.needles.items()
               for part, w in zip(("gauge", "length_mm", "type"), ws, strict=True)},
            "condition": self.condition_combo, "escorted": self.escorted_check,
        }

    def load(self, d: NoteDefaults) -> None:
        self.indication_mbb_edit.setText(d.indication_mbb)
        self.indication_rfa_edit.setText(d.indication_rfa)
        self.indication_ia_edit.setText(d.indication_ia)
        self.attest_check.setChecked(d.attest_lcd_statements)
        self.consent_combo.setCurrentIndex(max(self.consent_combo.findData(
            d.consent_form.value), 0))
        self.risks_check.setChecked(d.risks_discussed)
        self.identifiers_edit.setText(", ".join(d.identifiers))
        self.site_check.setChecked(d.site_confirmed)
        self.position_edit.setText(d.position)
        self.skin_prep_edit.setText(d.skin_prep)
        for kind in ("block", "rfa"):
            gauge, length, type_edit = self.needles[kind]
            gauge.setText(str(getattr(d, f"{kind}_needle_gauge")))
            length.setText(f"{getattr(d, f'{kind}_needle_length_mm'):g}")
            type_edit.setText(getattr(d, f"{kind}_needle_type"))
        self.condition_combo.setCurrentIndex(max(self.condition_combo.findData(
            d.condition.value), 0))
        self.escorted_check.setChecked(d.escorted)

    def values(self) -> tuple[dict[str, Any], list[tuple[QWidget, str]]]:
        issues: list[tuple[QWidget, str]] = []
        data: dict[str, Any] = {
            "indication_mbb": self.indication_mbb_edit.text().strip(),
            "indication_rfa": self.indication_rfa_edit.text().strip(),
            "indication_ia": self.indication_ia_edit.text().strip(),
            "attest_lcd_statements": self.attest_check.isChecked(),
            "consent_form": self.consent_combo.currentData(),
            "risks_discussed": self.risks_check.isChecked(),
            "identifiers": [s.strip() for s in self.identifiers_edit.text().split(",")
                            if s.strip()],
            "site_confirmed": self.site_check.isChecked(),
            "position": self.position_edit.text().strip(),
            "skin_prep": self.skin_prep_edit.text().strip(),
            "condition": self.condition_combo.currentData(),
            "escorted": self.escorted_check.isChecked(),
        }
        for kind in ("block", "rfa"):
            gauge, length, type_edit = self.needles[kind]
            data[f"{kind}_needle_type"] = type_edit.text().strip()
            if gauge.text().strip().isdigit():
                data[f"{kind}_needle_gauge"] = int(gauge.text())
            else:
                issues.append((gauge, "Give the needle's gauge, e.g. 22."))
            try:
                data[f"{kind}_needle_length_mm"] = float(length.text().replace(",", "."))
            except ValueError:
                issues.append((length, "Give the needle's length in mm, e.g. 89."))
        return data, issues

    def widget_for(self, field: str) -> QWidget | None:
        prefix = "note_defaults."
        return self._fields.get(field[len(prefix):]) if field.startswith(prefix) else None
