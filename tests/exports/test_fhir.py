"""FHIR R4 export (issue 14, item 3): every bundle and resource validated by fhir.resources'
R4B models (R4B is R4 with errata; the resources used here are the same in both)."""

from __future__ import annotations

import base64
import json

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from clinic_desk.cli import main
from clinic_desk.domain.errors import ValidationError
from clinic_desk.exports.fhir import LATERALITY, SNOMED, ObservationSpec, fhir_signature
from tests.exports.conftest import Exported
from tests.exports.test_note_pdf import exports_of
from tests.factories import at
from tests.handout.conftest import pdf_text


def validated(bundle: dict) -> dict[str, list[dict]]:  # type: ignore[type-arg]
    """Validate the bundle and each resource with its own model; resources by type."""
    Bundle.model_validate(bundle)
    by_type: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for entry in bundle["entry"]:
        res = entry["resource"]
        get_fhir_model_class(res["resourceType"]).model_validate(res)
        by_type.setdefault(res["resourceType"], []).append(res)
    return by_type


def _verifies_with_signers_key(ex: Exported, record_id: int, data: bytes) -> bool:
    from clinic_desk.services.keys import signature_payload, verify
    from clinic_desk.storage.models import SignatureRow, SigningKeyRow
    from clinic_desk.storage.unit_of_work import UnitOfWork

    with UnitOfWork(ex.services.db, write=False) as uow:
        row = uow.session.get(SignatureRow, record_id)
        assert row is not None and row.key_id is not None
        key = uow.session.get(SigningKeyRow, row.key_id)
        assert key is not None
        payload = signature_payload(record_id, row.content_hash, row.signer_id,
                                    row.signer_username, row.key_id, row.signed_at, row.meaning,
                                    row.steroid_reason or "")
        return verify(key.public_key, payload, data.hex())


def export(ex: Exported, **kw) -> tuple[dict, dict]:  # type: ignore[no-untyped-def,type-arg]
    actor = kw.pop("actor", ex.staff.nurse)
    selection = ex.services.exports.select(actor, **kw)
    bundle = ex.services.exports.fhir_bundle(actor, selection, "file:/tmp/out.json")
    return bundle, validated(bundle)


def test_signed_record(exported: Exported) -> None:
    r = exported.signed
    bundle, res = export(exported, record_id=r.id)
    assert bundle["type"] == "collection"
    (patient,) = res["Patient"]
    assert patient["identifier"][0]["value"] == r.patient.mrn
    assert patient["name"][0]["family"] == "O'Brien-王"
    assert {p["name"][0]["text"] for p in res["Practitioner"]} == {"Hana Lee", "Min-jun Kim"}
    (proc,) = res["Procedure"]
    assert proc["status"] == "completed"
    assert proc["category"]["text"] == "Diagnostic"
    assert {c["code"] for c in proc["code"]["coding"]} == {"64493", "64494"}
    assert [c["code"] for c in proc["reasonCode"][0]["coding"]] == ["M47.816"]
    assert proc["bodySite"][0]["text"] == "L4-L5 facet joint, bilateral"
    assert {p["function"]["text"] for p in proc["performer"]} == {"Performing physician",
                                                                  "Nurse"}
    # Laterality: the SNOMED CT qualifiers of REFERENCE.md 6.5 on BodyStructure resources.
    quals = {b["location"]["text"]: b["locationQualifier"][0]["coding"][0]
             for b in res["BodyStructure"]}
    assert quals["L4-L5 facet joint"]["code"] == "51440002"
    assert quals["L5-S1 facet joint"]["code"] == "7771000"
    assert all(q["system"] == SNOMED for q in quals.values())
    assert len(proc["extension"]) == 2
    # One MedicationAdministration per drug and target (5 nerve sides), part of the procedure.
    mas = res["MedicationAdministration"]
    assert len(mas) == 3  # L3 and L4 bilateral, L5 dorsal ramus left: one per target
    assert {m["dosage"]["dose"]["value"] for m in mas} == {1.0, 0.5}
    proc_url = next(e["fullUrl"] for e in bundle["entry"]
                    if e["resource"]["resourceType"] == "Procedure")
    assert {m["partOf"][0]["reference"] for m in mas} == {proc_url}
    pains = sorted(o["valueInteger"] for o in res["Observation"])
    assert pains == [2, 7]
    # Provenance: the signature and the addendum, with the signature bytes.
    provs = res["Provenance"]
    assert len(provs) == 2
    sig = provs[0]["signature"][0]
    assert r.signature is not None
    assert base64.b64decode(sig["data"]) == fhir_signature(r.signature)[1]
    # The bytes are the Ed25519 signature (issue 11): they verify with the signer's public
    # key over what the signature covers, so a receiver can check them.
    data = base64.b64decode(sig["data"])
    assert len(data) == 64
    assert _verifies_with_signers_key(exported, r.id, data)
    assert sig["type"][0]["display"] == r.signature.meaning
    assert provs[1]["activity"]["text"] == "Addendum 1: Late entry"
    (doc,) = res["DocumentReference"]
    assert doc["docStatus"] == "final"
    pdf = base64.b64decode(doc["content"][0]["attachment"]["data"])
    assert "Addendum 1" in pdf_text(pdf)


def test_only_signed_unless_drafts_asked_for(exported: Exported) -> None:
    day = exported.signed.performed_at.date()
    _, res = export(exported, first=day, last=day)
    assert len(res["Procedure"]) == 2  # the MBB and the RFA; the draft stays home
    assert len(res["Patient"]) == 2
    _, res = export(exported, first=day, include_drafts=True)
    assert len(res["Procedure"]) == 3
    drafts = [d for d in res["DocumentReference"] if d["docStatus"] == "preliminary"]
    assert len(drafts) == 1
    assert "NOT SIGNED" in pdf_text(base64.b64decode(drafts[0]["content"][0]["attachment"]
                                                     ["data"]))
    with pytest.raises(ValidationError) as e:
        export(exported, record_id=exported.draft.id)
    assert "--include-drafts" in str(e.value)


def test_rfa_is_therapeutic_with_lesion_values_in_the_note(exported: Exported) -> None:
    _, res = export(exported, record_id=exported.rfa.id)
    (proc,) = res["Procedure"]
    assert proc["category"]["text"] == "Therapeutic"
    assert {c["code"] for c in proc["code"]["coding"]} == {"64635", "64636"}


def test_block_response_hook(exported: Exported) -> None:
    """The pain diary (issue 13) hands its results in through `extra_observations`."""
    ex = exported

    def diary(record):  # type: ignore[no-untyped-def]
        return [ObservationSpec("block-response", "Block response: peak relief (pain diary)",
                                at("2026-11-24 16:00"), 85, "%", note="Concordant")]

    selection = ex.services.exports.select(ex.staff.nurse, record_id=ex.signed.id)
    bundle = ex.services.exports.fhir_bundle(ex.staff.nurse, selection, "x", diary)
    obs = validated(bundle)["Observation"]
    (block,) = [o for o in obs if "valueQuantity" in o]
    assert block["valueQuantity"] == {"value": 85, "unit": "%",
                                      "system": "http://unitsofmeasure.org", "code": "%"}


def test_every_record_exported_is_audited(exported: Exported) -> None:
    day = exported.signed.performed_at.date()
    export(exported, first=day, actor=exported.staff.desk)
    for r in (exported.signed, exported.rfa):
        (entry,) = exports_of(exported.services, r.id)
        assert entry.username == "desk" and entry.detail["format"] == "FHIR R4 Bundle"
        assert entry.detail["destination"] == "file:/tmp/out.json"
    assert exports_of(exported.services, exported.draft.id) == []


def test_laterality_table_is_reference_6_5() -> None:
    assert {code for code, _ in LATERALITY.values()} == {"7771000", "24028007", "51440002"}


def test_cli_fhir(exported: Exported, db_url: str, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "day.json"
    day = exported.signed.performed_at.date().isoformat()
    assert main(["--database", db_url, "export", "fhir", "--date", day, "--include-drafts",
                 "--out", str(out)]) == 0
    res = validated(json.loads(out.read_text(encoding="utf-8")))
    assert len(res["Procedure"]) == 3
    assert main(["--database", db_url, "export", "fhir", str(exported.signed.id), "--date",
                 day, "--out", str(tmp_path / "x.json")]) == 2
    assert "one of: a record ID, --date" in capsys.readouterr().err
    assert not (tmp_path / "x.json").exists()
    assert main(["--database", db_url, "export", "fhir", "--from", "2026-11-30", "--to",
                 "2026-11-01", "--out", str(tmp_path / "y.json")]) == 2
    assert "end date is before" in capsys.readouterr().err


def test_the_diary_block_response_is_an_observation(exported: Exported) -> None:
    """Issue 14 item 3 with issue 13: once the nurse recorded the pain diary at the next-day
    call, the bundle carries the block response (peak relief, result, how it was judged);
    before that there is no such Observation (never a guess)."""
    from datetime import timedelta

    r = exported.signed
    _, before = export(exported, record_id=r.id)
    assert not [o for o in before["Observation"] if "block response" in o["code"]["text"]]
    called = (r.performed_at + timedelta(days=1)).isoformat()
    exported.services.calls.record(exported.staff.nurse, r.id, {
        "format": "clinic-desk/call@1", "called_at": called, "outcome": "reached",
        "problems": [], "diary": [{"after_minutes": m, "pain": p} for m, p in
                                  ((15, 1), (30, 0), (60, 1), (120, 2), (180, 3), (240, 5),
                                   (300, 6), (360, 7))]})
    _, after = export(exported, record_id=r.id)
    (obs,) = [o for o in after["Observation"] if "block response" in o["code"]["text"]]
    assert r.pain_before == 7
    assert obs["valueQuantity"]["value"] == 100.0 and obs["valueQuantity"]["code"] == "%"
    assert "Positive" in obs["code"]["text"] and "timed pain diary" in obs["code"]["text"]
    assert "baseline = pre-procedure score 7/10" in obs["note"][0]["text"]
