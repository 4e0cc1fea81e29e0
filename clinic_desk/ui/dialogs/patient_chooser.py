"""New procedure record: choose whose it is (or add the patient first)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ...services import Actor, Services
from ..generated.ui_patient_chooser_dialog import Ui_PatientChooserDialog
from ..widgets.patient_search import PatientSearch
from .patient import PatientDialog


class PatientChooserDialog(QDialog):
    """`patient_id` holds the chosen patient once accepted."""

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None,
                 text: str = "") -> None:
        super().__init__(parent)
        self.ui = Ui_PatientChooserDialog()
        self.ui.setupUi(self)
        self.services, self.actor = services, actor
        self.patient_id: int | None = None
        self._intro = self.ui.intro_label.text()
        self.search = PatientSearch(self.ui.search_edit, self.ui.patients_view,
                                    lambda t: services.patients.search(actor, t), self)
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Start record")
        ok.setAutoDefault(False)
        ok.setEnabled(False)
        self._connect_signals()
        if text:
            self.ui.search_edit.setText(text)
            self.search.run_now()
        self.ui.search_edit.setFocus()

    def _connect_signals(self) -> None:
        self.search.patient_chosen.connect(self._on_search_patient_chosen)
        self.search.results_changed.connect(self._on_search_results_changed)
        self.ui.button_box.accepted.connect(self._on_button_box_accepted)
        self.ui.button_box.rejected.connect(self.reject)
        self.ui.new_patient_button.clicked.connect(self._on_new_patient_button_clicked)

    def _on_search_results_changed(self, count: int) -> None:
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)
        query = self.search.last_query
        nobody = bool(query) and count == 0
        # Nobody found: say so, and Enter offers the new patient instead (issue 15, point 11).
        self.ui.new_patient_button.setDefault(nobody)
        self.ui.intro_label.setText(
            f"No patient found for “{query}”. Check the spelling, or press Enter (or "
            "Alt+N) to add a new patient." if nobody else self._intro)

    def _on_search_patient_chosen(self, patient_id: int) -> None:
        self.patient_id = patient_id
        self.accept()

    def _on_button_box_accepted(self) -> None:
        patient_id = self.search.current_patient_id()
        if patient_id is not None:
            self._on_search_patient_chosen(patient_id)

    def _on_new_patient_button_clicked(self) -> None:
        result = PatientDialog.ask(self.services, self.actor, None, self,
                                   offer_new_record=False)
        if result is not None and result.patient.id is not None:
            self._on_search_patient_chosen(result.patient.id)

    @classmethod
    def ask(cls, services: Services, actor: Actor, parent: QWidget | None = None,
            text: str = "") -> int | None:
        dialog = cls(services, actor, parent, text)
        return dialog.patient_id if dialog.exec() == QDialog.DialogCode.Accepted else None
