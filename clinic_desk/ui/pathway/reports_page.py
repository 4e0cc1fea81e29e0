"""The Reports page (issue 13, physicians and administrators): each report as a chart and
the table behind it, filtered by dates and physician, exported as CSV. The database computes
every figure (services.reports); the page only shows them."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ClinicDeskError, ValidationError
from ...domain.record import Role
from ...domain.reports import ClinicReport, ReportFilter, ReportTable
from ...files import write_private
from ...services import Actor, Services
from .. import messages
from ..workers import run_in_background
from .models import ReportModel

log = logging.getLogger(__name__)


def ask_csv_path(parent: QWidget, suggested: str) -> str:
    """Where to save the CSV ("" when cancelled); tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export report as CSV", suggested,
                                          "CSV (*.csv)")
    return path


def chart_for(table: ReportTable) -> QChart | None:
    """A chart of the tables that have one: weekly counts stacked by kind, rates as bars,
    medians and 75th percentiles side by side."""
    chart = QChart()
    chart.setTitle(table.title)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    categories: list[str] = []
    series: QBarSeries | QStackedBarSeries
    if table.key == "weekly":
        weeks = sorted({str(r[0]) for r in table.rows})
        kinds = sorted({str(r[1]) for r in table.rows})
        series = QStackedBarSeries()
        for kind in kinds:
            bar = QBarSet(kind)
            for week in weeks:
                bar.append(float(sum(int(r[3] or 0) for r in table.rows
                                     if str(r[0]) == week and str(r[1]) == kind)))
            series.append(bar)
        categories = weeks
        title = "Count"
    elif table.key in ("positivity", "rfa_6_months", "reach"):
        series = QBarSeries()
        bar = QBarSet("Rate %")
        for r in table.rows:
            bar.append(float(r[-1] or 0))
            categories.append(str(r[0]) if table.key == "positivity" else table.title)
        series.append(bar)
        title = "%"
    elif table.key in ("fluoro", "dose"):
        series = QBarSeries()
        median, p75 = QBarSet("Median"), QBarSet("75th percentile")
        for r in table.rows:
            median.append(float(r[3] or 0))
            p75.append(float(r[4] or 0))
            categories.append(f"{r[0]}, {r[1]}")
        series.append(median)
        series.append(p75)
        title = table.columns[3]
    else:
        return None
    if not table.rows:
        return None
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append(categories)
    y_axis = QValueAxis()
    y_axis.setTitleText(title)
    y_axis.setLabelFormat("%g")
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    if table.key in ("positivity", "rfa_6_months", "reach"):
        y_axis.setRange(0, 100)
    return chart


class ReportsPage(QWidget):
    """A year of a busy group takes seconds: the report runs on the thread pool (unless
    `background` is False, as in tests) and the page stays usable meanwhile."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None, *,
                 background: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("reports_page")
        self.services, self.actor = services, actor
        self.background = background
        self.report: ClinicReport | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        today = QDate.currentDate()
        from_label = QLabel("&From", self)
        self.from_edit = QDateEdit(today.addDays(-90), self)
        self.from_edit.setObjectName("report_from_edit")
        to_label = QLabel("&To", self)
        self.to_edit = QDateEdit(today, self)
        self.to_edit.setObjectName("report_to_edit")
        for label, edit, name in ((from_label, self.from_edit, "From"),
                                  (to_label, self.to_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            label.setBuddy(edit)
            label.setMinimumWidth(label.sizeHint().width() + 6)
        phys_label = QLabel("&Physician", self)
        self.physician_combo = QComboBox(self)
        self.physician_combo.setObjectName("report_physician_combo")
        self.physician_combo.setAccessibleName("Physician")
        phys_label.setBuddy(self.physician_combo)
        self.run_button = QPushButton("&Run", self)
        self.run_button.setObjectName("report_run_button")
        self.run_button.setDefault(True)
        self.export_button = QPushButton("Export &CSV…", self)
        self.export_button.setObjectName("report_export_button")
        self.export_button.setEnabled(False)
        for w in (from_label, self.from_edit, to_label, self.to_edit, phys_label,
                  self.physician_combo, self.run_button, self.export_button):
            top.addWidget(w)
        top.addStretch(1)
        layout.addLayout(top)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("report_message_label")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("report_tabs")
        layout.addWidget(self.tabs, 1)
        self.models: dict[str, ReportModel] = {}
        self._load_physicians()
        self.run_button.clicked.connect(self.run)
        self.export_button.clicked.connect(self.export_csv)

    def _load_physicians(self) -> None:
        self.physician_combo.clear()
        self.physician_combo.addItem("All physicians", None)
        try:
            for ref in self.services.auth.users(Role.PHYSICIAN):
                self.physician_combo.addItem(ref.display, ref.username)
        except ClinicDeskError as e:
            self.message_label.setText(f"The physicians could not load: {e}")

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.report = None
        self.tabs.clear()
        self.export_button.setEnabled(False)

    def page_shown(self) -> None:
        if self.report is None:
            self.run()

    def _filter(self) -> ReportFilter:
        start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        return ReportFilter(start, end, self.physician_combo.currentData())

    def run(self) -> None:
        try:
            flt = self._filter()
        except ValidationError as e:
            self.message_label.setText(f"The report could not run: {e.issues[0].message}")
            (self.to_edit if e.issues[0].field == "to" else self.from_edit).setFocus()
            return
        if not self.background:
            try:
                self.show_report(self.services.reports.run(self.actor, flt))
            except ClinicDeskError as e:
                self._on_run_failed(e)
            return
        self.run_button.setEnabled(False)
        self.message_label.setText("Running the report…")
        run_in_background(self.services.reports.run, self.actor, flt,
                          on_done=self._on_run_done, on_error=self._on_run_failed,
                          name="clinic report")

    def _on_run_done(self, report: ClinicReport) -> None:
        self.run_button.setEnabled(True)
        self.show_report(report)

    def _on_run_failed(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        if isinstance(exc, ClinicDeskError):
            self.message_label.setText(f"The report could not run: {exc}")
        else:
            incident = messages.new_incident_id()
            log.error("report failed (incident %s)", incident, exc_info=exc)
            messages.unexpected_error(self, incident)

    def show_report(self, report: ClinicReport) -> None:
        self.report = report
        current = self.tabs.currentIndex()
        self.tabs.clear()
        self.models.clear()
        for table in report.tables:
            page = QSplitter(Qt.Orientation.Vertical, self.tabs)
            page.setObjectName(f"report_{table.key}_tab")
            chart = chart_for(table)
            if chart is not None:
                view = QChartView(chart, page)
                view.setObjectName(f"report_{table.key}_chart")
                view.setRenderHint(QPainter.RenderHint.Antialiasing)
                view.setMinimumHeight(220)
                page.addWidget(view)
            box = QWidget(page)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            if table.note:
                note = QLabel(table.note, box)
                note.setWordWrap(True)
                inner.addWidget(note)
            model = ReportModel(table, box)
            self.models[table.key] = model
            grid = QTableView(box)
            grid.setObjectName(f"report_{table.key}_view")
            grid.setAccessibleName(table.title)
            grid.setModel(model)
            grid.verticalHeader().hide()
            grid.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents)
            grid.horizontalHeader().setStretchLastSection(True)
            inner.addWidget(grid)
            page.addWidget(box)
            page.setSizes([360, 240] if chart is not None else [240])
            self.tabs.addTab(page, table.title)
        self.tabs.setCurrentIndex(max(0, current))
        f = report.filter
        self.message_label.setText(
            f"Procedures from {f.start.isoformat()} to {f.end.isoformat()}, "
            f"{self.physician_combo.currentText().lower()}; block results under "
            f"{report.profile}.")
        self.export_button.setEnabled(True)

    def export_csv(self) -> None:
        if self.report is None:
            return
        f = self.report.filter
        path = ask_csv_path(self, f"clinic-report-{f.start.isoformat()}-{f.end.isoformat()}.csv")
        if not path:
            return
        try:  # whole or not at all, 0600, never over a folder or a device (files.py)
            write_private(path, self.report.to_csv().encode("utf-8"))
        except ValidationError as e:
            messages.error(self, "The report was not saved", str(e))
            return
        except OSError as e:
            messages.error(self, "The report was not saved", f"{path}: {e.strerror}.")
            return
        self.message_label.setText(f"Saved {path}.")
        log.info("report exported as CSV")


__all__ = ["ReportsPage", "ask_csv_path", "chart_for"]
