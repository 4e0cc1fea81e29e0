"""The procedure record editor: forms/record_editor.ui, filled from and gathered into a record.

Widgets hold no clinical logic. Typed levels go through `domain.joints.parse_joint_sides`,
clicks on the spine through `domain.joints.toggle`; the side panel (targeted nerves, totals,
percent relief, coverage warnings, CPT and ICD-10, what is wrong or missing) is what
`services.records.summary(record)` returns for the record as it stands on screen.

Never lose work: a few seconds after the last change the editor writes a local draft
(services/drafts.py) and, when nothing on the form is wrong, saves a draft to the database
(a brand-new record is created as a draft). Closing asks first when something is unsaved.
A save over a version someone else saved opens the conflict dialog with both versions.

Public API (used by the main window and by tests):
    open_record(record, draft=None)   show a record (and a recovered local draft on top)
    current_record()                  the record as on screen (may be invalid)
    is_dirty(), has_record, record_id
    save() -> bool, mark_ready() -> bool, autosave_now()
    request_close(ask=True) -> bool   False when the person chose to keep editing
Signals: saved(int), closed(), summary_updated(), status_message(str).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QModelIndex, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from ...domain.errors import (
    ClinicDeskError,
    DatabaseUnavailableError,
    FieldIssue,
    NotFoundError,
    RecordReadyError,
    RecordSignedError,
    ValidationError,
    VersionConflictError,
)
from ...domain.joints import JointSide, Side, joint, normalize_selection, parse_joint_sides
from ...domain.medications import DrugClass, MedicationLine, find_drug
from ...domain.note import NoteDefaults
from ...domain.permissions import Action, allowed
from ...domain.procedures import (
    Complication,
    ComplicationKind,
    Guidance,
    Modality,
    ProcedureKind,
    Sedation,
)
from ...domain.record import Patient, ProcedureRecord, RecordStatus, Role, StaffRef, Vitals
from ...domain.record_format import content_to_json
from ...domain.summary import RecordSummary, summarize
from ...domain.validation import validate_record
from ...domain.worklist import status_text
from ...services import Actor, Services
from ...services.drafts import Draft, DraftStore, draft_key, new_draft_key
from .. import settings
from ..dialogs.conflict import ConflictChoice, ConflictDialog, field_name
from ..dialogs.drafts import UnsavedChangesDialog, UnsavedChoice
from ..generated.ui_record_editor import Ui_RecordEditor
from ..icons import ICONS, icon
from ..models.patients import age_on
from ..models.record_parts import (
    IssueItem,
    IssueKind,
    IssuesModel,
    JointColumn,
    JointsModel,
    MedColumn,
    MedicationsModel,
    TotalColumn,
    TotalsModel,
    parse_volume,
)
from ..widgets import wheel_guard
from ..widgets.field_marks import FieldMarks, field_label
from .copy_last import CopyFromLast
from .delegates import VOLUME_PATTERN, MedicationDelegate, drug_completer, strengths_for
from .note_section import NoteSection, install_note_section
from .status_actions import REOPEN_SHORTCUT, StatusActions

log = logging.getLogger(__name__)

VITALS = ("systolic", "diastolic", "heart_rate", "spo2", "resp_rate")
_COMPLICATION_CHECKS = (
    (ComplicationKind.VASOVAGAL, "vasovagal_check"),
    (ComplicationKind.BLEEDING, "bleeding_check"),
    (ComplicationKind.DURAL_PUNCTURE, "dural_puncture_check"),
    (ComplicationKind.OTHER, "other_check"),
)
_BLOCKS: tuple[tuple[str, int | None], ...] = (
    ("1 - diagnostic block 1", 1),
    ("2 - diagnostic block 2", 2),
    ("Therapeutic (no number)", None),
)
SUMMARY_DELAY_MS = 120
_CHOOSE = "(choose)"  # issue 15 (5): the item data of a choice not made yet
_PLAIN_TEXT_ROLE = Qt.ItemDataRole.UserRole + 7  # an item's text without "(clinic default)"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class RecordEditor(QWidget):
    saved = Signal(int)
    closed = Signal()
    summary_updated = Signal()
    status_message = Signal(str)
    database_unavailable = Signal()  # issue 7: the banner and the retry take it from there

    def __init__(self, services: Services, actor: Actor, drafts: DraftStore | None = None,
                 parent: QWidget | None = None, *, autosave_ms: int | None = None) -> None:
        super().__init__(parent)
        wheel_guard.install()  # issue 15 (1): before any field is polished
        self.ui = Ui_RecordEditor()
        self.ui.setupUi(self)
        self.services, self.actor = services, actor
        self.drafts = drafts or DraftStore()
        self.marks = FieldMarks(self)
        self._record: ProcedureRecord | None = None
        self._baseline: dict[str, Any] | None = None
        self._new_key = ""
        self._summary: RecordSummary | None = None
        # A save refused: someone saved meanwhile, or sent the record for signature (issue 15).
        self._conflict: VersionConflictError | RecordReadyError | None = None
        self._read_only = False
        self.lock_keeper: Any = None  # issue 7 (ui/checkout/editing.py): edit locks
        self._held_by = ""  # issue 7: "Being edited by ..." when someone else holds the lock
        self._loading = False
        self._show_missing = False
        self._staff: dict[str, StaffRef] = {}
        self._sticky: set[str] = set()  # fields the last save refused: marked even in focus
        self._entry_issues: dict[QWidget, str] = {}  # typed level or drug not accepted

        self.joints_model = JointsModel(self)
        self.medications_model = MedicationsModel(self)
        self.totals_model = TotalsModel(self)
        self.issues_model = IssuesModel(self)
        self._note_defaults = NoteDefaults()
        self.note_section: NoteSection = install_note_section(self.ui)  # issue 14
        self._setup_widgets()
        self.status_actions = StatusActions(self)  # issue 15: reopen for changes, void
        self.copy_last = CopyFromLast(self)  # issue 15: copy from the last procedure

        self.summary_timer = QTimer(self)
        self.summary_timer.setSingleShot(True)
        self.summary_timer.setInterval(SUMMARY_DELAY_MS)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(
            settings.AUTOSAVE_IDLE_MS.get() if autosave_ms is None else autosave_ms)
        splitter = settings.EDITOR_SPLITTER.get()
        if not splitter.isEmpty():
            self.ui.editor_splitter.restoreState(splitter)
        else:
            self.ui.editor_splitter.setSizes([820, 330])
        self._connect_signals()
        self._show_banner("")
        self._show_message("")

    # --- set-up ---------------------------------------------------------------------------
    def _setup_widgets(self) -> None:
        u = self.ui
        for kind in ProcedureKind:
            u.kind_combo.addItem(kind.label, kind.value)
        for text, block in _BLOCKS:
            u.block_combo.addItem(text, block)
        for modality in Modality:
            u.modality_combo.addItem(modality.label, modality.value)
        u.contrast_combo.addItem("None", None)
        for drug in (d for d in _catalogue() if d.drug_class is DrugClass.CONTRAST):
            u.contrast_combo.addItem(f"{drug.name} ({drug.brand})" if drug.brand else drug.name,
                                     drug.name)
        for sedation in Sedation:
            u.sedation_combo.addItem(sedation.label, sedation.value)
        self._setup_choice_combos()
        self._load_staff()

        digits3 = r"\d{0,3}"
        number = r"\d{0,6}([.,]\d{0,2})?"
        for edit in (u.pain_before_edit, u.pain_after_edit, *self._vital_edits()):
            edit.setValidator(QRegularExpressionValidator(digits3, edit))
        for edit in (u.fluoro_time_edit, u.dose_edit, u.dap_edit):
            edit.setValidator(QRegularExpressionValidator(number, edit))
        u.volume_edit.setValidator(QRegularExpressionValidator(VOLUME_PATTERN, u.volume_edit))
        u.drug_edit.setCompleter(drug_completer(u.drug_edit))

        u.joints_view.setModel(self.joints_model)
        u.joints_view.horizontalHeader().setSectionResizeMode(
            JointColumn.LEVEL, QHeaderView.ResizeMode.ResizeToContents)
        u.medications_view.setModel(self.medications_model)
        u.medications_view.setItemDelegate(MedicationDelegate(u.medications_view))
        header = u.medications_view.horizontalHeader()
        header.setSectionResizeMode(MedColumn.DRUG, QHeaderView.ResizeMode.Stretch)
        for col in (MedColumn.STRENGTH, MedColumn.VOLUME, MedColumn.PER_TARGET):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        u.totals_view.setModel(self.totals_model)
        header = u.totals_view.horizontalHeader()
        header.setSectionResizeMode(TotalColumn.DRUG, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TotalColumn.TOTAL, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TotalColumn.MAXIMUM, QHeaderView.ResizeMode.Stretch)
        u.totals_view.setWordWrap(True)
        u.check_view.setModel(self.issues_model)
        for model in (self.joints_model, self.medications_model, self.totals_model):
            model.modelReset.connect(self._fit_tables)
            model.rowsInserted.connect(self._fit_tables)
            model.rowsRemoved.connect(self._fit_tables)
        self._fit_tables()
        for title in (u.targets_title_label, u.totals_title_label, u.check_title_label,
                      u.warnings_title_label, u.codes_title_label):
            font = title.font()
            font.setBold(True)
            title.setFont(font)
        size = self.fontMetrics().height()
        for icon_label in (u.message_icon, u.banner_icon):
            icon_label.setFixedSize(size, size)
        for browser in (u.warnings_view, u.codes_view):
            # Read like labels on the panel's background, not like an input box.
            browser.viewport().setAutoFillBackground(False)
            browser.setStyleSheet("QTextBrowser { background: transparent; }")

        # Delete removes the selected level or medication line.
        for view, slot in ((u.joints_view, self._on_joints_remove_button_clicked),
                           (u.medications_view, self._on_remove_medication_button_clicked)):
            remove = QAction("Remove", view)
            remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
            remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            remove.triggered.connect(slot)
            view.addAction(remove)

        self.marks.place_messages(u.levels_group, u.levels_side_layout)  # issue 15 (18)
        self.ui.banner_frame.setProperty("role", "banner")
        self._fields: dict[str, QWidget] = {
            "kind": u.kind_combo, "block_number": u.block_combo,
            "performed_at": u.performed_edit, "physician": u.physician_combo,
            "nurse": u.nurse_combo, "joints": u.level_edit,
            "guidance": u.modality_combo, "guidance.modality": u.modality_combo,
            "guidance.fluoro_time_s": u.fluoro_time_edit, "guidance.dose_mgy": u.dose_edit,
            "guidance.dap_mgy_cm2": u.dap_edit, "guidance.contrast": u.contrast_combo,
            "medications": u.drug_edit, "sedation": u.sedation_combo,
            "pain_before": u.pain_before_edit, "pain_after": u.pain_after_edit,
            "complications": u.vasovagal_check, "notes": u.notes_edit,
            "patient": u.patient_button,
        }
        for when in ("before", "after"):
            for name in VITALS:
                self._fields[f"vitals_{when}.{name}"] = self._vital(when, name)

    # --- issue 15 (5): block, contrast and sedation start empty ------------------------------
    def _choice_combos(self) -> dict[str, QComboBox]:
        u = self.ui
        return {"block_number": u.block_combo, "guidance.contrast": u.contrast_combo,
                "sedation": u.sedation_combo}

    def _setup_choice_combos(self) -> None:
        for combo in self._choice_combos().values():
            combo.insertItem(0, "(choose)", _CHOOSE)
            for i in range(combo.count()):
                combo.setItemData(i, combo.itemText(i), _PLAIN_TEXT_ROLE)

    def _show_clinic_defaults(self, record: ProcedureRecord) -> None:
        """A new record's pre-filled choices read "... (clinic default)", so the nurse sees
        they came from the clinic's settings, not from her."""
        defaults = None
        if record.id is None:
            try:
                defaults = self.services.settings.load().record_defaults
            except ClinicDeskError:
                defaults = None
        chosen: dict[str, Any] = {}
        if defaults is not None:
            if defaults.block_number is not None:
                chosen["block_number"] = defaults.block_number or None
            if defaults.contrast is not None:
                chosen["guidance.contrast"] = defaults.contrast or None
            if defaults.sedation is not None:
                chosen["sedation"] = defaults.sedation
        for name, combo in self._choice_combos().items():
            for i in range(1, combo.count()):
                text = combo.itemData(i, _PLAIN_TEXT_ROLE) or combo.itemText(i)
                if name in chosen and combo.itemData(i) == chosen[name]:
                    text = f"{text} (clinic default)"
                combo.setItemText(i, text)

    def _unanswered_on_screen(self) -> frozenset[str]:
        out = {name for name, combo in self._choice_combos().items()
               if combo.currentData() == _CHOOSE}
        if self._kind() is not ProcedureKind.MEDIAL_BRANCH_BLOCK:
            out.discard("block_number")
        return frozenset(out)

    def _load_staff(self) -> None:
        u = self.ui
        for combo, role in ((u.physician_combo, Role.PHYSICIAN), (u.nurse_combo, Role.NURSE)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(choose)", None)
            for ref in self.services.auth.users(role):
                self._staff[ref.username] = ref
                combo.addItem(ref.display, ref.username)
            combo.blockSignals(False)

    @staticmethod
    def _fit_height(view: QTableView, least: int = 1, most: int = 6) -> None:
        """As tall as its rows (between `least` and `most`), so no empty box fills the form."""
        rows = max(least, min(most, view.model().rowCount() if view.model() else 0))
        height = view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        for row in range(min(rows, view.model().rowCount())):
            height += view.rowHeight(row)
        missing = rows - min(rows, view.model().rowCount())
        height += view.verticalHeader().defaultSectionSize() * missing
        view.setFixedHeight(height)

    def _fit_tables(self, *_args: object) -> None:
        u = self.ui
        self._fit_height(u.joints_view, 2, 6)
        self._fit_height(u.medications_view, 2, 8)
        self._fit_height(u.totals_view, 1, 6)

    def _vital(self, when: str, name: str) -> QLineEdit:
        edit = getattr(self.ui, f"vitals_{when}_{name}_edit")
        assert isinstance(edit, QLineEdit)
        return edit

    def _vital_edits(self) -> list[QLineEdit]:
        return [self._vital(w, n) for w in ("before", "after") for n in VITALS]

    def _connect_signals(self) -> None:
        u = self.ui
        for combo in (u.kind_combo, u.block_combo, u.physician_combo, u.nurse_combo,
                      u.modality_combo, u.contrast_combo, u.sedation_combo):
            combo.currentIndexChanged.connect(self._on_field_changed)
        u.kind_combo.currentIndexChanged.connect(self._on_kind_combo_changed)
        u.performed_edit.dateTimeChanged.connect(self._on_field_changed)
        for edit in (u.fluoro_time_edit, u.dose_edit, u.dap_edit, u.pain_before_edit,
                     u.pain_after_edit, u.complication_text_edit, *self._vital_edits()):
            edit.textChanged.connect(self._on_field_changed)
        for _, name in _COMPLICATION_CHECKS:
            getattr(u, name).toggled.connect(self._on_field_changed)
        u.notes_edit.textChanged.connect(self._on_field_changed)
        self.note_section.changed.connect(self._on_field_changed)
        u.spine_picker.selection_changed.connect(self._on_spine_picker_selection_changed)
        u.level_edit.returnPressed.connect(self._on_level_edit_return_pressed)
        u.level_add_button.clicked.connect(self._on_level_edit_return_pressed)
        u.joints_remove_button.clicked.connect(self._on_joints_remove_button_clicked)
        u.drug_edit.textChanged.connect(self._on_drug_edit_text_changed)
        u.drug_edit.returnPressed.connect(self._on_medication_entry_return)
        u.volume_edit.returnPressed.connect(self._on_medication_entry_return)
        u.add_medication_button.clicked.connect(self._on_medication_entry_return)
        u.remove_medication_button.clicked.connect(self._on_remove_medication_button_clicked)
        self.medications_model.lines_changed.connect(self._on_field_changed)
        u.check_view.activated.connect(self._on_check_view_activated)
        u.check_view.clicked.connect(self._on_check_view_activated)
        u.save_button.clicked.connect(self.save)
        u.ready_button.clicked.connect(self.mark_ready)
        u.close_button.clicked.connect(self.request_close)
        u.patient_button.clicked.connect(self.edit_patient)
        u.banner_button.clicked.connect(self._on_banner_button_clicked)
        self.summary_timer.timeout.connect(self.refresh_summary)
        self.autosave_timer.timeout.connect(self.autosave_now)
        app = QApplication.instance()
        self._focus_connected = isinstance(app, QApplication)
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    # --- state ----------------------------------------------------------------------------
    @property
    def has_record(self) -> bool:
        return self._record is not None

    @property
    def record_id(self) -> int | None:
        return self._record.id if self._record is not None else None

    @property
    def record(self) -> ProcedureRecord | None:
        """The record as last opened or saved (not what is on screen: see current_record)."""
        return self._record

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def summary(self) -> RecordSummary | None:
        return self._summary

    def is_dirty(self) -> bool:
        if self._record is None or self._baseline is None or self._read_only:
            return False
        return self.shows_changes() or self._pending_medication()

    def shows_changes(self) -> bool:
        """What is on screen differs from the record as loaded, also when read only (a kept
        draft shown on top of a record waiting for signature)."""
        if self._record is None or self._baseline is None:
            return False
        return content_to_json(self.current_record()) != self._baseline

    def draft_key(self) -> str:
        if self._record is not None and self._record.id is not None:
            return draft_key(self.actor.username, self._record.id)
        if not self._new_key:
            self._new_key = new_draft_key(self.actor.username)
        return self._new_key

    # --- filling --------------------------------------------------------------------------
    def open_record(self, record: ProcedureRecord, draft: Draft | None = None) -> None:
        """Show `record`; with `draft`, put the unsaved content kept locally on top of it."""
        self._record = record
        self._new_key = draft.key if draft is not None and draft.is_new else ""
        self._conflict = None
        self._show_missing = False
        self._sticky = set()
        self._entry_issues = {}
        self._read_only = (record.is_signed or self._waits_for_signature(record)
                           or record.status is RecordStatus.VOID
                           or not allowed(self.actor.role, Action.EDIT_RECORDS))
        held_by = ""
        if self.lock_keeper is not None:
            held_by = self.lock_keeper.open(record, self._read_only)
            self._read_only = self._read_only or bool(held_by)
        self.marks.clear()
        self._show_clinic_defaults(record)
        self._note_defaults = self._load_note_defaults()
        self._fill(content_to_json(record))
        self._baseline = content_to_json(self.current_record())
        if draft is not None:
            self._fill(draft.content)
            self._show_message("Your unsaved changes were brought back. Check them, then save.",
                               "info")
        else:
            self._show_message("")
        self._held_by = held_by
        self._show_banner(held_by)
        self.ui.banner_button.setText("&Edit anyway" if held_by else "Compare…")
        self._apply_read_only()
        self._update_header()
        self.refresh_summary()
        self._scroll_to_top()
        self.copy_last.reset()
        self._focus_first_empty()
        log.info("record opened in editor (id %s)", record.id)

    def _fill(self, c: dict[str, Any]) -> None:
        """Set every field from record JSON (content_to_json); tolerant of odd values."""
        u = self.ui
        self._loading = True
        try:
            _set_combo(u.kind_combo, c.get("kind"))
            _set_combo(u.block_combo, c.get("block_number"))
            at = c.get("performed_at")
            if at:
                local = datetime.fromisoformat(at).astimezone()
                u.performed_edit.setDateTime(QDateTime(
                    QDate(local.year, local.month, local.day),
                    QTime(local.hour, local.minute, local.second)))
            for combo, key in ((u.physician_combo, "physician"), (u.nurse_combo, "nurse")):
                username = c.get(key)
                if username and combo.findData(username) < 0:
                    ref = self._staff.get(username) or StaffRef(username)
                    combo.addItem(ref.display, username)
                _set_combo(combo, username)
            joints = []
            for item in c.get("joints") or []:
                try:
                    joints.append(JointSide(joint(item["level"]), Side(item["side"])))
                except (KeyError, ValueError, ValidationError):
                    continue
            selection = normalize_selection(joints)
            self.joints_model.set_selection(selection)
            u.spine_picker.set_selection(selection)
            u.level_edit.clear()
            g = c.get("guidance") or {}
            _set_combo(u.modality_combo, g.get("modality") or Modality.FLUOROSCOPY.value)
            contrast = g.get("contrast")
            if contrast and u.contrast_combo.findData(contrast) < 0:
                u.contrast_combo.addItem(contrast, contrast)
            _set_combo(u.contrast_combo, contrast)
            u.fluoro_time_edit.setText(_num_text(g.get("fluoro_time_s")))
            u.dose_edit.setText(_num_text(g.get("dose_mgy")))
            u.dap_edit.setText(_num_text(g.get("dap_mgy_cm2")))
            lines = []
            for m in c.get("medications") or []:
                try:
                    lines.append(MedicationLine(str(m.get("name", "")), str(m.get("strength", "")),
                                                float(m.get("volume_ml") or 0),
                                                bool(m.get("per_target", True))))
                except (TypeError, ValueError):
                    continue
            self.medications_model.set_lines(lines)
            _set_combo(u.sedation_combo, c.get("sedation") or Sedation.NONE.value)
            u.pain_before_edit.setText(_num_text(c.get("pain_before")))
            u.pain_after_edit.setText(_num_text(c.get("pain_after")))
            for when in ("before", "after"):
                vitals = c.get(f"vitals_{when}") or {}
                for name in VITALS:
                    self._vital(when, name).setText(_num_text(vitals.get(name)))
            kinds = {}
            for item in c.get("complications") or []:
                kind = _enum(ComplicationKind, item.get("kind") if isinstance(item, dict)
                             else item)
                if kind is not None:
                    kinds[kind] = item.get("text", "") if isinstance(item, dict) else ""
            for kind, name in _COMPLICATION_CHECKS:
                getattr(u, name).setChecked(kind in kinds)
            u.complication_text_edit.setText(next((t for t in kinds.values() if t), ""))
            u.notes_edit.setPlainText(c.get("notes") or "")
            for name in c.get("unanswered") or ():
                open_choice = self._choice_combos().get(name)
                if open_choice is not None:
                    open_choice.setCurrentIndex(0)
            performed = u.performed_edit.dateTime().toPython()
            assert isinstance(performed, datetime)
            self.note_section.fill(c.get("note"), self._kind(), performed.astimezone(),
                                   self._note_defaults, self._read_only)
            u.drug_edit.clear()
            u.volume_edit.clear()
            u.block_combo.setEnabled(
                self._kind() is ProcedureKind.MEDIAL_BRANCH_BLOCK)
        finally:
            self._loading = False

    def _apply_read_only(self) -> None:
        ro = self._read_only
        u = self.ui
        for group in (u.procedure_group, u.guidance_group, u.medications_group, u.pain_group,
                      u.vitals_group, u.complications_group, u.notes_group):
            group.setEnabled(not ro)
        for widget in (u.level_edit, u.level_add_button, u.joints_remove_button):
            widget.setEnabled(not ro)
        u.spine_picker.set_read_only(ro)
        self.note_section.set_read_only(ro)
        self.medications_model.read_only = ro
        u.save_button.setVisible(not ro)
        u.ready_button.setVisible(not ro and allowed(self.actor.role, Action.MARK_READY))
        self.status_actions.update()
        if ro and self._record is not None:
            why = ("It is signed; corrections are addenda." if self._record.is_signed
                   else "Your account can view records but not change them.")
            if self.status_actions.can_reopen():
                why = ("It is in the physicians' queue. To change it, press Reopen for changes "
                       f"({REOPEN_SHORTCUT}) and say why.")
            elif self._record.status is RecordStatus.VOID:
                why = "This draft was voided; the audit trail keeps why."
            self._show_message(f"Read only. {why}", "info")

    @staticmethod
    def _waits_for_signature(record: ProcedureRecord) -> bool:
        """Issue 15: a ready record changes only after "Reopen for changes"."""
        return record.status is RecordStatus.READY

    def show_status_text(self, text: str, kind: str = "error") -> None:
        """The message line under the form (and the status_message signal)."""
        self._show_message(text, kind)

    def keep_changes_locally(self) -> Draft | None:
        """Write the changes on screen to this workstation's draft store; the draft written
        (None when the disk refused: the message says so)."""
        self._write_local_draft()
        key = self.draft_key()
        try:
            return self.drafts.load(key) if self.drafts.exists(key) else None
        except (OSError, ValidationError):
            return None

    def forget_local_drafts(self) -> None:
        """Drop this record's local drafts (after it was voided)."""
        self._discard_local_drafts()

    def _update_header(self) -> None:
        record = self._record
        if record is None:
            return
        p = record.patient
        age = age_on(p.date_of_birth, record.performed_at.date())
        weight = f"{p.weight_kg:g} kg" if p.weight_kg is not None else "weight not recorded"
        lines = [f"<b>{_esc(p.display_name)}</b> &nbsp;·&nbsp; MRN {_esc(p.mrn)} &nbsp;·&nbsp; "
                 f"born {p.date_of_birth.isoformat()} ({age}) &nbsp;·&nbsp; {weight} "
                 f"&nbsp;·&nbsp; handout in {p.preferred_language.label}"]
        alerts = []
        if p.allergies:
            alerts.append(f"Allergies: {_esc(p.allergies)}")
        if p.anticoagulant is not None:
            alerts.append(f"Blood thinner: {_esc(p.anticoagulant.name)}")
        if p.diabetic:
            alerts.append("Diabetic")
        if alerts:
            size = self.fontMetrics().height()
            img = f'<img src="{(ICONS / "warning.svg").as_posix()}" width="{size}" height="{size}">'
            lines.append(img + " " + " &nbsp;·&nbsp; ".join(alerts))
        self.ui.patient_label.setText("<br>".join(lines))
        status = status_text(record.status, record.status_note)
        if record.status is RecordStatus.SIGNED and record.handout_printed_at:
            status = "Handout printed"
        where = f"Record {record.id}" if record.id else "New record (not saved yet)"
        self.ui.status_label.setText(f"{where}\n{status}")

    def _focus_first_empty(self) -> None:
        u = self.ui
        if self._read_only:
            u.close_button.setFocus()
            return
        order: list[tuple[QWidget, bool]] = [
            (u.physician_combo, u.physician_combo.currentData() is None),
            (u.nurse_combo, u.nurse_combo.currentData() is None),
            (u.level_edit, not self.joints_model.joints()),
            (u.fluoro_time_edit, not u.fluoro_time_edit.text()),
            (u.drug_edit, self.medications_model.rowCount() == 0),
            (u.pain_before_edit, not u.pain_before_edit.text()),
        ]
        for widget, empty in order:
            if empty:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        u.kind_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load_note_defaults(self) -> NoteDefaults:
        """The clinic's procedure-note defaults; the last ones known if the database is away."""
        try:
            return self.services.settings.note_defaults()
        except ClinicDeskError:
            return self._note_defaults

    # --- gathering ------------------------------------------------------------------------
    def current_record(self) -> ProcedureRecord:
        """The record as it is on screen; it may hold wrong values (validation says which)."""
        if self._record is None:
            raise RuntimeError("no record is open")
        u = self.ui
        kind = self._kind()
        block = u.block_combo.currentData() if kind is ProcedureKind.MEDIAL_BRANCH_BLOCK else None
        block = None if block == _CHOOSE else block
        contrast = u.contrast_combo.currentData()
        performed = u.performed_edit.dateTime().toPython()
        assert isinstance(performed, datetime)
        complications = []
        for ckind, name in _COMPLICATION_CHECKS:
            if getattr(u, name).isChecked():
                complications.append(Complication(ckind, u.complication_text_edit.text().strip()))
        return replace(
            self._record,
            kind=kind,
            block_number=block,
            performed_at=performed.astimezone(),
            physician=self._staff_ref(u.physician_combo),
            nurse=self._staff_ref(u.nurse_combo),
            joints=self.joints_model.joints(),
            guidance=Guidance(
                modality=_enum(Modality, u.modality_combo.currentData()) or Modality.FLUOROSCOPY,
                fluoro_time_s=_number(u.fluoro_time_edit),
                dose_mgy=_number(u.dose_edit),
                dap_mgy_cm2=_number(u.dap_edit),
                contrast=None if contrast == _CHOOSE else contrast,
            ),
            medications=self.medications_model.lines(),
            sedation=_enum(Sedation, u.sedation_combo.currentData()) or Sedation.NONE,
            pain_before=_integer(u.pain_before_edit),
            pain_after=_integer(u.pain_after_edit),
            vitals_before=Vitals(**{n: _integer(self._vital("before", n)) for n in VITALS}),
            vitals_after=Vitals(**{n: _integer(self._vital("after", n)) for n in VITALS}),
            complications=tuple(complications),
            notes=u.notes_edit.toPlainText(),
            unanswered=self._unanswered_on_screen(),
            note=self.note_section.note(performed.astimezone()),
        )

    def _kind(self) -> ProcedureKind:
        kind = _enum(ProcedureKind, self.ui.kind_combo.currentData())
        return kind if kind is not None else ProcedureKind.MEDIAL_BRANCH_BLOCK

    def _staff_ref(self, combo: QComboBox) -> StaffRef | None:
        username = combo.currentData()
        if not username:
            return None
        return self._staff.get(username) or StaffRef(username)

    # --- reacting to edits ----------------------------------------------------------------
    def _on_field_changed(self, *_args: object) -> None:
        if self._loading or self._record is None:
            return
        self.copy_last.update()
        self.summary_timer.start()
        if not self._read_only:
            self.autosave_timer.start()

    def _on_kind_combo_changed(self, _index: int) -> None:
        is_mbb = self._kind() is ProcedureKind.MEDIAL_BRANCH_BLOCK
        self.ui.block_combo.setEnabled(is_mbb)
        if not self._loading:
            self.note_section.set_kind(self._kind())

    def _on_app_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        # A field's problem is marked once the nurse leaves it, not while typing in it.
        if self._record is not None and old is not None and self.isAncestorOf(old):
            self.summary_timer.start()
        self._keep_in_view(new)

    def _keep_in_view(self, widget: QWidget | None) -> None:
        """Issue 15 (12): Alt+letter jumps (and any other focus move) scroll the field into
        view; before, the form stayed put and the nurse typed into a field off screen."""
        if widget is not None and self._record is not None and widget.isVisible():
            self._scroll_to(widget)

    def apply_copied(self, last: ProcedureRecord) -> None:
        """Issue 15 (14): levels and sides, guidance (modality, contrast) and medications of
        `last` on screen; never its scores, vitals, doses or times."""
        u = self.ui
        self._set_joints(last.joints)
        _set_combo(u.modality_combo, last.guidance.modality.value)
        contrast = last.guidance.contrast
        if contrast and u.contrast_combo.findData(contrast) < 0:
            u.contrast_combo.addItem(contrast, contrast)
        u.contrast_combo.setCurrentIndex(u.contrast_combo.findData(contrast))
        self.medications_model.set_lines(list(last.medications))
        self._on_field_changed()

    def scroll_form_to_top(self) -> None:
        self._scroll_to_top()

    def _scroll_to_top(self) -> None:
        """Issue 15 (12): a record opens at the top of the form, not where the last one was."""
        self.ui.form_scroll.verticalScrollBar().setValue(0)
        self.ui.form_scroll.horizontalScrollBar().setValue(0)

    def _on_spine_picker_selection_changed(self) -> None:
        self.joints_model.set_selection(self.ui.spine_picker.selection())
        self._forget_level_entry_issue()
        self._on_field_changed()

    def _set_joints(self, joints: tuple[JointSide, ...]) -> None:
        self.joints_model.set_selection(joints)
        self.ui.spine_picker.set_selection(joints)
        self._forget_level_entry_issue()
        self._on_field_changed()

    def _forget_level_entry_issue(self) -> None:
        """Issue 15 (18): once the levels change another way (the spine, Remove), the typed
        entry's message ("Add the side for L5-S1") is stale: it goes, and the summary's
        messages are marked afresh."""
        if self._entry_issues.pop(self.ui.level_edit, None) is not None:
            self.refresh_summary()

    def _on_level_edit_return_pressed(self) -> None:
        edit = self.ui.level_edit
        text = edit.text().strip()
        if not text:
            return
        try:
            typed = parse_joint_sides(text)
        except ValidationError as e:
            message = " ".join(dict.fromkeys(i.message for i in e.issues))
            self._entry_issues[edit] = message  # replaces the last entry's (issue 15, 18)
            self._apply_marks(self._current_issues())
            edit.selectAll()
            return
        if self._entry_issues.pop(edit, None) is not None:
            self._apply_marks(self._current_issues())
        self._set_joints(normalize_selection([*self.joints_model.joints(), *typed]))
        edit.clear()

    def _on_joints_remove_button_clicked(self) -> None:
        index = self.ui.joints_view.currentIndex()
        if not index.isValid() or self._read_only:
            return
        row = index.row()
        joints = list(self.joints_model.joints())
        del joints[row]
        self._set_joints(tuple(joints))
        if joints:
            self.ui.joints_view.selectRow(min(row, len(joints) - 1))

    def _on_drug_edit_text_changed(self, text: str) -> None:
        strengths = strengths_for(text)
        combo = self.ui.strength_combo
        current = combo.currentText()
        combo.clear()
        combo.addItems(list(strengths))
        if current in strengths:
            combo.setCurrentText(current)

    def _on_medication_entry_return(self) -> None:
        u = self.ui
        name = u.drug_edit.text().strip()
        if not name:
            u.drug_edit.setFocus()
            return
        volume = parse_volume(u.volume_edit.text())
        if volume is None and self.sender() is u.drug_edit:
            u.strength_combo.setFocus()  # Enter after the drug moves on, as Tab would
            return
        self._add_entry_line(name, volume)
        u.drug_edit.setFocus()

    def _add_entry_line(self, name: str, volume: float | None) -> None:
        """The medication entry row as a line of the table; the entry row is emptied."""
        u = self.ui
        drug = find_drug(name)
        if drug is not None:
            name = drug.name  # "Marcaine" or "BUPIVACAINE" -> the catalogue's name
        line = MedicationLine(name, u.strength_combo.currentText().strip(),
                              volume if volume is not None else 0.0,
                              u.per_target_check.isChecked())
        self.medications_model.add_line(line)
        u.drug_edit.clear()
        u.volume_edit.clear()
        u.per_target_check.setChecked(True)
        for edit in (u.drug_edit, u.volume_edit):
            if self._entry_issues.pop(edit, None) is not None:
                self._apply_marks(self._current_issues())

    # --- issue 15 (3): a medication line typed but not confirmed with Enter ----------------
    def _pending_medication(self) -> bool:
        u = self.ui
        return bool(u.drug_edit.text().strip() or u.volume_edit.text().strip())

    def _commit_pending_medication(self) -> bool:
        """Before a save: add the line still in the entry row (drug and volume typed, Enter
        not pressed). An incomplete one is marked and the save refused: never lost quietly."""
        if self._read_only or not self._pending_medication():
            return True
        u = self.ui
        name = u.drug_edit.text().strip()
        volume = parse_volume(u.volume_edit.text())
        if name and volume is not None:
            self._add_entry_line(name, volume)
            return True
        field, message = ((u.volume_edit, "Type the volume in mL, or clear the drug.") if name
                          else (u.drug_edit, "Name the drug, or clear the volume."))
        self._entry_issues[field] = message
        self.marks.mark(field, message)
        self._show_message("Not saved: the medication line you started is not finished. "
                           "Complete it, or clear it, then save again.")
        self._scroll_to(field)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def _on_remove_medication_button_clicked(self) -> None:
        index = self.ui.medications_view.currentIndex()
        if index.isValid() and not self._read_only:
            self.medications_model.remove_line(index.row())

    # --- summary and marks ----------------------------------------------------------------
    def refresh_summary(self) -> None:
        """Recompute the side panel from the record on screen (services.records.summary)."""
        self.summary_timer.stop()
        if self._record is None:
            return
        record = self.current_record()
        try:
            summary = self.services.records.summary(record)
        except ClinicDeskError:
            summary = summarize(record)  # no history while the database is away
        self._summary = summary
        u = self.ui
        targets = summary.targets
        if targets:
            words = "joints" if record.kind is ProcedureKind.INTRA_ARTICULAR else "nerves"
            u.targets_title_label.setText(f"Targeted {words} ({summary.sites} needle sites)")
            u.targets_label.setText("\n".join(str(t) for t in targets))
        else:
            u.targets_title_label.setText("Targeted nerves")
            u.targets_label.setText("Choose levels and sides to see the targets.")
        self.totals_model.set_totals(summary.medication_totals)
        u.totals_view.resizeRowsToContents()
        self._fit_tables()
        relief = summary.percent_relief
        u.relief_label.setText("Percent relief: " + (
            f"{relief:g} %" if relief is not None else "enter both pain scores (0 to 10)"))
        size = self.fontMetrics().height()
        warn_img = (f'<img src="{(ICONS / "warning.svg").as_posix()}" width="{size}" '
                    f'height="{size}">')
        if summary.warnings:
            u.warnings_view.setHtml("<br><br>".join(
                f"{warn_img} {_esc(w.message)}" for w in summary.warnings))
        else:
            u.warnings_view.setPlainText("No coverage warnings.")
        cpt = "<br>".join(f"<b>{c}</b> {_esc(c.description)}" for c in summary.cpt)
        icd = "<br>".join(f"<b>{c.code}</b> {_esc(c.description)}" for c in summary.icd10)
        u.codes_view.setHtml(
            f"CPT<br>{cpt or 'none yet'}<br><br>ICD-10-CM<br>{icd or 'none yet'}")
        items = [IssueItem(IssueKind.PROBLEM, i, self._label_for(i.field))
                 for i in summary.problems]
        items += [IssueItem(IssueKind.MISSING, i, self._label_for(i.field))
                  for i in summary.missing]
        self.issues_model.set_items(items)
        status = self._record.status if self._record is not None else None
        done = {RecordStatus.READY: "Complete: sent to the physician for signature",
                RecordStatus.SIGNED: "Complete: signed by the physician"}.get(
                    status, "Complete: ready to send to the physician")  # issue 15, point 21
        u.check_title_label.setText(
            done if not items else f"Before it goes to the physician ({len(items)} to do)")
        u.check_view.setVisible(bool(items))
        self._sticky &= {i.field for i in self._current_issues()}
        self._apply_marks(self._current_issues())
        self.summary_updated.emit()

    def _label_for(self, path: str) -> str:
        if path.startswith(("vitals_before.", "vitals_after.")):
            return field_name(path)  # "Systolic after": the grid's column and row
        widget, _ = self._widget_for(path)
        if widget is not None and widget is not self.ui.patient_button:
            return field_label(widget)
        return field_name(path)

    def _widget_for(self, path: str) -> tuple[QWidget | None, tuple[int, int] | None]:
        """The widget that shows a field path, and the (row, column) for table cells."""
        if path in self._fields:
            return self._fields[path], None
        in_note = self.note_section.widget_for(path)
        if in_note is not None:
            return in_note, None
        head, _, rest = path.partition(".")
        if head.startswith("joints["):
            return self.ui.joints_view, (_index_of(head), JointColumn.LEVEL)
        if head.startswith("medications["):
            col = {"name": MedColumn.DRUG, "strength": MedColumn.STRENGTH,
                   "volume_ml": MedColumn.VOLUME, "per_target": MedColumn.PER_TARGET}
            return self.ui.medications_view, (_index_of(head), col.get(rest, MedColumn.DRUG))
        if head.startswith("complications["):
            return self.ui.complication_text_edit, None
        if head == "patient":
            return self.ui.patient_button, None
        return None, None

    def _apply_marks(self, issues: tuple[FieldIssue, ...]) -> None:
        focus = QApplication.focusWidget()
        self.marks.clear()
        joint_issues: dict[int, str] = {}
        med_issues: dict[tuple[int, int], str] = {}
        for issue in issues:
            widget, cell = self._widget_for(issue.field)
            if widget is None:
                continue
            if (widget is focus and isinstance(widget, (QLineEdit, QPlainTextEdit))
                    and issue.field not in self._sticky):
                continue  # not while the nurse is still typing in it
            if cell is not None and widget is self.ui.joints_view:
                joint_issues[cell[0]] = issue.message
            elif cell is not None:
                med_issues[cell] = issue.message
            label = self._label_for(issue.field)
            if widget is self.ui.patient_button:
                label = f"Patient ({field_name(issue.field)})"
            self.marks.mark(widget, issue.message, label)
        for widget, message in self._entry_issues.items():
            self.marks.mark(widget, message)
        self.joints_model.set_issues(joint_issues)
        self.medications_model.set_issues(med_issues)

    def _current_issues(self) -> tuple[FieldIssue, ...]:
        if self._summary is None:
            return ()
        return self._summary.problems + (self._summary.missing if self._show_missing else ())

    def show_issues(self, issues: tuple[FieldIssue, ...], missing_too: bool = True) -> None:
        """Mark every field at fault (with the domain's message) and focus the first one."""
        self._show_missing = self._show_missing or missing_too
        self._sticky = {i.field for i in issues}
        self.refresh_summary()
        shown = {i.field for i in self._current_issues()}
        extra = tuple(i for i in issues if i.field not in shown)  # e.g. found by the service
        self._apply_marks(self._current_issues() + extra)
        if issues:
            self.focus_field(issues[0].field)

    def focus_field(self, path: str) -> None:
        widget, cell = self._widget_for(path)
        if widget is None:
            return
        if path.startswith("note"):
            self.note_section.reveal()
        message = self.marks.issues_label(widget)
        if message is not None:
            self._scroll_to(message)  # the message under the group, then the field itself
        self._scroll_to(widget)
        if cell is not None and isinstance(widget, QAbstractItemView):
            model = widget.model()
            if 0 <= cell[0] < model.rowCount():
                widget.setCurrentIndex(model.index(cell[0], cell[1]))
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _scroll_to(self, widget: QWidget) -> None:
        if self.ui.form_widget.isAncestorOf(widget):
            self.ui.form_scroll.ensureWidgetVisible(widget, 40, 40)

    def _on_check_view_activated(self, index: QModelIndex) -> None:
        items = self.issues_model.items()
        if 0 <= index.row() < len(items):
            field = items[index.row()].issue.field
            if field.startswith("patient"):
                self.edit_patient()
            else:
                self.focus_field(field)

    # --- messages -------------------------------------------------------------------------
    def _show_message(self, text: str, kind: str = "error") -> None:
        u = self.ui
        u.message_label.setText(text)
        u.message_icon.setVisible(bool(text))
        if text:
            size = self.fontMetrics().height()
            u.message_icon.setPixmap(icon(kind).pixmap(size, size))
            self.status_message.emit(text)

    def _show_banner(self, text: str) -> None:
        u = self.ui
        u.banner_frame.setVisible(bool(text))
        u.banner_label.setText(text)
        if text:
            size = self.fontMetrics().height()
            u.banner_icon.setPixmap(icon("warning").pixmap(size, size))

    # --- saving ---------------------------------------------------------------------------
    def _write_local_draft(self) -> None:
        if self._record is None or self._read_only:
            return
        record = self.current_record()
        try:
            self.drafts.save(self.draft_key(), self.actor.username, content_to_json(record),
                             record_id=record.id,
                             version=record.version if record.id is not None else None,
                             status=record.status.value, patient_id=record.patient.id)
        except OSError as e:
            log.error("could not write the local draft: %s", type(e).__name__)
            self._show_message("Could not keep a copy of your changes on this workstation "
                               "(the disk refused). Save to the database now.")

    def _discard_local_drafts(self) -> None:
        keys = {self._new_key} if self._new_key else set()
        if self._record is not None and self._record.id is not None:
            keys.add(draft_key(self.actor.username, self._record.id))
        for key in keys:
            self.drafts.discard(key)

    def autosave_now(self) -> None:
        """Keep the changes locally; save a draft to the database when nothing is wrong."""
        self.autosave_timer.stop()
        if self._record is None or self._read_only or not self.is_dirty():
            return
        self._write_local_draft()
        record = self.current_record()
        if self._conflict is not None or validate_record(record):
            return
        if record.id is None and not record.has_clinical_content:
            return  # issue 15 (7): kept locally; a database draft once it holds something
        self._save_to_db(record, quiet=True)

    def _after_save(self, saved: ProcedureRecord, message: str) -> None:
        first_save = self._record is not None and self._record.id is None
        self._discard_local_drafts()
        self._new_key = ""
        self._record = saved
        self._conflict = None
        self._baseline = content_to_json(self.current_record())
        if self._waits_for_signature(saved):  # sent for signature: read only from now on
            self._read_only = True
            if self.lock_keeper is not None:
                self.lock_keeper.open(saved, True)
            self._apply_read_only()
        self.status_actions.update()
        self._update_header()
        self._show_banner("")
        self._show_message(message, "info")
        assert saved.id is not None
        if first_save:
            log.info("record created (id %s)", saved.id)
        self.saved.emit(saved.id)

    def _save_to_db(self, record: ProcedureRecord, quiet: bool = False) -> bool:
        try:
            saved = self.services.records.save(self.actor, record)
        except ValidationError as e:
            self._write_local_draft()
            if not quiet:
                count = len(e.issues)
                self._show_message(
                    f"Not saved to the database: {count} thing{'s' if count != 1 else ''} to "
                    "correct, marked in red. Your changes are kept on this workstation.")
                self.show_issues(e.issues, missing_too=False)
            return False
        except VersionConflictError as e:
            self._write_local_draft()
            return self._on_conflict(record, e, quiet)
        except RecordReadyError as e:
            return self._on_ready_refused(e)
        except RecordSignedError:
            self._write_local_draft()
            self._show_message("A physician signed this record meanwhile, so it cannot change. "
                               "Your changes are kept on this workstation; ask the physician "
                               "for an addendum.")
            return False
        except DatabaseUnavailableError:
            self._keep_for_retry(record, "save")
            self._show_message("The database cannot be reached. Your changes are kept on this "
                               "workstation and saved as soon as it is back.")
            return False
        when = datetime.now().strftime("%H:%M")
        self._after_save(saved, "")
        self.refresh_summary()
        # Issue 15 (19): the same count as the checklist on the right, from the same summary.
        still = self.issues_model.rowCount()
        note = (f" {still} thing{'s' if still != 1 else ''} still to do before signature, "
                "listed on the right." if still else " Complete: you can send it for signature.")
        self._show_message(f"{'Saved automatically' if quiet else 'Saved'} as a draft at "
                           f"{when}.{note}", "info")
        return True

    def save(self) -> bool:
        """Save a draft to the database; says what is wrong instead of failing silently."""
        if self._record is None or self._read_only:
            return False
        self.autosave_timer.stop()
        if not self._commit_pending_medication():
            return False
        return self._save_to_db(self.current_record())

    def mark_ready(self) -> bool:
        """Save and move the record to the physicians' queue once it is complete."""
        if self._record is None or self._read_only:
            return False
        self.autosave_timer.stop()
        if not self._commit_pending_medication():
            return False
        if self.copy_last.pending:  # issue 15 (14): copied values are checked first
            self._show_message("Not sent for signature: confirm the values copied from the "
                               "last procedure first (the notice at the top of the form).")
            self._scroll_to_top()
            self.copy_last.confirm_button.setFocus()
            return False
        record = self.current_record()
        try:
            saved = self.services.records.mark_ready(self.actor, record)
        except ValidationError as e:
            self._write_local_draft()
            self.show_issues(e.issues, missing_too=True)
            count = max(len(e.issues), len(self._current_issues()))
            self._show_message(f"Not sent for signature: {count} thing{'s' if count != 1 else ''}"
                               " to complete or correct, marked in red and listed on the right.")
            return False
        except VersionConflictError as e:
            self._write_local_draft()
            return self._on_conflict(record, e, quiet=False)
        except RecordReadyError as e:
            return self._on_ready_refused(e)
        except DatabaseUnavailableError:
            self._keep_for_retry(record, "mark_ready")
            self._show_message("The database cannot be reached. Your changes are kept on this "
                               "workstation and sent for signature as soon as it is back.")
            return False
        except RecordSignedError as e:
            self._write_local_draft()
            self._show_message(f"{e} Your changes are kept on this workstation.")
            return False
        self._after_save(saved, "Sent to the physicians' queue: ready for signature. To "
                                f"change it, Reopen for changes ({REOPEN_SHORTCUT}).")
        self.refresh_summary()
        return True

    def _on_conflict(self, mine: ProcedureRecord, error: VersionConflictError,
                     quiet: bool) -> bool:
        self._conflict = error
        self._show_banner(f"{error.updated_by or 'Someone else'} saved this record after you "
                          "opened it. Nothing of yours was saved or lost. Compare the two "
                          "versions to choose.")
        if quiet:
            return False
        return self.resolve_conflict(mine)

    def _on_ready_refused(self, error: RecordReadyError) -> bool:
        """Issue 15 (2): the record was sent for signature meanwhile, so the save was refused
        and it stays in the physicians' queue. The changes stay on screen and on this
        workstation; Compare… (or Reopen for changes) is the way on, with a reason."""
        self._write_local_draft()
        self._conflict = error
        self.status_actions.update()  # Reopen for changes is offered
        self._update_header()  # the header says where it is now: ready for signature
        self._show_banner(f"{error.updated_by or 'Someone else'} sent this record for "
                          "signature after you opened it; it stays in the physicians' queue. "
                          "Nothing of yours was saved or lost. Compare the two versions to "
                          "choose; keeping yours asks why it is reopened.")
        self._show_message(f"{error} Your changes are kept on this workstation.")
        return False

    def _on_banner_button_clicked(self) -> None:
        if self._held_by and self._read_only and self._record is not None:
            self.edit_anyway()
            return
        if self._conflict is not None and self._record is not None:
            self.resolve_conflict(self.current_record())

    def resolve_conflict(self, mine: ProcedureRecord) -> bool:
        """Show both versions; reload theirs, or save mine on top after seeing theirs."""
        assert self._record is not None and self._record.id is not None
        try:
            theirs = self.services.records.get(self.actor, self._record.id)
        except (NotFoundError, ClinicDeskError) as e:
            self._show_message(str(e))
            return False
        choice = ConflictDialog.ask(self, mine, theirs, self._conflict)
        if choice == ConflictChoice.RELOAD_THEIRS:
            self._discard_local_drafts()
            self.open_record(theirs)
            self._show_message("Their version is shown; your changes were dropped.", "info")
            return False
        if choice == ConflictChoice.KEEP_MINE:
            if theirs.is_signed:
                self._show_message("Their version is signed and cannot change; corrections "
                                   "are addenda. Your changes are kept on this workstation.")
                return False
            self._record = replace(self._record, version=theirs.version, status=theirs.status,
                                   updated_at=theirs.updated_at, updated_by=theirs.updated_by)
            self._conflict = None
            return self._keep_mine(mine, theirs)
        self._show_message("Not saved: someone else's version is newer. Your changes stay on "
                           "screen and on this workstation.")
        return False

    def _keep_mine(self, mine: ProcedureRecord, theirs: ProcedureRecord,
                   reopen_reason: str | None = None) -> bool:
        """Issue 7: save mine on top of the version the dialog showed, as a new draft.
        Issue 15 (2): theirs was sent for signature: only with a reason to reopen it."""
        try:
            saved = self.services.conflicts.keep_mine(self.actor, mine,
                                                      expected_version=theirs.version,
                                                      reopen_reason=reopen_reason)
        except RecordReadyError as e:
            reason = self.status_actions.ask_reopen_reason(theirs)
            if reason is None:
                return self._on_ready_refused(e)
            return self._keep_mine(mine, theirs, reason)
        except VersionConflictError as e:  # yet another save since the dialog: show it
            self._write_local_draft()
            return self._on_conflict(mine, e, quiet=False)
        except DatabaseUnavailableError:
            self._keep_for_retry(replace(mine, version=theirs.version), "save")
            self._show_message("The database cannot be reached. Your changes are kept on this "
                               "workstation and saved as soon as it is back.")
            return False
        except (ValidationError, RecordSignedError) as e:
            self._write_local_draft()
            self._show_message(f"{e} Your changes are kept on this workstation.")
            return False
        self._after_save(saved, "Your version is saved on top of theirs as a new draft "
                                "version; theirs stays in the audit trail." + (
                                    f" Reopened for changes ({reopen_reason}): send it for "
                                    "signature again when you are done."
                                    if reopen_reason else ""))
        self.refresh_summary()
        return True

    def edit_anyway(self) -> None:
        """Issue 7: edit a record someone else has open; whoever saves second sees both
        versions (the version check), so nothing is overwritten silently."""
        if self._record is None or self._record.is_signed or not allowed(
                self.actor.role, Action.EDIT_RECORDS):
            return
        self._read_only, self._held_by = False, ""
        self._apply_read_only()
        self.ui.banner_button.setText("Compare…")
        self._show_banner("")
        self._show_message("You are editing a record someone else has open. If they save "
                           "first, you will see both versions before anything is saved.",
                           "warning")

    def _keep_for_retry(self, record: ProcedureRecord, action: str) -> None:
        """Issue 7: keep the edit marked "pending", so the retry saves it when the database
        is back, and tell the window (banner)."""
        from ...services.retry import keep_for_retry

        try:
            keep_for_retry(self.drafts, self.actor, record, action=action, key=self.draft_key())
        except OSError as e:
            log.error("could not keep the edit for retry: %s", type(e).__name__)
            self._write_local_draft()
        self.database_unavailable.emit()

    def adopt_saved(self, key: str, saved: ProcedureRecord) -> None:
        """Issue 7: the retry saved the edit kept under `key` (the database is back). If it
        is the record on screen, take the saved version; unsaved typing since then stays."""
        if self._record is None or key != self.draft_key():
            return
        from ...services.retry import same_content

        if same_content(self.current_record(), saved):
            self._after_save(saved, "Saved now that the database is back.")
            self.refresh_summary()
        else:
            self._record = replace(saved, patient=self._record.patient)
            self._new_key = ""
            self._update_header()

    def retry_refused(self, key: str, error: RecordReadyError) -> None:
        """Issue 15 (2): the retry did not apply the edit kept under `key` because the record
        was sent for signature meanwhile. If it is the record on screen: no autosave over it,
        the banner says so, and Compare… leads to "keep mine" with a reason."""
        if self._record is None or key != self.draft_key():
            return
        self._on_ready_refused(error)

    # --- patient --------------------------------------------------------------------------
    def edit_patient(self) -> None:
        from ..dialogs.patient import PatientDialog

        if self._record is None:
            return
        result = PatientDialog.ask(self.services, self.actor, self._record.patient, self,
                                   offer_new_record=False)
        if result is not None:
            self.set_patient(result.patient)

    def set_patient(self, patient: Patient) -> None:
        if self._record is None:
            return
        self._record = replace(self._record, patient=patient)
        self._update_header()
        self.refresh_summary()

    # --- closing --------------------------------------------------------------------------
    def request_close(self, ask: bool = True) -> bool:
        """Close the record; with unsaved changes, ask (save, discard or keep editing)."""
        if self._record is None:
            return True
        if self.is_dirty():
            self._write_local_draft()
            if ask:
                what = f"the record of {self._record.patient.display_name}"
                choice = UnsavedChangesDialog.ask(self, what)
                if choice is UnsavedChoice.CANCEL:
                    return False
                if choice is UnsavedChoice.SAVE and not self.save():
                    return False
                if choice is UnsavedChoice.DISCARD:
                    self._discard_local_drafts()
            else:
                # Leaving without asking (another user takes over): keep everything.
                record = self.current_record()
                if (self._conflict is None and not validate_record(record)
                        and (record.id is not None or record.has_clinical_content)):
                    self._save_to_db(record, quiet=True)
        else:
            self._discard_local_drafts()
        self.close_record()
        return True

    def close_record(self) -> None:
        """Forget the record without asking (the caller has dealt with unsaved work)."""
        self.autosave_timer.stop()
        self.summary_timer.stop()
        settings.EDITOR_SPLITTER.set(self.ui.editor_splitter.saveState())
        self._record = None
        self._baseline = None
        self._summary = None
        self._new_key = ""
        self.marks.clear()
        self.copy_last.reset()
        if self.lock_keeper is not None:
            self.lock_keeper.close()
        self.closed.emit()

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self._load_staff()

    def shutdown(self) -> None:
        """Disconnect from application-wide signals before the widget goes away."""
        app = QApplication.instance()
        if isinstance(app, QApplication) and self._focus_connected:
            self._focus_connected = False
            app.focusChanged.disconnect(self._on_app_focus_changed)


# --- helpers ------------------------------------------------------------------------------
def _catalogue() -> tuple[Any, ...]:
    from ...domain.medications import CATALOGUE

    return CATALOGUE


def _enum(cls: Any, value: Any) -> Any:
    try:
        return cls(value)
    except ValueError:
        return None


def _set_combo(combo: QComboBox, data: Any) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(index if index >= 0 else 0)


def _num_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _integer(edit: QLineEdit) -> int | None:
    text = edit.text().strip()
    return int(text) if text.isdigit() else None


def _number(edit: QLineEdit) -> float | None:
    return parse_volume(edit.text()) if edit.text().strip() else None


def _index_of(head: str) -> int:
    try:
        return int(head[head.index("[") + 1:head.index("]")])
    except ValueError:
        return 0
