"""Where things live: the database URL (--database, CLINIC_DESK_DATABASE_URL or the default
SQLite file in the user's data folder), the data folder and the log folder. No Qt here."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

from .files import create_private, make_private, private_dir

APP_NAME = "ClinicDesk"
ENV_DATABASE = "CLINIC_DESK_DATABASE_URL"
ENV_DATA_DIR = "CLINIC_DESK_DATA_DIR"


def data_dir() -> Path:
    """The per-user data folder (same place as Qt's AppDataLocation on Linux)."""
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))
    return private_dir(path)  # 0700: it holds the database, backups and drafts


def log_dir() -> Path:
    override = os.environ.get(ENV_DATA_DIR)
    path = Path(override) / "logs" if override else Path(
        platformdirs.user_log_dir(APP_NAME, APP_NAME))
    return private_dir(path)


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'clinic-desk.sqlite3'}"


def database_url(cli_value: str | None = None) -> str:
    return cli_value or os.environ.get(ENV_DATABASE) or default_database_url()


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are 0600 whatever the umask (they name accounts, record ids, workstations;
    rotation renames them, keeping the mode)."""

    def _open(self):  # type: ignore[no-untyped-def]
        create_private(self.baseFilename)
        return super()._open()


class _NoArgsFilter(logging.Filter):
    """Drop formatting arguments of third-party records: they may carry SQL parameters."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("clinic_desk") and record.args:
            record.msg, record.args = f"{record.msg} (arguments hidden)", None
        return True


def setup_logging(level: int = logging.INFO, to_stderr: bool = False) -> Path:
    """A rotating log file in the platform's log folder. Never log patient data."""
    path = log_dir() / "clinic-desk.log"
    root = logging.getLogger()
    if any(getattr(h, "_clinic_desk", False) for h in root.handlers):
        return path
    for old in path.parent.glob(f"{path.name}.*"):  # rotated files of an older version
        make_private(old)
    handler = _PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5,
                                          encoding="utf-8")
    handler._clinic_desk = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_NoArgsFilter())
    root.addHandler(handler)
    if to_stderr:
        err = logging.StreamHandler()
        err.setLevel(logging.WARNING)
        err.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        err._clinic_desk = True  # type: ignore[attr-defined]
        root.addHandler(err)
    root.setLevel(level)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    return path
