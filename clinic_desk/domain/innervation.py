"""Which nerves a medial branch block or radiofrequency ablation targets, and back.

Each facet joint is supplied by two medial branches (REFERENCE.md 2.1); the exceptions and
the per-region rules are in REFERENCE.md 2.2-2.4:
- C2-C3: the third occipital nerve alone.
- C3-C4 ... C6-C7: medial branches Cn and C(n+1); C7-T1: C7 and C8.
- T1-T2: C8 and T1; Tn-T(n+1): T(n-1) and Tn; T12-L1: T11 and T12 (derived from the rule).
- L1-L2: T12 and L1; Ln-L(n+1): L(n-1) and Ln; L5-S1: L4 medial branch and L5 dorsal ramus.
Neighbouring joints share a nerve, so several levels on one side need fewer targets than
twice the number of joints (left L3-L4 + L4-L5 -> L2, L3, L4 medial branches).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .errors import ValidationError
from .joints import JOINTS, Joint, JointSide, Side, normalize_selection
from .procedures import ProcedureKind

THIRD_OCCIPITAL = "third occipital nerve"
L5_DORSAL_RAMUS = "L5 dorsal ramus"


@dataclass(frozen=True, slots=True, order=True)
class Nerve:
    order: int
    name: str

    def __str__(self) -> str:
        return self.name


def _nerve_names() -> tuple[str, ...]:
    names = [THIRD_OCCIPITAL]
    names += [f"C{n} medial branch" for n in range(3, 9)]
    names += [f"T{n} medial branch" for n in range(1, 13)]
    names += [f"L{n} medial branch" for n in range(1, 5)]
    names.append(L5_DORSAL_RAMUS)
    return tuple(names)


NERVES: tuple[Nerve, ...] = tuple(Nerve(i, n) for i, n in enumerate(_nerve_names()))
_NERVES_BY_NAME = {n.name: n for n in NERVES}


def nerve(name: str) -> Nerve:
    return _NERVES_BY_NAME[name]


def _mb(label: str) -> Nerve:
    return _NERVES_BY_NAME[f"{label} medial branch"]


def _nerves_of(j: Joint) -> tuple[Nerve, ...]:
    upper, lower = j.upper, j.lower
    if j.name == "C2-C3":
        return (_NERVES_BY_NAME[THIRD_OCCIPITAL],)
    if upper[0] == "C":
        n = int(upper[1:])
        return (_mb(upper), _mb(f"C{n + 1}"))  # C7-T1 -> C7 and C8
    if j.name == "L5-S1":
        return (_mb("L4"), _NERVES_BY_NAME[L5_DORSAL_RAMUS])
    n = int(upper[1:])
    if upper == "T1":
        return (_mb("C8"), _mb("T1"))
    if upper == "L1":
        return (_mb("T12"), _mb("L1"))
    above = f"{upper[0]}{n - 1}"
    del lower
    return (_mb(above), _mb(upper))


JOINT_NERVES: Mapping[Joint, tuple[Nerve, ...]] = {j: _nerves_of(j) for j in JOINTS}


def nerves_for_joint(j: Joint) -> tuple[Nerve, ...]:
    """The nerves that carry pain from one facet joint, top first."""
    return JOINT_NERVES[j]


@dataclass(frozen=True, slots=True, order=True)
class Target:
    """One place the needle goes: a nerve (blocks, RFA) or a joint (intra-articular), per side."""

    order: int
    name: str
    side: Side
    is_nerve: bool = True

    @property
    def site_count(self) -> int:
        return self.side.site_count

    def as_json(self) -> dict[str, str]:
        key = "nerve" if self.is_nerve else "joint"
        return {key: self.name, "side": self.side.value}

    def __str__(self) -> str:
        return f"{self.name} ({self.side.value})"


def nerve_targets(selection: Iterable[JointSide]) -> tuple[Target, ...]:
    """Nerves to block or ablate for these joints and sides, each nerve once per side."""
    per_side: dict[Side, set[Nerve]] = {Side.LEFT: set(), Side.RIGHT: set()}
    for js in selection:
        for phys in js.side.physical:
            per_side[phys].update(JOINT_NERVES[js.joint])
    targets = []
    for n in sorted(per_side[Side.LEFT] | per_side[Side.RIGHT]):
        left, right = n in per_side[Side.LEFT], n in per_side[Side.RIGHT]
        side = Side.BILATERAL if left and right else (Side.LEFT if left else Side.RIGHT)
        targets.append(Target(n.order, n.name, side))
    return tuple(targets)


def targets_for(kind: ProcedureKind, selection: Iterable[JointSide]) -> tuple[Target, ...]:
    """What the needle targets: nerves for blocks and RFA, the joints themselves for IA."""
    chosen = normalize_selection(selection)
    if kind is ProcedureKind.INTRA_ARTICULAR:
        return tuple(
            Target(js.joint.index, f"{js.joint.name} facet joint", js.side, is_nerve=False)
            for js in chosen
        )
    return nerve_targets(chosen)


def site_count(targets: Iterable[Target]) -> int:
    """Needle sites: a bilateral target counts twice."""
    return sum(t.site_count for t in targets)


def joints_for_nerves(targets: Iterable[tuple[Nerve, Side]]) -> tuple[JointSide, ...]:
    """The joints fully covered by these nerves on each side (the inverse mapping).

    A joint counts only when every nerve that supplies it is blocked on that side:
    L3 + L4 medial branches + L5 dorsal ramus -> L4-L5 and L5-S1 (REFERENCE.md 2.4).
    """
    per_side: dict[Side, set[Nerve]] = {Side.LEFT: set(), Side.RIGHT: set()}
    for n, side in targets:
        for phys in side.physical:
            per_side[phys].add(n)
    found: list[JointSide] = []
    for j, needed in JOINT_NERVES.items():
        for phys in (Side.LEFT, Side.RIGHT):
            if set(needed) <= per_side[phys]:
                found.append(JointSide(j, phys))
    return normalize_selection(found)


_NERVE_RE = re.compile(
    r"^(?:(?P<ton>TON|3RD OCCIPITAL(?: NERVE)?|THIRD OCCIPITAL(?: NERVE)?)|"
    r"(?P<lvl>[CTL]\d{1,2})\s*(?P<kind>MB|MEDIAL BRANCH|DR|DORSAL RAMUS)?)$"
)


def parse_nerve(text: str) -> Nerve:
    """Parse "L3", "L3 MB", "L5 DR", "TON", "C8 medial branch" into a nerve."""
    norm = re.sub(r"\s+", " ", text.strip().upper()) if isinstance(text, str) else ""
    m = _NERVE_RE.match(norm)
    if m is None:
        raise ValidationError(f'"{text}" is not a nerve. Type e.g. L3, L5 DR or TON.')
    if m.group("ton"):
        return _NERVES_BY_NAME[THIRD_OCCIPITAL]
    lvl, kind = m.group("lvl"), m.group("kind") or ""
    if lvl == "L5":
        if kind in ("MB", "MEDIAL BRANCH"):
            raise ValidationError(
                "There is no L5 medial branch to block for L5-S1: the target is the L5 dorsal "
                "ramus."
            )
        return _NERVES_BY_NAME[L5_DORSAL_RAMUS]
    if kind in ("DR", "DORSAL RAMUS"):
        raise ValidationError(f"Only L5 is targeted at the dorsal ramus; use {lvl} medial branch.")
    name = f"{lvl} medial branch"
    if name not in _NERVES_BY_NAME:
        raise ValidationError(
            f"{lvl} medial branch does not supply a facet joint Clinic Desk records."
        )
    return _NERVES_BY_NAME[name]
