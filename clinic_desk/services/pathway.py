"""The diagnostic pathway (issue 13): rule profiles, call settings, block results for the
rules, and a patient's pathway per spinal region; one transaction each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain.audit import AuditAction
from ..domain.calls import (
    CallEntry,
    CallOutcome,
    CallSettings,
    FollowUpAnswers,
    Measure,
    measures_from_list,
)
from ..domain.diary import (
    MEDICARE,
    BlockResponse,
    RuleProfile,
    block_response,
    profiles_from_list,
)
from ..domain.errors import FieldIssue, NotFoundError, ValidationError
from ..domain.joints import Region
from ..domain.pathway import Pathway, build_pathway, regions_of_history
from ..domain.permissions import Action
from ..domain.procedures import is_diagnostic
from ..domain.record import Patient, ProcedureRecord
from ..domain.rules import PathwayFacts
from ..storage.calls import CallRepository
from ..storage.unit_of_work import UnitOfWork
from .base import Service
from .context import Actor
from .settings import SettingsService

SETTINGS_KEY = "pathway"


@dataclass(frozen=True, slots=True)
class PathwaySettings:
    """The clinic's rule profiles (Medicare always present), the one in use, and call timing."""

    profile: RuleProfile = MEDICARE
    profiles: tuple[RuleProfile, ...] = (MEDICARE,)
    calls: CallSettings = field(default_factory=CallSettings)
    measures: tuple[Measure, ...] = ()  # the clinic's own outcome measures (as data)

    def to_dict(self) -> dict[str, Any]:
        return {"profile": self.profile.key,
                "profiles": [p.to_dict() for p in self.profiles if p.key != MEDICARE.key],
                "calls": self.calls.to_dict(), "measures": [m.to_dict() for m in self.measures]}

    @classmethod
    def from_dict(cls, data: Any) -> PathwaySettings:
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValidationError("Pathway settings must be an object.")
        unknown = set(data) - {"profile", "profiles", "calls", "measures"}
        if unknown:
            raise ValidationError("Unknown field; check its spelling.", sorted(unknown)[0][:40])
        # Every part is checked, so one run names every field at fault.
        issues: list[FieldIssue] = []
        added: tuple[RuleProfile, ...] = ()
        calls = CallSettings()
        measures: tuple[Measure, ...] = ()
        try:
            added = profiles_from_list(data.get("profiles"))
        except ValidationError as e:
            issues.extend(e.issues)
        try:
            calls = CallSettings.from_dict(data.get("calls"))
        except ValidationError as e:
            issues.extend(e.issues)
        try:
            measures = measures_from_list(data.get("measures"))
        except ValidationError as e:
            issues.extend(e.issues)
        profiles = (MEDICARE, *added)
        key = data.get("profile", MEDICARE.key)
        chosen = next((p for p in profiles if p.key == key), None)
        if chosen is None and not any(i.field.startswith("profiles") for i in issues):
            issues.append(FieldIssue("profile", "There is no rule profile with this key; a "
                                                "profile in use cannot be removed."))
        if issues:
            raise ValidationError(issues)
        assert chosen is not None
        return cls(chosen, profiles, calls, measures)


def pathway_settings(uow: UnitOfWork) -> PathwaySettings:
    data, _ = uow.settings.get(SETTINGS_KEY)
    return PathwaySettings.from_dict(data)


def put_pathway_settings(service: Service, uow: UnitOfWork, actor: Actor, before: Any,
                         parsed: PathwaySettings, expected_version: int | None = None) -> None:
    """Store checked settings and audit the change (`before`: the stored JSON), in the
    caller's transaction (PathwayService.save_settings, SettingsService.save_clinic_page)."""
    uow.settings.put(SETTINGS_KEY, parsed.to_dict(), actor.username, expected_version)
    service.audit(uow, actor, AuditAction.SETTINGS_CHANGE,
                  detail={"key": SETTINGS_KEY, "before": before, "after": parsed.to_dict()})


def response_from_calls(record: ProcedureRecord, calls: Sequence[CallEntry],
                        profile: RuleProfile) -> BlockResponse | None:
    """The block response from the newest call that recorded diary results (a later call
    corrects an earlier one); None when no call recorded any."""
    with_result = [c for c in calls if c.outcome is CallOutcome.REACHED and c.has_diary_result]
    if not with_result:
        return None
    last = with_result[-1]
    return block_response(record.pain_before, last.diary, last.recalled, profile)


def facts_for(records: Sequence[ProcedureRecord], calls: dict[int, list[CallEntry]],
              profile: RuleProfile) -> PathwayFacts:
    """What the rules need from the calls about these records (rules.PathwayFacts)."""
    responses: dict[int, BlockResponse] = {}
    follow_ups: dict[int, list[FollowUpAnswers]] = {}
    for r in records:
        if r.id is None:
            continue
        mine = calls.get(r.id, [])
        if is_diagnostic(r.kind, r.block_number):
            resp = response_from_calls(r, mine, profile)
            if resp is not None:
                responses[r.id] = resp
        answers = [c.follow_up for c in mine
                   if c.follow_up is not None and c.outcome is CallOutcome.REACHED]
        if answers:
            follow_ups[r.id] = answers
    return PathwayFacts(responses, follow_ups, profile)


def facts_in(uow: UnitOfWork, records: Sequence[ProcedureRecord],
             profile: RuleProfile | None = None) -> PathwayFacts:
    chosen = profile or pathway_settings(uow).profile
    calls = CallRepository(uow).for_records(r.id for r in records if r.id is not None)
    return facts_for(records, calls, chosen)


@dataclass(frozen=True, slots=True)
class PatientPathway:
    patient: Patient
    pathways: tuple[Pathway, ...]
    calls: dict[int, list[CallEntry]]
    profile: RuleProfile


class PathwayService(Service):
    def settings(self) -> PathwaySettings:
        with self.uow(write=False) as uow:
            return pathway_settings(uow)

    def save_settings(self, actor: Actor, data: dict[str, Any]) -> PathwaySettings:
        """Administrators set the rule profiles and call timing; audited like other settings."""
        actor.require(Action.MANAGE)
        parsed = PathwaySettings.from_dict(data)
        with self.uow() as uow:
            before, _ = uow.settings.get(SETTINGS_KEY)
            put_pathway_settings(self, uow, actor, before, parsed)
            uow.commit()
        return parsed

    def for_patient(self, actor: Actor, patient_id: int | None = None, mrn: str | None = None,
                    region: Region | None = None) -> PatientPathway:
        """Every region's pathway (or one region's) for a patient; audited as one access to
        each record shown."""
        actor.require(Action.VIEW_RECORDS)
        with self.uow() as uow:
            if patient_id is None:
                patient = uow.patients.by_mrn((mrn or "").strip().upper())
                if patient is None:
                    raise NotFoundError(f"There is no patient with MRN {mrn}.")
            else:
                patient = uow.patients.get(patient_id)
            assert patient.id is not None
            records = uow.records.for_patient(patient.id)
            settings = pathway_settings(uow)
            rules = SettingsService.load_from(uow).rules
            calls = CallRepository(uow).for_records(r.id for r in records if r.id is not None)
            facts = facts_for(records, calls, settings.profile)
            regions = (region,) if region else regions_of_history(records)
            now = self.clock()
            pathways = tuple(build_pathway(records, facts, r, rules, now) for r in regions)
            shown = sorted({s.record.id for p in pathways for s in p.steps
                            if s.record.id is not None})
            self.audit(uow, actor, AuditAction.PATHWAY_VIEW, patient_id=patient.id,
                       detail={"records": shown,
                               "region": region.value if region else "all"})
            uow.commit()
        return PatientPathway(patient, pathways, calls, settings.profile)


__all__ = [
    "PathwayService",
    "PathwaySettings",
    "PatientPathway",
    "facts_for",
    "facts_in",
    "pathway_settings",
    "put_pathway_settings",
    "response_from_calls",
]
