"""Which nerves supply each facet joint, and back (REFERENCE.md 2.1-2.4)."""

from __future__ import annotations

import pytest

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.innervation import (
    NERVES,
    Target,
    joints_for_nerves,
    nerve,
    nerve_targets,
    nerves_for_joint,
    parse_nerve,
    site_count,
    targets_for,
)
from clinic_desk.domain.joints import JOINTS, JointSide, Side, joint, parse_joint_sides
from clinic_desk.domain.procedures import ProcedureKind

L = Side.LEFT
R = Side.RIGHT
B = Side.BILATERAL

# Written out by hand from REFERENCE.md 2.2-2.4, not generated: every one of the 23 joints.
INNERVATION: list[tuple[str, tuple[str, ...]]] = [
    ("C2-C3", ("third occipital nerve",)),
    ("C3-C4", ("C3 medial branch", "C4 medial branch")),
    ("C4-C5", ("C4 medial branch", "C5 medial branch")),
    ("C5-C6", ("C5 medial branch", "C6 medial branch")),
    ("C6-C7", ("C6 medial branch", "C7 medial branch")),
    ("C7-T1", ("C7 medial branch", "C8 medial branch")),
    ("T1-T2", ("C8 medial branch", "T1 medial branch")),
    ("T2-T3", ("T1 medial branch", "T2 medial branch")),
    ("T3-T4", ("T2 medial branch", "T3 medial branch")),
    ("T4-T5", ("T3 medial branch", "T4 medial branch")),
    ("T5-T6", ("T4 medial branch", "T5 medial branch")),
    ("T6-T7", ("T5 medial branch", "T6 medial branch")),
    ("T7-T8", ("T6 medial branch", "T7 medial branch")),
    ("T8-T9", ("T7 medial branch", "T8 medial branch")),
    ("T9-T10", ("T8 medial branch", "T9 medial branch")),
    ("T10-T11", ("T9 medial branch", "T10 medial branch")),
    ("T11-T12", ("T10 medial branch", "T11 medial branch")),
    ("T12-L1", ("T11 medial branch", "T12 medial branch")),
    ("L1-L2", ("T12 medial branch", "L1 medial branch")),
    ("L2-L3", ("L1 medial branch", "L2 medial branch")),
    ("L3-L4", ("L2 medial branch", "L3 medial branch")),
    ("L4-L5", ("L3 medial branch", "L4 medial branch")),
    ("L5-S1", ("L4 medial branch", "L5 dorsal ramus")),
]


def names(targets: tuple[Target, ...]) -> list[tuple[str, Side]]:
    return [(t.name, t.side) for t in targets]


def test_the_table_covers_all_23_joints() -> None:
    assert [name for name, _ in INNERVATION] == [j.name for j in JOINTS]


@pytest.mark.parametrize(("level", "nerves"), INNERVATION)
def test_joint_to_nerves(level: str, nerves: tuple[str, ...]) -> None:
    assert tuple(n.name for n in nerves_for_joint(joint(level))) == nerves


@pytest.mark.parametrize(("level", "nerves"), INNERVATION)
@pytest.mark.parametrize("side", [L, R, B])
def test_joint_to_targets_on_each_side(level: str, nerves: tuple[str, ...], side: Side) -> None:
    targets = targets_for(ProcedureKind.MEDIAL_BRANCH_BLOCK, [JointSide(joint(level), side)])
    assert names(targets) == [(n, side) for n in nerves]
    assert all(t.is_nerve for t in targets)


@pytest.mark.parametrize(("level", "nerves"), INNERVATION)
@pytest.mark.parametrize("side", [L, R, B])
def test_nerves_to_joint(level: str, nerves: tuple[str, ...], side: Side) -> None:
    assert joints_for_nerves([(nerve(n), side) for n in nerves]) == (
        JointSide(joint(level), side),)


@pytest.mark.parametrize(("level", "nerves"), [row for row in INNERVATION if len(row[1]) == 2])
def test_one_nerve_of_a_pair_covers_no_joint(level: str, nerves: tuple[str, ...]) -> None:
    for n in nerves:
        assert joints_for_nerves([(nerve(n), L)]) == ()


def test_nerve_names_on_each_side_must_match() -> None:
    # L3 left + L4 right block no whole joint on either side.
    assert joints_for_nerves([(nerve("L3 medial branch"), L), (nerve("L4 medial branch"), R)]) == ()


class TestMultiLevel:
    def test_neighbouring_joints_share_a_nerve(self) -> None:
        # Left L3-L4 + L4-L5: L2, L3, L4 medial branches, not four targets (REFERENCE.md 2.4).
        targets = nerve_targets(parse_joint_sides("L3-L4 L, L4-L5 L"))
        assert names(targets) == [
            ("L2 medial branch", L), ("L3 medial branch", L), ("L4 medial branch", L)]

    def test_bilateral_and_one_sided_levels(self) -> None:
        targets = nerve_targets(parse_joint_sides("L4-L5 B, L5-S1 L"))
        assert names(targets) == [
            ("L3 medial branch", B), ("L4 medial branch", B), ("L5 dorsal ramus", L)]
        assert site_count(targets) == 5

    def test_left_and_right_different_levels(self) -> None:
        targets = nerve_targets(parse_joint_sides("L3-L4 L, L4-L5 R"))
        assert names(targets) == [
            ("L2 medial branch", L), ("L3 medial branch", B), ("L4 medial branch", R)]

    def test_cervicothoracic_junction(self) -> None:
        targets = nerve_targets(parse_joint_sides("C6-C7 R, C7-T1 R, T1-T2 R"))
        assert names(targets) == [
            ("C6 medial branch", R), ("C7 medial branch", R), ("C8 medial branch", R),
            ("T1 medial branch", R)]

    def test_thoracolumbar_junction(self) -> None:
        targets = nerve_targets(parse_joint_sides("T12-L1 B, L1-L2 B"))
        assert names(targets) == [
            ("T11 medial branch", B), ("T12 medial branch", B), ("L1 medial branch", B)]

    def test_c2_c3_and_c3_c4(self) -> None:
        targets = nerve_targets(parse_joint_sides("C2-C3 L, C3-C4 L"))
        assert names(targets) == [
            ("third occipital nerve", L), ("C3 medial branch", L), ("C4 medial branch", L)]

    def test_order_of_input_does_not_matter(self) -> None:
        a = nerve_targets(parse_joint_sides("L5-S1 R, L3-L4 L, L4-L5 B"))
        b = nerve_targets(parse_joint_sides("L4-L5 B, L3-L4 L, L5-S1 R"))
        assert a == b

    def test_empty(self) -> None:
        assert nerve_targets([]) == ()
        assert site_count(()) == 0


class TestInverseMultiLevel:
    def test_coding_example_l3_l4_l5dr_is_two_levels(self) -> None:
        # REFERENCE.md 2.4: bilateral L3, L4 MB + L5 dorsal ramus = L4-L5 and L5-S1.
        nerves = [(nerve("L3 medial branch"), B), (nerve("L4 medial branch"), B),
                  (nerve("L5 dorsal ramus"), B)]
        assert joints_for_nerves(nerves) == parse_joint_sides("L4-L5 B, L5-S1 B")

    def test_coding_example_l1_l2_l3_is_two_levels(self) -> None:
        # REFERENCE.md 2.4: L1, L2, L3 medial branches = L2-L3 and L3-L4.
        nerves = [(nerve(f"L{n} medial branch"), R) for n in (1, 2, 3)]
        assert joints_for_nerves(nerves) == parse_joint_sides("L2-L3 R, L3-L4 R")

    def test_one_side_more_than_the_other(self) -> None:
        nerves = [(nerve("L3 medial branch"), B), (nerve("L4 medial branch"), B),
                  (nerve("L5 dorsal ramus"), L)]
        assert joints_for_nerves(nerves) == parse_joint_sides("L4-L5 B, L5-S1 L")

    def test_left_and_right_given_separately_merge(self) -> None:
        nerves = [(nerve("C5 medial branch"), L), (nerve("C6 medial branch"), L),
                  (nerve("C5 medial branch"), R), (nerve("C6 medial branch"), R)]
        assert joints_for_nerves(nerves) == parse_joint_sides("C5-C6 B")

    @pytest.mark.parametrize(
        "selection",
        ["L3-L4 L, L4-L5 L", "L4-L5 B, L5-S1 L", "C2-C3 R, C3-C4 R, C4-C5 R",
         "C6-C7 B, C7-T1 B, T1-T2 B", "T11-T12 L, T12-L1 L, L1-L2 L", "L1-L2 R, L2-L3 R"],
    )
    def test_targets_of_a_contiguous_selection_map_back_to_it(self, selection: str) -> None:
        chosen = parse_joint_sides(selection)
        targets = nerve_targets(chosen)
        assert joints_for_nerves([(nerve(t.name), t.side) for t in targets]) == chosen

    def test_blocking_a_run_of_nerves_also_covers_the_joint_between(self) -> None:
        # L3-L4 + L5-S1 need L2, L3, L4 and L5 DR, which also cover L4-L5: the inverse
        # reports what the blocked nerves cover, not what was asked for.
        targets = nerve_targets(parse_joint_sides("L3-L4 L, L5-S1 L"))
        assert joints_for_nerves([(nerve(t.name), t.side) for t in targets]) == (
            parse_joint_sides("L3-L4 L, L4-L5 L, L5-S1 L"))


class TestIntraArticular:
    def test_targets_are_the_joints_themselves(self) -> None:
        targets = targets_for(ProcedureKind.INTRA_ARTICULAR, parse_joint_sides("L5-S1 L, L4-5 B"))
        assert names(targets) == [("L4-L5 facet joint", B), ("L5-S1 facet joint", L)]
        assert not any(t.is_nerve for t in targets)
        assert site_count(targets) == 3
        assert [t.as_json() for t in targets] == [
            {"joint": "L4-L5 facet joint", "side": "bilateral"},
            {"joint": "L5-S1 facet joint", "side": "left"},
        ]

    def test_rfa_targets_nerves_like_a_block(self) -> None:
        chosen = parse_joint_sides("L4-5 B, L5-S1 L")
        assert targets_for(ProcedureKind.RADIOFREQUENCY_ABLATION, chosen) == targets_for(
            ProcedureKind.MEDIAL_BRANCH_BLOCK, chosen)

    def test_left_and_right_entries_are_merged_first(self) -> None:
        raw = [JointSide(joint("L4-L5"), L), JointSide(joint("L4-L5"), R)]
        assert names(targets_for(ProcedureKind.INTRA_ARTICULAR, raw)) == [
            ("L4-L5 facet joint", B)]


def test_target_json_and_text() -> None:
    t = nerve_targets(parse_joint_sides("L5-S1 R"))[1]
    assert t.as_json() == {"nerve": "L5 dorsal ramus", "side": "right"}
    assert str(t) == "L5 dorsal ramus (right)"


class TestNerveList:
    def test_nerves_top_to_bottom(self) -> None:
        assert [n.name for n in NERVES][:3] == [
            "third occipital nerve", "C3 medial branch", "C4 medial branch"]
        assert NERVES[-2].name == "L4 medial branch"
        assert NERVES[-1].name == "L5 dorsal ramus"
        assert [n.order for n in NERVES] == list(range(len(NERVES)))

    def test_every_nerve_supplies_some_joint(self) -> None:
        used = {n for j in JOINTS for n in nerves_for_joint(j)}
        assert used == set(NERVES)

    def test_no_l5_medial_branch(self) -> None:
        # "there is no L5 medial branch to innervate the facet joint" (REFERENCE.md 2.4).
        assert "L5 medial branch" not in {n.name for n in NERVES}


class TestParseNerve:
    @pytest.mark.parametrize(
        ("typed", "name"),
        [("L3", "L3 medial branch"), ("l3 mb", "L3 medial branch"), ("L3MB", "L3 medial branch"),
         ("C8 medial branch", "C8 medial branch"), ("t12", "T12 medial branch"),
         ("L5", "L5 dorsal ramus"), ("L5 DR", "L5 dorsal ramus"),
         ("l5 dorsal ramus", "L5 dorsal ramus"), ("TON", "third occipital nerve"),
         ("third occipital nerve", "third occipital nerve"),
         ("3rd occipital", "third occipital nerve"),
         ("  c3  ", "C3 medial branch")],
    )
    def test_accepts(self, typed: str, name: str) -> None:
        assert parse_nerve(typed).name == name

    @pytest.mark.parametrize("nerve_name", [n.name for n in NERVES])
    def test_every_canonical_name_parses_to_itself(self, nerve_name: str) -> None:
        assert parse_nerve(nerve_name).name == nerve_name

    @pytest.mark.parametrize(
        ("typed", "why"),
        [("L5 MB", "L5 dorsal ramus"), ("L5 medial branch", "no L5 medial branch"),
         ("L3 DR", "Only L5"), ("C2", "does not supply a facet joint"),
         ("T13", "does not supply"), ("S1", "not a nerve"), ("", "not a nerve"),
         ("banana", "not a nerve")],
    )
    def test_rejects_with_the_reason(self, typed: str, why: str) -> None:
        with pytest.raises(ValidationError) as info:
            parse_nerve(typed)
        assert why in info.value.issues[0].message
