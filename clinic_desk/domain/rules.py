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

from .calls import FollowUpAnswers
from .diary import MEDICARE, BlockResponse, BlockResult, RuleProfile
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
    RuleDef("THERAPEUTIC_IA_WITHOUT_TWO_BLOCKS",
            "Therapeutic intra-articular injection without two positive diagnostic blocks",
            "Medicare LCD: therapeutic IA needs two diagnostic procedures with at least 80% "
            "relief, and why RFA is not an option (REFERENCE.md 3.4 T1)",
            {"blocks_required": 2}),
    RuleDef("REPEAT_RFA_AFTER_GAP", "Repeat RFA long after the last one",
            "Medicare LCD: a long time (2 years or more) between RFAs without repeating the "
            "diagnostic blocks is a listed limitation (REFERENCE.md 3.4 R3)",
            {"max_gap_days": 730}),
    # The LCD's repeat-RFA relief criterion is UNCONFIRMED (REFERENCE.md 3.4 R3, 9 item 1):
    # off by default, and its thresholds are the clinic's to set.
    RuleDef("REPEAT_RFA_WITHOUT_RELIEF", "Repeat RFA without lasting relief from the last",
            "Repeat RFA after relief from the previous one (clinic setting; the LCD "
            "criterion is UNCONFIRMED, REFERENCE.md 3.4 R3)",
            {"min_relief_percent": 50, "min_months": 6}, enabled=False),
)
RULES_BY_CODE = {r.code: r for r in RULE_DEFS}
DOSE_OVER_MAXIMUM = "DOSE_OVER_MAXIMUM"
# A result a rule needs (a block's diary, an RFA's follow-up) is not recorded: its own
# warning, never a pass (issue 13).
RESULT_MISSING = "RESULT_MISSING"


@dataclass(frozen=True, slots=True)
class PathwayFacts:
    """What the calls recorded for the patient's records (issue 13): each diagnostic block's
    response under the clinic's rule profile, and each procedure's outcome follow-ups, keyed
    by record id. Without them the rules judge a block by its discharge pain score."""

    responses: Mapping[int, BlockResponse] = field(default_factory=dict)
    follow_ups: Mapping[int, Sequence[FollowUpAnswers]] = field(default_factory=dict)
    profile: RuleProfile = MEDICARE

    def result(self, record: ProcedureRecord) -> BlockResult:
        r = self.responses.get(record.id) if record.id is not None else None
        return BlockResult.MISSING if r is None else r.result
# Allowed values of the whole-number settings; a percentage above 100 could never be met.
_PARAM_RANGE: Mapping[str, tuple[int, int]] = {"min_relief_percent": (1, 100),
                                               "min_months": (1, 60)}
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
    facts: PathwayFacts | None = None,
) -> tuple[Warning, ...]:
    """Warnings for one record, given the patient's other records; never raises.

    With `facts` the pathway rules (D2, R2, T1, R3) judge earlier blocks by their diary
    results under the clinic's rule profile; without, by the discharge pain score."""
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
    out.extend(_pathway_warnings(record, earlier, cfg, facts))

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


def _missing(h: ProcedureRecord) -> str:
    what = f"block {h.block_number}" if h.block_number else h.kind.label.lower()
    return f"diary result for {what} ({h.performed_at.date().isoformat()}) not recorded"


def _pathway_warnings(record: ProcedureRecord, earlier: Sequence[ProcedureRecord],
                      cfg: RuleSettings, facts: PathwayFacts | None) -> list[Warning]:
    out: list[Warning] = []
    kind = record.kind

    def positive(h: ProcedureRecord, cut: int) -> bool | None:
        """True/False, or None when the result a rule needs is not recorded."""
        if facts is None:
            return h.percent_relief is not None and h.percent_relief >= cut
        result = facts.result(h)
        if result is BlockResult.MISSING:
            return None
        return result is BlockResult.POSITIVE

    def threshold(code: str) -> tuple[int, str]:
        if facts is None:
            cut = cfg.param(code, "min_relief_percent")
            return cut, f"at least {cut}% relief"
        p = facts.profile
        return p.positive_percent, f"at least {p.positive_percent}% relief ({p.name})"

    def two_blocks(code: str, what: str, field_name: str, advice: str = "") -> None:
        need = cfg.param(code, "blocks_required")
        cut, words = threshold("RFA_WITHOUT_TWO_BLOCKS")
        blocks = [h for h in earlier if is_diagnostic(h.kind, h.block_number)]
        short: list[str] = []
        missing: list[ProcedureRecord] = []
        for name, side in sorted(_joint_sides(record), key=lambda x: (x[0], x[1].value)):
            covering = [h for h in blocks if (name, side) in _joint_sides(h)]
            judged = [positive(h, cut) for h in covering]
            hits = sum(1 for j in judged if j)
            if hits >= need:
                continue
            unknown = [h for h, j in zip(covering, judged, strict=True) if j is None]
            if hits + len(unknown) >= need:
                missing.extend(h for h in unknown if h not in missing)
            else:
                short.append(f"{name} {side.value}")
        if missing:
            out.append(Warning(RESULT_MISSING,
                               "; ".join(_missing(h) for h in missing).capitalize()
                               + f". {what} needs it to be judged.", field_name))
        if short:
            out.append(Warning(code, f"No record of {need} diagnostic medial branch blocks "
                                     f"with {words} at: {', '.join(short)}.{advice}",
                               field_name))

    if cfg.is_on("RFA_WITHOUT_TWO_BLOCKS") and kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        two_blocks("RFA_WITHOUT_TWO_BLOCKS", "RFA (rule R2)", "joints")
    if (cfg.is_on("THERAPEUTIC_IA_WITHOUT_TWO_BLOCKS")
            and kind is ProcedureKind.INTRA_ARTICULAR and facts is not None):
        # T1 needs the diary results; judged only where the pathway is known (issue 13).
        two_blocks("THERAPEUTIC_IA_WITHOUT_TWO_BLOCKS", "Therapeutic IA (rule T1)", "joints",
                   " Document why RFA is not an option for this patient (T1).")
    if (cfg.is_on("SECOND_BLOCK_WITHOUT_POSITIVE_FIRST")
            and kind is ProcedureKind.MEDIAL_BRANCH_BLOCK and record.block_number == 2):
        cut, words = threshold("SECOND_BLOCK_WITHOUT_POSITIVE_FIRST")
        mine = _joint_sides(record)
        firsts = [h for h in earlier if h.kind is ProcedureKind.MEDIAL_BRANCH_BLOCK
                  and h.block_number == 1 and mine <= _joint_sides(h)]
        judged = [positive(h, cut) for h in firsts]
        if not any(judged):
            unknown = [h for h, j in zip(firsts, judged, strict=True) if j is None]
            if unknown:
                out.append(Warning(RESULT_MISSING,
                                   _missing(unknown[-1]).capitalize()
                                   + ". Block 2 needs it to be judged (rule D2).",
                                   "block_number"))
            else:
                out.append(Warning("SECOND_BLOCK_WITHOUT_POSITIVE_FIRST",
                                   f"This is block 2, but no block 1 at the same levels gave "
                                   f"{words}.", "block_number"))
    if kind is ProcedureKind.RADIOFREQUENCY_ABLATION:
        out.extend(_repeat_rfa(record, earlier, cfg, facts))
    return out


def _repeat_rfa(record: ProcedureRecord, earlier: Sequence[ProcedureRecord],
                cfg: RuleSettings, facts: PathwayFacts | None) -> list[Warning]:
    """R3: the previous RFA at the same joints and sides, if any (REFERENCE.md 3.4 R3)."""
    mine = _joint_sides(record)
    prior = [h for h in earlier if h.kind is ProcedureKind.RADIOFREQUENCY_ABLATION
             and _joint_sides(h) & mine]
    if not prior:
        return []
    last = max(prior, key=lambda h: h.performed_at)
    out: list[Warning] = []
    gap = (record.performed_at.date() - last.performed_at.date()).days
    if cfg.is_on("REPEAT_RFA_AFTER_GAP") and gap >= cfg.param("REPEAT_RFA_AFTER_GAP",
                                                                "max_gap_days"):
        blocks_since = [h for h in earlier if is_diagnostic(h.kind, h.block_number)
                        and h.performed_at > last.performed_at]
        if not blocks_since:
            out.append(Warning("REPEAT_RFA_AFTER_GAP",
                               f"The last RFA at these joints was {gap} days ago "
                               f"({last.performed_at.date().isoformat()}) and no diagnostic "
                               "block has been done since.", "performed_at"))
    if cfg.is_on("REPEAT_RFA_WITHOUT_RELIEF") and facts is not None:
        cut = cfg.param("REPEAT_RFA_WITHOUT_RELIEF", "min_relief_percent")
        months = cfg.param("REPEAT_RFA_WITHOUT_RELIEF", "min_months")
        answers = [f for f in facts.follow_ups.get(last.id or -1, ())
                   if f.months >= months and f.relief_percent is not None]
        if not answers:
            out.append(Warning(RESULT_MISSING,
                               f"Outcome follow-up at {months} months or later for the RFA of "
                               f"{last.performed_at.date().isoformat()} not recorded. A repeat "
                               "RFA needs it to be judged.", "performed_at"))
        elif not any((f.relief_percent or 0) >= cut for f in answers):
            out.append(Warning("REPEAT_RFA_WITHOUT_RELIEF",
                               f"The RFA of {last.performed_at.date().isoformat()} did not give "
                               f"at least {cut}% relief at {months} months or later.",
                               "performed_at"))
    return out


def _is_steroid(name: str) -> bool:
    d = find_drug(name)
    return d is not None and d.drug_class is DrugClass.STEROID


__all__ = ["RESULT_MISSING", "RULE_DEFS", "PathwayFacts", "RuleSettings", "Warning", "evaluate"]
