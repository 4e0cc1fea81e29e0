"""Fixtures every suite shares: databases (SQLite and a real PostgreSQL), services, staff.

The PostgreSQL server is started once per run with `pgserver`; if it cannot start the
tests that need it fail - they are never skipped silently.
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

_TMP = Path(tempfile.mkdtemp(prefix="clinic-desk-tests-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["CLINIC_DESK_DATA_DIR"] = str(_TMP / "data")
os.environ.pop("CLINIC_DESK_DATABASE_URL", None)
os.environ.setdefault("XDG_RUNTIME_DIR", str(_TMP / "runtime"))
(_TMP / "runtime").mkdir(mode=0o700, exist_ok=True)

from argon2 import PasswordHasher  # noqa: E402

from clinic_desk.domain.record import Role  # noqa: E402
from clinic_desk.services import Services  # noqa: E402
from clinic_desk.services.auth import AuthService  # noqa: E402
from clinic_desk.services.context import Actor  # noqa: E402
from clinic_desk.storage import schema  # noqa: E402
from clinic_desk.storage.engine import Database  # noqa: E402

# Real argon2id, with cheap parameters so hundreds of sign-ins stay fast in tests.
AuthService.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)

PASSWORD = "correct horse battery"
APP_ROLE = "clinic_app"
_counter = itertools.count()


@dataclass
class PgServer:
    base_url: str  # postgresql+psycopg://...; a database name is appended per test
    server: object

    def url(self, dbname: str) -> str:
        return self.base_url.replace("/postgres?", f"/{dbname}?")

    def psql(self, sql: str) -> str:
        return self.server.psql(sql)  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    import pgserver

    data = _TMP / "pgdata"
    try:
        srv = pgserver.get_server(str(data), cleanup_mode="stop")
    except Exception as e:  # noqa: BLE001
        pytest.fail(f"could not start PostgreSQL for the tests: {e}")
    uri = srv.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    pg = PgServer(uri, srv)
    # A migrated template: each test gets a fresh copy in ~100 ms.
    pg.psql("DROP DATABASE IF EXISTS clinic_template;")
    pg.psql("CREATE DATABASE clinic_template;")
    db = Database(pg.url("clinic_template"))
    schema.upgrade(db)
    # Issue 11: the tests' application role gets only the rows' rights (copied into every
    # database made from the template); the superuser owns the tables.
    from clinic_desk.storage.roles import grant_application_role

    pg.psql(f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$;")
    with db.engine.begin() as conn:
        grant_application_role(conn, APP_ROLE)
    db.dispose()
    yield pg
    srv.cleanup()


def new_pg_database(pg: PgServer, prefix: str = "t") -> str:
    name = f"{prefix}_{os.getpid()}_{next(_counter)}"
    pg.psql(f"CREATE DATABASE {name} TEMPLATE clinic_template;")
    return pg.url(name)


def new_sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / f'clinic-{next(_counter)}.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty, migrated database URL on each backend. On PostgreSQL the app connects as
    the restricted application role (issue 11); `owner_url(url)` reaches the same database
    as the tables' owner, for tests that need the owner's rights."""
    if request.param == "sqlite":
        url = new_sqlite_url(tmp_path)
        db = Database(url)
        schema.upgrade(db)
        db.dispose()
        return url
    return as_app_role(new_pg_database(request.getfixturevalue("pg_server")))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = new_sqlite_url(tmp_path)
    db = Database(url)
    schema.upgrade(db)
    db.dispose()
    return url


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    return new_pg_database(pg_server)


def as_app_role(owner_url: str) -> str:
    """The same database reached as the restricted application role (issue 11)."""
    return owner_url.replace("//postgres:@", f"//{APP_ROLE}:@", 1)


def owner_url(url: str) -> str:
    """The database of `url` reached as its owner (PostgreSQL); SQLite URLs unchanged."""
    return url.replace(f"//{APP_ROLE}:@", "//postgres:@", 1)


@pytest.fixture
def pg_owner_and_app_url(pg_server: PgServer) -> tuple[str, str]:
    """A migrated PostgreSQL database set up with two roles, as `init-db --owner-url` does:
    the tables belong to the server's superuser (the owner's URL), and the application's URL
    connects as `clinic_app`, granted only the rows' rights."""
    from clinic_desk.storage.roles import grant_application_role

    owner_url = new_pg_database(pg_server)
    pg_server.psql(f"DO $$ BEGIN CREATE ROLE {APP_ROLE} LOGIN; "
                   "EXCEPTION WHEN duplicate_object THEN NULL; END $$;")
    owner = Database(owner_url)
    with owner.engine.begin() as conn:
        grant_application_role(conn, APP_ROLE)
    owner.dispose()
    return owner_url, as_app_role(owner_url)


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    database = Database(sqlite_url)
    yield database
    database.dispose()


@pytest.fixture
def services(db: Database) -> Services:
    return Services(db)


@pytest.fixture
def sqlite_services(sqlite_db: Database) -> Services:
    return Services(sqlite_db)


@dataclass
class Staff:
    admin: Actor
    physician: Actor
    physician2: Actor
    nurse: Actor
    desk: Actor
    password: str = PASSWORD

    def by_role(self, role: Role) -> Actor:
        return {Role.ADMIN: self.admin, Role.PHYSICIAN: self.physician, Role.NURSE: self.nurse,
                Role.DESK: self.desk}[role]


def make_staff(services: Services) -> Staff:
    admin = services.auth.create_user(None, "admin", "Avery Morgan", Role.ADMIN, PASSWORD)
    return Staff(
        admin=admin,
        physician=services.auth.create_user(admin, "drlee", "Hana Lee", Role.PHYSICIAN,
                                            PASSWORD, "MD"),
        physician2=services.auth.create_user(admin, "drokafor", "Chidi Okafor", Role.PHYSICIAN,
                                             PASSWORD, "DO"),
        nurse=services.auth.create_user(admin, "nkim", "Min-jun Kim", Role.NURSE, PASSWORD,
                                        "RN"),
        desk=services.auth.create_user(admin, "desk", "Sam Taylor", Role.DESK, PASSWORD),
    )


@pytest.fixture
def staff(services: Services) -> Staff:
    """One account per role (usernames admin, drlee, drokafor, nkim, desk; one password)."""
    return make_staff(services)


@pytest.fixture
def sqlite_staff(sqlite_services: Services) -> Staff:
    return make_staff(sqlite_services)


@pytest.fixture(autouse=True)
def _fail_on_unexpected_warnings(request: pytest.FixtureRequest,
                                 caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Like qutebrowser's logfail: a warning logged by Clinic Desk fails the test, unless the
    test is marked `allow_log_warnings`."""
    caplog.set_level(logging.INFO)
    yield
    if request.node.get_closest_marker("allow_log_warnings"):
        return
    bad = [r for r in caplog.get_records("call")
           if r.levelno >= logging.WARNING and r.name.startswith("clinic_desk")]
    if bad:
        pytest.fail("unexpected log warnings: " + "; ".join(
            f"{r.name}: {r.getMessage()}" for r in bad))


# What the suite's own patients and accounts are called: none of it may reach a log file.
_NEVER_LOGGED = (PASSWORD, "O'Brien", "Zoë", "García-Pérez", "Wróblewski", "Yılmaz",
                 "Nguyễn")


def _log_leaks(roots: list[Path]) -> list[str]:
    leaks = []
    for root in roots:
        for path in root.rglob("*.log*"):
            if not path.is_file():
                continue
            text = path.read_text("utf-8", errors="replace")
            leaks += [f"{path}: {word!r}" for word in _NEVER_LOGGED if word in text]
    return leaks


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Issue 6: after the whole run, the log files the app wrote (the command line's tests
    attach the rotating file log, which then records the rest of the run) hold no test
    password and no test patient's name. A leak fails the run."""
    roots = [_TMP]
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is not None:
        roots.append(factory.getbasetemp())
    leaks = _log_leaks(roots)
    files = sum(1 for root in roots for p in root.rglob("*.log*") if p.is_file())
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write("\n")
        reporter.write_sep("-", f"log files checked for passwords and patient names: {files}, "
                                f"leaks: {len(leaks)}")
        for leak in leaks[:20]:
            reporter.write_line(f"  LEAK {leak}")
    if leaks:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    # The run's folder holds a PostgreSQL cluster (1-2 GB): left behind, a few hundred runs
    # filled the disk. CLINIC_DESK_KEEP_TEST_TMP=1 keeps it to look into a failure.
    if not os.environ.get("CLINIC_DESK_KEEP_TEST_TMP"):
        shutil.rmtree(_TMP, ignore_errors=True)
