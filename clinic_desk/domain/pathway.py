"""A patient's pathway in one spinal region: procedures in order, their results, next step.

The dual-block paradigm (REFERENCE.md 1.4): block 1, then block 2 if block 1 was positive,
then RFA after two positive blocks of the same joints and sides (3.4 D2, R2); a negative
block stops facet interventions. The next step is decision support, worded as what the
rules allow, and is computed by asking the same rules about the step being considered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .calls import FollowUpAnswers
from .diary import BlockResponse, BlockResult
from .joints import JointSide, Region, Side
from .procedures import ProcedureKind, is_diagnostic
from .record import ProcedureRecord
from .rules import RESULT_MISSING, PathwayFacts, RuleSettings, evaluate


def joints_text(joints: Sequence[JointSide]) -> str:
    """"left L4-L5, L5-S1; right L5-S1" (each physical side with its joints, top to bottom)."""
    by_side: dict[Side, list[str]] = {}
    for js in sorted(joints):
        for side in js.side.physical:
            by_side.setdefault(side, []).append(js.joint.name)
    left, right = by_side.get(Side.LEFT, []), by_side.get(Side.RIGHT, [])
    if left and left == right:
        return "bilateral " + ", ".join(left)
    return "; ".join(f"{side.value} {', '.join(names)}"
                     for side, names in ((Side.LEFT, left), (Side.RIGHT, right)) if names)


@dataclass(frozen=True, slots=True)
class PathwayStep:
    record: ProcedureRecord
    response: BlockResponse | None  # diagnostic blocks only
    follow_ups: tuple[FollowUpAnswers, ...] = ()

    @property
    def result(self) -> BlockResult | None:
        return self.response.result if self.response is not None else None


@dataclass(frozen=True, slots=True)
class Pathway:
    region: Region
    steps: tuple[PathwayStep, ...]
    next_step: str
    rule_codes: tuple[str, ...]  # what the rules say of the step considered next


def regions_of_history(records: Sequence[ProcedureRecord]) -> tuple[Region, ...]:
    found = {r for rec in records for r in rec.regions}
    return tuple(r for r in Region if r in found)


def build_pathway(records: Sequence[ProcedureRecord], facts: PathwayFacts, region: Region,
                  settings: RuleSettings | None = None,
                  now: datetime | None = None) -> Pathway:
    """The pathway of one region from the patient's records (any order) and call results."""
    mine = sorted((r for r in records if region in r.regions), key=lambda r: r.performed_at)
    steps = tuple(
        PathwayStep(r, facts.responses.get(r.id or -1) if is_diagnostic(r.kind, r.block_number)
                    else None, tuple(facts.follow_ups.get(r.id or -1, ())))
        for r in mine)
    text, codes = _next_step(mine, steps, facts, settings, now)
    return Pathway(region, steps, text, codes)


def _consider(template: ProcedureRecord, kind: ProcedureKind, block: int | None,
              history: Sequence[ProcedureRecord], facts: PathwayFacts,
              settings: RuleSettings | None, when: datetime) -> tuple[str, ...]:
    """The rule codes that a procedure of `kind` at the template's joints would raise now."""
    candidate = template.with_changes(kind=kind, block_number=block, performed_at=when,
                                      ended_at=None, id=None, medications=(),
                                      signature=None, addenda=())
    return tuple(w.code for w in evaluate(candidate, history, settings, facts))


def _next_step(mine: Sequence[ProcedureRecord], steps: Sequence[PathwayStep],
               facts: PathwayFacts, settings: RuleSettings | None,
               now: datetime | None) -> tuple[str, tuple[str, ...]]:
    if not steps:
        return ("No procedure recorded in this region.", ())
    # The dual-block sequence decides; a therapeutic injection in between does not reset it.
    deciding = [s for s in steps if is_diagnostic(s.record.kind, s.record.block_number)
                or s.record.kind is ProcedureKind.RADIOFREQUENCY_ABLATION]
    last = deciding[-1] if deciding else steps[-1]
    rec = last.record
    where = joints_text(rec.joints)
    # The step considered comes after the last one (a day later when no clock is given).
    when = max(now or rec.performed_at, steps[-1].record.performed_at + timedelta(days=1))
    profile = facts.profile.name
    if rec.kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        done = ", ".join(f"{f.months} months" for f in last.follow_ups) or "none yet"
        return (f"RFA of {where} on {rec.performed_at.date().isoformat()}: follow outcomes "
                f"(recorded: {done}). A repeat RFA is judged by rules R1 and R3.", ())
    if not is_diagnostic(rec.kind, rec.block_number):
        return (f"{rec.title} of {where}: no diagnostic block recorded in this region; "
                "follow outcomes at the clinic's follow-up months.", ())
    result = last.result or BlockResult.MISSING
    n = rec.block_number
    if result is BlockResult.MISSING:
        return (f"Diary result for block {n} of {where} not recorded: record it from the "
                "next-day call before deciding the next step.", (RESULT_MISSING,))
    if result is BlockResult.NEGATIVE:
        return (f"Block {n} of {where} negative under {profile}: the dual-block paradigm stops "
                "facet interventions here (REFERENCE.md 1.4).", ())
    if result is BlockResult.INDETERMINATE:
        why = " ".join(last.response.reasons) if last.response else ""
        return (f"Block {n} of {where} indeterminate ({why}) Review with the physician before "
                "another block.", ())
    if n == 1:
        codes = _consider(rec, ProcedureKind.MEDIAL_BRANCH_BLOCK, 2, mine, facts, settings, when)
        if "SECOND_BLOCK_WITHOUT_POSITIVE_FIRST" in codes or RESULT_MISSING in codes:
            return (f"Block 1 of {where} positive, but a second block does not meet rule D2.",
                    codes)
        return (f"Block 1 of {where} positive under {profile}: a second block meets rule D2.",
                codes)
    codes = _consider(rec, ProcedureKind.RADIOFREQUENCY_ABLATION, None, mine, facts, settings,
                      when)
    if "RFA_WITHOUT_TWO_BLOCKS" in codes or RESULT_MISSING in codes:
        return (f"Block 2 of {where} positive, but RFA does not meet rule R2: the two positive "
                "blocks must cover the same joints and sides.", codes)
    return (f"Two positive blocks of {where}: RFA meets rule R2.", codes)


__all__ = ["Pathway", "PathwayStep", "build_pathway", "joints_text", "regions_of_history"]
