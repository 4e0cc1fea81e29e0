"""The Pathway view (issue 13): one patient's procedures per spinal region in order, each
block's result, the pain scores before, at discharge and through the diary in a chart
(QtCharts), and the next step the rules allow, worded as decision support.

PathwayView is the widget; PathwayPage hosts it in the main window, PathwayDialog over the
patient dialog."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ClinicDeskError
from ...domain.pathway import Pathway
from ...services import Actor, Services
from ...services.pathway import PatientPathway
from .models import StepColumn, StepsModel

BEFORE_X, DISCHARGE_X = -0.5, 0.0


class PathwayView(QWidget):
    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pathway_view")
        self.services, self.actor = services, actor
        self.data: PatientPathway | None = None
        self.model = StepsModel(self)
        layout = QVBoxLayout(self)
        self.patient_label = QLabel("Choose a patient: open the pathway from the worklist, a "
                                    "record, the sign-off review or the patient's details.",
                                    self)
        self.patient_label.setObjectName("pathway_patient_label")
        self.patient_label.setWordWrap(True)
        font = self.patient_label.font()
        font.setBold(True)
        self.patient_label.setFont(font)
        layout.addWidget(self.patient_label)
        top = QHBoxLayout()
        region_label = QLabel("Spinal &region", self)
        self.region_combo = QComboBox(self)
        self.region_combo.setObjectName("pathway_region_combo")
        self.region_combo.setAccessibleName("Spinal region")
        region_label.setBuddy(self.region_combo)
        top.addWidget(region_label)
        top.addWidget(self.region_combo)
        top.addStretch(1)
        layout.addLayout(top)
        self.next_label = QLabel(self)
        self.next_label.setObjectName("next_step_label")
        self.next_label.setAccessibleName("Next step")
        self.next_label.setWordWrap(True)
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        self.next_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_label.setFrameShape(QLabel.Shape.StyledPanel)
        layout.addWidget(self.next_label)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.view = QTableView(split)
        self.view.setObjectName("pathway_steps_view")
        self.view.setAccessibleName("Procedures in order")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(StepColumn.NOTE, QHeaderView.ResizeMode.Stretch)
        self.chart = QChart()
        self.chart.setTitle("Pain before, at discharge and through the diary")
        self.chart_view = QChartView(self.chart, split)
        self.chart_view.setObjectName("pathway_chart")
        self.chart_view.setAccessibleName("Pain chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(240)
        split.addWidget(self.view)
        split.addWidget(self.chart_view)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([220, 420])  # the chart gets the room; the timeline is a few rows
        layout.addWidget(split, 1)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("pathway_detail_label")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.detail_label)
        self.region_combo.currentIndexChanged.connect(self._on_region_combo_changed)
        self.view.selectionModel().currentRowChanged.connect(self._on_steps_current_changed)

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.clear()

    def clear(self) -> None:
        self.data = None
        self.region_combo.clear()
        self.model.set_rows([])
        self.chart.removeAllSeries()
        self.next_label.clear()
        self.detail_label.clear()

    def show_patient(self, patient_id: int) -> bool:
        try:
            self.data = self.services.pathway.for_patient(self.actor, patient_id=patient_id)
        except ClinicDeskError as e:
            self.clear()
            self.patient_label.setText(f"The pathway could not load: {e}")
            return False
        p = self.data.patient
        self.patient_label.setText(f"{p.display_name}, MRN {p.mrn}, born "
                                   f"{p.date_of_birth.isoformat()} — rule profile: "
                                   f"{self.data.profile.name}")
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        for pw in self.data.pathways:
            self.region_combo.addItem(pw.region.value.capitalize(), pw.region.value)
        self.region_combo.blockSignals(False)
        # The region of the newest procedure first.
        # (An index into the combo's list: a region without steps is never the newest.)
        pws = self.data.pathways
        newest = max((i for i, pw in enumerate(pws) if pw.steps),
                     key=lambda i: pws[i].steps[-1].record.performed_at, default=0)
        self.region_combo.setCurrentIndex(newest)
        self._show_region()
        if not self.data.pathways:
            self.next_label.setText("No procedure recorded for this patient.")
        return True

    def current(self) -> Pathway | None:
        if self.data is None or not 0 <= self.region_combo.currentIndex() < len(
                self.data.pathways):
            return None
        return self.data.pathways[self.region_combo.currentIndex()]

    def _on_region_combo_changed(self, _index: int) -> None:
        self._show_region()

    def _show_region(self) -> None:
        pw = self.current()
        self.model.set_rows(pw.steps if pw else [])
        self.next_label.setText(f"Next step (decision support): {pw.next_step}" if pw else "")
        self._draw(pw)
        if pw and pw.steps:
            self.view.selectRow(len(pw.steps) - 1)

    def _on_steps_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail_label.clear()
            return
        step = self.model.row_at(current.row())
        resp = step.response
        if resp is None:
            self.detail_label.setText(f"{step.record.title}: outcomes are followed at the "
                                      "clinic's follow-up months.")
            return
        lines = [resp.formula]
        if resp.reliability:
            lines.append(resp.reliability)
        lines.extend(resp.reasons)
        self.detail_label.setText("\n".join(lines))

    def _draw(self, pw: Pathway | None) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        if pw is None:
            return
        x_axis = QValueAxis()
        x_axis.setTitleText("Hours after the procedure (before: −0.5, discharge: 0)")
        x_axis.setRange(BEFORE_X, 6.0)
        x_axis.setTickCount(14)
        x_axis.setLabelFormat("%.1f")
        y_axis = QValueAxis()
        y_axis.setTitleText("Pain 0-10")
        y_axis.setRange(0, 10)
        y_axis.setTickCount(6)
        y_axis.setLabelFormat("%d")
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for step in pw.steps:
            r = step.record
            series = QLineSeries()
            series.setName(f"{r.title.split(', ')[-1]} {r.performed_at:%Y-%m-%d}")
            series.setPointsVisible(True)
            if r.pain_before is not None:
                series.append(BEFORE_X, r.pain_before)
            if r.pain_after is not None:
                series.append(DISCHARGE_X, r.pain_after)
            if step.response is not None:
                for p in step.response.points:
                    series.append(p.after_minutes / 60.0, p.pain)
            if series.count() == 0:
                continue
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)


class PathwayPage(PathwayView):
    """The Pathway view as a main-window page (View menu, Ctrl+7; Ctrl+Shift+Y from other
    pages). Opened from the View menu with no patient, it finds one itself: the same search
    as the worklist's (a name part, an MRN or a date of birth), Down to the results, Enter."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(services, actor, parent)
        from PySide6.QtWidgets import QLineEdit

        from ..widgets.patient_search import PatientSearch

        row = QHBoxLayout()
        find_label = QLabel("F&ind patient", self)
        self.find_edit = QLineEdit(self)
        self.find_edit.setObjectName("pathway_find_edit")
        self.find_edit.setPlaceholderText("Name, MRN or date of birth (YYYY-MM-DD)")
        self.find_edit.setClearButtonEnabled(True)
        find_label.setBuddy(self.find_edit)
        row.addWidget(find_label)
        row.addWidget(self.find_edit, 1)
        self.found_view = QTableView(self)
        self.found_view.setObjectName("pathway_found_view")
        self.found_view.setAccessibleName("Patients found")
        self.found_view.verticalHeader().hide()
        self.found_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.found_view.setMaximumHeight(self.fontMetrics().height() * 9)
        self.found_view.hide()
        self.found_hint = QLabel(self)
        self.found_hint.setObjectName("pathway_found_hint")
        self.found_hint.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, row)
        layout.insertWidget(1, self.found_view)
        layout.insertWidget(2, self.found_hint)
        self.search = PatientSearch(self.find_edit, self.found_view,
                                    lambda text: services.patients.search(self.actor, text),
                                    self)
        self.search.results_changed.connect(self._on_search_results_changed)
        self.search.patient_chosen.connect(self._on_patient_chosen)
        self.patient_label.setText("Find the patient above, or open the pathway from the "
                                   "worklist, a record, the sign-off review or the patient's "
                                   "details.")
        self.next_label.hide()

    def _on_search_results_changed(self, count: int) -> None:
        query = self.search.last_query
        self.found_view.setVisible(bool(query) and count > 0)
        self.found_hint.setVisible(bool(query))
        self.found_hint.setText(
            f"{count} patient{'s' if count != 1 else ''} found. Down to choose, Enter to show "
            "the pathway." if count else f"No patient found for “{query}”. Check the "
            "spelling, or search by MRN or date of birth.")

    def _on_patient_chosen(self, patient_id: int) -> None:
        self.search.clear()
        self.found_view.hide()
        self.found_hint.hide()
        self.show_patient(patient_id)

    def show_patient(self, patient_id: int) -> bool:
        shown = super().show_patient(patient_id)
        self.next_label.setVisible(shown)
        return shown

    def clear(self) -> None:
        """Nothing of the previous patient stays (a sign-out or Switch user clears it)."""
        super().clear()
        if hasattr(self, "search"):
            self.search.clear()
            self.found_view.hide()
            self.found_hint.hide()
            self.next_label.hide()
            self.patient_label.setText("Find the patient above, or open the pathway from the "
                                       "worklist, a record, the sign-off review or the "
                                       "patient's details.")

    def page_shown(self) -> None:
        if self.data is None:
            self.find_edit.setFocus(Qt.FocusReason.OtherFocusReason)


class PathwayDialog(QDialog):
    """The Pathway view over the patient dialog."""

    def __init__(self, services: Services, actor: Actor, patient_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Patient pathway - Clinic Desk")
        self.resize(980, 720)
        layout = QVBoxLayout(self)
        self.view = PathwayView(services, actor, self)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.view.show_patient(patient_id)

    @classmethod
    def show_for(cls, services: Services, actor: Actor, patient_id: int,
                 parent: QWidget | None = None) -> None:
        cls(services, actor, patient_id, parent).exec()


__all__ = ["PathwayDialog", "PathwayPage", "PathwayView"]
