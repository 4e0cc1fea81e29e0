"""The audit trail viewer for administrators: filter by user, action, patient (MRN), record
and dates; check the hash chain; export what matches as CSV (the export is audited)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QIntValidator, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.audit import AuditAction
from ...domain.errors import ClinicDeskError, ValidationError
from ...domain.permissions import Action, allowed
from ...files import PrivateOutput
from ...services import Actor, Services
from ...services.audit import AuditFilter, AuditLine
from ..workers import run_in_background
from .audit_model import ACTION_LABELS, AuditColumn, AuditModel

log = logging.getLogger(__name__)


def ask_export_path(parent: QWidget | None) -> str | None:
    """Where to write the CSV (tests monkeypatch this)."""
    path, _ = QFileDialog.getSaveFileName(parent, "Export the audit trail", "audit-trail.csv",
                                          "CSV files (*.csv)")
    return path or None


def _write_csv(services: Services, actor: Actor, path: str, flt: AuditFilter) -> int:
    # 0600, whole or not at all ("complete" in its audit entry once the file is in place);
    # the BOM lets Excel read UTF-8.
    with PrivateOutput(path, encoding="utf-8-sig", newline="", field="file") as out:
        return services.audit.export_csv(actor, out.file, flt, finish=out.commit)


class AuditPage(QWidget):
    exported = Signal(int, str)  # entries written, file
    export_failed = Signal(str)

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("audit_page")
        self.services, self.actor = services, actor

        self.user_combo = QComboBox(self)
        self.user_combo.setObjectName("audit_user_combo")
        self.user_combo.setEditable(True)
        self.user_combo.setAccessibleName("User")
        self.action_combo = QComboBox(self)
        self.action_combo.setObjectName("audit_action_combo")
        self.action_combo.setAccessibleName("Action")
        self.action_combo.addItem("Any action", None)
        for action in AuditAction:
            # Stored as text: Qt turns a str-based enum into a plain string anyway.
            self.action_combo.addItem(ACTION_LABELS.get(action, action.value), action.value)
        self.mrn_edit = QLineEdit(self)
        self.mrn_edit.setObjectName("audit_mrn_edit")
        self.mrn_edit.setAccessibleName("Patient MRN")
        self.mrn_edit.setMaxLength(20)
        self.record_edit = QLineEdit(self)
        self.record_edit.setObjectName("audit_record_edit")
        self.record_edit.setAccessibleName("Record number")
        self.record_edit.setValidator(QIntValidator(1, 2_000_000_000, self))
        today = QDate.currentDate()
        self.from_check = QCheckBox("Fr&om", self)
        self.from_edit = QDateEdit(today.addDays(-7), self)
        self.to_check = QCheckBox("&To", self)
        self.to_edit = QDateEdit(today, self)
        for edit, name in ((self.from_edit, "First day"), (self.to_edit, "Last day")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.search_button = QPushButton("&Search", self)
        self.search_button.setObjectName("audit_search_button")
        self.search_button.setDefault(True)
        self.export_button = QPushButton("E&xport CSV...", self)
        self.export_button.setObjectName("audit_export_button")
        self.verify_button = QPushButton("Verif&y chain", self)
        self.verify_button.setObjectName("audit_verify_button")
        self.verify_button.setToolTip("Recompute every entry's hash: any change made behind "
                                      "Clinic Desk's back shows here")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("audit_count_label")
        self.chain_label = QLabel(self)
        self.chain_label.setObjectName("audit_chain_label")
        self.chain_label.setTextFormat(Qt.TextFormat.PlainText)
        self.chain_label.setWordWrap(True)

        self.model = AuditModel(None, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("audit_table")
        self.table.setAccessibleName("Audit trail")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AuditColumn.DETAIL, QHeaderView.ResizeMode.Stretch)

        form = QFormLayout()
        for text, widget in (("&User", self.user_combo), ("&Action", self.action_combo),
                             ("Patient &MRN", self.mrn_edit), ("Re&cord", self.record_edit)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        dates = QHBoxLayout()
        for check, edit in ((self.from_check, self.from_edit), (self.to_check, self.to_edit)):
            dates.addWidget(check)
            dates.addWidget(edit)
        dates.addStretch(1)
        form.addRow("Dates", dates)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.chain_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.export_action = QAction("Export audit trail", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.export_action)
        self._connect_signals()
        if allowed(actor.role, Action.MANAGE):
            self._fill_users()
            self.search()

    def _connect_signals(self) -> None:
        self.search_button.clicked.connect(self.search)
        for edit in (self.mrn_edit, self.record_edit):
            edit.returnPressed.connect(self.search)
        user_line = self.user_combo.lineEdit()
        if user_line is not None:
            user_line.returnPressed.connect(self.search)
        self.action_combo.activated.connect(self.search)
        self.from_check.toggled.connect(self.from_edit.setEnabled)
        self.to_check.toggled.connect(self.to_edit.setEnabled)
        self.export_button.clicked.connect(self.export)
        self.export_action.triggered.connect(self.export)
        self.verify_button.clicked.connect(self.verify)
        self.model.load_failed.connect(self._on_model_load_failed)

    def _fill_users(self) -> None:
        self.user_combo.clear()
        self.user_combo.addItem("")
        try:
            for user in self.services.users.list_users(self.actor):
                self.user_combo.addItem(user.username)
        except ClinicDeskError as e:
            log.info("user list unavailable: %s", type(e).__name__)
        self.user_combo.setCurrentIndex(0)

    @staticmethod
    def _day(check: QCheckBox, edit: QDateEdit) -> date | None:
        if not check.isChecked():
            return None
        d = edit.date()
        return date(d.year(), d.month(), d.day())

    def current_filter(self) -> AuditFilter:
        record = self.record_edit.text().strip()
        action = self.action_combo.currentData()
        return AuditFilter(
            username=self.user_combo.currentText().strip(),
            action=AuditAction(action) if action else None,
            mrn=self.mrn_edit.text().strip(),
            record_id=int(record) if record.isdigit() else None,
            start=self._day(self.from_check, self.from_edit),
            end=self._day(self.to_check, self.to_edit),
        )

    def search(self) -> None:
        flt = self.current_filter()
        try:
            total = self.services.audit.count(self.actor, flt)
        except ValidationError as e:
            self.count_label.setText(e.issues[0].message if e.issues else str(e))
            self.model.set_fetch(None)
            return
        except ClinicDeskError as e:
            self.count_label.setText(str(e))
            self.model.set_fetch(None)
            return

        def fetch(limit: int, offset: int) -> Sequence[AuditLine]:
            return self.services.audit.query(self.actor, flt, limit, offset)

        self.model.set_fetch(fetch)
        self.count_label.setText(f"{total} entr{'ies' if total != 1 else 'y'} match, newest "
                                 "first")

    def _on_model_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ClinicDeskError):
            self.count_label.setText(str(exc))
        else:
            raise exc

    def verify(self) -> None:
        try:
            report = self.services.audit.verify(self.actor)
        except ClinicDeskError as e:
            self.chain_label.setText(str(e))
            return
        if report.intact:
            self.chain_label.setText(f"\u2714 The audit trail is intact: {report.entries} "
                                     "entries, each linked to the one before it.")
        else:
            self.chain_label.setText(
                f"\u26a0 Warning: the audit trail was changed outside Clinic Desk. "
                f"{report.message[0].upper()}{report.message[1:]}. Tell your compliance "
                "officer; do not change anything else.")
            log.warning("audit chain check failed at entry %s", report.first_bad_seq)

    def export(self) -> None:
        path = ask_export_path(self)
        if not path:
            return
        flt = self.current_filter()
        self.export_button.setEnabled(False)
        self.count_label.setText("Exporting...")

        def done(count: object) -> None:
            self.export_button.setEnabled(True)
            self.count_label.setText(f"{count} entries exported to {path}.")
            self.exported.emit(int(count), path)  # type: ignore[call-overload]

        def failed(exc: BaseException) -> None:
            self.export_button.setEnabled(True)
            text = str(exc) if isinstance(exc, (ClinicDeskError, OSError)) else \
                "The export failed. Tell your administrator."
            self.count_label.setText(f"Not exported: {text}")
            self.export_failed.emit(text)

        run_in_background(_write_csv, self.services, self.actor, path, flt, name="audit export",
                          on_done=done, on_error=failed)

    def page_shown(self) -> None:
        if not allowed(self.actor.role, Action.MANAGE):
            return
        self._fill_users()
        self.search()

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.model.set_fetch(None)
        self.chain_label.clear()
        self.count_label.clear()
