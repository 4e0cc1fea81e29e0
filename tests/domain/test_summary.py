"""summarize(): everything the tool shows beside a record, computed from the domain alone."""

from __future__ import annotations

from clinic_desk.domain.clinic import ClinicSettings
from clinic_desk.domain.medications import MedicationLine
from clinic_desk.domain.procedures import (
    Complication,
    ComplicationKind,
    ProcedureKind,
    Sedation,
    procedure_title,
)
from clinic_desk.domain.record import search_key
from clinic_desk.domain.rules import RuleSettings
from clinic_desk.domain.summary import summarize
from tests.factories import make_record, make_vitals


def test_complete_record() -> None:
    s = summarize(make_record())
    assert [str(t) for t in s.targets] == [
        "L3 medial branch (bilateral)", "L4 medial branch (bilateral)", "L5 dorsal ramus (left)"]
    assert s.sites == 5
    assert [str(c) for c in s.cpt] == ["64493-50", "64494-LT"]
    assert [str(c) for c in s.icd10] == ["M47.816", "M47.817"]
    assert s.percent_relief == 71.4
    assert [(t.name, t.total_mg, t.max_mg) for t in s.medication_totals] == [
        ("bupivacaine", 12.5, 175.0)]
    assert s.warnings == () and s.problems == () and s.missing == ()
    assert s.complete


def test_problems_missing_and_warnings_together() -> None:
    record = make_record(pain_before=None, vitals_after=make_vitals(systolic=300),
                         sedation=Sedation.MODERATE)
    s = summarize(record)
    assert [i.field for i in s.problems] == ["vitals_after.systolic"]
    assert [i.field for i in s.missing] == ["pain_before"]
    assert [w.code for w in s.warnings] == ["SEDATION_FOR_BLOCK"]
    assert not s.complete
    assert s.percent_relief is None


def test_settings_reach_the_rules() -> None:
    record = make_record(sedation=Sedation.MODERATE)
    off = RuleSettings.from_dict({"SEDATION_FOR_BLOCK": {"enabled": False}})
    assert summarize(record, settings=off).warnings == ()
    assert ClinicSettings().rules.to_dict() == RuleSettings().to_dict()


def test_intra_articular_rfa_titles() -> None:
    assert procedure_title(ProcedureKind.MEDIAL_BRANCH_BLOCK, 1) == (
        "Medial branch block, diagnostic block 1")
    assert procedure_title(ProcedureKind.MEDIAL_BRANCH_BLOCK, None) == (
        "Medial branch block, therapeutic")
    assert make_record(kind=ProcedureKind.RADIOFREQUENCY_ABLATION, block_number=None).title == (
        "Radiofrequency ablation")
    ia = make_record(kind=ProcedureKind.INTRA_ARTICULAR, block_number=None,
                     medications=(MedicationLine("triamcinolone", "40 mg/mL", 1, False),))
    assert ia.title == "Intra-articular facet injection"
    assert [str(t) for t in summarize(ia).targets] == [
        "L4-L5 facet joint (bilateral)", "L5-S1 facet joint (left)"]
    assert ia.steroid_given


def test_complication_text() -> None:
    assert str(Complication(ComplicationKind.BLEEDING, "minor")) == "Bleeding: minor"
    assert str(Complication(ComplicationKind.OTHER, "Itching")) == "Itching"
    assert str(Complication(ComplicationKind.VASOVAGAL)) == "Vasovagal reaction"


def test_search_key_folds_case_and_accents() -> None:
    assert search_key("Zoë") == "zoe"
    assert search_key("O’Brien") == search_key("o'brien")
    assert search_key("Søren Łukasz") == "soren lukasz"
    assert search_key("Nguyễn") == "nguyen"
    assert search_key("王") == "王"
