"""Suggested CPT lines and ICD-10-CM codes, as worked cases (REFERENCE.md 3.1, 3.2, 6)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clinic_desk.domain.coding import (
    DESCRIPTIONS,
    MODIFIER,
    cpt_lines,
    icd10_for_joint,
    icd10_suggestions,
)
from clinic_desk.domain.joints import (
    JOINTS,
    Joint,
    JointSide,
    Side,
    joint,
    normalize_selection,
    parse_joint_sides,
)
from clinic_desk.domain.procedures import Modality, ProcedureKind

MBB = ProcedureKind.MEDIAL_BRANCH_BLOCK
IA = ProcedureKind.INTRA_ARTICULAR
RFA = ProcedureKind.RADIOFREQUENCY_ABLATION


def codes(kind: ProcedureKind, selection: str, modality: Modality = Modality.FLUOROSCOPY
          ) -> list[str]:
    return [str(line) for line in cpt_lines(kind, parse_joint_sides(selection), modality)]


# (procedure, joints and sides, expected lines): one row per worked case.
INJECTION_CASES = [
    # Lumbar (REFERENCE.md 6.1): 64493 first level, +64494 second, +64495 third and more, once.
    ("one level left", "L4-5 L", ["64493-LT"]),
    ("one level right", "L5-S1 R", ["64493-RT"]),
    ("one level bilateral", "L4-5 B", ["64493-50"]),
    ("two levels, bilateral then left", "L4-5 B, L5-S1 L", ["64493-50", "64494-LT"]),
    ("two levels, same side", "L3-4 R, L4-5 R", ["64493-RT", "64494-RT"]),
    ("three levels bilateral", "L3-4 B, L4-5 B, L5-S1 B", ["64493-50", "64494-50", "64495-50"]),
    ("four levels bilateral", "L2-3 B, L3-4 B, L4-5 B, L5-S1 B",
     ["64493-50", "64494-50", "64495-50"]),
    ("four levels, last two left", "L2-3 B, L3-4 B, L4-5 L, L5-S1 L",
     ["64493-50", "64494-50", "64495-LT"]),
    ("four levels, last two left and right", "L2-3 R, L3-4 R, L4-5 L, L5-S1 R",
     ["64493-RT", "64494-RT", "64495-50"]),
    # Cervical and thoracic share 64490-64492.
    ("cervical one level", "C5-6 R", ["64490-RT"]),
    ("cervical three levels", "C4-5 B, C5-6 B, C6-7 B", ["64490-50", "64491-50", "64492-50"]),
    ("C2-C3 (third occipital nerve)", "C2-3 L", ["64490-LT"]),
    ("C7-T1 with T1-T2 is one family", "C7-T1 L, T1-2 L", ["64490-LT", "64491-LT"]),
    ("thoracic two levels", "T4-5 L, T5-6 L", ["64490-LT", "64491-LT"]),
    ("T12-L1 alone is thoracic", "T12-L1 B", ["64490-50"]),
    # REFERENCE.md 3.1: T12-L1 + L1-L2 is one region; T12-L1 64490, L1-L2 the lumbar add-on.
    ("T12-L1 + L1-L2 bilateral", "T12-L1 B, L1-2 B", ["64490-50", "64494-50"]),
    ("T12-L1 + L1-L2 left", "T12-L1 L, L1-2 L", ["64490-LT", "64494-LT"]),
    ("T12-L1 + L1-L2 + L2-L3", "T12-L1 B, L1-2 B, L2-3 B", ["64490-50", "64494-50", "64495-50"]),
    # Beside a higher thoracic level T12-L1 stays thoracic: 64490 is never listed twice.
    ("T11-T12 + T12-L1 + L1-L2", "T11-12 B, T12-L1 B, L1-2 B",
     ["64490-50", "64491-50", "64493-50"]),
    ("cervical + T12-L1 + L1-L2", "C5-6 R, T12-L1 B, L1-2 B",
     ["64490-RT", "64491-50", "64493-50"]),
    # Two families in one session: positions restart in each.
    ("cervical + lumbar", "C5-6 R, L4-5 B", ["64490-RT", "64493-50"]),
    ("two cervical + two lumbar", "C5-6 R, C6-7 R, L4-5 B, L5-S1 B",
     ["64490-RT", "64491-RT", "64493-50", "64494-50"]),
]


@pytest.mark.parametrize(("case", "selection", "expected"), INJECTION_CASES,
                         ids=[c[0] for c in INJECTION_CASES])
@pytest.mark.parametrize("kind", [MBB, IA])
def test_injection_codes(case: str, selection: str, expected: list[str],
                         kind: ProcedureKind) -> None:
    assert codes(kind, selection) == expected


@pytest.mark.parametrize(("case", "selection", "expected"), INJECTION_CASES[:3],
                         ids=[c[0] for c in INJECTION_CASES[:3]])
def test_ct_guidance_codes_like_fluoroscopy(case: str, selection: str,
                                          expected: list[str]) -> None:
    assert codes(MBB, selection, Modality.CT) == expected


ULTRASOUND_CASES = [
    ("lumbar one level", "L4-5 B", ["0216T-50"]),
    ("lumbar two levels", "L4-5 B, L5-S1 L", ["0216T-50", "0217T-LT"]),
    ("lumbar three levels", "L3-4 L, L4-5 L, L5-S1 L", ["0216T-LT", "0217T-LT", "0218T-LT"]),
    ("cervical three levels", "C4-5 R, C5-6 R, C6-7 R", ["0213T-RT", "0214T-RT", "0215T-RT"]),
]


@pytest.mark.parametrize(("case", "selection", "expected"), ULTRASOUND_CASES,
                         ids=[c[0] for c in ULTRASOUND_CASES])
def test_ultrasound_uses_category_iii_codes(case: str, selection: str,
                                            expected: list[str]) -> None:
    # REFERENCE.md 6.1: ultrasound-guided facet injections are 0213T-0218T.
    assert codes(MBB, selection, Modality.ULTRASOUND) == expected


RFA_CASES = [
    # REFERENCE.md 6.2: per facet joint, +1 add-on per additional joint (no "third level" cap).
    ("lumbar one joint", "L4-5 R", ["64635-RT"]),
    ("lumbar two joints bilateral", "L4-5 B, L5-S1 B", ["64635-50", "64636-50"]),
    ("lumbar three joints", "L3-4 L, L4-5 L, L5-S1 L", ["64635-LT", "64636-LT", "64636-LT"]),
    ("cervical two joints", "C5-6 R, C6-7 R", ["64633-RT", "64634-RT"]),
    ("thoracic", "T5-6 B", ["64633-50"]),
    ("cervical + lumbar", "C5-6 R, L4-5 L, L5-S1 L", ["64633-RT", "64635-LT", "64636-LT"]),
    ("T12-L1 + L1-L2", "T12-L1 B, L1-2 B", ["64633-50", "64636-50"]),
    ("T11-T12 + T12-L1 + L1-L2", "T11-12 B, T12-L1 B, L1-2 B",
     ["64633-50", "64634-50", "64635-50"]),
]


@pytest.mark.parametrize(("case", "selection", "expected"), RFA_CASES,
                         ids=[c[0] for c in RFA_CASES])
def test_rfa_codes(case: str, selection: str, expected: list[str]) -> None:
    assert codes(RFA, selection) == expected
    # RFA has no ultrasound code family; the guidance does not change its codes.
    assert codes(RFA, selection, Modality.ULTRASOUND) == expected


def test_levels_count_joints_not_nerves() -> None:
    # Four nerves are blocked for L4-L5 + L5-S1 on one side, but that is two levels (3.4 L7).
    assert codes(MBB, "L4-5 L, L5-S1 L") == ["64493-LT", "64494-LT"]


def test_line_details() -> None:
    lines = cpt_lines(MBB, parse_joint_sides("L2-3 B, L3-4 B, L4-5 L, L5-S1 L"))
    assert [line.add_on for line in lines] == [False, True, True]
    assert [tuple(j.name for j in line.joints) for line in lines] == [
        ("L2-L3",), ("L3-L4",), ("L4-L5", "L5-S1")]
    assert lines[0].code == "64493" and lines[0].modifier == "50"
    assert "third and additional" in lines[2].description


def test_no_joints_no_codes() -> None:
    assert cpt_lines(MBB, []) == ()


def test_input_order_and_split_sides_do_not_matter() -> None:
    a = cpt_lines(MBB, parse_joint_sides("L5-S1 L, L4-5 R, L4-5 L"))
    b = cpt_lines(MBB, parse_joint_sides("L4-5 B, L5-S1 L"))
    assert a == b


@pytest.mark.parametrize("code", sorted(DESCRIPTIONS))
def test_every_code_has_a_description(code: str) -> None:
    assert DESCRIPTIONS[code].strip()


# ICD-10-CM M47.81- by the region of each joint (REFERENCE.md 6.4).
ICD10 = {
    "C2-C3": "M47.812", "C3-C4": "M47.812", "C4-C5": "M47.812", "C5-C6": "M47.812",
    "C6-C7": "M47.812", "C7-T1": "M47.813",
    "T1-T2": "M47.814", "T2-T3": "M47.814", "T3-T4": "M47.814", "T4-T5": "M47.814",
    "T5-T6": "M47.814", "T6-T7": "M47.814", "T7-T8": "M47.814", "T8-T9": "M47.814",
    "T9-T10": "M47.814", "T10-T11": "M47.814", "T11-T12": "M47.814", "T12-L1": "M47.815",
    "L1-L2": "M47.816", "L2-L3": "M47.816", "L3-L4": "M47.816", "L4-L5": "M47.816",
    "L5-S1": "M47.817",
}


def test_icd_table_covers_every_joint() -> None:
    assert list(ICD10) == [j.name for j in JOINTS]


@pytest.mark.parametrize(("level", "code"), ICD10.items())
def test_icd10_per_joint(level: str, code: str) -> None:
    assert icd10_for_joint(joint(level)) == code
    (suggested,) = icd10_suggestions(parse_joint_sides(f"{level} B"))
    assert suggested.code == code
    assert suggested.description.startswith("Spondylosis without myelopathy or radiculopathy")


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ("L4-5 B, L5-S1 L", ["M47.816", "M47.817"]),
        ("L3-4 L, L4-5 L", ["M47.816"]),
        ("L5-S1 B, C5-6 R", ["M47.812", "M47.817"]),
        ("C6-7 R, C7-T1 R, T1-2 R", ["M47.812", "M47.813", "M47.814"]),
        ("T12-L1 B, L1-2 B", ["M47.815", "M47.816"]),
        ("", []),
    ],
)
def test_icd10_suggestions_one_per_region_top_to_bottom(selection: str,
                                                        expected: list[str]) -> None:
    assert [str(c) for c in icd10_suggestions(parse_joint_sides(selection))] == expected


def test_icd_region_descriptions() -> None:
    described = {c.code: c.description for c in icd10_suggestions(parse_joint_sides(
        "C5-6 B, C7-T1 B, T4-5 B, T12-L1 B, L3-4 B, L5-S1 B"))}
    assert described["M47.812"].endswith("cervical region")
    assert described["M47.813"].endswith("cervicothoracic region")
    assert described["M47.814"].endswith("thoracic region")
    assert described["M47.815"].endswith("thoracolumbar region")
    assert described["M47.816"].endswith("lumbar region")
    assert described["M47.817"].endswith("lumbosacral region")


PRIMARY = {"64490", "64493", "0213T", "0216T", "64633", "64635"}
ONCE_PER_SESSION = PRIMARY | {"64491", "64492", "64494", "64495", "0214T", "0215T", "0217T",
                              "0218T"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(JOINTS), st.sampled_from(Side)), max_size=10),
       st.sampled_from(ProcedureKind), st.sampled_from(Modality))
def test_codes_for_any_selection(items: list[tuple[Joint, Side]], kind: ProcedureKind,
                                 modality: Modality) -> None:
    chosen = normalize_selection(JointSide(j, s) for j, s in items)
    lines = cpt_lines(kind, chosen, modality)
    listed = [line.code for line in lines]
    # Every joint is coded exactly once.
    assert sorted(j for line in lines for j in line.joints) == [js.joint for js in chosen]
    # A primary code at most once, and every add-on follows a primary code.
    assert all(listed.count(c) <= 1 for c in PRIMARY)
    if kind is not RFA:
        assert all(listed.count(c) <= 1 for c in ONCE_PER_SESSION)
    assert not lines or not lines[0].add_on
    assert [c in PRIMARY for c in listed] == [not line.add_on for line in lines]
    assert all(line.description for line in lines)
    for line in lines:
        sides = {js.side for js in chosen if js.joint in line.joints}
        expected = MODIFIER[sides.pop()] if len(sides) == 1 else "50"
        assert line.modifier == expected
