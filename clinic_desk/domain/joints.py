"""Facet joints C2-C3 ... L5-S1, sides, and parsing of what staff type ("l45", "L4/L5").

A facet joint is named by the two neighbouring vertebrae that form it (REFERENCE.md 3.1).
C0-C1 and C1-C2 are not facet joints (REFERENCE.md 2.2) and the sacrum is fused below S1.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum

from .errors import FieldIssue, LevelError, ValidationError


class Region(str, Enum):
    CERVICAL = "cervical"
    THORACIC = "thoracic"
    LUMBAR = "lumbar"

    @property
    def label(self) -> str:
        return self.value


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"

    @property
    def label(self) -> str:
        return self.value

    @property
    def physical(self) -> tuple[Side, ...]:
        """The physical sides this choice covers (bilateral = left and right)."""
        if self is Side.BILATERAL:
            return (Side.LEFT, Side.RIGHT)
        return (self,)

    @property
    def site_count(self) -> int:
        return 2 if self is Side.BILATERAL else 1


# Vertebrae from C2 to S1, top to bottom.
VERTEBRAE: tuple[str, ...] = (
    tuple(f"C{n}" for n in range(2, 8))
    + tuple(f"T{n}" for n in range(1, 13))
    + tuple(f"L{n}" for n in range(1, 6))
    + ("S1",)
)
_VERTEBRA_INDEX = {v: i for i, v in enumerate(VERTEBRAE)}
_REGION_SIZES = {"C": 7, "T": 12, "L": 5, "S": 5}


@dataclass(frozen=True, slots=True, order=True)
class Joint:
    """One facet joint level; ordered from the top of the spine down."""

    index: int
    upper: str
    lower: str

    @property
    def name(self) -> str:
        return f"{self.upper}-{self.lower}"

    @property
    def region(self) -> Region:
        # C7-T1 is the lowest cervical joint, T12-L1 the lowest thoracic (REFERENCE.md 3.1).
        return {"C": Region.CERVICAL, "T": Region.THORACIC, "L": Region.LUMBAR}[self.upper[0]]

    @property
    def short_name(self) -> str:
        """Compact form used on narrow displays: "L4-5", "C7-T1", "L5-S1"."""
        if self.upper[0] == self.lower[0]:
            return f"{self.upper}-{self.lower[1:]}"
        return self.name

    def __str__(self) -> str:
        return self.name


JOINTS: tuple[Joint, ...] = tuple(
    Joint(i, VERTEBRAE[i], VERTEBRAE[i + 1]) for i in range(len(VERTEBRAE) - 1)
)
_JOINTS_BY_NAME = {j.name: j for j in JOINTS}


def joint(name: str) -> Joint:
    """The joint with this canonical name ("L4-L5"); see `parse_level` for typed input."""
    try:
        return _JOINTS_BY_NAME[name]
    except KeyError:
        return parse_level(name)


_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
_LEVEL_RE = re.compile(r"^([CTLS])\s*(\d{1,4})\s*(?:[-/.:,\s]\s*)?(?:([CTLS])\s*)?(\d{0,2})$")
HINT = "Type a level such as L4-L5, l4-5, L4/L5 or l45."


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().upper()
    for dash in _DASHES:
        text = text.replace(dash, "-")
    return re.sub(r"\s+", " ", text)


def _vertebra_problem(v: str) -> str | None:
    letter, number = v[0], int(v[1:])
    if letter == "S" and number > 1:
        return (f"{v} is part of the sacrum; its segments are fused, so the lowest facet joint "
                "is L5-S1.")
    if letter == "C" and number < 2:
        return None  # handled as an upper cervical joint
    if number < 1 or number > _REGION_SIZES[letter]:
        region = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}[letter]
        top = _REGION_SIZES[letter]
        return f"There is no {v} vertebra: the {region} spine has {letter}1 to {letter}{top}."
    return None


def _make(upper: str, lower: str, typed: str) -> Joint:
    if (upper[0] == "C" and int(upper[1:]) < 2) or (lower[0] == "C" and int(lower[1:]) < 2):
        raise LevelError(
            f"{typed} is not a facet joint: the top two joints of the neck (C0-C1, C1-C2) are "
            "not facet joints. The highest facet joint is C2-C3."
        )
    for v in (upper, lower):
        problem = _vertebra_problem(v)
        if problem:
            raise LevelError(problem)
    a, b = _VERTEBRA_INDEX[upper], _VERTEBRA_INDEX[lower]
    if a > b:
        a, b = b, a
    if b - a != 1:
        above, below = VERTEBRAE[a], VERTEBRAE[b]
        if a == b:
            raise LevelError(
                f"{typed} names one vertebra twice; a facet joint joins two neighbours."
            )
        options = " or ".join(j.name for j in JOINTS if a <= j.index < b)
        raise LevelError(
            f"{above}-{below} is not one facet joint: a facet joint joins two neighbouring "
            f"vertebrae. Enter each level on its own ({options})."
        )
    return JOINTS[a]


def parse_level(text: str) -> Joint:
    """Parse a typed level ("l4-5", "L4/L5", "L4-L5", "l45", "c7t1") into its joint.

    Raises LevelError with a message that says why the text is not a facet joint.
    """
    raw = text.strip() if isinstance(text, str) else ""
    if not raw:
        raise LevelError("Enter a level. " + HINT)
    norm = _normalize(raw)
    m = _LEVEL_RE.match(norm)
    if not m:
        shown = raw if len(raw) <= 20 else raw[:20] + "…"
        raise LevelError(f'"{shown}" is not a spinal level. ' + HINT)
    l1, d1, l2, d2 = m.group(1), m.group(2), m.group(3), m.group(4)
    if not d2:
        if l2:
            raise LevelError(f'"{raw}" is missing the number of the lower vertebra. ' + HINT)
        # Digits run together: "L45", "T1112", "C23". Try every split; keep valid joints.
        candidates: list[tuple[str, str]] = []
        for cut in range(1, len(d1)):
            a, b = d1[:cut], d1[cut:]
            if a.startswith("0") or b.startswith("0"):
                continue
            # str(int()) turns any Unicode digits (\d matches "٤") into the ASCII the tables use.
            candidates.append((l1 + str(int(a)), l1 + str(int(b))))
        for upper, lower in candidates:
            try:
                return _make(upper, lower, norm)
            except LevelError:
                continue
        if candidates:
            return _make(*candidates[0], typed=norm)
        raise LevelError(f'"{raw}" names only one vertebra; a facet joint joins two. ' + HINT)
    if len(d1) > 2:
        raise LevelError(f'"{raw}" is not a spinal level. ' + HINT)
    upper = l1 + str(int(d1))
    lower_letter = l2 or l1
    lower = lower_letter + str(int(d2))
    if not l2:
        # "C7-1" or "T12-1" crosses a region; the letter must be typed (C7-T1, T12-L1).
        problem_joint = None
        try:
            problem_joint = _make(upper, lower, f"{upper}-{lower}")
        except LevelError:
            n = _VERTEBRA_INDEX.get(upper)
            if n is not None and n + 1 < len(VERTEBRAE) and VERTEBRAE[n + 1][0] != l1:
                nxt = VERTEBRAE[n + 1]
                if int(d2) == int(nxt[1:]):
                    raise LevelError(
                        f'"{raw}" is unclear: did you mean {upper}-{nxt}? Type it in full.'
                    ) from None
            raise
        return problem_joint
    return _make(upper, lower, f"{upper}-{lower}")


_SIDE_WORDS: dict[str, Side] = {
    "L": Side.LEFT, "LT": Side.LEFT, "LEFT": Side.LEFT, "IZQ": Side.LEFT, "IZQUIERDO": Side.LEFT,
    "R": Side.RIGHT, "RT": Side.RIGHT, "RIGHT": Side.RIGHT, "D": Side.RIGHT, "DER": Side.RIGHT,
    "DERECHO": Side.RIGHT,
    "B": Side.BILATERAL, "BI": Side.BILATERAL, "BIL": Side.BILATERAL, "BILAT": Side.BILATERAL,
    "BILATERAL": Side.BILATERAL, "BOTH": Side.BILATERAL, "LR": Side.BILATERAL,
    "50": Side.BILATERAL, "AMBOS": Side.BILATERAL,
}


def parse_side(text: str) -> Side:
    """Parse "L", "left", "rt", "B", "bilateral", "both" into a side."""
    key = _normalize(text if isinstance(text, str) else "").replace(".", "")
    try:
        return _SIDE_WORDS[key]
    except KeyError:
        raise ValidationError(
            f'"{text}" is not a side. Use left (L), right (R) or bilateral (B).'
        ) from None


@dataclass(frozen=True, slots=True, order=True)
class JointSide:
    """A joint and the side(s) treated at it."""

    joint: Joint
    side: Side

    def __str__(self) -> str:
        return f"{self.joint.name} {self.side.value}"


def parse_joint_side(text: str, default_side: Side | None = None) -> JointSide:
    """Parse "L4-5 B", "l45 left", "left L5-S1" or "L5/S1 R" into a joint and side."""
    norm = _normalize(text if isinstance(text, str) else "")
    if not norm:
        raise LevelError("Enter a level and a side, for example L4-5 B or l45 left.")
    words = norm.split(" ")
    side: Side | None = None
    if len(words) > 1 and words[-1].replace(".", "") in _SIDE_WORDS:
        side = _SIDE_WORDS[words[-1].replace(".", "")]
        words = words[:-1]
    elif len(words) > 1 and words[0].replace(".", "") in _SIDE_WORDS:
        side = _SIDE_WORDS[words[0].replace(".", "")]
        words = words[1:]
    level = parse_level(" ".join(words))
    if side is None:
        if default_side is None:
            raise ValidationError(
                f"Add the side for {level.name}: left (L), right (R) or bilateral (B)."
            )
        side = default_side
    return JointSide(level, side)


def parse_joint_sides(text: str, default_side: Side | None = None) -> tuple[JointSide, ...]:
    """Parse a comma- or semicolon-separated list ("L4-5 B, L5-S1 L"), merged per joint."""
    if text is not None and not isinstance(text, str):
        raise LevelError("Enter levels and sides as text, for example L4-5 B, L5-S1 L.")
    parts = [p for p in re.split(r"[;,\n]+", text or "") if p.strip()]
    issues: list[FieldIssue] = []
    parsed: list[JointSide] = []
    for n, part in enumerate(parts):
        try:
            parsed.append(parse_joint_side(part, default_side))
        except ValidationError as e:
            issues.extend(i.prefixed(f"[{n}]") for i in e.issues)
    if issues:
        raise ValidationError(issues)
    return normalize_selection(parsed)


def merge_sides(a: Side, b: Side) -> Side:
    return a if a == b else Side.BILATERAL


def normalize_selection(items: Iterable[JointSide]) -> tuple[JointSide, ...]:
    """One entry per joint, top to bottom; left + right of one joint become bilateral."""
    by_joint: dict[Joint, Side] = {}
    for item in items:
        prev = by_joint.get(item.joint)
        by_joint[item.joint] = item.side if prev is None else merge_sides(prev, item.side)
    return tuple(JointSide(j, by_joint[j]) for j in sorted(by_joint))


def toggle(selection: Mapping[Joint, Side], at: Joint, clicked: Side) -> dict[Joint, Side]:
    """Toggle one physical side of a joint, as a click on the spine picker does."""
    if clicked is Side.BILATERAL:
        raise ValueError("toggle takes a physical side (left or right)")
    result = dict(selection)
    current = set(result[at].physical) if at in result else set()
    current ^= {clicked}
    if not current:
        result.pop(at, None)
    elif len(current) == 2:
        result[at] = Side.BILATERAL
    else:
        result[at] = current.pop()
    return result


def regions_of(joints: Iterable[JointSide | Joint]) -> tuple[Region, ...]:
    """The regions a session touches, top to bottom."""
    found = {(j.joint if isinstance(j, JointSide) else j).region for j in joints}
    return tuple(r for r in Region if r in found)
