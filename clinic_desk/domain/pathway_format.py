"""A patient's pathway as JSON (`clinic-desk pathway show --json`, docs/record-format.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .diary import RuleProfile
from .pathway import Pathway, PathwayStep
from .procedures import is_diagnostic
from .record import Patient


def step_to_json(step: PathwayStep) -> dict[str, Any]:
    r = step.record
    resp = step.response
    diagnostic = is_diagnostic(r.kind, r.block_number)
    return {
        "id": r.id, "kind": r.kind.value, "block_number": r.block_number, "title": r.title,
        "performed_at": r.performed_at.isoformat(), "status": r.status.value,
        "joints": [{"level": js.joint.name, "side": js.side.value} for js in r.joints],
        "levels": r.levels_text, "pain_before": r.pain_before,
        # Diagnostic blocks only; null for RFA and therapeutic procedures.
        "result": (resp.result.value if resp else "missing") if diagnostic else None,
        "peak_relief_percent": resp.peak_relief_percent if resp else None,
        "hours_50": resp.hours_50 if resp else None,
        "hours_80": resp.hours_80 if resp else None,
        "recalled": bool(resp and resp.recalled),
        "reasons": list(resp.reasons) if resp else [],
        "points": ([{"after_minutes": p.after_minutes, "pain": p.pain,
                     "relief_percent": p.relief_percent, "pain_medicine": p.pain_medicine}
                    for p in resp.points] if resp else []),
        "follow_ups": [{"months": f.months, "pain": f.pain, "relief_percent": f.relief_percent,
                        "impression": f.impression.value if f.impression else None,
                        "measures": dict(f.measures)}
                       for f in step.follow_ups],
    }


def pathway_to_json(patient: Patient, pathways: Sequence[Pathway],
                    profile: RuleProfile) -> dict[str, Any]:
    regions = [{"region": p.region.value, "procedures": [step_to_json(s) for s in p.steps],
                "next_step": p.next_step, "rule_codes": list(p.rule_codes)} for p in pathways]
    seen: set[int | None] = set()
    procedures = []
    for p in pathways:
        for s in p.steps:
            if s.record.id not in seen:
                seen.add(s.record.id)
                procedures.append(step_to_json(s))
    procedures.sort(key=lambda d: (d["performed_at"], d["id"] or 0))
    if len(pathways) == 1:
        next_step = pathways[0].next_step
    else:
        next_step = " ".join(f"{p.region.value.capitalize()}: {p.next_step}" for p in pathways)
    return {"format": "clinic-desk/pathway@1", "mrn": patient.mrn, "profile": profile.key,
            "procedures": procedures, "next_step": next_step or "No procedure recorded.",
            "regions": regions}


__all__ = ["pathway_to_json", "step_to_json"]
