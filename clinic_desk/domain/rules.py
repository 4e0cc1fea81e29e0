"""Coverage and safety checks as data: each gives a warning with a code and a plain reason.

The checks follow the Medicare LCD rules in REFERENCE.md 3.4 that a record and the patient's
history can show. None blocks saving. A clinic switches each rule on or off and changes its
thresholds in the clinic settings (stored in the database as `RuleSettings.to_dict()`).
Where REFERENCE.md marks the LCD wording UNCONFIRMED (the RFA prerequisite, per-region
counting of diagnostic sessions) the message states the clinical fact, not a payer rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import FieldIssue, ValidationError
from .innervation import targets_for
from .joints import JointSide, Region, Side
from .medications import DrugClass, find_drug, totals
from .procedures import Modality, ProcedureKind, is_diagnostic
from .record import ProcedureRecord


@dataclass(frozen=True, slots=True)
class Warning:
    code: str
    message: str
    field: str = ""

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class RuleDef:
    code: str
    title: str
    source: str
    defaults: Mapping[str, int | bool] = field(default_factory=dict)
    enabled: bool = True


RULE_DEFS: tuple[RuleDef, ...] = (
    RuleDef("MULTIPLE_REGIONS", "More than one spinal region in one session",
            "Medicare LCD: one spinal region per session (REFERENCE.md 3.4 L2)"),
    RuleDef("TOO_MANY_LEVELS", "More levels than usually covered in one session",
            "Medicare LCD: one or two levels per session (REFERENCE.md 3.4 L3)",
            {"max_levels": 2}),
    RuleDef("ULTRASOUND_GUIDANCE", "Ultrasound guidance",
            "Medicare LCD: fluoroscopy or CT guidance; ultrasound not covered (3.4 L1)"),
    RuleDef("SEDATION_FOR_BLOCK", "Sedation for an injection or block",
            "Medicare LCD: sedation not routinely necessary for IA or MBB (3.4 L5)"),
    RuleDef("RFA_WITHOUT_TWO_BLOCKS", "RFA without two positive diagnostic blocks",
            "Two diagnostic medial branch blocks with at least 80% relief (3.4 R2, 1.4)",
            {"blocks_required": 2, "min_relief_percent": 80}),
    RuleDef("SECOND_BLOCK_WITHOUT_POSITIVE_FIRST", "Block 2 without a positive block 1",
            "Medicare LCD: diagnostic #2 needs >=80% relief from #1 (3.4 D2)",
            {"min_relief_percent": 80}),
    RuleDef("DIAGNOSTIC_FREQUENCY", "Diagnostic sessions in 12 months",
            "Medicare LCD: 4 diagnostic sessions per rolling 12 months (3.4 D3)",
            {"max_sessions": 4, "window_days": 365, "per_region": False}),
    RuleDef("THERAPEUTIC_FREQUENCY", "Therapeutic sessions in 12 months",
            "Medicare LCD: 4 therapeutic sessions per region per rolling 12 months (3.4 D3)",
            {"max_sessions": 4, "window_days": 365, "per_region": True}),
    RuleDef("RFA_FREQUENCY", "RFA sessions in 12 months",
            "Medicare LCD: 2 RFA sessions per rolling 12 months (3.4 R1)",
            {"max_sessions": 2, "window_days": 365, "per_region": False}),
    RuleDef("STEROID_IN_DIAGNOSTIC_BLOCK", "Steroid in a diagnostic block",
            "Steroid is not appropriate in a diagnostic medial branch block (REFERENCE.md 1.1)"),
    RuleDef("THORACIC_RFA", "Thoracic RFA",
            "Some payers consider thoracic RF investigational (REFERENCE.md 2.3)", enabled=False),
)
RULES_BY_CODE = {r.code: r for r in RULE_DEFS}
DOSE_OVER_MAXIMUM = "DOSE_OVER_MAXIMUM"
# Allowed values of the whole-number settings; a percentage above 100 could never be met.
_PARAM_RANGE: Mapping[str, tuple[int, int]] = {"min_relief_percent": (1, 100)}
_DEFAULT_RANGE = (1, 3650)


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Which rules are on, and their thresholds; missing entries take the defaults."""

    enabled: Mapping[str, bool] = field(default_factory=dict)
    params: Mapping[str, Mapping[str, int | bool]] = field(default_factory=dict)

    def is_on(self, code: str) -> bool:
        return self.enabled.get(code, RULES_BY_CODE[code].enabled)

    def param(self, code: str, name: str) -> int:
        value = self.params.get(code, {}).get(name, RULES_BY_CODE[code].defaults[name])
        return int(value)

    def to_dict(self) -> dict[str, Any]:
        return {
            code: {"enabled": self.is_on(code),
                   **{k: self.params.get(code, {}).get(k, v) for k, v in r.defaults.items()}}
            for code, r in RULES_BY_CODE.items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSettings:
        issues: list[FieldIssue] = []
        enabled: dict[str, bool] = {}
        params: dict[str, dict[str, int | bool]] = {}
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise ValidationError("Rule settings must be an object keyed by rule code.")
        for code, entry in data.items():
            if code not in RULES_BY_CODE:
                issues.append(FieldIssue(code, "There is no rule with this code."))
                continue
            if not isinstance(entry, Mapping):
                issues.append(FieldIssue(code, "Each rule needs an object of settings."))
                continue
            defaults = RULES_BY_CODE[code].defaults
            for name in entry:
                # A misspelt setting would otherwise be dropped without a word.
                if name != "enabled" and name not in defaults:
                    issues.append(FieldIssue(f"{code}.{name}"[:80],
                                             "There is no setting with this name for this rule."))
            if "enabled" in entry:
                if not isinstance(entry["enabled"], bool):
                    issues.append(FieldIssue(f"{code}.enabled", "Use true or false."))
                else:
                    enabled[code] = entry["enabled"]
            for name, default in defaults.items():
                if name not in entry:
                    continue
                value = entry[name]
                low, high = _PARAM_RANGE.get(name, _DEFAULT_RANGE)
                if isinstance(default, bool):
                    if not isinstance(value, bool):
                        issues.append(FieldIssue(f"{code}.{name}", "Use true or false."))
                        continue
                elif isinstance(value, bool) or not isinstance(value, int) or not (
                    low <= value <= high
                ):
                    issues.append(FieldIssue(f"{code}.{name}",
                                             f"Use a whole number from {low} to {high}."))
                    continue
                params.setdefault(code, {})[name] = value
        if issues:
            raise ValidationError(issues)
        return cls(enabled, params)


def _joint_sides(record: ProcedureRecord) -> set[tuple[str, Side]]:
    return {(js.joint.name, phys) for js in record.joints for phys in js.side.physical}


def _counting(record: ProcedureRecord) -> str:
    if record.kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        return "RFA_FREQUENCY"
    if is_diagnostic(record.kind, record.block_number):
        return "DIAGNOSTIC_FREQUENCY"
    return "THERAPEUTIC_FREQUENCY"


def _session_regions(joints: Sequence[JointSide]) -> set[Region]:
    # T12-L1 with lumbar levels counts as one lumbar region (REFERENCE.md 3.1, [R13]).
    regions = {js.joint.region for js in joints}
    if (Region.LUMBAR in regions and any(js.joint.name == "T12-L1" for js in joints)
            and not any(js.joint.region is Region.THORACIC and js.joint.name != "T12-L1"
                        for js in joints)):
        regions.discard(Region.THORACIC)
    return regions


def evaluate(
    record: ProcedureRecord,
    history: Sequence[ProcedureRecord] = (),
    settings: RuleSettings | None = None,
) -> tuple[Warning, ...]:
    """Warnings for one record, given the patient's other records; never raises."""
    cfg = settings or RuleSettings()
    out: list[Warning] = []
    others = [h for h in history if h.id is None or h.id != record.id]
    kind = record.kind
    regions = _session_regions(record.joints)

    if cfg.is_on("MULTIPLE_REGIONS") and len(regions) > 1:
        names = " and ".join(r.value for r in Region if r in regions)
        out.append(Warning("MULTIPLE_REGIONS",
                           f"This session treats more than one region of the spine ({names}). "
                           "Medicare covers one region per session.", "joints"))
    max_levels = cfg.param("TOO_MANY_LEVELS", "max_levels")
    if cfg.is_on("TOO_MANY_LEVELS") and len(record.joints) > max_levels:
        out.append(Warning("TOO_MANY_LEVELS",
                           f"{len(record.joints)} levels in one session; coverage usually allows "
                           f"{max_levels}. Document why more are needed.", "joints"))
    if cfg.is_on("ULTRASOUND_GUIDANCE") and record.guidance.modality is Modality.ULTRASOUND:
        out.append(Warning("ULTRASOUND_GUIDANCE",
                           "Ultrasound-guided facet procedures are not covered by Medicare; "
                           "fluoroscopy or CT is required.", "guidance.modality"))
    if (cfg.is_on("SEDATION_FOR_BLOCK") and record.sedation.given
            and kind is not ProcedureKind.RADIOFREQUENCY_ABLATION):
        out.append(Warning("SEDATION_FOR_BLOCK",
                           f"{record.sedation.label} sedation was given. Sedation is not routinely "
                           "needed for a facet injection or block; document why it was.",
                           "sedation"))
    if (cfg.is_on("STEROID_IN_DIAGNOSTIC_BLOCK") and is_diagnostic(kind, record.block_number)
            and any(_is_steroid(m.name) for m in record.medications)):
        out.append(Warning("STEROID_IN_DIAGNOSTIC_BLOCK",
                           "A steroid is listed for a diagnostic block. Diagnostic blocks use "
                           "local anaesthetic only.", "medications"))
    if cfg.is_on("THORACIC_RFA") and kind is ProcedureKind.RADIOFREQUENCY_ABLATION and any(
        js.joint.region is Region.THORACIC for js in record.joints
    ):
        out.append(Warning("THORACIC_RFA",
                           "Thoracic RFA: some payers consider it investigational. Check the "
                           "patient's plan.", "joints"))

    earlier = [h for h in others if h.performed_at < record.performed_at]
    if cfg.is_on("RFA_WITHOUT_TWO_BLOCKS") and kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        need = cfg.param("RFA_WITHOUT_TWO_BLOCKS", "blocks_required")
        cut = cfg.param("RFA_WITHOUT_TWO_BLOCKS", "min_relief_percent")
        positive = [h for h in earlier if is_diagnostic(h.kind, h.block_number)
                    and h.percent_relief is not None and h.percent_relief >= cut]
        short = sorted(
            f"{name} {side.value}" for name, side in _joint_sides(record)
            if sum((name, side) in _joint_sides(h) for h in positive) < need
        )
        if short:
            out.append(Warning("RFA_WITHOUT_TWO_BLOCKS",
                               f"No record of {need} diagnostic medial branch blocks with at least "
                               f"{cut}% relief at: {', '.join(short)}.", "joints"))
    if (cfg.is_on("SECOND_BLOCK_WITHOUT_POSITIVE_FIRST")
            and kind is ProcedureKind.MEDIAL_BRANCH_BLOCK and record.block_number == 2):
        cut = cfg.param("SECOND_BLOCK_WITHOUT_POSITIVE_FIRST", "min_relief_percent")
        firsts = [h for h in earlier if h.kind is ProcedureKind.MEDIAL_BRANCH_BLOCK
                  and h.block_number == 1 and h.percent_relief is not None
                  and h.percent_relief >= cut]
        mine = _joint_sides(record)
        if not any(mine <= _joint_sides(h) for h in firsts):
            out.append(Warning("SECOND_BLOCK_WITHOUT_POSITIVE_FIRST",
                               f"This is block 2, but no block 1 at the same levels gave at least "
                               f"{cut}% relief.", "block_number"))

    code = _counting(record)
    if cfg.is_on(code):
        window_days = cfg.param(code, "window_days")
        limit = cfg.param(code, "max_sessions")
        per_region = bool(cfg.param(code, "per_region"))
        # The window counts dates of service, not clock times: a session on the same date
        # 365 days earlier is outside a 365-day window whatever the time of day of either.
        day = record.performed_at.date()
        same = [h for h in others
                if _counting(h) == code
                and h.performed_at <= record.performed_at
                and (day - h.performed_at.date()).days < window_days
                and (not per_region or _session_regions(h.joints) & regions)]
        count = len(same) + 1
        if count > limit:
            what = {"RFA_FREQUENCY": "RFA", "DIAGNOSTIC_FREQUENCY": "diagnostic",
                    "THERAPEUTIC_FREQUENCY": "therapeutic"}[code]
            where = " in this region" if per_region else ""
            out.append(Warning(code,
                               f"This is {what} session {count}{where} in 12 months; coverage "
                               f"allows {limit}.", "performed_at"))

    sites = sum(t.site_count for t in targets_for(record.kind, record.joints))
    for total in totals(record.medications, sites, record.patient.weight_kg):
        if total.warning:
            out.append(Warning(DOSE_OVER_MAXIMUM, total.warning, "medications"))
    return tuple(out)


def _is_steroid(name: str) -> bool:
    d = find_drug(name)
    return d is not None and d.drug_class is DrugClass.STEROID


__all__ = ["RULE_DEFS", "RuleSettings", "Warning", "evaluate"]
