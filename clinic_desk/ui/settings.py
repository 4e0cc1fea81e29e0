"""Per-workstation UI state (window geometry, splitters, column widths, timings), each key
declared once here with its type and default.

Clinic-wide settings (clinic name, rule thresholds) live in the database, never here. The
file is `config.data_dir()/ui-settings.ini`, so tests (which point CLINIC_DESK_DATA_DIR at a
temporary folder) never read or write a real workstation's settings.

    from clinic_desk.ui import settings
    settings.AUTOSAVE_IDLE_MS.get()          # -> int
    settings.MAIN_GEOMETRY.set(window.saveGeometry())
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QByteArray, QSettings

from ..config import data_dir

T = TypeVar("T")

_settings: QSettings | None = None


def store() -> QSettings:
    """The workstation's settings file (created on first use)."""
    global _settings
    path = str(data_dir() / "ui-settings.ini")
    if _settings is None or _settings.fileName() != path:
        _settings = QSettings(path, QSettings.Format.IniFormat)
    return _settings


def _convert(kind: type, value: Any, default: Any) -> Any:
    if kind is QByteArray:
        return value if isinstance(value, QByteArray) else QByteArray()
    if kind is bool:
        if isinstance(value, str):
            return value.lower() in ("1", "true", "yes")
        return bool(value)
    try:
        return kind(value)
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T
    doc: str

    def get(self) -> T:
        return cast(T, _convert(self.type, store().value(self.key, self.default), self.default))

    def set(self, value: T) -> None:
        store().setValue(self.key, value)

    def reset(self) -> None:
        store().remove(self.key)


# Keys of state, each with its type and default.
MAIN_GEOMETRY = Setting("main_window/geometry", QByteArray, QByteArray(),
                        "Size and position of the main window.")
MAIN_STATE = Setting("main_window/state", QByteArray, QByteArray(),
                     "Tool bars and docks of the main window.")
WORKLIST_HEADER = Setting("worklist/header", QByteArray, QByteArray(),
                          "Column widths and order of the worklist.")
EDITOR_SPLITTER = Setting("editor/splitter", QByteArray, QByteArray(),
                          "Width of the record editor's side panel.")
SIGNOFF_SPLITTER = Setting("signoff/splitter", QByteArray, QByteArray(),
                           "Width of the sign-off queue beside the record review.")
PATIENT_DIALOG_GEOMETRY = Setting("patient_dialog/geometry", QByteArray, QByteArray(),
                                  "Size of the patient dialog.")
LAST_USERNAME = Setting("sign_in/last_username", str, "",
                        "The last username signed in on this workstation (no password).")
AUTOSAVE_IDLE_MS = Setting("editor/autosave_idle_ms", int, 3000,
                           "Quiet time after the last edit before the draft saves itself.")
SEARCH_DELAY_MS = Setting("worklist/search_delay_ms", int, 200,
                          "Pause after typing before the patient search runs.")
WORKLIST_PAGE_SIZE = Setting("worklist/page_size", int, 200,
                             "Rows the worklist loads at a time as you scroll.")

ALL: tuple[Setting[Any], ...] = (
    MAIN_GEOMETRY, MAIN_STATE, WORKLIST_HEADER, EDITOR_SPLITTER, SIGNOFF_SPLITTER,
    PATIENT_DIALOG_GEOMETRY,
    LAST_USERNAME, AUTOSAVE_IDLE_MS, SEARCH_DELAY_MS, WORKLIST_PAGE_SIZE,
)
