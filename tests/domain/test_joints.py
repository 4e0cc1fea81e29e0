"""Facet joints, sides, level parsing and the spine-picker selection logic (REFERENCE.md 3.1)."""

from __future__ import annotations

import pytest

from clinic_desk.domain.errors import LevelError, ValidationError
from clinic_desk.domain.joints import (
    JOINTS,
    Joint,
    JointSide,
    Region,
    Side,
    joint,
    merge_sides,
    normalize_selection,
    parse_joint_side,
    parse_joint_sides,
    parse_level,
    parse_side,
    regions_of,
    toggle,
)

ALL_JOINT_NAMES = [
    "C2-C3", "C3-C4", "C4-C5", "C5-C6", "C6-C7", "C7-T1",
    "T1-T2", "T2-T3", "T3-T4", "T4-T5", "T5-T6", "T6-T7", "T7-T8", "T8-T9", "T9-T10",
    "T10-T11", "T11-T12", "T12-L1",
    "L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1",
]

L = Side.LEFT
R = Side.RIGHT
B = Side.BILATERAL


def js(name: str, side: Side) -> JointSide:
    return JointSide(joint(name), side)


class TestJointList:
    def test_the_23_facet_joints_from_c2_c3_to_l5_s1_top_to_bottom(self) -> None:
        assert [j.name for j in JOINTS] == ALL_JOINT_NAMES
        assert [j.index for j in JOINTS] == list(range(23))
        assert sorted(JOINTS, reverse=True)[::-1] == list(JOINTS)

    @pytest.mark.parametrize(
        ("name", "region"),
        [("C2-C3", Region.CERVICAL), ("C7-T1", Region.CERVICAL), ("T1-T2", Region.THORACIC),
         ("T12-L1", Region.THORACIC), ("L1-L2", Region.LUMBAR), ("L5-S1", Region.LUMBAR)],
    )
    def test_region_of_the_junction_joints(self, name: str, region: Region) -> None:
        assert joint(name).region is region

    @pytest.mark.parametrize(
        ("name", "short"),
        [("L4-L5", "L4-5"), ("C7-T1", "C7-T1"), ("L5-S1", "L5-S1"), ("T11-T12", "T11-12")],
    )
    def test_short_name(self, name: str, short: str) -> None:
        assert joint(name).short_name == short

    def test_joint_looks_up_canonical_names_and_parses_the_rest(self) -> None:
        assert joint("L4-L5") is JOINTS[21]
        assert joint("l45") is JOINTS[21]
        with pytest.raises(LevelError):
            joint("L6-S1")

    def test_str_is_the_canonical_name(self) -> None:
        assert str(joint("T12-L1")) == "T12-L1"
        assert str(js("L4-L5", B)) == "L4-L5 bilateral"


class TestParseLevel:
    @pytest.mark.parametrize("name", ALL_JOINT_NAMES)
    def test_every_canonical_name_parses_to_itself(self, name: str) -> None:
        assert parse_level(name).name == name

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("l4-5", "L4-L5"),
            ("L4/L5", "L4-L5"),
            ("L4-L5", "L4-L5"),
            ("l45", "L4-L5"),
            ("L4 L5", "L4-L5"),
            ("  l4 - 5  ", "L4-L5"),
            ("L4.5", "L4-L5"),
            ("c7-t1", "C7-T1"),
            ("C7T1", "C7-T1"),
            ("C7/T1", "C7-T1"),
            ("t12-l1", "T12-L1"),
            ("T12L1", "T12-L1"),
            ("T1112", "T11-T12"),
            ("t11-12", "T11-T12"),
            ("T9-10", "T9-T10"),
            ("T910", "T9-T10"),
            ("l5s1", "L5-S1"),
            ("L5/S1", "L5-S1"),
            ("L5-S1", "L5-S1"),
            ("L4\u2013L5", "L4-L5"),  # en dash
            ("L4\u2014L5", "L4-L5"),  # em dash
            ("L4\u2212L5", "L4-L5"),  # minus sign
            ("Ｌ４－５", "L4-L5"),  # full-width, as some input methods type it
            ("L5-L4", "L4-L5"),  # reversed
            ("S1-L5", "L5-S1"),
            ("T1-C7", "C7-T1"),
            ("c23", "C2-C3"),
            ("C2-3", "C2-C3"),
            ("L1-2", "L1-L2"),
        ],
    )
    def test_typed_forms(self, typed: str, expected: str) -> None:
        assert parse_level(typed).name == expected

    @pytest.mark.parametrize(
        ("typed", "why"),
        [
            ("L3-L5", ["L3-L5 is not one facet joint", "neighbouring", "L3-L4 or L4-L5"]),
            ("L3-5", ["not one facet joint", "L3-L4 or L4-L5"]),
            ("C1-C2", ["not a facet joint", "C1-C2", "highest facet joint is C2-C3"]),
            ("C0-C1", ["not a facet joint", "highest facet joint is C2-C3"]),
            ("c12", ["not a facet joint"]),
            ("S1-S2", ["sacrum", "fused", "lowest facet joint is L5-S1"]),
            ("L6-S1", ["no L6 vertebra", "L1 to L5"]),
            ("C7-C8", ["no C8 vertebra"]),
            ("T12-T13", ["no T13 vertebra"]),
            ("", ["Enter a level"]),
            ("   ", ["Enter a level"]),
            ("banana", ["not a spinal level", "L4-L5"]),
            ("L4", ["only one vertebra"]),
            ("L4-L4", ["one vertebra twice"]),
            ("L4-", ["only one vertebra"]),
            ("L4-L", ["missing the number of the lower vertebra"]),
            ("C7-1", ["unclear", "did you mean C7-T1"]),
            ("T12-1", ["did you mean T12-L1"]),
            ("L5-1", ["did you mean L5-S1"]),
        ],
    )
    def test_rejects_with_the_reason(self, typed: str, why: list[str]) -> None:
        with pytest.raises(LevelError) as info:
            parse_level(typed)
        message = info.value.issues[0].message
        for part in why:
            assert part in message
        assert len(info.value.issues) == 1

    def test_level_error_is_a_validation_error(self) -> None:
        assert issubclass(LevelError, ValidationError)

    def test_long_garbage_is_shortened_in_the_message(self) -> None:
        with pytest.raises(LevelError) as info:
            parse_level("x" * 500)
        assert len(info.value.issues[0].message) < 200

    def test_non_latin_digits_are_read_as_digits(self) -> None:
        # Arabic-Indic digits match \d; they must not reach the vertebra table unconverted.
        assert parse_level("L\u0664\u0665").name == "L4-L5"
        assert parse_level("L\u0664-\u0665").name == "L4-L5"


class TestSides:
    @pytest.mark.parametrize(
        ("typed", "side"),
        [("L", L), ("l", L), ("Lt", L), ("lt.", L), ("left", L), ("LEFT", L),
         ("R", R), ("rt", R), ("Right", R),
         ("B", B), ("bil", B), ("bilat", B), ("Bilateral", B), ("both", B), ("50", B)],
    )
    def test_parse_side(self, typed: str, side: Side) -> None:
        assert parse_side(typed) is side

    @pytest.mark.parametrize("typed", ["", "middle", "x", "L R"])
    def test_parse_side_rejects(self, typed: str) -> None:
        with pytest.raises(ValidationError) as info:
            parse_side(typed)
        assert "left (L), right (R) or bilateral (B)" in info.value.issues[0].message

    def test_physical_sides_and_site_counts(self) -> None:
        assert B.physical == (L, R)
        assert L.physical == (L,)
        assert (L.site_count, R.site_count, B.site_count) == (1, 1, 2)

    @pytest.mark.parametrize(
        ("a", "b", "merged"), [(L, L, L), (R, R, R), (L, R, B), (R, L, B), (B, L, B), (L, B, B)]
    )
    def test_merge_sides(self, a: Side, b: Side, merged: Side) -> None:
        assert merge_sides(a, b) is merged


class TestParseJointSide:
    @pytest.mark.parametrize(
        ("typed", "name", "side"),
        [
            ("L4-5 B", "L4-L5", B),
            ("l45 left", "L4-L5", L),
            ("left L5-S1", "L5-S1", L),
            ("L5/S1 R", "L5-S1", R),
            ("c7t1 rt", "C7-T1", R),
            ("R T12-L1", "T12-L1", R),
            ("L4 L5 L", "L4-L5", L),
            ("l4-5 bilateral", "L4-L5", B),
        ],
    )
    def test_level_and_side(self, typed: str, name: str, side: Side) -> None:
        assert parse_joint_side(typed) == js(name, side)

    def test_default_side_when_none_typed(self) -> None:
        assert parse_joint_side("l45", default_side=R) == js("L4-L5", R)

    def test_typed_side_wins_over_default(self) -> None:
        assert parse_joint_side("l45 L", default_side=R) == js("L4-L5", L)

    def test_missing_side_names_the_level(self) -> None:
        with pytest.raises(ValidationError) as info:
            parse_joint_side("l45")
        assert "Add the side for L4-L5" in info.value.issues[0].message

    def test_empty(self) -> None:
        with pytest.raises(LevelError) as info:
            parse_joint_side("  ")
        assert "Enter a level and a side" in info.value.issues[0].message

    def test_bad_level_keeps_the_level_reason(self) -> None:
        with pytest.raises(LevelError) as info:
            parse_joint_side("S1-S2 L")
        assert "sacrum" in info.value.issues[0].message


class TestParseJointSides:
    def test_list_in_any_order_comes_back_top_to_bottom(self) -> None:
        assert parse_joint_sides("L5-S1 L, L4-5 B") == (js("L4-L5", B), js("L5-S1", L))

    def test_semicolons_and_new_lines_separate_too(self) -> None:
        assert parse_joint_sides("C5-6 R; C6-7 R\nC7-T1 R") == (
            js("C5-C6", R), js("C6-C7", R), js("C7-T1", R))

    def test_left_and_right_of_one_joint_merge_into_bilateral(self) -> None:
        assert parse_joint_sides("L4-5 L, l45 R") == (js("L4-L5", B),)

    def test_same_side_twice_is_one_entry(self) -> None:
        assert parse_joint_sides("L4-5 L, L4/L5 left") == (js("L4-L5", L),)

    def test_default_side(self) -> None:
        assert parse_joint_sides("L3-4, L4-5", default_side=L) == (js("L3-L4", L), js("L4-L5", L))

    def test_empty_text_is_an_empty_selection(self) -> None:
        assert parse_joint_sides("") == ()
        assert parse_joint_sides(" , ;") == ()

    def test_every_bad_entry_is_reported_with_its_position(self) -> None:
        with pytest.raises(ValidationError) as info:
            parse_joint_sides("L4-5 B, L6-S1 L, L5-S1, C1-C2 R")
        fields = [i.field for i in info.value.issues]
        assert fields == ["[1]", "[2]", "[3]"]
        messages = [i.message for i in info.value.issues]
        assert "no L6 vertebra" in messages[0]
        assert "Add the side for L5-S1" in messages[1]
        assert "not a facet joint" in messages[2]

    def test_non_text_is_rejected_not_crashed_on(self) -> None:
        with pytest.raises(ValidationError):
            parse_joint_sides(5)  # type: ignore[arg-type]


class TestNormalizeSelection:
    def test_sorted_merged_one_entry_per_joint(self) -> None:
        items = [js("L5-S1", L), js("L4-L5", R), js("L4-L5", L), js("C5-C6", R), js("L5-S1", L)]
        assert normalize_selection(items) == (js("C5-C6", R), js("L4-L5", B), js("L5-S1", L))

    def test_bilateral_absorbs_one_side(self) -> None:
        assert normalize_selection([js("L4-L5", B), js("L4-L5", R)]) == (js("L4-L5", B),)

    def test_empty(self) -> None:
        assert normalize_selection([]) == ()


class TestToggle:
    """Clicks on the spine picker: each click flips one physical side of one joint."""

    def test_first_click_selects_that_side(self) -> None:
        assert toggle({}, joint("L4-L5"), L) == {joint("L4-L5"): L}

    def test_other_side_makes_it_bilateral(self) -> None:
        assert toggle({joint("L4-L5"): L}, joint("L4-L5"), R) == {joint("L4-L5"): B}

    def test_clicking_a_side_of_a_bilateral_joint_leaves_the_other(self) -> None:
        assert toggle({joint("L4-L5"): B}, joint("L4-L5"), L) == {joint("L4-L5"): R}
        assert toggle({joint("L4-L5"): B}, joint("L4-L5"), R) == {joint("L4-L5"): L}

    def test_clicking_the_only_side_again_removes_the_joint(self) -> None:
        assert toggle({joint("L4-L5"): L, joint("L5-S1"): R}, joint("L4-L5"), L) == {
            joint("L5-S1"): R}

    def test_other_joints_and_the_input_are_untouched(self) -> None:
        before = {joint("L5-S1"): R}
        after = toggle(before, joint("C5-C6"), L)
        assert after == {joint("L5-S1"): R, joint("C5-C6"): L}
        assert before == {joint("L5-S1"): R}

    def test_two_clicks_on_the_same_side_cancel_out(self) -> None:
        start = {joint("T4-T5"): R}
        for j in JOINTS:
            for side in (L, R):
                assert toggle(toggle(start, j, side), j, side) == start

    def test_bilateral_is_not_a_click(self) -> None:
        with pytest.raises(ValueError, match="physical side"):
            toggle({}, joint("L4-L5"), B)


def test_regions_of_top_to_bottom() -> None:
    assert regions_of([js("L4-L5", B), js("C5-C6", R)]) == (Region.CERVICAL, Region.LUMBAR)
    assert regions_of([joint("T4-T5"), joint("T12-L1")]) == (Region.THORACIC,)
    assert regions_of([]) == ()


def test_joint_is_hashable_and_ordered() -> None:
    a, b = joint("L4-L5"), joint("L5-S1")
    assert a < b
    assert {a: 1}[Joint(21, "L4", "L5")] == 1
