"""Every table model passes Qt's model tester; the worklist loads lazily in pages."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QModelIndex, Qt

from clinic_desk.domain.errors import FieldIssue
from clinic_desk.domain.joints import JointSide, Side, joint
from clinic_desk.domain.medications import MedicationLine, totals
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import RecordStatus
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.domain.worklist import HistoryRow, PatientRow, WorklistRow
from clinic_desk.services.drafts import DraftStore, draft_key
from clinic_desk.ui.models import ISSUE_ROLE, PATIENT_ID_ROLE, RECORD_ID_ROLE
from clinic_desk.ui.models.lists import Difference, DifferencesModel, DraftsModel
from clinic_desk.ui.models.patients import HistoryModel, PatientSearchModel
from clinic_desk.ui.models.record_parts import (
    IssueItem,
    IssueKind,
    IssuesModel,
    JointsModel,
    MedColumn,
    MedicationsModel,
    TotalsModel,
)
from clinic_desk.ui.models.worklist import WorklistColumn, WorklistModel
from tests.factories import make_record

TZ = timezone(timedelta(hours=-5))


def rows(n: int) -> list[WorklistRow]:
    start = datetime(2026, 11, 24, 8, 0, tzinfo=TZ)
    return [WorklistRow(i + 1, start + timedelta(minutes=15 * i), 100 + i, f"Família{i}, Zoë",
                        f"A{i:04d}", date(1960, 1, 1), ProcedureKind.MEDIAL_BRANCH_BLOCK, 1,
                        "L4-L5 B", "Hana Lee", RecordStatus.SIGNED, i % 2 == 0)
            for i in range(n)]


class Source:
    def __init__(self, data: list[WorklistRow]) -> None:
        self.data = data
        self.calls: list[tuple[int, int]] = []

    def __call__(self, limit: int, offset: int) -> list[WorklistRow]:
        self.calls.append((limit, offset))
        return self.data[offset:offset + limit]


def test_worklist_model_loads_pages_as_asked(qtmodeltester):
    source = Source(rows(12))
    model = WorklistModel(source, page_size=5)
    qtmodeltester.check(model)
    assert model.rowCount() >= 5
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 12
    assert source.calls[:3] == [(5, 0), (5, 5), (5, 10)]
    assert not model.canFetchMore(QModelIndex())
    index = model.index(3, WorklistColumn.PATIENT)
    assert index.data() == "Família3, Zoë"
    assert index.data(RECORD_ID_ROLE) == 4
    assert model.index(0, WorklistColumn.STATUS).data() == "Handout printed"
    assert model.index(1, WorklistColumn.STATUS).data() == "Signed"
    assert model.index(0, WorklistColumn.TIME).data() == "08:00"
    model.set_fetch(source, show_dates=True)
    assert model.index(0, WorklistColumn.TIME).data() == "2026-11-24 08:00"
    assert model.headerData(WorklistColumn.LEVELS, Qt.Orientation.Horizontal) == (
        "Levels and sides")


def test_worklist_model_in_the_background(qtbot, qtmodeltester):
    source = Source(rows(7))
    model = WorklistModel(None, page_size=5, background=True)
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(source)
    assert model.rowCount() == 5 and model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.page_loaded):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 7 and not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_worklist_model_ignores_pages_for_old_filters(qtbot):
    model = WorklistModel(None, page_size=5, background=True)
    with qtbot.waitSignal(model.page_loaded):
        model.set_fetch(Source(rows(3)))
        model.set_fetch(Source(rows(2)))  # new filters before the first page arrived
    qtbot.waitUntil(lambda: not model.loading)
    assert model.rowCount() == 2


def test_worklist_model_reports_a_failed_page(qtbot):
    def broken(limit: int, offset: int) -> list[WorklistRow]:
        raise OSError("disk gone")

    model = WorklistModel(None, page_size=5)
    with qtbot.waitSignal(model.load_failed) as blocker:
        model.set_fetch(broken)
    assert isinstance(blocker.args[0], OSError)
    assert not model.canFetchMore(QModelIndex()) and model.rowCount() == 0


def test_patient_models(qtmodeltester):
    search = PatientSearchModel()
    search.set_rows([PatientRow(1, "A1001", "O'Brien", "Zoë", date(1961, 3, 14)),
                     PatientRow(2, "A1002", "王", "小明", date(1950, 1, 1))])
    qtmodeltester.check(search)
    assert search.index(0, 0).data() == "O'Brien, Zoë"
    assert search.index(1, 0).data(PATIENT_ID_ROLE) == 2
    history = HistoryModel()
    at = datetime(2026, 11, 1, 9, 0, tzinfo=TZ)
    history.set_rows([
        HistoryRow(3, at, ProcedureKind.RADIOFREQUENCY_ABLATION, None, "L4-L5 B", None,
                   RecordStatus.DRAFT),
        HistoryRow(2, at - timedelta(days=14), ProcedureKind.MEDIAL_BRANCH_BLOCK, 2,
                   "L4-L5 B", 85.0, RecordStatus.SIGNED),
        HistoryRow(1, at - timedelta(days=28), ProcedureKind.MEDIAL_BRANCH_BLOCK, 1,
                   "L4-L5 B", 90.0, RecordStatus.SIGNED)])
    qtmodeltester.check(history)
    assert [history.index(r, 1).data() for r in range(3)] == [
        "Radiofrequency ablation", "Medial branch block, diagnostic block 2",
        "Medial branch block, diagnostic block 1"]
    assert history.index(1, 3).data() == "85 %"
    assert history.index(0, 3).data() == "not recorded"


def test_record_part_models(qtmodeltester):
    joints = JointsModel()
    joints.set_selection({joint("L5-S1"): Side.LEFT, joint("L4-L5"): Side.BILATERAL})
    qtmodeltester.check(joints)
    assert [joints.index(r, 0).data() for r in range(2)] == ["L4-L5", "L5-S1"]
    joints.set_issues({1: "listed twice"})
    assert joints.index(1, 0).data(ISSUE_ROLE) == "listed twice"

    meds = MedicationsModel()
    meds.set_lines([MedicationLine("bupivacaine", "0.5%", 0.5)])
    meds.add_line(MedicationLine("lidocaine", "1%", 1.0, per_target=False))
    qtmodeltester.check(meds)
    volume = meds.index(0, MedColumn.VOLUME)
    assert meds.setData(volume, "0,75")
    assert not meds.setData(volume, "lots")
    per_target = meds.index(1, MedColumn.PER_TARGET)
    assert meds.setData(per_target, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert [(m.volume_ml, m.per_target) for m in meds.lines()] == [(0.75, True), (1.0, True)]
    meds.set_issues({(0, MedColumn.VOLUME): "too much"})
    assert volume.data(Qt.ItemDataRole.ToolTipRole) == "too much"
    meds.remove_line(0)
    assert meds.rowCount() == 1

    model = TotalsModel()
    model.set_totals(totals([MedicationLine("lidocaine", "4%", 5.0)], 4, 60))
    qtmodeltester.check(model)
    assert "Over the maximum" in model.index(0, 2).data()

    issues = IssuesModel()
    issues.set_items([IssueItem(IssueKind.PROBLEM, FieldIssue("pain_after", "0 to 10"),
                                "Pain after"),
                      IssueItem(IssueKind.MISSING, FieldIssue("physician", "Choose"), "")])
    qtmodeltester.check(issues)
    assert issues.index(0, 0).data() == "Correct: Pain after: 0 to 10"
    assert issues.index(1, 0).data() == "Needed: Choose"


def test_dialog_models(qtmodeltester, tmp_path):
    diffs = DifferencesModel([Difference("Notes", "mine", "theirs")])
    qtmodeltester.check(diffs)
    store = DraftStore(tmp_path)
    draft = store.save(draft_key("nkim", 3), "nkim", content_to_json(make_record()),
                       record_id=3, version=1)
    drafts = DraftsModel([draft])
    qtmodeltester.check(drafts)
    assert drafts.index(0, 2).data() == "record 3"
    assert "O'Brien, Zoë" in drafts.index(0, 0).data()


@pytest.mark.parametrize("side", [Side.LEFT, Side.RIGHT, Side.BILATERAL])
def test_joint_sides_show_as_words(side):
    model = JointsModel()
    model.set_selection([JointSide(joint("C5-C6"), side)])
    assert model.index(0, 1).data() == side.label
