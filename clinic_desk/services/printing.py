"""Checkout printing: render a handout, keep the exact PDF in the print log, check the patient
out; reprints with a reason; batch printing; any printed PDF back byte for byte.

The physical printer is the UI's business (QPrinter). The order is: `prepare` renders the PDF
(the preview shows exactly these bytes), `record_print` stores those bytes with who, when,
where and why, then the UI sends them to the printer. If the printer then fails, the log
already says what was meant to go out, and "print again" is a reprint with a reason.

The print log (`handout_prints`) is append-only in the database (trigger). A row with
`checked_out` marks the patient checked out; saving a PDF from the app ("export") is logged
without checking the patient out. The command line has no user account, so its exports are
audited (with the PDF's SHA-256) but not copied into the log.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from ..domain.audit import AuditAction
from ..domain.clinic import ClinicInfo
from ..domain.errors import (
    ClinicDeskError,
    DatabaseUnavailableError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from ..domain.permissions import Action
from ..domain.record import Language, ProcedureRecord, RecordStatus
from ..domain.signoff import handout_version as signed_handout_version
from ..domain.signoff import instructions_to_hand_over
from ..domain.validation import parse_text
from ..domain.worklist import WorklistRow
from ..storage.convert import local
from ..storage.engine import Database
from ..storage.models import HandoutPrintRow, PatientRow, RecordRow, UserRow
from ..storage.repositories import MAX_ID
from ..storage.unit_of_work import UnitOfWork
from .base import Service, now_local
from .context import Actor, workstation_name
from .records import day_window
from .settings import SettingsService

log = logging.getLogger(__name__)

SAVED_TO_FILE = "Saved as PDF"  # the `printer` of an export
MAX_REASON = 400
PRINTING_SETTINGS_KEY = "printing"


class Renderer(Protocol):
    """What printing needs from `clinic_desk.handout` (injectable for tests)."""

    def render(self, record: ProcedureRecord, clinic: ClinicInfo, language: Language,
               large_print: bool, version: int, generated_at: datetime) -> bytes: ...

    def verification_code(self, record: ProcedureRecord, version: int) -> str: ...


class HandoutRenderer:
    """The real renderer: `clinic_desk.handout`, imported when first used."""

    def render(self, record: ProcedureRecord, clinic: ClinicInfo, language: Language,
               large_print: bool, version: int, generated_at: datetime) -> bytes:
        from ..handout import HandoutOptions, render_handout

        options = HandoutOptions(language=language, large_print=large_print, version=version,
                                 generated_at=generated_at)
        return bytes(render_handout(record, clinic, options))

    def verification_code(self, record: ProcedureRecord, version: int) -> str:
        from ..handout import verification_code

        return str(verification_code(record, version))


def handout_version(record: ProcedureRecord) -> int:
    """Which version of the patient's instructions this is (domain.signoff: 1, plus one per
    addendum that changes what the patient must do). An unsigned record, which prints marked
    DRAFT, is version 1 as well, never the record's edit counter (issue 12, point 15)."""
    return signed_handout_version(record)


@dataclass(frozen=True, slots=True)
class RenderedHandout:
    """A rendered handout not yet printed: the bytes the preview shows and the printer gets."""

    record_id: int
    patient_id: int
    record_status: RecordStatus
    handout_version: int
    language: Language
    large_print: bool
    verification_code: str
    generated_at: datetime
    pdf: bytes = field(repr=False)
    # Addenda that change the instructions without a correction the sheet prints: the desk
    # gives these to the patient (domain.signoff.instructions_to_hand_over).
    hand_over: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


@dataclass(frozen=True, slots=True)
class PrintedHandout:
    """One row of the print log (without the PDF; `PrintingService.pdf` fetches it)."""

    print_id: int
    record_id: int
    handout_version: int
    language: Language
    large_print: bool
    printed_at: datetime
    username: str
    full_name: str
    workstation: str
    printer: str
    reason: str
    verification_code: str
    sha256: str
    checked_out: bool
    patient_name: str = ""
    mrn: str = ""

    @property
    def is_export(self) -> bool:
        return not self.checked_out and self.printer.startswith(SAVED_TO_FILE)


@dataclass(frozen=True, slots=True)
class BatchResult:
    printed: tuple[tuple[PrintedHandout, RenderedHandout], ...]
    failed: tuple[tuple[int, str], ...]  # (record id, what went wrong, in words)
    stopped: bool = False  # the database went away or the person cancelled

    @property
    def summary(self) -> str:
        text = f"{len(self.printed)} printed"
        if self.failed:
            text += f", {len(self.failed)} not printed"
        return text


@dataclass(frozen=True, slots=True)
class PrintingOptions:
    """Clinic-wide printing settings (kept in the database)."""

    fallback_folder: str = ""  # where a handout goes as a PDF when no printer is installed


class AlreadyPrintedError(ValidationError):
    """The handout went out already; printing it again needs a reason (a reprint)."""

    def __init__(self, record_id: int, printed_by: str, printed_at: datetime,
                 workstation: str) -> None:
        self.record_id = record_id
        self.printed_by, self.printed_at, self.workstation = printed_by, printed_at, workstation
        when = printed_at.astimezone().strftime("%H:%M on %Y-%m-%d")
        super().__init__(
            f"This handout was already printed by {printed_by} at {when} on {workstation}. "
            "To print it again, give the reason.", "reason")


def _row_to_printed(row: HandoutPrintRow, full_name: str = "", patient_name: str = "",
                    mrn: str = "") -> PrintedHandout:
    at = local(row.printed_at, 0)
    assert at is not None
    return PrintedHandout(
        print_id=row.id, record_id=row.record_id, handout_version=row.handout_version,
        language=Language(row.language), large_print=row.large_print,
        printed_at=at.astimezone(), username=row.username, full_name=full_name,
        workstation=row.workstation, printer=row.printer, reason=row.reason,
        verification_code=row.verification_code, sha256=row.pdf_sha256,
        checked_out=row.checked_out, patient_name=patient_name, mrn=mrn)


def _language(value: Language | str | None, record: ProcedureRecord) -> Language:
    if value is None or value == "":
        return record.patient.preferred_language
    try:
        return Language(value)
    except ValueError:
        raise ValidationError("Choose English (en) or Spanish (es).", "language") from None


class PrintingService(Service):
    def __init__(self, db: Database, clock: Callable[[], datetime] = now_local,
                 renderer: Renderer | None = None) -> None:
        super().__init__(db, clock)
        self.renderer: Renderer = renderer or HandoutRenderer()

    # --- the queue and the log --------------------------------------------------------------
    def checkout_queue(self, actor: Actor, day: date | None = None,
                       limit: int = 500) -> list[WorklistRow]:
        """Today's signed records whose handout has not been printed, oldest first."""
        actor.require(Action.PRINT_HANDOUT)
        start, end = day_window(day or self.clock().date())
        with self.uow(write=False) as uow:
            return uow.records.worklist(start, end, status=RecordStatus.SIGNED, printed=False,
                                        oldest_first=True, limit=limit)

    def print_log(self, actor: Actor, *, record_id: int | None = None, day: date | None = None,
                  limit: int = 500) -> list[PrintedHandout]:
        """Prints and saved PDFs, newest first: of one record, of one day, or all."""
        actor.require(Action.PRINT_HANDOUT)
        stmt = (select(HandoutPrintRow, UserRow.full_name, PatientRow.family_name,
                       PatientRow.given_name, PatientRow.mrn)
                .join(UserRow, UserRow.id == HandoutPrintRow.user_id)
                .join(RecordRow, RecordRow.id == HandoutPrintRow.record_id)
                .join(PatientRow, PatientRow.id == RecordRow.patient_id))
        if record_id is not None:
            stmt = stmt.where(HandoutPrintRow.record_id == record_id)
        if day is not None:
            start, end = day_window(day)
            stmt = stmt.where(HandoutPrintRow.printed_at >= start,
                              HandoutPrintRow.printed_at < end)
        # Not loading the PDF column: the log lists many rows, the PDF is fetched on demand.
        stmt = (stmt.order_by(HandoutPrintRow.printed_at.desc(), HandoutPrintRow.id.desc())
                .limit(limit).options(defer(HandoutPrintRow.pdf)))
        with self.uow(write=False) as uow:
            return [_row_to_printed(row, full, f"{fam}, {giv}", mrn)
                    for row, full, fam, giv, mrn in uow.session.execute(stmt)]

    def pdf(self, actor: Actor, print_id: int) -> bytes:
        """The exact bytes of a printed handout; the view is audited, the hash re-checked."""
        return self._stored_pdf(actor, print_id, None)

    def export_print(self, actor: Actor, print_id: int, destination: str,
                     write: Callable[[bytes], Path] | None = None) -> bytes:
        """The exact bytes of a printed handout for saving to a file: audited as an export.
        `write` saves them before the audit entry is committed (see export_handout)."""
        return self._stored_pdf(actor, print_id, destination, write)

    def _stored_pdf(self, actor: Actor, print_id: int, destination: str | None,
                    write: Callable[[bytes], Path] | None = None) -> bytes:
        actor.require(Action.PRINT_HANDOUT)
        with self.uow() as uow:
            row = uow.session.get(HandoutPrintRow, print_id) if 0 < print_id <= MAX_ID else None
            if row is None:
                raise NotFoundError(f"There is no printed handout {print_id}.")
            data = bytes(row.pdf)
            if hashlib.sha256(data).hexdigest() != row.pdf_sha256:
                # Cannot happen without someone writing to the table behind the app's back.
                log.error("print log entry %s does not match its hash", print_id)
                raise ClinicDeskError(f"Printed handout {print_id} does not match the hash "
                                      "recorded when it was printed. Tell your administrator.")
            patient_id = uow.session.scalar(
                select(RecordRow.patient_id).where(RecordRow.id == row.record_id))
            if destination is None:
                self.audit(uow, actor, AuditAction.RECORD_VIEW, record_id=row.record_id,
                           patient_id=patient_id,
                           detail={"view": "printed handout", "print_id": print_id})
            else:
                self.audit(uow, actor, AuditAction.HANDOUT_EXPORT, record_id=row.record_id,
                           patient_id=patient_id,
                           detail={"print_id": print_id, "sha256": row.pdf_sha256,
                                   "file": Path(destination).name})
            written = write(data) if write is not None else None
            try:
                uow.commit()
            except BaseException:
                if written is not None:
                    written.unlink(missing_ok=True)
                raise
        return data

    # --- rendering and printing ------------------------------------------------------------
    def _render(self, uow: UnitOfWork, record_id: int, language: Language | str | None,
                large_print: bool) -> RenderedHandout:
        record = uow.records.get(record_id)
        clinic = SettingsService.load_from(uow).info
        lang = _language(language, record)
        version = handout_version(record)
        now = self.clock()
        pdf = self.renderer.render(record, clinic, lang, large_print, version, now)
        if not pdf.startswith(b"%PDF"):
            raise ClinicDeskError("The handout could not be made (the renderer gave no PDF).")
        assert record.patient.id is not None
        return RenderedHandout(record_id, record.patient.id, record.status, version, lang,
                               large_print, self.renderer.verification_code(record, version),
                               now, pdf, instructions_to_hand_over(record))

    def prepare(self, actor: Actor, record_id: int, language: Language | str | None = None,
                large_print: bool = False) -> RenderedHandout:
        """Render a handout for preview or printing; opening it is audited as a view."""
        actor.require(Action.PRINT_HANDOUT)
        with self.uow() as uow:
            rendered = self._render(uow, record_id, language, large_print)
            self.audit(uow, actor, AuditAction.RECORD_VIEW, record_id=record_id,
                       patient_id=rendered.patient_id,
                       detail={"view": "handout preview", "language": rendered.language.value})
            uow.commit()
        return rendered

    def _lock_record(self, uow: UnitOfWork, record_id: int) -> None:
        # Two front desks pressing Print for the same patient: the second waits here and then
        # sees the first print (SQLite's BEGIN IMMEDIATE already serialises writers).
        stmt = select(RecordRow.id).where(RecordRow.id == record_id)
        if not self.db.is_sqlite:
            stmt = stmt.with_for_update()
        if uow.session.scalar(stmt) is None:
            raise NotFoundError(f"There is no record {record_id}.")

    def _first_print(self, uow: UnitOfWork, record_id: int) -> HandoutPrintRow | None:
        return uow.session.scalars(
            select(HandoutPrintRow)
            .where(HandoutPrintRow.record_id == record_id, HandoutPrintRow.checked_out)
            .order_by(HandoutPrintRow.id).limit(1)
            .options(defer(HandoutPrintRow.pdf))
        ).first()

    def _store(self, uow: UnitOfWork, actor: Actor, rendered: RenderedHandout, printer: str,
               reason: str, checked_out: bool, action: AuditAction) -> PrintedHandout:
        if actor.user_id <= 0 or uow.session.get(UserRow, actor.user_id) is None:
            raise PermissionDeniedError("Sign in with your own account to print handouts.")
        now = self.clock()
        row = HandoutPrintRow(
            record_id=rendered.record_id, handout_version=rendered.handout_version,
            language=rendered.language.value, large_print=rendered.large_print,
            printed_at=now, user_id=actor.user_id, username=actor.username,
            workstation=(actor.workstation or workstation_name())[:120], printer=printer[:200],
            reason=reason, verification_code=rendered.verification_code[:40],
            pdf_sha256=rendered.sha256, pdf=rendered.pdf, checked_out=checked_out)
        uow.session.add(row)
        uow.session.flush()
        self.audit(uow, actor, action, record_id=rendered.record_id,
                   patient_id=rendered.patient_id,
                   detail={"print_id": row.id, "printer": printer[:200], "reason": reason,
                           "language": rendered.language.value,
                           "large_print": rendered.large_print,
                           "handout_version": rendered.handout_version,
                           "verification_code": rendered.verification_code,
                           "sha256": rendered.sha256, "checked_out": checked_out})
        return _row_to_printed(row, actor.full_name)

    def record_print(self, actor: Actor, rendered: RenderedHandout, printer: str,
                     reason: str = "") -> PrintedHandout:
        """Log a print of exactly these bytes and check the patient out (signed records).

        A second print of a checked-out handout is a reprint and needs a reason
        (AlreadyPrintedError otherwise)."""
        actor.require(Action.PRINT_HANDOUT)
        printer = parse_text(printer, "printer", 200, False) or "(default printer)"
        why = parse_text(reason, "reason", MAX_REASON, False)
        with self.uow() as uow:
            self._lock_record(uow, rendered.record_id)
            current = uow.records.get(rendered.record_id)
            if handout_version(current) != rendered.handout_version or (
                    current.status is not rendered.record_status):
                raise ValidationError("The record changed after this handout was made "
                                      "(signed or amended). Make the handout again.", "record")
            first = self._first_print(uow, rendered.record_id)
            if first is not None and not why:
                raise AlreadyPrintedError(rendered.record_id, first.username,
                                          local(first.printed_at, 0) or first.printed_at,
                                          first.workstation)
            checked_out = current.is_signed
            printed = self._store(uow, actor, rendered, printer, why, checked_out,
                                  AuditAction.HANDOUT_PRINT)
            uow.commit()
        log.info("handout printed", extra={"record_id": rendered.record_id,
                                           "print_id": printed.print_id})
        return printed

    def print_handout(self, actor: Actor, record_id: int, printer: str, *,
                      language: Language | str | None = None, large_print: bool = False,
                      reason: str = "") -> tuple[PrintedHandout, RenderedHandout]:
        """Render, log and check out in one go; returns the log row and the bytes to print."""
        rendered = self.prepare(actor, record_id, language, large_print)
        return self.record_print(actor, rendered, printer, reason), rendered

    def print_batch(self, actor: Actor, record_ids: Iterable[int], printer: str, *,
                    language: Language | str | None = None, large_print: bool = False,
                    reason: str = "",
                    progress: Callable[[int, int], bool] | None = None) -> BatchResult:
        """Print several handouts, each in its own transaction (each in the patient's language
        unless `language` is given). A handout already printed is skipped unless a reason is
        given; the database going away stops the batch, keeping what was printed."""
        actor.require(Action.PRINT_HANDOUT)
        ids = list(dict.fromkeys(record_ids))
        printed: list[tuple[PrintedHandout, RenderedHandout]] = []
        failed: list[tuple[int, str]] = []
        stopped = False
        for n, rid in enumerate(ids):
            if progress is not None and not progress(n, len(ids)):
                stopped = True
                break
            try:
                printed.append(self.print_handout(actor, rid, printer, language=language,
                                                  large_print=large_print, reason=reason))
            except DatabaseUnavailableError as e:
                failed.append((rid, str(e)))
                stopped = True
                break
            except ClinicDeskError as e:
                failed.append((rid, str(e)))
        if progress is not None and not stopped:
            progress(len(ids), len(ids))
        log.info("batch print: %d printed, %d failed", len(printed), len(failed))
        return BatchResult(tuple(printed), tuple(failed), stopped)

    def export_handout(self, actor: Actor, record_id: int, *,
                       language: Language | str | None = None, large_print: bool = False,
                       destination: str = "",
                       write: Callable[[bytes], Path] | None = None,
                       ) -> tuple[PrintedHandout | None, RenderedHandout]:
        """A handout saved as a PDF file (not a checkout): audited as `handout_export`; kept in
        the print log when the actor is a user account (the command line is not).

        `write` saves the PDF inside the transaction, before the audit entry is committed: a
        file that could not be written leaves no `handout_export` entry, and a commit that
        fails removes the file again."""
        actor.require(Action.PRINT_HANDOUT)
        with self.uow() as uow:
            rendered = self._render(uow, record_id, language, large_print)
            is_user = actor.user_id > 0 and uow.session.get(UserRow, actor.user_id) is not None
            printer = f"{SAVED_TO_FILE}: {Path(destination).name}" if destination else \
                SAVED_TO_FILE
            printed: PrintedHandout | None = None
            if is_user:
                printed = self._store(uow, actor, rendered, printer, "", False,
                                      AuditAction.HANDOUT_EXPORT)
            else:
                self.audit(uow, actor, AuditAction.HANDOUT_EXPORT, record_id=record_id,
                           patient_id=rendered.patient_id,
                           detail={"language": rendered.language.value,
                                   "large_print": large_print,
                                   "handout_version": rendered.handout_version,
                                   "verification_code": rendered.verification_code,
                                   "sha256": rendered.sha256})
            written = write(rendered.pdf) if write is not None else None
            try:
                uow.commit()
            except BaseException:
                if written is not None:
                    written.unlink(missing_ok=True)
                raise
        return printed, rendered

    def count_prints(self, record_id: int) -> int:
        with self.uow(write=False) as uow:
            return int(uow.session.scalar(
                select(func.count(HandoutPrintRow.id))
                .where(HandoutPrintRow.record_id == record_id)) or 0)

    # --- clinic-wide printing settings -----------------------------------------------------
    def options(self) -> PrintingOptions:
        with self.uow(write=False) as uow:
            data, _ = uow.settings.get(PRINTING_SETTINGS_KEY)
        if not isinstance(data, dict):
            return PrintingOptions()
        return PrintingOptions(fallback_folder=str(data.get("fallback_folder") or ""))

    def save_options(self, actor: Actor, options: PrintingOptions) -> None:
        actor.require(Action.MANAGE)
        folder = parse_text(options.fallback_folder, "folder", 400, False)
        with self.uow() as uow:
            before, _ = uow.settings.get(PRINTING_SETTINGS_KEY)
            uow.settings.put(PRINTING_SETTINGS_KEY, {"fallback_folder": folder}, actor.username)
            self.audit(uow, actor, AuditAction.SETTINGS_CHANGE,
                       detail={"key": PRINTING_SETTINGS_KEY, "before": before,
                               "after": {"fallback_folder": folder}})
            uow.commit()


def fallback_file_name(rendered: RenderedHandout, printed_at: datetime | None = None) -> str:
    """A PDF file name with no patient name in it: record id, version, language, time."""
    when = (printed_at or rendered.generated_at).strftime("%Y%m%d-%H%M%S")
    size = "-large" if rendered.large_print else ""
    return (f"handout-record{rendered.record_id}-v{rendered.handout_version}-"
            f"{rendered.language.value}{size}-{when}.pdf")


def save_pdf(folder: str | Path, name: str, pdf: bytes, field: str = "--out") -> Path:
    """Write a PDF atomically (never a half-written handout, nothing left behind on failure)
    with mode 0600, and return its path. A folder, device or other non-regular file at the
    target is refused with a ValidationError at `field`."""
    from ..files import private_dir, write_private

    target_dir = Path(folder)
    private_dir(target_dir, tighten=False)
    return write_private(target_dir / name, pdf, field)


__all__: Sequence[str] = (
    "SAVED_TO_FILE", "AlreadyPrintedError", "BatchResult", "HandoutRenderer", "PrintedHandout",
    "PrintingOptions", "PrintingService", "RenderedHandout", "Renderer", "fallback_file_name",
    "handout_version", "save_pdf",
)
