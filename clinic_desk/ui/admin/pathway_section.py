"""The Clinic settings page's "Diagnostic pathway" section (issue 13, sections 1-3).

The rule profile in use (Medicare, 80%, built in and the default), the clinic's own profiles
(name, positive %, optional minimum hours) edited below a small table, next-day call days and
tries, and the follow-up months. A small interface, as STYLE.md 7 asks of page sections:
    load(settings)               show PathwaySettings
    values() -> (data, issues)   the settings as `pathway settings --json` data, and the
                                 (widget, message) pairs of what cannot even be read
    widget_for(field) -> widget  where a service issue ("calls.max_tries", "profile") belongs
The page saves `values()` with its own Save, in one transaction; every check is the domain's
(profiles_from_list, CallSettings.from_dict), never the widget's.
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.calls import CALL_LIMITS, CallSettings
from ...domain.diary import MEDICARE, RuleProfile, profiles_from_list
from ...domain.errors import ValidationError
from ...services.pathway import PathwaySettings
from ..widgets.field_marks import FieldMarks

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_Index = QModelIndex | QPersistentModelIndex


def _duration(hours: float | None) -> str:
    return "information only" if hours is None else f"at least {hours:g} h"


class ProfileColumn(IntEnum):
    NAME = 0
    POSITIVE = 1
    DURATION = 2
    IN_USE = 3


_HEADERS = {ProfileColumn.NAME: "Profile", ProfileColumn.POSITIVE: "Positive at",
            ProfileColumn.DURATION: "Relief must last", ProfileColumn.IN_USE: "In use"}


class ProfilesModel(QAbstractTableModel):
    """Medicare (built in) and the clinic's own profiles; the profile key in a custom role."""

    KeyRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profiles: list[RuleProfile] = [MEDICARE]
        self.in_use = MEDICARE.key

    def set_profiles(self, profiles: list[RuleProfile], in_use: str) -> None:
        self.beginResetModel()
        self.profiles, self.in_use = list(profiles), in_use
        self.endResetModel()

    def set_in_use(self, key: str) -> None:
        self.in_use = key
        if self.profiles:
            col = int(ProfileColumn.IN_USE)
            self.dataChanged.emit(self.index(0, col), self.index(len(self.profiles) - 1, col))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.profiles)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(ProfileColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(ProfileColumn)):
            return _HEADERS[ProfileColumn(section)]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.profiles):
            return None
        p = self.profiles[index.row()]
        if role == self.KeyRole:
            return p.key
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = ProfileColumn(index.column())
        if column is ProfileColumn.NAME:
            return p.name + (" (built in)" if p.key == MEDICARE.key else "")
        if column is ProfileColumn.POSITIVE:
            return f"{p.positive_percent}% relief"
        if column is ProfileColumn.DURATION:
            return _duration(p.min_hours)
        return "Yes" if p.key == self.in_use else ""


def _key_for(name: str, taken: set[str]) -> str:
    """A short key from the profile's name ("Commercial 50%" -> "commercial-50")."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:32] or "profile"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


class PathwaySection(QGroupBox):
    def __init__(self, marks: FieldMarks, parent: QWidget | None = None) -> None:
        super().__init__("Diagnostic pathway", parent)
        self.setObjectName("pathway_group")
        self.marks = marks
        self._measures: tuple[Any, ...] = ()
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        outer.addLayout(form)

        self.profile_combo = QComboBox(self)
        self.profile_combo.setObjectName("profile_in_use_combo")
        self.profile_combo.setAccessibleName("Rule profile in use")
        self._row(form, "Rule &profile in use:", self.profile_combo)

        self.model = ProfilesModel(self)
        self.profiles_view = QTableView(self)
        self.profiles_view.setObjectName("profiles_view")
        self.profiles_view.setAccessibleName("Rule profiles")
        self.profiles_view.setModel(self.model)
        self.profiles_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.profiles_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.profiles_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.profiles_view.verticalHeader().hide()
        self.profiles_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.profiles_view.horizontalHeader().setStretchLastSection(True)
        self.profiles_view.setMinimumWidth(520)
        form.addRow(QLabel("Profiles:", self), self.profiles_view)

        editor = QHBoxLayout()
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("profile_name_edit")
        self.name_edit.setMaxLength(80)
        self.name_edit.setPlaceholderText("e.g. Commercial 50%")
        self.name_edit.setMinimumWidth(200)
        self.percent_edit = QLineEdit(self)
        self.percent_edit.setObjectName("profile_percent_edit")
        self.percent_edit.setValidator(QIntValidator(0, 999, self.percent_edit))
        self.percent_edit.setMaxLength(3)
        self.percent_edit.setMaximumWidth(60)
        self.hours_edit = QLineEdit(self)
        self.hours_edit.setObjectName("profile_hours_edit")
        self.hours_edit.setMaxLength(5)
        self.hours_edit.setMaximumWidth(70)
        self.hours_edit.setPlaceholderText("none")
        for label, edit in (("Profile na&me:", self.name_edit),
                            ("Positive at (%):", self.percent_edit),
                            ("Minimum hours:", self.hours_edit)):
            caption = QLabel(label, self)
            caption.setBuddy(edit)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            editor.addWidget(caption)
            editor.addWidget(edit, 2 if edit is self.name_edit else 0)
        form.addRow("", editor)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("&Add profile", self)
        self.add_button.setObjectName("add_profile_button")
        self.change_button = QPushButton("Chan&ge profile", self)
        self.change_button.setObjectName("change_profile_button")
        self.remove_button = QPushButton("Remove profil&e", self)
        self.remove_button.setObjectName("remove_profile_button")
        for b in (self.add_button, self.change_button, self.remove_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        form.addRow("", buttons)
        hint = QLabel("Medicare (80% relief of the index pain) is built in and cannot be "
                      "changed. Without minimum hours a profile judges relief only: the "
                      "expected duration per anaesthetic stays information (it is "
                      "contentious).", self)
        hint.setWordWrap(True)
        hint.setMinimumWidth(520)
        form.addRow("", hint)

        self.weekday_checks: list[QCheckBox] = []
        days = QHBoxLayout()
        for n, name in enumerate(WEEKDAYS):
            box = QCheckBox(name[:3], self)
            box.setObjectName(f"clinic_day_{n}_check")
            box.setAccessibleName(f"{name} is a clinic day")
            self.weekday_checks.append(box)
            days.addWidget(box)
        days.addStretch(1)
        days_caption = QLabel("Clinic da&ys:", self)
        days_caption.setBuddy(self.weekday_checks[0])
        form.addRow(days_caption, days)

        def spin(name: str, accessible: str) -> QSpinBox:
            box = QSpinBox(self)
            box.setObjectName(f"{name}_spin")
            box.setRange(*CALL_LIMITS[name])
            box.setAccessibleName(accessible)
            return box

        self.days_after_spin = spin("days_after", "Next-day call after this many clinic days")
        self.max_tries_spin = spin("max_tries", "Unanswered tries before the patient is flagged")
        self.retry_days_spin = spin("retry_days", "Days an unreached patient stays listed")
        self.window_spin = spin("follow_up_window_days", "Days a follow-up stays due")
        self.months_edit = QLineEdit(self)
        self.months_edit.setObjectName("follow_up_months_edit")
        self.months_edit.setMaxLength(60)
        self.months_edit.setPlaceholderText("e.g. 3, 6, 12")
        self.months_edit.setAccessibleName("Follow-up months")
        self._row(form, "Next-day call after (clinic days):", self.days_after_spin)
        self._row(form, "Flag after unanswered &tries:", self.max_tries_spin)
        self._row(form, "Keep an unreached patient listed (days):", self.retry_days_spin)
        self._row(form, "Fo&llow-ups after RFA and therapeutic (months):", self.months_edit)
        self._row(form, "A follow-up stays due (days):", self.window_spin)
        days_hint = QLabel("A procedure on a day that is not a clinic day (a weekend) is "
                           "called on the next clinic day.", self)
        days_hint.setWordWrap(True)
        days_hint.setMinimumWidth(520)
        form.addRow("", days_hint)
        self._connect_signals()

    def _row(self, form: QFormLayout, text: str, field: QWidget) -> None:
        caption = QLabel(text, self)
        caption.setBuddy(field)
        form.addRow(caption, field)

    def _connect_signals(self) -> None:
        self.profiles_view.selectionModel().currentRowChanged.connect(
            self._on_profiles_view_current_row_changed)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.change_button.clicked.connect(self._on_change_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.profile_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_in_use(str(self.profile_combo.currentData())))
        for edit in (self.name_edit, self.percent_edit, self.hours_edit):
            edit.returnPressed.connect(self._on_profile_edit_return_pressed)

    def _on_profile_edit_return_pressed(self) -> None:
        """Enter in the profile fields: change the selected profile of the clinic's, else
        add a new one."""
        if self.change_button.isEnabled():
            self._on_change_button_clicked()
        else:
            self._on_add_button_clicked()

    # --- showing ---------------------------------------------------------------------------
    def load(self, settings: PathwaySettings) -> None:
        self._measures = settings.measures
        self._set_profiles(list(settings.profiles), settings.profile.key)
        calls = settings.calls
        for n, box in enumerate(self.weekday_checks):
            box.setChecked(n in calls.clinic_weekdays)
        self.days_after_spin.setValue(calls.days_after)
        self.max_tries_spin.setValue(calls.max_tries)
        self.retry_days_spin.setValue(calls.retry_days)
        self.window_spin.setValue(calls.follow_up_window_days)
        self.months_edit.setText(", ".join(map(str, calls.follow_up_months)))
        self._fill_editor(None)

    def _set_profiles(self, profiles: list[RuleProfile], in_use: str) -> None:
        self.model.set_profiles(profiles, in_use)
        self._fit_table()
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        for p in profiles:
            self.profile_combo.addItem(f"{p.name}: positive at {p.positive_percent}%", p.key)
        self.profile_combo.setCurrentIndex(max(self.profile_combo.findData(in_use), 0))
        self.profile_combo.blockSignals(False)

    def _fit_table(self) -> None:
        """As tall as its rows (at most 6), so no empty box fills the page."""
        view = self.profiles_view
        rows = max(1, min(6, self.model.rowCount()))
        height = (view.horizontalHeader().sizeHint().height()
                  + rows * view.verticalHeader().defaultSectionSize() + 2 * view.frameWidth())
        view.setFixedHeight(height)

    def _selected(self) -> RuleProfile | None:
        row = self.profiles_view.currentIndex().row()
        return self.model.profiles[row] if 0 <= row < len(self.model.profiles) else None

    def _fill_editor(self, profile: RuleProfile | None) -> None:
        own = profile is not None and profile.key != MEDICARE.key
        self.name_edit.setText(profile.name if own and profile else "")
        self.percent_edit.setText(str(profile.positive_percent) if own and profile else "")
        self.hours_edit.setText(f"{profile.min_hours:g}" if own and profile
                                and profile.min_hours is not None else "")
        self.change_button.setEnabled(own)
        self.remove_button.setEnabled(own)

    def _on_profiles_view_current_row_changed(self, current: QModelIndex,
                                              _previous: QModelIndex) -> None:
        self._fill_editor(self._selected())

    # --- editing the clinic's profiles -----------------------------------------------------
    def _edited(self, key: str) -> RuleProfile | None:
        """The profile in the edit fields, checked by the domain; None (fields marked)."""
        self.marks.clear()
        percent_text = self.percent_edit.text().strip()
        hours_text = self.hours_edit.text().strip().replace(",", ".")
        item: dict[str, Any] = {"key": key, "name": self.name_edit.text(),
                                "positive_percent": int(percent_text)
                                if percent_text.isdigit() else None}
        try:
            item["min_hours"] = float(hours_text) if hours_text else None
        except ValueError:
            item["min_hours"] = "?"  # the domain names the field and the allowed values
        try:
            (profile,) = profiles_from_list([item])
        except ValidationError as e:
            fields = {"name": self.name_edit, "key": self.name_edit,
                      "positive_percent": self.percent_edit, "min_hours": self.hours_edit}
            for issue in e.issues:
                widget = fields.get(issue.field.rsplit(".", 1)[-1], self.name_edit)
                self.marks.mark(widget, issue.message)
            self.marks.marked()[0].setFocus()
            return None
        return profile

    def _on_add_button_clicked(self) -> None:
        profiles = self.model.profiles
        taken = {p.key for p in profiles}
        profile = self._edited(_key_for(self.name_edit.text(), taken))
        if profile is None:
            return
        if any(p.name.casefold() == profile.name.casefold() for p in profiles):
            self.marks.mark(self.name_edit, "Another profile has this name.")
            self.name_edit.setFocus()
            return
        self._set_profiles([*profiles, profile], str(self.profile_combo.currentData()))
        self.profiles_view.selectRow(len(self.model.profiles) - 1)

    def _on_change_button_clicked(self) -> None:
        old = self._selected()
        if old is None or old.key == MEDICARE.key:
            return
        profile = self._edited(old.key)
        if profile is None:
            return
        if any(p.name.casefold() == profile.name.casefold() and p.key != old.key
               for p in self.model.profiles):
            self.marks.mark(self.name_edit, "Another profile has this name.")
            self.name_edit.setFocus()
            return
        row = self.model.profiles.index(old)
        profiles = list(self.model.profiles)
        profiles[row] = RuleProfile(old.key, profile.name, profile.positive_percent,
                                    profile.min_hours, old.source)
        self._set_profiles(profiles, str(self.profile_combo.currentData()))
        self.profiles_view.selectRow(row)

    def _on_remove_button_clicked(self) -> None:
        old = self._selected()
        if old is None or old.key == MEDICARE.key:
            return
        self.marks.clear()
        if old.key == self.profile_combo.currentData():
            self.marks.mark(self.profiles_view, f"{old.name} is the profile in use; choose "
                                                "another profile in use before removing it.")
            self.profile_combo.setFocus()
            return
        self._set_profiles([p for p in self.model.profiles if p.key != old.key],
                           str(self.profile_combo.currentData()))
        self._fill_editor(None)

    # --- gathering -------------------------------------------------------------------------
    def _pending(self) -> bool:
        """Whether the profile fields hold something not yet added or changed in the table
        (Save would lose it without a word, as an unconfirmed medication line once was)."""
        typed = (self.name_edit.text().strip(), self.percent_edit.text().strip(),
                 self.hours_edit.text().strip())
        if not any(typed):
            return False
        p = self._selected()
        if p is None or p.key == MEDICARE.key:
            return True
        shown = (p.name, str(p.positive_percent),
                 "" if p.min_hours is None else f"{p.min_hours:g}")
        return typed != shown

    def values(self) -> tuple[dict[str, Any], list[tuple[QWidget, str]]]:
        issues: list[tuple[QWidget, str]] = []
        if self._pending():
            issues.append((self.name_edit, "This profile is not in the table yet: add it "
                                           "(or change the selected one), or clear its "
                                           "fields."))
        days = [n for n, box in enumerate(self.weekday_checks) if box.isChecked()]
        if not days:
            issues.append((self.weekday_checks[0], "Tick at least one clinic day."))
        parts = [p for p in re.split(r"[,;\s]+", self.months_edit.text().strip()) if p]
        months = [int(p) for p in parts if p.isdigit()]
        if not parts or len(months) != len(parts):
            issues.append((self.months_edit, "Give whole numbers of months, e.g. 3, 6, 12."))
        calls = CallSettings(self.days_after_spin.value(), tuple(days),
                             self.max_tries_spin.value(), self.retry_days_spin.value(),
                             tuple(months), self.window_spin.value())
        data = PathwaySettings(MEDICARE, tuple(self.model.profiles), calls,
                               self._measures).to_dict()
        data["profile"] = self.profile_combo.currentData()
        return data, issues

    def widget_for(self, field: str) -> QWidget | None:
        """The widget a service issue's field path belongs to, if it is on this section."""
        if field == "profile":
            return self.profile_combo
        if field.startswith("profiles"):
            return self.profiles_view
        return {"calls.days_after": self.days_after_spin,
                "calls.clinic_weekdays": self.weekday_checks[0],
                "calls.max_tries": self.max_tries_spin,
                "calls.retry_days": self.retry_days_spin,
                "calls.follow_up_months": self.months_edit,
                "calls.follow_up_window_days": self.window_spin}.get(field)
