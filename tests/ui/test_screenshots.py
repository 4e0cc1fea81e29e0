"""Pictures of the real widgets for people to review (CLINIC_DESK_SCREENSHOTS=folder keeps
them; otherwise they go to pytest's temporary folder). Each test asserts only that the
picture is not blank."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from clinic_desk.domain.joints import Side
from clinic_desk.ui.dialogs.conflict import ConflictDialog
from clinic_desk.ui.dialogs.drafts import DraftRecoveryDialog
from clinic_desk.ui.dialogs.patient import PatientDialog
from clinic_desk.ui.main_window import MainWindow
from tests.factories import make_record
from tests.ui.test_record_editor import click_facet, fill_complete, type_into

pytestmark = pytest.mark.screenshot


@pytest.fixture
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("CLINIC_DESK_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(widget: QWidget, folder: Path, name: str) -> Path:
    image = widget.grab().toImage()
    path = folder / f"{name}.png"
    assert image.save(str(path))
    assert not_blank(image), name
    return path


def not_blank(image: QImage) -> bool:
    """More than a handful of colours across a grid of sample points."""
    colours = {image.pixel(x, y)
               for x in range(0, image.width(), max(1, image.width() // 40))
               for y in range(0, image.height(), max(1, image.height() // 40))}
    return image.width() > 50 and image.height() > 50 and len(colours) > 3


def test_worklist_and_editor(qtbot, clinic, make_window, shots):
    services, staff = clinic.services, clinic.staff
    services.records.mark_ready(staff.nurse, make_record(patient=clinic.others[0]))
    window = make_window(services, staff.nurse)
    window.worklist.ui.all_dates_check.setChecked(True)
    save(window, shots, "worklist")
    assert window.new_record(clinic.zoe.id)
    editor = window.editor
    for level in ("L4-L5", "L5-S1"):
        for side in (Side.LEFT, Side.RIGHT):
            click_facet(qtbot, editor, level, side)
    fill_complete(qtbot, editor)
    type_into(qtbot, editor.ui.vitals_after_systolic_edit, "300")
    editor.save()
    save(window, shots, "editor-invalid")
    editor.ui.form_scroll.ensureWidgetVisible(editor.ui.medications_group)
    save(window, shots, "editor-medications")


def test_dialogs(qtbot, clinic, shots, drafts):
    services, staff = clinic.services, clinic.staff
    sign_in = MainWindow(services, drafts=drafts, background=False)
    qtbot.addWidget(sign_in)
    sign_in.resize(900, 600)
    sign_in.show()
    save(sign_in, shots, "sign-in")
    patient = PatientDialog(services, staff.nurse, services.patients.get(staff.nurse,
                                                                         clinic.zoe.id))
    qtbot.addWidget(patient)
    patient.show()
    save(patient, shots, "patient")
    record = services.records.save(staff.nurse, make_record(patient=clinic.zoe))
    theirs = services.records.save(staff.physician, record.with_changes(notes="their note"))
    conflict = ConflictDialog(record.with_changes(pain_after=1), theirs)
    qtbot.addWidget(conflict)
    conflict.show()
    save(conflict, shots, "conflict")
    from clinic_desk.domain.record_format import content_to_json
    from clinic_desk.services.drafts import draft_key

    draft = drafts.save(draft_key("nkim", record.id), "nkim", content_to_json(record),
                        record_id=record.id, version=record.version)
    recovery = DraftRecoveryDialog([draft], drafts)
    qtbot.addWidget(recovery)
    recovery.show()
    save(recovery, shots, "recovery")
