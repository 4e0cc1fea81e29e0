"""Suggested CPT lines and ICD-10-CM codes for a procedure (REFERENCE.md 3.1, 3.2, 6).

Suggestions for the coder, never a claim: codes count facet joint *levels*, not nerves (6.2,
L7); a bilateral level is one line with -50, a one-sided level -LT or -RT (3.2). The add-on
for "third and any additional levels" of an injection is reported once (6.1). T12-L1 with
lumbar levels counts as one (lumbar) region: T12-L1 keeps its cervical/thoracic code and
L1-L2 takes the lumbar second-level add-on (3.1, [R13]).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .joints import Joint, JointSide, Region, Side, normalize_selection
from .procedures import Modality, ProcedureKind

MODIFIER = {Side.BILATERAL: "50", Side.LEFT: "LT", Side.RIGHT: "RT"}

# (first, second, third-and-more) per CPT family; RFA: (first, each additional).
_INJECTION = {"ct": ("64490", "64491", "64492"), "ls": ("64493", "64494", "64495")}
_ULTRASOUND = {"ct": ("0213T", "0214T", "0215T"), "ls": ("0216T", "0217T", "0218T")}
_RFA = {"ct": ("64633", "64634"), "ls": ("64635", "64636")}

DESCRIPTIONS = {
    "64490": "Facet injection, cervical/thoracic, single level",
    "64491": "Facet injection, cervical/thoracic, second level (add-on)",
    "64492": "Facet injection, cervical/thoracic, third and additional levels (add-on)",
    "64493": "Facet injection, lumbar/sacral, single level",
    "64494": "Facet injection, lumbar/sacral, second level (add-on)",
    "64495": "Facet injection, lumbar/sacral, third and additional levels (add-on)",
    "0213T": "Facet injection with ultrasound, cervical/thoracic, single level",
    "0214T": "Facet injection with ultrasound, cervical/thoracic, second level (add-on)",
    "0215T": "Facet injection with ultrasound, cervical/thoracic, third and additional (add-on)",
    "0216T": "Facet injection with ultrasound, lumbar/sacral, single level",
    "0217T": "Facet injection with ultrasound, lumbar/sacral, second level (add-on)",
    "0218T": "Facet injection with ultrasound, lumbar/sacral, third and additional (add-on)",
    "64633": "Facet RF denervation, cervical/thoracic, single joint",
    "64634": "Facet RF denervation, cervical/thoracic, each additional joint (add-on)",
    "64635": "Facet RF denervation, lumbar/sacral, single joint",
    "64636": "Facet RF denervation, lumbar/sacral, each additional joint (add-on)",
}


@dataclass(frozen=True, slots=True)
class CptLine:
    code: str
    modifier: str
    joints: tuple[Joint, ...]
    add_on: bool

    def __str__(self) -> str:
        return f"{self.code}-{self.modifier}"

    @property
    def description(self) -> str:
        return DESCRIPTIONS.get(self.code, "")


def _family(j: Joint) -> str:
    return "ls" if j.region is Region.LUMBAR else "ct"


def _groups(selection: tuple[JointSide, ...]) -> list[list[JointSide]]:
    """Level counting groups: cervical/thoracic and lumbar; T12-L1 joins lumbar levels."""
    has_lumbar = any(js.joint.region is Region.LUMBAR for js in selection)
    # T12-L1 counts with the lumbar levels only when it is the session's sole cervical or
    # thoracic joint (REFERENCE.md 3.1). Beside other cervical/thoracic joints it stays in
    # their group, or 64490/64633 would be listed twice (once for it, once for them).
    others_ct = any(js.joint.region is not Region.LUMBAR and js.joint.name != "T12-L1"
                    for js in selection)
    joins_lumbar = has_lumbar and not others_ct
    ct: list[JointSide] = []
    ls: list[JointSide] = []
    for js in selection:
        if js.joint.region is Region.LUMBAR or (joins_lumbar and js.joint.name == "T12-L1"):
            ls.append(js)
        else:
            ct.append(js)
    return [g for g in (ct, ls) if g]


def _combined_modifier(items: Iterable[JointSide]) -> str:
    sides = {js.side for js in items}
    if len(sides) == 1:
        return MODIFIER[sides.pop()]
    return MODIFIER[Side.BILATERAL]


def cpt_lines(
    kind: ProcedureKind, selection: Iterable[JointSide], modality: Modality = Modality.FLUOROSCOPY
) -> tuple[CptLine, ...]:
    chosen = normalize_selection(selection)
    lines: list[CptLine] = []
    for group in _groups(chosen):
        if kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
            for pos, js in enumerate(group):
                code = _RFA[_family(js.joint)][0 if pos == 0 else 1]
                lines.append(CptLine(code, MODIFIER[js.side], (js.joint,), pos > 0))
            continue
        table = _ULTRASOUND if modality is Modality.ULTRASOUND else _INJECTION
        for pos, js in enumerate(group[:2]):
            lines.append(
                CptLine(table[_family(js.joint)][pos], MODIFIER[js.side], (js.joint,), pos > 0)
            )
        rest = group[2:]
        if rest:
            code = table[_family(rest[0].joint)][2]
            lines.append(
                CptLine(code, _combined_modifier(rest), tuple(js.joint for js in rest), True)
            )
    return tuple(lines)


@dataclass(frozen=True, slots=True)
class IcdCode:
    code: str
    description: str

    def __str__(self) -> str:
        return self.code


# Spondylosis without myelopathy or radiculopathy, M47.81- (REFERENCE.md 6.4).
_ICD = {
    "M47.812": "Spondylosis without myelopathy or radiculopathy, cervical region",
    "M47.813": "Spondylosis without myelopathy or radiculopathy, cervicothoracic region",
    "M47.814": "Spondylosis without myelopathy or radiculopathy, thoracic region",
    "M47.815": "Spondylosis without myelopathy or radiculopathy, thoracolumbar region",
    "M47.816": "Spondylosis without myelopathy or radiculopathy, lumbar region",
    "M47.817": "Spondylosis without myelopathy or radiculopathy, lumbosacral region",
}


def icd10_for_joint(j: Joint) -> str:
    if j.name == "C7-T1":
        return "M47.813"
    if j.name == "T12-L1":
        return "M47.815"
    if j.name == "L5-S1":
        return "M47.817"
    return {Region.CERVICAL: "M47.812", Region.THORACIC: "M47.814", Region.LUMBAR: "M47.816"}[
        j.region
    ]


def icd10_suggestions(selection: Iterable[JointSide]) -> tuple[IcdCode, ...]:
    """One suggested code per region touched, top to bottom, without repeats."""
    seen: list[str] = []
    for js in normalize_selection(selection):
        code = icd10_for_joint(js.joint)
        if code not in seen:
            seen.append(code)
    return tuple(IcdCode(c, _ICD[c]) for c in seen)
