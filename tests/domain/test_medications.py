"""Strengths, per-target and total volumes, totals per drug and maximum doses (REFERENCE.md 1.3)."""

from __future__ import annotations

import math

import pytest

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.innervation import site_count, targets_for
from clinic_desk.domain.joints import parse_joint_sides
from clinic_desk.domain.medications import (
    CATALOGUE,
    DrugClass,
    MedicationLine,
    find_drug,
    max_dose,
    parse_strength,
    steroid_given,
    totals,
)
from clinic_desk.domain.procedures import ProcedureKind


@pytest.mark.parametrize(
    ("typed", "text", "mg_per_ml"),
    [
        ("0.5%", "0.5%", 5.0),
        ("0.25%", "0.25%", 2.5),
        ("0.75 %", "0.75%", 7.5),
        ("1%", "1%", 10.0),
        ("2%", "2%", 20.0),
        ("0,5%", "0.5%", 5.0),
        ("0.50%", "0.5%", 5.0),
        (" 0.5%\n", "0.5%", 5.0),
        ("40 mg/mL", "40 mg/mL", 40.0),
        ("40mg/ml", "40 mg/mL", 40.0),
        ("6 MG / ML", "6 mg/mL", 6.0),
        ("300 mgI/mL", "300 mgI/mL", 300.0),
        ("240 mgi/ml", "240 mgI/mL", 240.0),
    ],
)
def test_parse_strength(typed: str, text: str, mg_per_ml: float) -> None:
    s = parse_strength(typed)
    assert s.text == text
    assert s.mg_per_ml == pytest.approx(mg_per_ml)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "is not a strength"),
        ("abc", "is not a strength"),
        ("5", "is not a strength"),
        ("5 mg", "is not a strength"),
        ("mg/mL", "is not a strength"),
        ("-1%", "is not a strength"),
        ("1e3%", "is not a strength"),
        ("0%", "more than zero"),
        ("0 mg/mL", "more than zero"),
        ("11%", "too strong"),
        ("9" * 400 + " mg/mL", "is not a strength"),
    ],
)
def test_parse_strength_rejects(typed: str, why: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_strength(typed)
    assert why in info.value.issues[0].message


def test_every_catalogue_strength_parses_to_itself() -> None:
    for drug in CATALOGUE:
        for strength in drug.strengths:
            parsed = parse_strength(strength)
            assert parsed.text == strength
            assert math.isfinite(parsed.mg_per_ml) and parsed.mg_per_ml > 0


class TestCatalogue:
    def test_find_by_name_or_brand_any_case(self) -> None:
        assert find_drug(" Bupivacaine ") is find_drug("bupivacaine") is find_drug("MARCAINE")
        assert find_drug("kenalog") is find_drug("triamcinolone")
        assert find_drug("ropivacaine") is None
        assert find_drug("") is None

    def test_classes(self) -> None:
        assert find_drug("lidocaine").drug_class is DrugClass.LOCAL_ANAESTHETIC  # type: ignore[union-attr]
        assert find_drug("dexamethasone").drug_class is DrugClass.STEROID  # type: ignore[union-attr]
        assert find_drug("iohexol").drug_class is DrugClass.CONTRAST  # type: ignore[union-attr]


def bupi(volume: float = 0.5, per_target: bool = True, strength: str = "0.5%") -> MedicationLine:
    return MedicationLine("bupivacaine", strength, volume, per_target)


class TestVolumes:
    def test_per_target_volume_is_multiplied_by_needle_sites(self) -> None:
        assert bupi(0.5).total_ml(5) == pytest.approx(2.5)

    def test_total_volume_is_not(self) -> None:
        assert bupi(2.0, per_target=False).total_ml(5) == pytest.approx(2.0)

    def test_bilateral_targets_count_as_two_sites(self) -> None:
        # L4-L5 bilateral + L5-S1 left: L3 B, L4 B, L5 DR L = 5 needle sites.
        targets = targets_for(ProcedureKind.MEDIAL_BRANCH_BLOCK,
                              parse_joint_sides("L4-5 B, L5-S1 L"))
        sites = site_count(targets)
        assert sites == 5
        (total,) = totals([bupi(0.5)], sites, 72)
        assert total.total_ml == pytest.approx(2.5)
        assert total.total_mg == pytest.approx(12.5)  # 0.5% = 5 mg/mL


class TestTotals:
    def test_one_total_per_drug_in_first_seen_order(self) -> None:
        lines = [
            MedicationLine("lidocaine", "1%", 0.5, True),
            bupi(0.5),
            MedicationLine("Lidocaine", "2%", 1.0, False),
        ]
        result = totals(lines, 4, 72)
        assert [t.name for t in result] == ["lidocaine", "bupivacaine"]
        lido, bup = result
        assert lido.total_ml == pytest.approx(3.0)  # 0.5 x 4 + 1.0
        assert lido.total_mg == pytest.approx(40.0)  # 2 mL x 10 + 1 mL x 20
        assert bup.total_mg == pytest.approx(10.0)
        assert lido.drug_class is DrugClass.LOCAL_ANAESTHETIC

    def test_brand_name_totals_under_the_drug_name(self) -> None:
        (total,) = totals([MedicationLine("Marcaine", "0.5%", 1.0, False)], 1, 72)
        assert total.name == "bupivacaine"
        assert total.max_mg == 175

    def test_unreadable_strength_gives_no_mg(self) -> None:
        (total,) = totals([bupi(1.0, strength="strong")], 2, 72)
        assert total.total_ml == pytest.approx(2.0)
        assert total.total_mg is None
        assert not total.over_max and total.warning is None

    def test_unknown_drug_has_no_limit(self) -> None:
        (total,) = totals([MedicationLine("saline", "0.9%", 5, False)], 1, 72)
        assert total.drug_class is None and total.max_mg is None and not total.over_max

    def test_steroid_and_contrast_have_no_limit(self) -> None:
        result = totals([MedicationLine("triamcinolone", "40 mg/mL", 1, False),
                         MedicationLine("iohexol", "300 mgI/mL", 2, False)], 2, 72)
        assert [t.total_mg for t in result] == [40, 600]
        assert [t.max_mg for t in result] == [None, None]

    def test_no_lines(self) -> None:
        assert totals([], 4, 72) == ()


class TestMaximumDose:
    @pytest.mark.parametrize(
        ("drug", "weight", "limit", "basis"),
        [
            # Bupivacaine 2.5 mg/kg, never more than 175 mg.
            ("bupivacaine", 40, 100.0, "2.5 mg/kg x 40 kg"),
            ("bupivacaine", 70, 175.0, "2.5 mg/kg x 70 kg"),
            ("bupivacaine", 72, 175.0, "absolute maximum; 2.5 mg/kg x 72 kg is more"),
            ("bupivacaine", None, 175.0, "absolute maximum; no weight recorded"),
            # Lidocaine 4.5 mg/kg, never more than 300 mg.
            ("lidocaine", 50, 225.0, "4.5 mg/kg x 50 kg"),
            ("lidocaine", 80, 300.0, "absolute maximum; 4.5 mg/kg x 80 kg is more"),
            ("lidocaine", None, 300.0, "absolute maximum; no weight recorded"),
            ("lidocaine", 0, 300.0, "absolute maximum; no weight recorded"),
            ("triamcinolone", 72, None, ""),
        ],
    )
    def test_limit(self, drug: str, weight: float | None, limit: float | None,
                   basis: str) -> None:
        d = find_drug(drug)
        assert d is not None
        assert max_dose(d, weight) == (limit, basis)

    def test_over_the_weight_limit_warns(self) -> None:
        # 40 kg: bupivacaine limit 100 mg; 21 mL of 0.5% = 105 mg.
        (total,) = totals([bupi(3.5)], 6, 40)
        assert total.total_mg == pytest.approx(105)
        assert total.over_max
        assert total.warning == (
            "Bupivacaine total 105 mg is over the maximum of 100 mg (2.5 mg/kg x 40 kg).")

    def test_exactly_at_the_limit_does_not_warn(self) -> None:
        (total,) = totals([bupi(2.0)], 10, 40)  # 20 mL x 5 mg/mL = 100 mg
        assert total.total_mg == pytest.approx(100)
        assert not total.over_max and total.warning is None

    def test_without_weight_the_absolute_maximum_applies(self) -> None:
        (under,) = totals([bupi(3.5)], 10, None)  # 175 mg
        assert not under.over_max
        (over,) = totals([bupi(3.6)], 10, None)  # 180 mg
        assert over.over_max
        assert "absolute maximum" in (over.warning or "")


def test_steroid_given() -> None:
    assert steroid_given([MedicationLine("Kenalog", "40 mg/mL", 1.0)])
    assert not steroid_given([bupi()])
    assert not steroid_given([MedicationLine("triamcinolone", "40 mg/mL", 0.0)])
    assert not steroid_given([])
