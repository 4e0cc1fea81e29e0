"""Patient search by the start of any name part (issue 15, point 11), on SQLite and
PostgreSQL: later parts after a space, hyphen or apostrophe, apostrophes and accents ignored,
kept in step with the names, and filled in by migration 0010 for patients saved before."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from clinic_desk.domain.record import name_tokens, search_key
from clinic_desk.services import Services
from clinic_desk.storage import schema
from clinic_desk.storage.engine import Database
from tests.factories import make_patient


def _ids(services: Services, staff: Any, query: str) -> list[int]:
    return [r.patient_id for r in services.patients.search(staff.nurse, query)]


def test_the_start_of_any_name_part_is_found(services: Services, staff: Any) -> None:
    nurse = staff.nurse
    luk = services.patients.save(nurse, make_patient(
        mrn="N1001", family_name="Łukasiewicz-李", given_name="Wiesława"))
    ana = services.patients.save(nurse, make_patient(
        mrn="N1002", family_name="Okafor", given_name="Ana María Luisa"))
    zoe = services.patients.save(nurse, make_patient(
        mrn="N1003", family_name="O'Brien", given_name="Zoë"))
    dan = services.patients.save(nurse, make_patient(
        mrn="N1004", family_name="D’Angelo", given_name="Bruno"))
    services.patients.save(nurse, make_patient(mrn="N1005", family_name="Lima",
                                               given_name="Luiz"))
    assert _ids(services, staff, "李") == [luk.id]
    assert _ids(services, staff, "luisa") == [ana.id]  # a third given name
    assert _ids(services, staff, "maria") == [ana.id]
    assert _ids(services, staff, "maría lu") == [ana.id]
    assert _ids(services, staff, "obrien") == [zoe.id]
    assert _ids(services, staff, "o'brien") == [zoe.id]
    assert _ids(services, staff, "O’B") == [zoe.id]
    assert _ids(services, staff, "brien") == [zoe.id]  # after the apostrophe
    assert _ids(services, staff, "angelo") == [dan.id]
    assert _ids(services, staff, "dangelo") == [dan.id]
    assert _ids(services, staff, "wieslawa") == [luk.id]
    assert _ids(services, staff, "ukas") == []  # the middle of a part is not a start
    assert _ids(services, staff, "zoe obrien") == [zoe.id]


def test_renaming_moves_the_tokens_and_lists_stay_in_name_order(services: Services,
                                                                staff: Any) -> None:
    nurse = staff.nurse
    pat = services.patients.save(nurse, make_patient(
        mrn="N2001", family_name="Nowak-Kim", given_name="Ewa"))
    first = services.patients.save(nurse, make_patient(
        mrn="N2002", family_name="Abbott", given_name="Mary Kimberly"))
    assert _ids(services, staff, "kim") == [first.id, pat.id]  # family, given, id order
    renamed = services.patients.save(nurse, replace(pat, family_name="Nowak-Lee"))
    assert _ids(services, staff, "kim") == [first.id]
    assert _ids(services, staff, "lee") == [renamed.id]
    with services.db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT token, family_key, given_key FROM patient_name_tokens"
            " WHERE patient_id = :p"), {"p": pat.id}).all()
    assert [tuple(r) for r in rows] == [("lee", "nowak-lee", "ewa")]


def test_migration_fills_the_tokens_and_drops_apostrophes_from_old_keys(
        tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    db = Database(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(schema.MIGRATIONS))
    try:
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0003")
            conn.execute(text(
                "INSERT INTO patients (id, mrn, family_name, given_name, family_key, given_key,"
                " date_of_birth, sex, preferred_language, diabetic, anticoagulant_resume,"
                " allergies, escort, created_at, updated_at, updated_by, version) VALUES"
                " (1, 'M1', 'O''Brien-李', 'Zoë Ann', 'o''brien-李', 'zoe ann', '1960-01-01',"
                " 'female', 'en', 0, '', '', '', '2026-01-01 00:00:00',"
                " '2026-01-01 00:00:00', 'rn', 1)"))
        schema.upgrade(db)
        with db.engine.connect() as conn:
            keys = conn.execute(text("SELECT family_key, given_key FROM patients")).one()
            tokens = sorted(t for (t,) in conn.execute(text(
                "SELECT token FROM patient_name_tokens WHERE patient_id = 1")))
        assert tuple(keys) == ("obrien-李", "zoe ann")
        assert tokens == sorted(name_tokens("O'Brien-李", "Zoë Ann")) == ["ann", "brien-李", "李"]
        with db.engine.connect() as conn:
            mrns = {q: [m for (m,) in conn.execute(text(
                "SELECT mrn FROM patients WHERE id IN (SELECT patient_id FROM"
                " patient_name_tokens WHERE token >= :p AND token < :p || 'z')"), {"p": q})]
                for q in ("李", "ann")}
        assert mrns == {"李": ["M1"], "ann": ["M1"]}
        assert search_key("O'Brien") == "obrien"
    finally:
        db.dispose()


def test_common_prefixes_read_in_list_order_give_the_same_page(
        services: Services, staff: Any, monkeypatch: Any) -> None:
    """A prefix many names share is read by walking the list in order (the bench's "jo"),
    a rare one through its own index: both give the same patients in the same order."""
    from clinic_desk.storage import repositories

    nurse = staff.nurse
    for n, (family, given) in enumerate([("Zapata", "Jorge"), ("Abad", "María José"),
                                         ("Jones", "Ann"), ("Cruz-Jordán", "Luis"),
                                         ("Baker", "Joan Mary"), ("Ng", "Josh")]):
        services.patients.save(nurse, make_patient(mrn=f"J{n}", family_name=family,
                                                   given_name=given))
    sorted_page = [(r.family_name, r.given_name) for r in services.patients.search(nurse, "jo")]
    monkeypatch.setattr(repositories, "_common_threshold", lambda limit, patients: 1)
    walked = [(r.family_name, r.given_name) for r in services.patients.search(nurse, "jo")]
    assert walked == sorted_page == [("Abad", "María José"), ("Baker", "Joan Mary"),
                                     ("Cruz-Jordán", "Luis"), ("Jones", "Ann"), ("Ng", "Josh"),
                                     ("Zapata", "Jorge")]
    short = [(r.family_name) for r in services.patients.search(nurse, "jo", limit=3)]
    assert short == ["Abad", "Baker", "Cruz-Jordán"]
