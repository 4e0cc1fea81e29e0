"""Issue 13's worked cases in the domain: block response from the diary, rule profiles, the
pathway rules judged from results (D2, R2, T1, R3), follow-ups due and the call JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinic_desk.domain.call_format import call_to_json, parse_call
from clinic_desk.domain.calls import (
    CallSettings,
    FollowUpAnswers,
    add_months,
    follow_ups_due,
    next_day_window,
)
from clinic_desk.domain.diary import (
    DIARY_MINUTES,
    DIARY_OFFSETS,
    MEDICARE,
    BlockResult,
    DiaryPoint,
    Recalled,
    RuleProfile,
    block_response,
    profiles_from_list,
)
from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.joints import Region
from clinic_desk.domain.pathway import build_pathway, joints_text
from clinic_desk.domain.procedures import ProcedureKind
from clinic_desk.domain.record import ProcedureRecord
from clinic_desk.domain.rules import RESULT_MISSING, PathwayFacts, RuleSettings, evaluate
from clinic_desk.handout import content
from tests.factories import at, make_joints, make_record

MBB = ProcedureKind.MEDIAL_BRANCH_BLOCK
RFA = ProcedureKind.RADIOFREQUENCY_ABLATION
IA = ProcedureKind.INTRA_ARTICULAR
COMMERCIAL_50 = RuleProfile("commercial-50", "Commercial 50%", 50)


def diary(*pains: int, medicine_from: int | None = None) -> tuple[DiaryPoint, ...]:
    """Pain at the handout's diary times, in order (15 min, 30 min, 1 h ...)."""
    return tuple(DiaryPoint(m, p, pain_medicine=medicine_from is not None and m >= medicine_from)
                 for m, p in zip(DIARY_MINUTES, pains, strict=False))


class TestBlockResponse:
    def test_handout_and_diary_form_share_one_definition_of_the_times(self) -> None:
        assert content.DIARY_OFFSETS is DIARY_OFFSETS
        assert DIARY_MINUTES == (15, 30, 60, 120, 180, 240, 300, 360)

    def test_positive_block_by_timed_diary(self) -> None:
        # Baseline 8: pain 1 is (8-1)/8 = 87.5% relief; pain 4 is 50%.
        r = block_response(8, diary(1, 1, 1, 1, 4, 6, 8, 8))
        assert r.result is BlockResult.POSITIVE
        assert r.peak_relief_percent == 87.5
        assert [p.relief_percent for p in r.points][:5] == [87.5, 87.5, 87.5, 87.5, 50.0]
        assert r.hours_80 == 1.75  # 15 min to 2 h
        assert r.hours_50 == 2.75  # 15 min to 3 h
        assert r.formula.startswith("% relief = (8 - diary score) / 8 x 100")
        assert not r.recalled and r.reliability == "Timed diary."

    def test_negative_block_by_timed_diary(self) -> None:
        r = block_response(8, diary(4, 3, 3, 4, 6, 8, 8, 8))  # best 62.5%
        assert r.result is BlockResult.NEGATIVE
        assert r.peak_relief_percent == 62.5 and r.hours_80 == 0.0
        assert "below 80%" in r.reasons[0]

    def test_commercial_fifty_percent_profile_changes_the_outcome(self) -> None:
        pains = diary(4, 3, 3, 4, 6, 8, 8, 8)
        assert block_response(8, pains, profile=MEDICARE).result is BlockResult.NEGATIVE
        assert block_response(8, pains, profile=COMMERCIAL_50).result is BlockResult.POSITIVE

    def test_recalled_relief_is_classified_and_marked_less_reliable(self) -> None:
        r = block_response(7, recalled=Recalled(90, 5))
        assert r.result is BlockResult.POSITIVE and r.recalled
        assert "less reliable" in r.reliability
        assert r.hours_80 == 5 and r.points == ()
        assert block_response(7, recalled=Recalled(60, 5)).result is BlockResult.NEGATIVE

    def test_relief_only_after_pain_medicine_is_indeterminate(self) -> None:
        r = block_response(8, diary(6, 6, 1, 1, 1, 1, 1, 1, medicine_from=60))
        assert r.result is BlockResult.INDETERMINATE
        assert "pain medicine" in r.reasons[0]
        # Relief before the medicine still counts.
        ok = block_response(8, diary(1, 1, 1, 1, 1, 1, medicine_from=240))
        assert ok.result is BlockResult.POSITIVE

    def test_no_baseline_is_indeterminate_and_no_diary_is_missing(self) -> None:
        assert block_response(None, diary(1, 1)).result is BlockResult.INDETERMINATE
        assert block_response(0, diary(0, 0)).result is BlockResult.INDETERMINATE
        assert block_response(8).result is BlockResult.MISSING

    def test_expected_duration_is_off_by_default_and_a_profile_may_ask_for_it(self) -> None:
        short = diary(1, 8, 8, 8, 8, 8, 8, 8)  # 87.5% at 15 min only
        assert block_response(8, short).result is BlockResult.POSITIVE
        timed = RuleProfile("timed", "Timed", 80, min_hours=2)
        assert block_response(8, short, profile=timed).result is BlockResult.NEGATIVE

    def test_profiles_are_data_with_checked_fields(self) -> None:
        (p,) = profiles_from_list([{"key": "bcbs", "name": "BCBS 50%", "positive_percent": 50}])
        assert p.positive_percent == 50 and p.min_hours is None
        with pytest.raises(ValidationError) as e:
            profiles_from_list([{"key": "medicare", "name": "x", "positive_percent": 150,
                                 "colour": 1}])
        assert {i.field for i in e.value.issues} == {
            "profiles[0].key", "profiles[0].positive_percent", "profiles[0].colour"}


# --- the rules, judged from results ----------------------------------------------------

_ids = iter(range(1000, 100000))


def block(number: int, when: str, joints: str = "L4-5 L, L5-S1 L", **kw: Any) -> ProcedureRecord:
    # Discharge scores say "positive" (7 -> 0) so the tests prove the diary decides.
    return make_record(kind=MBB, block_number=number, performed_at=at(when), ended_at=None,
                       joints=joints, pain_before=7, pain_after=0, id=next(_ids), **kw)


def proc(kind: ProcedureKind, when: str, joints: str = "L4-5 L, L5-S1 L") -> ProcedureRecord:
    return make_record(kind=kind, block_number=None, performed_at=at(when), ended_at=None,
                       joints=joints, id=next(_ids))


def facts(*pairs: tuple[ProcedureRecord, BlockResult], profile: RuleProfile = MEDICARE,
          follow_ups: dict[int, list[FollowUpAnswers]] | None = None) -> PathwayFacts:
    positive, negative = diary(1, 1, 1), diary(6, 6, 6)
    responses = {}
    for rec, result in pairs:
        if result is BlockResult.MISSING:
            continue
        pains = positive if result is BlockResult.POSITIVE else negative
        assert rec.id is not None
        responses[rec.id] = block_response(rec.pain_before, pains, profile=profile)
        assert responses[rec.id].result is result
    return PathwayFacts(responses, follow_ups or {}, profile)


def codes(record: ProcedureRecord, history: list[ProcedureRecord], f: PathwayFacts,
          settings: RuleSettings | None = None) -> dict[str, str]:
    return {w.code: w.message for w in evaluate(record, history, settings, f)}


P, N, M = BlockResult.POSITIVE, BlockResult.NEGATIVE, BlockResult.MISSING


class TestRulesFromResults:
    def test_two_positive_blocks_of_the_same_joints_make_rfa_eligible(self) -> None:
        b1, b2 = block(1, "2026-03-01 09:00"), block(2, "2026-03-15 09:00")
        rfa = proc(RFA, "2026-04-01 09:00")
        found = codes(rfa, [b1, b2], facts((b1, P), (b2, P)))
        assert "RFA_WITHOUT_TWO_BLOCKS" not in found and RESULT_MISSING not in found

    def test_two_positive_blocks_of_different_joints_do_not(self) -> None:
        b1 = block(1, "2026-03-01 09:00")
        b2 = block(2, "2026-03-15 09:00", joints="L3-4 L, L4-5 L")
        rfa = proc(RFA, "2026-04-01 09:00")
        found = codes(rfa, [b1, b2], facts((b1, P), (b2, P)))
        assert "L5-S1 left" in found["RFA_WITHOUT_TWO_BLOCKS"]

    def test_a_negative_diary_overrides_a_good_discharge_score(self) -> None:
        b1, b2 = block(1, "2026-03-01 09:00"), block(2, "2026-03-15 09:00")
        rfa = proc(RFA, "2026-04-01 09:00")
        found = codes(rfa, [b1, b2], facts((b1, P), (b2, N)))
        assert "at least 80% relief (Medicare LCD)" in found["RFA_WITHOUT_TWO_BLOCKS"]

    def test_a_missing_diary_result_is_its_own_warning_not_a_pass(self) -> None:
        b1, b2 = block(1, "2026-03-01 09:00"), block(2, "2026-03-15 09:00")
        rfa = proc(RFA, "2026-04-01 09:00")
        found = codes(rfa, [b1, b2], facts((b1, P), (b2, M)))
        assert "RFA_WITHOUT_TWO_BLOCKS" not in found
        assert "Diary result for block 2 (2026-03-15) not recorded" in found[RESULT_MISSING]
        second = block(2, "2026-03-15 09:00")
        found = codes(second, [b1], facts((b1, M)))
        assert "Diary result for block 1 (2026-03-01) not recorded" in found[RESULT_MISSING]
        assert "SECOND_BLOCK_WITHOUT_POSITIVE_FIRST" not in found

    def test_second_block_needs_a_positive_first_block(self) -> None:
        b1 = block(1, "2026-03-01 09:00")
        second = block(2, "2026-03-15 09:00")
        assert "SECOND_BLOCK_WITHOUT_POSITIVE_FIRST" in codes(second, [b1], facts((b1, N)))
        assert codes(second, [b1], facts((b1, P))) == {}

    def test_commercial_profile_changes_rfa_eligibility(self) -> None:
        b1, b2 = block(1, "2026-03-01 09:00"), block(2, "2026-03-15 09:00")
        rfa = proc(RFA, "2026-04-01 09:00")
        sixty = diary(3, 3, 3)  # baseline 7: (7-3)/7 = 57.1%
        for profile, expected in ((MEDICARE, True), (COMMERCIAL_50, False)):
            responses = {r.id: block_response(7, sixty, profile=profile) for r in (b1, b2)}
            f = PathwayFacts({k: v for k, v in responses.items() if k is not None}, {}, profile)
            assert ("RFA_WITHOUT_TWO_BLOCKS" in codes(rfa, [b1, b2], f)) is expected

    def test_therapeutic_intra_articular_needs_t1(self) -> None:
        b1, b2 = block(1, "2026-03-01 09:00"), block(2, "2026-03-15 09:00")
        ia = proc(IA, "2026-04-01 09:00")
        message = codes(ia, [b1], facts((b1, P)))["THERAPEUTIC_IA_WITHOUT_TWO_BLOCKS"]
        assert "why RFA is not an option" in message
        assert "THERAPEUTIC_IA_WITHOUT_TWO_BLOCKS" not in codes(ia, [b1, b2],
                                                               facts((b1, P), (b2, P)))

    def test_twelve_month_frequency_limits(self) -> None:
        b1, b2 = block(1, "2026-01-05 09:00"), block(2, "2026-01-19 09:00")
        first, second = proc(RFA, "2026-02-01 09:00"), proc(RFA, "2026-05-01 09:00")
        f = facts((b1, P), (b2, P))
        third = proc(RFA, "2026-11-30 09:00")
        assert "RFA session 3 in 12 months" in codes(third, [b1, b2, first, second], f)[
            "RFA_FREQUENCY"]
        later = proc(RFA, "2027-02-01 09:00")  # the first RFA is now 365 days back
        assert "RFA_FREQUENCY" not in codes(later, [b1, b2, first, second], f)

    def test_repeat_rfa_after_two_years_needs_new_blocks(self) -> None:
        b1, b2 = block(1, "2023-01-05 09:00"), block(2, "2023-01-19 09:00")
        old = proc(RFA, "2023-02-01 09:00")
        again = proc(RFA, "2025-03-01 09:00")
        f = facts((b1, P), (b2, P))
        assert "no diagnostic block" in codes(again, [b1, b2, old], f)["REPEAT_RFA_AFTER_GAP"]
        n1, n2 = block(1, "2025-02-01 09:00"), block(2, "2025-02-15 09:00")
        f2 = facts((b1, P), (b2, P), (n1, P), (n2, P))
        assert "REPEAT_RFA_AFTER_GAP" not in codes(again, [b1, b2, old, n1, n2], f2)

    def test_repeat_rfa_relief_rule_uses_follow_ups_when_the_clinic_turns_it_on(self) -> None:
        b1, b2 = block(1, "2026-01-05 09:00"), block(2, "2026-01-19 09:00")
        old = proc(RFA, "2026-02-01 09:00")
        again = proc(RFA, "2026-10-01 09:00")
        on = RuleSettings.from_dict({"REPEAT_RFA_WITHOUT_RELIEF": {"enabled": True}})
        base = facts((b1, P), (b2, P))
        assert "REPEAT_RFA_WITHOUT_RELIEF" not in codes(again, [b1, b2, old], base)  # off
        assert "Outcome follow-up at 6 months" in codes(again, [b1, b2, old], base, on)[
            RESULT_MISSING]
        assert old.id is not None
        poor = facts((b1, P), (b2, P), follow_ups={old.id: [FollowUpAnswers(6, 5, 30)]})
        assert "REPEAT_RFA_WITHOUT_RELIEF" in codes(again, [b1, b2, old], poor, on)
        good = facts((b1, P), (b2, P), follow_ups={old.id: [FollowUpAnswers(6, 2, 70)]})
        assert "REPEAT_RFA_WITHOUT_RELIEF" not in codes(again, [b1, b2, old], good, on)


class TestPathway:
    def test_next_step_after_two_positive_blocks(self) -> None:
        b1, b2 = block(1, "2026-03-01 09:00"), block(2, "2026-03-15 09:00")
        path = build_pathway([b2, b1], facts((b1, P), (b2, P)), Region.LUMBAR)
        assert [s.record.block_number for s in path.steps] == [1, 2]
        assert path.next_step == "Two positive blocks of left L4-L5, L5-S1: RFA meets rule R2."

    def test_a_therapeutic_injection_between_does_not_reset_the_sequence(self) -> None:
        b1, b2 = block(1, "2026-03-01 09:00"), block(2, "2026-03-15 09:00")
        ia = proc(IA, "2026-03-20 09:00", joints="L3-4 B")
        path = build_pathway([b1, b2, ia], facts((b1, P), (b2, P)), Region.LUMBAR)
        assert len(path.steps) == 3
        assert path.next_step == "Two positive blocks of left L4-L5, L5-S1: RFA meets rule R2."
        only = build_pathway([ia], facts(), Region.LUMBAR)
        assert "no diagnostic block recorded" in only.next_step

    @pytest.mark.parametrize(("results", "words"), [
        ((P,), "a second block meets rule D2"),
        ((N,), "stops facet interventions"),
        ((M,), "Diary result for block 1 of left L4-L5, L5-S1 not recorded"),
    ])
    def test_next_step_after_block_one(self, results: tuple[BlockResult, ...],
                                       words: str) -> None:
        b1 = block(1, "2026-03-01 09:00")
        path = build_pathway([b1], facts((b1, results[0])), Region.LUMBAR)
        assert words in path.next_step

    def test_joints_text(self) -> None:
        assert joints_text(make_joints("L4-5 B, L5-S1 B")) == "bilateral L4-L5, L5-S1"
        assert joints_text(make_joints("L4-5 L, L5-S1 R")) == "left L4-L5; right L5-S1"


class TestCallsDue:
    def test_monday_calls_include_the_weekend_and_friday(self) -> None:
        first, last = next_day_window(date(2026, 11, 30), CallSettings())  # a Monday
        assert (first, last) == (date(2026, 11, 27), date(2026, 11, 30))
        assert next_day_window(date(2026, 12, 1), CallSettings()) == (
            date(2026, 11, 30), date(2026, 12, 1))
        every_day = CallSettings(clinic_weekdays=(0, 1, 2, 3, 4, 5, 6))
        assert next_day_window(date(2026, 11, 30), every_day)[0] == date(2026, 11, 29)

    def test_outcome_follow_ups_become_due(self) -> None:
        s = CallSettings()
        performed = date(2026, 1, 31)
        assert add_months(performed, 3) == date(2026, 4, 30)
        assert follow_ups_due(performed, RFA, None, [], date(2026, 4, 29), s) == ()
        assert follow_ups_due(performed, RFA, None, [], date(2026, 4, 30), s) == (3,)
        assert follow_ups_due(performed, RFA, None, [3], date(2026, 5, 1), s) == ()
        assert follow_ups_due(performed, RFA, None, [3], date(2026, 7, 31), s) == (6,)
        assert follow_ups_due(performed, MBB, 1, [], date(2026, 7, 31), s) == ()  # diagnostic
        assert follow_ups_due(performed, IA, None, [], date(2026, 5, 15), s) == (3,)
        assert follow_ups_due(performed, RFA, None, [], date(2026, 6, 15), s) == ()  # window
        custom = CallSettings(follow_up_months=(1,))
        assert follow_ups_due(performed, RFA, None, [], date(2026, 2, 28), custom) == (1,)

    def test_call_settings_are_checked(self) -> None:
        with pytest.raises(ValidationError) as e:
            CallSettings.from_dict({"max_tries": 0, "follow_up_months": [3, "x"], "x": 1})
        assert {i.field for i in e.value.issues} == {
            "calls.max_tries", "calls.follow_up_months", "calls.x"}


class TestCallJson:
    GOOD: dict[str, Any] = {
        "format": "clinic-desk/call@1", "called_at": "2026-11-25T10:00:00-05:00",
        "outcome": "reached", "problems": [],
        "diary": [{"after_minutes": 15, "pain": 1, "activity": "bending"},
                  {"after_minutes": 30, "pain": 1}],
        "recalled": None}

    def test_the_issue_example_parses_and_round_trips(self) -> None:
        call = parse_call(self.GOOD, 7, diagnostic=True)
        assert [d.after_minutes for d in call.diary] == [15, 30]
        assert call.diary[0].activity == "bending"
        again = parse_call(call_to_json(call), 7, diagnostic=True)
        assert again == call

    @pytest.mark.parametrize(("change", "path"), [
        ({"outcome": "maybe"}, "outcome"),
        ({"format": "clinic-desk/call@2"}, "format"),
        ({"called_at": "2026-11-25T10:00:00"}, "called_at"),
        ({"diary": [{"after_minutes": 45, "pain": 1}]}, "diary[0].after_minutes"),
        ({"diary": [{"after_minutes": 15, "pain": 11}]}, "diary[0].pain"),
        ({"diary": [{"after_minutes": 15, "pain": 1}, {"after_minutes": 15, "pain": 2}]},
         "diary[1].after_minutes"),
        ({"recalled": {"best_relief_percent": 90, "hours": 5}}, "recalled"),
        ({"problems": ["none", "bleeding"]}, "problems"),
        ({"problems": ["headache"]}, "problems[0]"),
        ({"outcom": "reached"}, "outcom"),
        ({"outcome": "no_answer"}, "diary"),
    ])
    def test_bad_input_names_the_field(self, change: dict[str, Any], path: str) -> None:
        with pytest.raises(ValidationError) as e:
            parse_call({**self.GOOD, **change}, 7, diagnostic=True)
        assert path in {i.field for i in e.value.issues}

    def test_diary_only_for_diagnostic_blocks_and_follow_up_only_for_others(self) -> None:
        with pytest.raises(ValidationError) as e:
            parse_call(self.GOOD, 7, diagnostic=False)
        assert e.value.issues[0].field == "diary"
        fu = {**self.GOOD, "diary": None,
              "follow_up": {"months": 6, "pain": 2, "relief_percent": 70,
                            "impression": "much_improved"}}
        call = parse_call(fu, 7, diagnostic=False)
        assert call.follow_up == FollowUpAnswers(6, 2, 70, call.follow_up.impression)  # type: ignore[union-attr]
        with pytest.raises(ValidationError) as e2:
            parse_call({**fu, "follow_up": {"months": 5, "pain": 2}}, 7, diagnostic=False)
        assert e2.value.issues[0].field == "follow_up.months"


def test_percentiles_from_a_histogram_match_the_nearest_rank_of_the_values() -> None:
    from collections import Counter

    from clinic_desk.domain.reports import histogram_rank, nearest_rank

    for values in ([38.0], [20.0, 30.0, 40.0, 50.0], [5.0, 5.0, 7.5, 9.0, 9.0, 9.0, 12.0]):
        hist = list(Counter(values).items())
        for p in (0.5, 0.75):
            assert histogram_rank(hist, p) == nearest_rank(values, p)
    assert histogram_rank([], 0.5) is None


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 400) | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["format", "called_at", "outcome", "problems", "diary", "recalled",
                         "follow_up", "note", "after_minutes", "pain", "months", "hours",
                         "best_relief_percent", "x"]), inner, max_size=6),
    max_leaves=20)


@given(data=_JSON, diagnostic=st.booleans())
def test_any_json_is_read_or_refused_with_field_messages_never_crashes(data: Any,
                                                                     diagnostic: bool) -> None:
    try:
        parse_call(data, 1, diagnostic)
    except ValidationError as e:
        assert e.issues and all(i.message for i in e.issues)


def test_a_clinic_s_own_measure_is_data_and_checked_at_its_range() -> None:
    from clinic_desk.domain.calls import Measure, measures_from_list

    (odi,) = measures_from_list([{"key": "odi", "name": "Disability index", "low": 0,
                                  "high": 100}])
    assert odi == Measure("odi", "Disability index", 0, 100)
    fu = {"format": "clinic-desk/call@1", "called_at": "2026-11-25T10:00:00-05:00",
          "outcome": "reached", "follow_up": {"months": 6, "measures": {"odi": 34}}}
    call = parse_call(fu, 7, diagnostic=False, measures=(odi,))
    assert call.follow_up is not None and call.follow_up.measures == (("odi", 34),)
    assert parse_call(call_to_json(call), 7, diagnostic=False, measures=(odi,)) == call
    for scores, path in (({"odi": 101}, "follow_up.measures.odi"),
                         ({"ndi": 3}, "follow_up.measures.ndi")):
        with pytest.raises(ValidationError) as e:
            parse_call({**fu, "follow_up": {"months": 6, "measures": scores}}, 7,
                       diagnostic=False, measures=(odi,))
        assert e.value.issues[0].field == path
    with pytest.raises(ValidationError) as e2:
        measures_from_list([{"key": "odi", "name": "x", "low": 10, "high": 5}, {"key": 3}])
    assert {i.field for i in e2.value.issues} == {
        "measures[0].high", "measures[1].key", "measures[1].name"}
