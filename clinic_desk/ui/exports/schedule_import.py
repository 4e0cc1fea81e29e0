"""File > Import schedule (issue 14, item 6): the day's CSV from the practice-management
system, for nurses, physicians and the desk.

A mapping file named `schedule-mapping.json` beside the CSV (the clinic puts it in the export
folder once) renames the file's columns. A name or birth-date change on an existing MRN is
shown and applied only when the person confirms it; any bad row stops the whole file and the
message lists each line with its reason.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ...domain.errors import ClinicDeskError, ValidationError
from ...services import Actor, Services
from ...services.schedule import ChangesNeedConfirmation, ScheduleResult
from .. import messages

log = logging.getLogger(__name__)

MAPPING_NAME = "schedule-mapping.json"
TITLE = "Import schedule"


class ScheduleImport:
    """The menu command's steps; the file dialog and questions are replaceable in tests."""

    def __init__(self, parent: QWidget, services: Services, actor: Actor) -> None:
        self.parent, self.services, self.actor = parent, services, actor

    @classmethod
    def ask_file(cls, parent: QWidget) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, TITLE, "", "CSV files (*.csv)")
        return path

    @classmethod
    def ask_confirm(cls, parent: QWidget, changes: list[str]) -> bool:
        return messages.confirm(
            parent, TITLE, "These patients' names or birth dates differ from Clinic Desk:\n\n"
            + "\n".join(changes) + "\n\nApply the changes and import the schedule?",
            yes="Apply and import")

    def run(self) -> ScheduleResult | None:
        path = self.ask_file(self.parent)
        if not path:
            return None
        csv_file = Path(path)
        mapping_file = csv_file.with_name(MAPPING_NAME)
        try:
            data = csv_file.read_bytes()
            mapping = mapping_file.read_bytes() if mapping_file.exists() else None
        except OSError as e:
            messages.error(self.parent, TITLE, f"{csv_file.name} cannot be read "
                                               f"({e.strerror}).")
            return None
        confirm = False
        while True:
            try:
                result = self.services.schedule.import_schedule(
                    self.actor, data, mapping, confirm_changes=confirm, source=csv_file.name)
            except ChangesNeedConfirmation as e:
                if confirm or not self.ask_confirm(self.parent, [str(c) for c in e.changes]):
                    messages.info(self.parent, TITLE, "Nothing was imported.")
                    return None
                confirm = True
                continue
            except ValidationError as e:
                lines = "\n".join(str(i) for i in e.issues[:20])
                more = f"\n… and {len(e.issues) - 20} more" if len(e.issues) > 20 else ""
                messages.error(self.parent, TITLE, "Nothing was imported. Correct the file "
                                                   "and import it again.", lines + more)
                return None
            except ClinicDeskError as e:
                messages.error(self.parent, TITLE, str(e))
                return None
            break
        messages.info(self.parent, TITLE,
                      f"{len(result.records_created)} planned records added to the worklist "
                      f"({result.already_listed} were there already); "
                      f"{result.patients_created} new patients, {result.patients_changed} "
                      "updated.")
        log.info("schedule imported: %d records", len(result.records_created))
        return result
