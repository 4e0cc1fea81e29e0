"""The local draft store (services/drafts.py): atomic JSON files per user and record."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest

from clinic_desk.domain.errors import ValidationError
from clinic_desk.domain.record_format import content_to_json
from clinic_desk.services.drafts import DraftStore, draft_key, new_draft_key
from tests.factories import make_patient, make_record


@pytest.fixture
def store(tmp_path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")


def test_save_list_load_discard(store):
    record = make_record(patient=make_patient(given_name="Zoë", family_name="O'Brien-Nguyễn"))
    key = draft_key("nkim", 42)
    assert key == "nkim--record-42"
    saved = store.save(key, "nkim", content_to_json(record), record_id=42, version=3,
                       status="draft", patient_id=7, extra={"reason": "test"})
    assert store.exists(key)
    loaded = store.load(key)
    assert loaded == saved
    assert loaded.content["patient"]["family_name"] == "O'Brien-Nguyễn"
    assert (loaded.record_id, loaded.version, loaded.patient_id) == (42, 3, 7)
    assert loaded.extra == {"reason": "test"}
    assert [d.key for d in store.list_for_user("nkim")] == [key]
    assert store.list_for_user("drlee") == []
    store.discard(key)
    assert not store.exists(key)
    store.discard(key)  # nothing there: fine


def test_new_record_keys_are_unique_and_newest_first(store):
    first = new_draft_key("nkim")
    second = new_draft_key("nkim")
    assert first != second and first.startswith("nkim--new-")
    with pytest.raises(ValueError):
        draft_key("nkim")
    content = content_to_json(make_record())
    store.save(first, "nkim", content, record_id=None, version=None)
    store.save(second, "nkim", content, record_id=None, version=None)
    store.save(first, "nkim", content, record_id=None, version=None)  # saved again: newest
    assert [d.key for d in store.list_for_user("nkim")] == [first, second]
    assert all(d.is_new for d in store.list_for_user("nkim"))


def test_writes_are_atomic_and_private(store):
    key = draft_key("nkim", 1)
    store.save(key, "nkim", {"notes": "x"}, record_id=1, version=0)
    names = os.listdir(store.folder)
    assert names == [f"{key}.json"]  # no temporary file left behind
    assert (store.path(key).stat().st_mode & 0o777) == 0o600


def test_damaged_files_are_skipped(store, caplog):
    key = draft_key("nkim", 1)
    store.save(key, "nkim", {"notes": "x"}, record_id=1, version=0)
    (store.folder / "nkim--record-2.json").write_text("{ half a file", "utf-8")
    (store.folder / "nkim--record-3.json").write_text(json.dumps({"format": "other"}), "utf-8")
    assert [d.key for d in store.list_for_user("nkim")] == [key]
    with pytest.raises(ValidationError):
        store.load("nkim--record-3")


def test_to_record_reads_valid_content_back(store):
    record = make_record()
    draft = store.save(draft_key("nkim", 5), "nkim", content_to_json(record), record_id=5,
                       version=2, patient_id=9)
    back = draft.to_record()
    assert (back.id, back.version, back.patient.id) == (5, 2, 9)
    assert back.joints == record.joints and back.medications == record.medications
    wrong = replace(draft, content=dict(draft.content, pain_after=12))
    with pytest.raises(ValidationError):
        wrong.to_record()


def test_default_folder_is_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CLINIC_DESK_DATA_DIR", str(tmp_path / "data"))
    assert DraftStore().folder == tmp_path / "data" / "drafts"
