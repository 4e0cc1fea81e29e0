"""Record one call (issue 13): outcome, problems since discharge, the pain diary at exactly the
handout's times (or recalled relief), or an outcome follow-up; the result and its formula
update as the nurse types. Saved as a call signed by the nurse; the record is not changed."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from ...domain.call_format import FORMAT
from ...domain.calls import CallEntry, CallOutcome, Impression, Measure
from ...domain.diary import (
    DIARY_MINUTES,
    MEDICARE,
    DiaryPoint,
    Recalled,
    RuleProfile,
    block_response,
    diary_label,
)
from ...domain.errors import ClinicDeskError, ValidationError
from ...domain.procedures import ComplicationKind, is_diagnostic
from ...domain.record import ProcedureRecord
from ...services import Actor, Services
from ..generated.ui_call_dialog import Ui_CallDialog
from ..signoff.common import show_problem

log = logging.getLogger(__name__)


class DiaryRowWidgets:
    """The widgets of one diary time: pain (blank = not given), activity, pain medicine."""

    def __init__(self, parent: QWidget, grid: QGridLayout, row: int, minutes: int) -> None:
        self.minutes = minutes
        label = QLabel(f"&{diary_label(minutes)}" if row < 9 else diary_label(minutes), parent)
        self.pain = QSpinBox(parent)
        self.pain.setObjectName(f"diary_pain_{minutes}_spin")
        self.pain.setRange(-1, 10)
        self.pain.setValue(-1)
        self.pain.setSpecialValueText("—")
        self.pain.setAccessibleName(f"Pain at {diary_label(minutes)}, 0 to 10")
        label.setBuddy(self.pain)
        self.relief = QLabel(parent)
        self.relief.setObjectName(f"diary_relief_{minutes}_label")
        self.relief.setAccessibleName(f"Relief at {diary_label(minutes)}")
        self.activity = QLineEdit(parent)
        self.activity.setObjectName(f"diary_activity_{minutes}_edit")
        self.activity.setMaxLength(200)
        self.activity.setAccessibleName(f"Activity at {diary_label(minutes)}")
        self.medicine = QCheckBox("took pain medicine", parent)
        self.medicine.setObjectName(f"diary_medicine_{minutes}_check")
        self.medicine.setAccessibleName(f"Took pain medicine by {diary_label(minutes)}")
        for col, w in enumerate((label, self.pain, self.relief, self.activity, self.medicine)):
            grid.addWidget(w, row + 1, col)

    def point(self) -> DiaryPoint | None:
        if self.pain.value() < 0:
            return None
        return DiaryPoint(self.minutes, self.pain.value(), self.activity.text().strip(),
                          self.medicine.isChecked())


class CallDialog(QDialog):
    """`saved` holds the call once the dialog is accepted."""

    def __init__(self, services: Services, actor: Actor, record: ProcedureRecord,
                 parent: QWidget | None = None, *, months: int | None = None,
                 profile: RuleProfile = MEDICARE, follow_up_months: tuple[int, ...] = (3, 6, 12),
                 measures: tuple[Measure, ...] = (), now: datetime | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_CallDialog()
        self.ui.setupUi(self)
        self.services, self.actor, self.record, self.profile = services, actor, record, profile
        self.saved: CallEntry | None = None
        u = self.ui
        p = record.patient
        purpose = f"{months}-month follow-up" if months else "Next-day call"
        u.record_label.setText(f"{purpose}: {p.display_name} (MRN {p.mrn}), {record.title}, "
                               f"{record.levels_text}, {record.performed_at:%Y-%m-%d %H:%M}")
        u.called_at_edit.setDateTime(QDateTime(now or services.calls.clock()))
        for o in CallOutcome:
            u.outcome_combo.addItem(o.label, o.value)
        self.problem_checks: dict[ComplicationKind, QCheckBox] = {}
        for kind in ComplicationKind:
            check = QCheckBox(kind.label, u.problems_widget)
            check.setObjectName(f"problem_{kind.value}_check")
            u.problems_layout.addWidget(check)
            self.problem_checks[kind] = check
        self.diagnostic = is_diagnostic(record.kind, record.block_number)
        grid = QGridLayout(u.diary_grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for col, title in enumerate(("After", "Pain 0-10", "Relief", "Activity",
                                     "Pain medicine")):
            head = QLabel(f"<b>{title}</b>", u.diary_grid_widget)
            grid.addWidget(head, 0, col)
        # One definition of the times, shared with the printed handout (domain.diary).
        self.diary_rows = [DiaryRowWidgets(u.diary_grid_widget, grid, n, m)
                           for n, m in enumerate(DIARY_MINUTES)]
        u.diary_group.setVisible(self.diagnostic)
        u.follow_up_group.setVisible(not self.diagnostic)
        for m in follow_up_months:
            u.months_combo.addItem(f"{m} months", m)
        u.months_combo.insertItem(0, "(no follow-up: next-day call)", None)
        u.months_combo.setCurrentIndex(max(0, u.months_combo.findData(months))
                                       if months else 0)
        u.impression_combo.addItem("not given", None)
        for i in Impression:
            u.impression_combo.addItem(i.label, i.value)
        # The clinic's own measures (settings data): one score field each, blank by default.
        self.measure_spins: dict[str, QSpinBox] = {}
        for measure in measures:
            spin = QSpinBox(u.follow_up_group)
            spin.setObjectName(f"measure_{measure.key}_spin")
            spin.setRange(measure.low - 1, measure.high)
            spin.setValue(measure.low - 1)
            spin.setSpecialValueText("not given")
            spin.setAccessibleName(f"{measure.name}, {measure.low} to {measure.high}")
            label = QLabel(f"{measure.name} ({measure.low}-{measure.high})", u.follow_up_group)
            label.setBuddy(spin)
            u.follow_up_form.addRow(label, spin)
            self.measure_spins[measure.key] = spin
        save = u.button_box.button(QDialogButtonBox.StandardButton.Save)
        save.setText("&Save call")
        save.setDefault(True)
        self._show_message("")
        self._connect_signals()
        self._on_recalled_check_toggled(False)
        self._update_result()
        self.adjustSize()  # no empty space where the hidden group would be
        u.outcome_combo.setFocus()

    def _connect_signals(self) -> None:
        u = self.ui
        u.button_box.accepted.connect(self._on_button_box_accepted)
        u.button_box.rejected.connect(self.reject)
        u.recalled_check.toggled.connect(self._on_recalled_check_toggled)
        u.outcome_combo.currentIndexChanged.connect(self._on_outcome_combo_changed)
        u.problems_none_check.toggled.connect(self._on_problems_none_check_toggled)
        for check in self.problem_checks.values():
            check.toggled.connect(self._on_problem_check_toggled)
        for row in self.diary_rows:
            row.pain.valueChanged.connect(self._update_result)
            row.medicine.toggled.connect(self._update_result)
        u.best_relief_spin.valueChanged.connect(self._update_result)
        u.hours_spin.valueChanged.connect(self._update_result)

    # --- what the nurse sees as they type --------------------------------------------------
    def _on_recalled_check_toggled(self, checked: bool) -> None:
        u = self.ui
        recalled: tuple[QWidget, ...] = (u.best_relief_spin, u.hours_spin, u.best_relief_label,
                                         u.hours_label)
        for w in recalled:
            w.setEnabled(checked)
        for row in self.diary_rows:
            timed: tuple[QWidget, ...] = (row.pain, row.activity, row.medicine)
            for t in timed:
                t.setEnabled(not checked)
        self._update_result()

    def _on_outcome_combo_changed(self, _index: int) -> None:
        reached = self.ui.outcome_combo.currentData() == CallOutcome.REACHED.value
        for w in (self.ui.problems_widget, self.ui.diary_group, self.ui.follow_up_group):
            w.setEnabled(reached)

    def _on_problems_none_check_toggled(self, checked: bool) -> None:
        if checked:
            for check in self.problem_checks.values():
                check.setChecked(False)

    def _on_problem_check_toggled(self, checked: bool) -> None:
        if checked:
            self.ui.problems_none_check.setChecked(False)

    def _update_result(self, *_args: object) -> None:
        if not self.diagnostic:
            return
        baseline = self.record.pain_before
        diary = [p for p in (r.point() for r in self.diary_rows) if p is not None]
        recalled = (Recalled(self.ui.best_relief_spin.value(), self.ui.hours_spin.value())
                    if self.ui.recalled_check.isChecked() else None)
        response = block_response(baseline, diary, recalled, self.profile)
        by_minute = {p.after_minutes: p for p in response.points}
        for row in self.diary_rows:
            point = by_minute.get(row.minutes)
            row.relief.setText("" if point is None else f"{point.relief_percent:g}%")
        self.ui.formula_label.setText(response.formula + ("\n" + response.reliability
                                                          if response.recalled else ""))
        if not diary and recalled is None:
            self.ui.result_label.setText("Result: not recorded yet.")
            return
        parts = [f"Result under {self.profile.name}: {response.result.label}."]
        if response.peak_relief_percent is not None:
            parts.append(f"Peak relief {response.peak_relief_percent:g}%; at least 50% for "
                         f"{response.hours_50:g} h, at least 80% for {response.hours_80:g} h.")
        parts.extend(response.reasons)
        self.ui.result_label.setText(" ".join(parts))

    # --- saving ---------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """The call as clinic-desk/call@1 JSON (the service checks every field)."""
        u = self.ui
        when = u.called_at_edit.dateTime().toPython()
        assert isinstance(when, datetime)
        outcome = u.outcome_combo.currentData()
        reached = outcome == CallOutcome.REACHED.value
        problems = [k.value for k, c in self.problem_checks.items() if c.isChecked()]
        data: dict[str, Any] = {
            "format": FORMAT, "called_at": when.astimezone().isoformat(), "outcome": outcome,
            "problems": problems if reached else [], "diary": None, "recalled": None,
            "follow_up": None, "note": u.note_edit.text()}
        if reached and self.diagnostic:
            if u.recalled_check.isChecked():
                data["recalled"] = {"best_relief_percent": u.best_relief_spin.value(),
                                    "hours": u.hours_spin.value()}
            else:
                points = [r.point() for r in self.diary_rows]
                data["diary"] = [{"after_minutes": p.after_minutes, "pain": p.pain,
                                  "activity": p.activity, "pain_medicine": p.pain_medicine}
                                 for p in points if p is not None] or None
        months = u.months_combo.currentData()
        if not self.diagnostic and months is not None:
            fu: dict[str, Any] = {"months": months}
            if reached:
                fu["pain"] = u.fu_pain_spin.value() if u.fu_pain_spin.value() >= 0 else None
                fu["relief_percent"] = (u.fu_relief_spin.value()
                                        if u.fu_relief_spin.value() >= 0 else None)
                fu["impression"] = u.impression_combo.currentData()
                scores = {k: spin.value() for k, spin in self.measure_spins.items()
                          if spin.value() > spin.minimum()}
                if scores:
                    fu["measures"] = scores
            data["follow_up"] = fu
        return data

    def _check_rows(self) -> ValidationError | None:
        for row in self.diary_rows:
            if row.pain.value() < 0 and (row.activity.text().strip() or row.medicine.isChecked()):
                return ValidationError(f"Enter the pain score at {diary_label(row.minutes)}, or "
                                       "clear the activity and medicine.",
                                       f"diary_time[{row.minutes}]")
        return None

    def _widget_for(self, field: str) -> QWidget:
        u = self.ui
        if field.startswith("diary_time["):
            minutes = int(field.split("[")[1].split("]")[0])
            return next(r.pain for r in self.diary_rows if r.minutes == minutes)
        if field.startswith("diary["):
            entered = [r for r in self.diary_rows if r.point() is not None]
            n = int(field.split("[")[1].split("]")[0])
            if 0 <= n < len(entered):
                return entered[n].activity if "activity" in field else entered[n].pain
        if field.startswith("recalled"):
            return u.hours_spin if "hours" in field else u.best_relief_spin
        if field.startswith("follow_up.measures."):
            key = field.split(".", 2)[2]
            return self.measure_spins.get(key, u.months_combo)
        if field.startswith("follow_up"):
            if "pain" in field:
                return u.fu_pain_spin
            if "relief" in field:
                return u.fu_relief_spin
            if "impression" in field:
                return u.impression_combo
            return u.months_combo
        return {"called_at": u.called_at_edit, "outcome": u.outcome_combo,
                "note": u.note_edit}.get(field.split("[")[0].split(".")[0],
                                         u.problems_none_check)

    def _show_message(self, text: str) -> None:
        show_problem(self.ui.message_icon, self.ui.message_label, text)

    def _on_button_box_accepted(self) -> None:
        assert self.record.id is not None
        problem = self._check_rows()
        try:
            if problem is not None:
                raise problem
            self.saved = self.services.calls.record(self.actor, self.record.id, self.values())
        except ValidationError as e:
            first = e.issues[0]
            more = f" (and {len(e.issues) - 1} more)" if len(e.issues) > 1 else ""
            self._show_message(f"{first.message}{more} Nothing was saved.")
            self._widget_for(first.field).setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except ClinicDeskError as e:
            self._show_message(f"{e} Nothing was saved.")
            return
        log.info("call recorded (record id %s)", self.record.id)
        self.accept()

    @classmethod
    def ask(cls, services: Services, actor: Actor, record: ProcedureRecord,
            parent: QWidget | None = None, **kwargs: Any) -> CallEntry | None:
        dialog = cls(services, actor, record, parent, **kwargs)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.saved
        return None


__all__ = ["CallDialog"]
