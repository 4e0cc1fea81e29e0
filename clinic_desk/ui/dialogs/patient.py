"""Create or edit a patient, and see their previous procedures (block 1, block 2, RFA...)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ...domain.errors import (
    ClinicDeskError,
    FieldIssue,
    PermissionDeniedError,
    ValidationError,
    VersionConflictError,
)
from ...domain.permissions import Action, allowed
from ...domain.record import Anticoagulant, Language, Patient, Sex
from ...domain.texts import LocalizedText
from ...domain.validation import parse_date, parse_weight, patient_issues
from ...services import Actor, Services
from .. import messages, settings
from ..generated.ui_patient_dialog import Ui_PatientDialog
from ..icons import icon
from ..models.patients import HistoryColumn, HistoryModel
from ..widgets.field_marks import FieldMarks

log = logging.getLogger(__name__)

_SEX_LABELS = {Sex.FEMALE: "Female", Sex.MALE: "Male", Sex.OTHER: "Other",
               Sex.UNKNOWN: "Not recorded"}


@dataclass(frozen=True)
class PatientResult:
    patient: Patient
    start_record: bool  # the nurse asked to start a procedure record for this patient


class PatientDialog(QDialog):
    def __init__(self, services: Services, actor: Actor, patient: Patient | None = None,
                 parent: QWidget | None = None, *, offer_new_record: bool = True) -> None:
        super().__init__(parent)
        self.ui = Ui_PatientDialog()
        self.ui.setupUi(self)
        self.services, self.actor = services, actor
        self.patient = patient
        self.result_value: PatientResult | None = None
        self.marks = FieldMarks(self)
        self.history_model = HistoryModel(self)
        self.ui.history_view.setModel(self.history_model)
        header = self.ui.history_view.horizontalHeader()
        header.setSectionResizeMode(HistoryColumn.PROCEDURE, QHeaderView.ResizeMode.Stretch)
        for col in (HistoryColumn.DATE, HistoryColumn.RELIEF, HistoryColumn.STATUS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.ui.history_view.setWordWrap(True)
        self.history_model.modelReset.connect(self.ui.history_view.resizeRowsToContents)
        self.ui.splitter.setStretchFactor(0, 4)
        self.ui.splitter.setStretchFactor(1, 5)
        for sex in (Sex.FEMALE, Sex.MALE, Sex.OTHER, Sex.UNKNOWN):
            self.ui.sex_combo.addItem(_SEX_LABELS[sex], sex.value)
        for lang in Language:
            self.ui.language_combo.addItem(lang.label, lang.value)
        self._add_phone_field()
        self._fields = {
            "mrn": self.ui.mrn_edit,
            "family_name": self.ui.family_name_edit,
            "given_name": self.ui.given_name_edit,
            "date_of_birth": self.ui.date_of_birth_edit,
            "sex": self.ui.sex_combo,
            "preferred_language": self.ui.language_combo,
            "weight_kg": self.ui.weight_edit,
            "diabetic": self.ui.diabetic_check,
            "anticoagulant": self.ui.anticoagulant_edit,
            "anticoagulant.name": self.ui.anticoagulant_edit,
            "anticoagulant.resume_instructions": self.ui.resume_edit,
            "anticoagulant.resume_instructions.en": self.ui.resume_edit,
            "anticoagulant.resume_instructions.es": self.ui.resume_es_edit,
            "allergies": self.ui.allergies_edit,
            "escort": self.ui.escort_edit,
            "phone": self.phone_edit,
        }
        self.can_edit = allowed(actor.role, Action.EDIT_RECORDS)
        self.ui.new_record_button.setVisible(offer_new_record and self.can_edit)
        save = self.ui.button_box.button(QDialogButtonBox.StandardButton.Save)
        save.setText("&Save")  # Alt+S on every platform (Sex is Alt+X)
        save.setDefault(True)
        save.setToolTip("Save the patient (Enter or Alt+S)")
        if patient is None:
            self.setWindowTitle("New patient - Clinic Desk")
            self.ui.history_group.setVisible(False)
            self.ui.sex_combo.setCurrentIndex(self.ui.sex_combo.findData(Sex.UNKNOWN.value))
        else:
            self.setWindowTitle(f"{patient.display_name} - Clinic Desk")
            self._fill(patient)
            if patient.id is not None:
                self.history_model.set_rows(services.patients.history(actor, patient.id))
            if self.history_model.rowCount() == 0:
                self.ui.history_hint_label.setText("No procedures recorded yet.")
        if not self.can_edit:
            for widget in set(self._fields.values()):
                widget.setEnabled(False)
            save.setVisible(False)
        self._show_message("")
        geometry = settings.PATIENT_DIALOG_GEOMETRY.get()
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        self._initial = self._snapshot()
        self._connect_signals()
        self._add_pathway_button()
        self._focus_first_empty()

    def _add_phone_field(self) -> None:
        """The phone number the next-day call uses (issue 13), after the driver's name."""
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setObjectName("phone_edit")
        self.phone_edit.setMaxLength(40)
        self.phone_edit.setAccessibleName("Phone number")
        label = QLabel("P&hone", self)
        label.setObjectName("phone_label")
        label.setBuddy(self.phone_edit)
        layout = self.ui.details_layout
        position: tuple[int, object] = layout.getWidgetPosition(  # type: ignore[assignment]
            self.ui.escort_edit)
        layout.insertRow(position[0] + 1, label, self.phone_edit)
        QWidget.setTabOrder(self.ui.escort_edit, self.phone_edit)

    def _add_pathway_button(self) -> None:
        """Issue 13: the patient's pathway (blocks, results, next step) over this dialog."""
        p = self.patient
        if p is None or p.id is None or not allowed(self.actor.role, Action.VIEW_RECORDS):
            return
        button = self.ui.button_box.addButton("Pathwa&y…",
                                              QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName("patient_pathway_button")
        button.setToolTip("Diagnostic blocks, their results and the next step")
        patient_id = p.id

        def show() -> None:
            from ..pathway.pathway_view import PathwayDialog

            PathwayDialog.show_for(self.services, self.actor, patient_id, self)

        button.clicked.connect(show)

    def _connect_signals(self) -> None:
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)
        self.ui.new_record_button.clicked.connect(self._on_new_record_button_clicked)

    # --- fields ---------------------------------------------------------------------------
    def _resume_edits(self) -> dict[Language, QPlainTextEdit]:
        """The restart instructions, one box per handout language (issue 12: never
        translated; a Spanish handout needs the Spanish words)."""
        return {Language.ENGLISH: self.ui.resume_edit, Language.SPANISH: self.ui.resume_es_edit}

    def _fill(self, p: Patient) -> None:
        self.ui.mrn_edit.setText(p.mrn)
        self.ui.family_name_edit.setText(p.family_name)
        self.ui.given_name_edit.setText(p.given_name)
        self.ui.date_of_birth_edit.setText(p.date_of_birth.isoformat())
        self.ui.sex_combo.setCurrentIndex(max(0, self.ui.sex_combo.findData(p.sex.value)))
        self.ui.language_combo.setCurrentIndex(
            max(0, self.ui.language_combo.findData(p.preferred_language.value)))
        self.ui.weight_edit.setText("" if p.weight_kg is None else f"{p.weight_kg:g}")
        self.ui.diabetic_check.setChecked(p.diabetic)
        self.ui.anticoagulant_edit.setText(p.anticoagulant.name if p.anticoagulant else "")
        texts = p.anticoagulant.resume_instructions if p.anticoagulant else LocalizedText()
        for lang, edit in self._resume_edits().items():
            edit.setPlainText(texts.get(lang.value))
        self.ui.allergies_edit.setText(p.allergies)
        self.ui.escort_edit.setText(p.escort)
        self.phone_edit.setText(p.phone)

    def _snapshot(self) -> tuple[object, ...]:
        u = self.ui
        return (u.mrn_edit.text(), u.family_name_edit.text(), u.given_name_edit.text(),
                u.date_of_birth_edit.text(), u.sex_combo.currentIndex(),
                u.language_combo.currentIndex(), u.weight_edit.text(),
                u.diabetic_check.isChecked(), u.anticoagulant_edit.text(),
                u.resume_edit.toPlainText(), u.resume_es_edit.toPlainText(),
                u.allergies_edit.text(), u.escort_edit.text(), self.phone_edit.text())

    def is_modified(self) -> bool:
        return self._snapshot() != self._initial

    def patient_from_fields(self) -> Patient:
        """The patient as typed; ValidationError names every field that is wrong."""
        u = self.ui
        issues: list[FieldIssue] = []
        dob = None
        try:
            dob = parse_date(u.date_of_birth_edit.text(), "date of birth")
        except ValidationError as e:
            issues += [FieldIssue("date_of_birth", i.message) for i in e.issues]
        weight = None
        if u.weight_edit.text().strip():
            try:
                weight = parse_weight(u.weight_edit.text())
            except ValidationError as e:
                issues += [FieldIssue("weight_kg", i.message) for i in e.issues]
        name = u.anticoagulant_edit.text()
        resume = LocalizedText.of({lang.value: edit.toPlainText()
                                   for lang, edit in self._resume_edits().items()})
        anticoagulant = Anticoagulant(name.strip(), resume) if (
            name.strip() or resume) else None
        base = self.patient
        patient = Patient(
            mrn=u.mrn_edit.text(), family_name=u.family_name_edit.text(),
            given_name=u.given_name_edit.text(),
            date_of_birth=dob or date(1900, 1, 1),
            sex=Sex(u.sex_combo.currentData()),
            preferred_language=Language(u.language_combo.currentData()),
            weight_kg=weight, diabetic=u.diabetic_check.isChecked(),
            anticoagulant=anticoagulant, allergies=u.allergies_edit.text(),
            escort=u.escort_edit.text(),
            id=base.id if base else None, version=base.version if base else 0,
            phone=self.phone_edit.text().strip(),
        )
        issues += [i for i in patient_issues(patient)
                   if not (dob is None and i.field == "date_of_birth")]
        if issues:
            raise ValidationError(issues)
        return patient

    # --- messages and marks ---------------------------------------------------------------
    def _show_message(self, text: str, kind: str = "error") -> None:
        self.ui.message_label.setText(text)
        self.ui.message_label.setVisible(bool(text))
        self.ui.message_icon.setVisible(bool(text))
        if text:
            size = self.fontMetrics().height()
            self.ui.message_icon.setPixmap(icon(kind).pixmap(size, size))

    def show_issues(self, issues: tuple[FieldIssue, ...]) -> None:
        self.marks.clear()
        first: QWidget | None = None
        unplaced = []
        for issue in issues:
            widget = self._fields.get(issue.field)
            if widget is None:
                unplaced.append(issue.message)
                continue
            self.marks.mark(widget, issue.message)
            first = first or widget
        count = len(issues)
        text = (f"Not saved: {count} field{'s' if count != 1 else ''} to correct, marked in "
                "red.")
        if unplaced:
            text += " " + " ".join(unplaced)
        self._show_message(text)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_first_empty(self) -> None:
        for widget in (self.ui.mrn_edit, self.ui.family_name_edit, self.ui.given_name_edit,
                       self.ui.date_of_birth_edit, self.ui.weight_edit):
            if not widget.text().strip():
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.ui.mrn_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Issue 15 (6): the window's first focus selects the whole MRN (Qt does that for a
        # line edit that gets focus by activation or Tab), and one stray key replaced it.
        QTimer.singleShot(0, self._unselect_opening_field)

    def _unselect_opening_field(self) -> None:
        focus = self.focusWidget()
        if isinstance(focus, QLineEdit) and focus.hasSelectedText():
            focus.deselect()
            focus.end(False)

    # --- saving ---------------------------------------------------------------------------
    def save(self) -> Patient | None:
        """Save to the database; on a problem, mark it and return None."""
        if not self.can_edit:
            return self.patient
        try:
            patient = self.patient_from_fields()
            if self.patient is not None and not self.is_modified():
                return self.patient
            saved = self.services.patients.save(self.actor, patient)
        except ValidationError as e:
            self.show_issues(e.issues)
            return None
        except VersionConflictError as e:
            self._show_message(f"{e} Close this window and open the patient again.")
            return None
        except PermissionDeniedError as e:
            self._show_message(str(e))
            return None
        except ClinicDeskError as e:
            self._show_message(str(e))
            return None
        log.info("patient saved (id %s)", saved.id)
        self.patient = saved
        self._initial = self._snapshot()
        self.marks.clear()
        return saved

    def _finish(self, start_record: bool) -> None:
        saved = self.save()
        if saved is None:
            return
        self.result_value = PatientResult(saved, start_record)
        settings.PATIENT_DIALOG_GEOMETRY.set(self.saveGeometry())
        self.accept()

    def _on_button_box_accepted(self) -> None:
        self._finish(start_record=False)

    def _on_new_record_button_clicked(self) -> None:
        self._finish(start_record=True)

    def reject(self) -> None:
        if self.can_edit and self.is_modified() and not messages.confirm(
                self, "Discard changes?", "You changed this patient's details. Close without "
                "saving them?", yes="Discard changes", no="Keep editing"):
            return
        settings.PATIENT_DIALOG_GEOMETRY.set(self.saveGeometry())
        super().reject()

    @classmethod
    def ask(cls, services: Services, actor: Actor, patient: Patient | None = None,
            parent: QWidget | None = None, **kwargs: bool) -> PatientResult | None:
        dialog = cls(services, actor, patient, parent, **kwargs)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_value
        return None
