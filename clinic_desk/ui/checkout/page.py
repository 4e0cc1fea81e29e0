"""The front desk's checkout screen.

Today's signed records whose handout has not been printed, oldest first, beside a preview of
the handout exactly as it will print. Enter (or one click on Print) prints the selected
patient's handout in their language on this desk's printer and checks them out; the row
stays, marked as printed and still selected, until the desk moves to another patient (so a
second Enter never prints the next one), then leaves the queue. A handout printed before
needs a reason (reprint), and may be printed in another language or in large print; several
selected rows print as a batch; the print log shows any printed handout again. With no
printer installed the handout is saved as a PDF in the clinic's folder, and the page says so.
The list refreshes by itself when another workstation signs or prints.

Nothing here decides anything: services.printing renders, logs and checks out; printer.py
puts the logged bytes on paper.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.corrections import MissingTextError
from ...domain.errors import ClinicDeskError, DatabaseUnavailableError, PermissionDeniedError
from ...domain.permissions import Action, allowed
from ...domain.record import Language
from ...domain.worklist import WorklistRow
from ...services import Actor, Services
from ...services.printing import AlreadyPrintedError, PrintedHandout, RenderedHandout
from .. import messages
from ..icons import icon
from ..widgets.context_menu import ContextMenu, buttons
from ..widgets.file_actions import FileActions
from ..widgets.pdf_preview import PdfPreview
from ..workers import run_in_background
from . import printer as printing_ui
from .dialogs import PrintLogDialog, ReprintDialog
from .live import touches
from .models import CheckoutQueueModel, QueueColumn
from .settings import CHECKOUT_HEADER, CHECKOUT_SPLITTER

log = logging.getLogger(__name__)

PATIENTS_LANGUAGE = "Patient's language"
NO_PRINTER = "No printer: save as PDF"


@dataclass(frozen=True)
class PrintResult:
    record_id: int
    printed: PrintedHandout | None
    rendered: RenderedHandout | None
    delivery: printing_ui.Delivery | None
    error: BaseException | None = None


def print_one(services: Services, actor: Actor, record_id: int,
              rendered: RenderedHandout | None, language: Language | None, large: bool,
              reason: str, target: printing_ui.PrintTarget) -> PrintResult:
    """One handout: render (unless the preview's bytes fit), log, then paper or PDF.
    Runs on a worker thread with plain data; returns errors instead of raising, so a batch
    goes on after one patient's problem."""
    printing = services.printing
    try:
        if rendered is None:
            rendered = printing.prepare(actor, record_id, language, large)
        logged = printing.record_print(actor, rendered, target.label, reason)
    except ClinicDeskError as e:
        return PrintResult(record_id, None, rendered, None, e)
    try:
        delivery = printing_ui.deliver(rendered, target)
    except ClinicDeskError as e:
        return PrintResult(record_id, logged, rendered, None, e)
    return PrintResult(record_id, logged, rendered, delivery)


class CheckoutPage(QWidget):
    """Signals: `printed(record_id)` after each handout went out, `database_unavailable()`
    when the database could not be reached (the banner takes it from there)."""

    printed = Signal(int)
    database_unavailable = Signal()
    preview_ready = Signal(int)
    queue_loaded = Signal(int)
    job_finished = Signal(object)  # a PrintResult, or a list of them for a batch

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None, *,
                 background: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("checkout_page")
        self.services, self.actor, self.background = services, actor, background
        self._rendered: RenderedHandout | None = None
        self._preview_for: tuple[int, str, bool] | None = None
        self._busy = False
        self._log_dialog: PrintLogDialog | None = None
        self._loading = False
        self._reload_again = False
        # Rows printed just now stay listed and selected until the desk moves, so a second
        # Enter can never print (and check out) the next patient by accident.
        self._held: list[tuple[int, WorklistRow]] = []
        self._names: dict[int, str] = {}  # patients named in messages (reprints from the log)
        self._build()
        self._connect_signals()
        self._load_printers()
        self._update_buttons()

    # --- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel("Checkout: patients waiting for their handout", self)
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title_label.setFont(font)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("checkout_count_label")
        self.count_label.setAccessibleName("Patients waiting")

        self.printer_combo = QComboBox(self)
        self.printer_combo.setObjectName("printer_combo")
        self.printer_combo.setAccessibleName("Printer")
        self.printer_combo.setToolTip("The printer this workstation uses; remembered here")
        printer_label = QLabel("Pri&nter", self)
        printer_label.setBuddy(self.printer_combo)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("language_combo")
        self.language_combo.setAccessibleName("Language of the handout")
        self.language_combo.addItem(PATIENTS_LANGUAGE, "")
        for lang in Language:
            self.language_combo.addItem(lang.label, lang.value)
        language_label = QLabel("&Language", self)
        language_label.setBuddy(self.language_combo)
        self.large_check = QCheckBox("Lar&ge print", self)
        self.large_check.setObjectName("large_print_check")
        self.large_check.setToolTip("Body text of 16 pt or more")
        self.refresh_button = QPushButton("R&efresh", self)
        self.refresh_button.setToolTip("Reload the queue (it also refreshes by itself)")

        self.model = CheckoutQueueModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("checkout_table")
        self.table.setAccessibleName("Patients waiting for their handout")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        if not header.restoreState(CHECKOUT_HEADER.get()):
            for col, width in ((QueueColumn.TIME, 55), (QueueColumn.PATIENT, 175),
                               (QueueColumn.PROCEDURE, 225), (QueueColumn.LEVELS, 120)):
                self.table.setColumnWidth(col, width)

        self.preview_status = QLabel(self)
        self.preview_status.setObjectName("preview_status")
        self.preview_status.setWordWrap(True)
        self.preview_status.setTextFormat(Qt.TextFormat.PlainText)
        self.document = QPdfDocument(self)
        self.preview = PdfPreview(self)  # drawn at its displayed size (issue 15, point 17)
        self.preview.setObjectName("handout_preview")
        self.preview.setAccessibleName("Handout preview, exactly as it will print")
        self.preview.setDocument(self.document)
        self._buffer: QBuffer | None = None

        self.print_button = QPushButton("&Print", self)
        self.print_button.setObjectName("print_button")
        self.print_button.setIcon(icon("status-printed"))
        self.print_button.setToolTip("Print this patient's handout and check them out (Enter)")
        self.batch_button = QPushButton("Print &selected", self)
        self.batch_button.setObjectName("batch_print_button")
        self.batch_button.setToolTip("Print the handouts of every selected patient")
        self.log_button = QPushButton("Print l&og and reprint...", self)
        self.log_button.setObjectName("print_log_button")
        self.log_button.setToolTip("Who printed which handout, when and where; show any of "
                                   "them again or print again (Ctrl+H)")
        self.result_icon = QLabel(self)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("checkout_result")
        self.result_label.setAccessibleName("Result")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        options = QHBoxLayout()
        options.addWidget(printer_label)
        options.addWidget(self.printer_combo, 2)
        options.addSpacing(12)
        options.addWidget(language_label)
        options.addWidget(self.language_combo, 1)
        options.addWidget(self.large_check)
        options.addStretch(1)
        options.addWidget(self.refresh_button)
        top = QHBoxLayout()
        top.addWidget(self.title_label)
        top.addStretch(1)
        top.addWidget(self.count_label)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.batch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.log_button)
        lv.addLayout(buttons)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.preview_status)
        rv.addWidget(self.preview, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("checkout_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        if not self.splitter.restoreState(CHECKOUT_SPLITTER.get()):
            self.splitter.setSizes([760, 600])  # the preview wide enough to read

        self.file_actions = FileActions(self)
        result = QHBoxLayout()
        result.addWidget(self.result_icon)
        result.addWidget(self.result_label, 1)
        result.addWidget(self.file_actions)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(options)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(result)
        QWidget.setTabOrder(self.table, self.print_button)
        QWidget.setTabOrder(self.print_button, self.batch_button)
        QWidget.setTabOrder(self.batch_button, self.log_button)
        QWidget.setTabOrder(self.log_button, self.printer_combo)
        QWidget.setTabOrder(self.printer_combo, self.language_combo)
        QWidget.setTabOrder(self.language_combo, self.large_check)
        QWidget.setTabOrder(self.large_check, self.refresh_button)

        # Ctrl+H ("history"): Ctrl+L is Switch user everywhere in the app.
        self.log_action = QAction("Print log", self)
        self.log_action.setShortcut(QKeySequence("Ctrl+H"))
        self.log_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.log_action)

    def _connect_signals(self) -> None:
        self.context_menu = ContextMenu(self.table, lambda: buttons(
            self.print_button, self.batch_button, self.log_button))
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.print_button.clicked.connect(self.print_current)
        self.batch_button.clicked.connect(self.print_selected)
        self.log_button.clicked.connect(self.show_print_log)
        self.log_action.triggered.connect(self.show_print_log)
        self.refresh_button.clicked.connect(self.reload)
        self.printer_combo.activated.connect(self._on_printer_combo_activated)
        self.language_combo.currentIndexChanged.connect(lambda _i: self._refresh_preview())
        self.large_check.toggled.connect(lambda _c: self._refresh_preview())
        self.splitter.splitterMoved.connect(
            lambda _p, _i: CHECKOUT_SPLITTER.set(self.splitter.saveState()))
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_a: CHECKOUT_HEADER.set(self.table.horizontalHeader().saveState()))

    # --- printers ---------------------------------------------------------------------------
    def _load_printers(self) -> None:
        self.printer_combo.clear()
        names = printing_ui.available_printers()
        for name in names:
            self.printer_combo.addItem(name, name)
        if not names:
            self.printer_combo.addItem(NO_PRINTER, "")
            self.printer_combo.setToolTip("No printer is installed on this workstation: "
                                          "handouts are saved as PDF files in the clinic's "
                                          "folder")
        chosen = printing_ui.chosen_printer()
        index = self.printer_combo.findData(chosen)
        self.printer_combo.setCurrentIndex(max(index, 0))

    def _on_printer_combo_activated(self, _index: int) -> None:
        name = self.printer_combo.currentData() or ""
        printing_ui.remember_printer(name)
        log.info("checkout printer changed on this workstation")

    def target(self) -> printing_ui.PrintTarget:
        try:
            folder = self.services.printing.options().fallback_folder
        except ClinicDeskError:
            folder = ""
        return printing_ui.target_for(self.printer_combo.currentData() or "", folder)

    @property
    def language(self) -> Language | None:
        value = self.language_combo.currentData()
        return Language(value) if value else None

    # --- the queue --------------------------------------------------------------------------
    def _run(self, fn: Callable[..., Any], *args: Any, on_done: Callable[[Any], None],
             on_error: Callable[[BaseException], None], name: str) -> None:
        if self.background:
            run_in_background(fn, *args, name=name, on_done=on_done, on_error=on_error)
            return
        try:
            result = fn(*args)
        except Exception as e:  # noqa: BLE001 - handed to on_error like the worker does
            on_error(e)
            return
        on_done(result)

    def reload(self) -> None:
        """Fetch the queue again and update the list in place (selection and scroll stay)."""
        if not allowed(self.actor.role, Action.PRINT_HANDOUT):
            self.model.set_rows([])
            self.count_label.setText("Your account cannot print handouts.")
            self.queue_loaded.emit(0)
            return
        if self._loading:
            self._reload_again = True
            return
        self._loading = True
        actor, printing = self.actor, self.services.printing
        self._run(lambda: printing.checkout_queue(actor), on_done=self._on_queue_loaded,
                  on_error=self._on_queue_failed, name="checkout queue")

    def _on_queue_loaded(self, rows: Sequence[WorklistRow]) -> None:
        self._loading = False
        self._set_rows_keeping_held(rows)
        n = len(rows)
        self.count_label.setText(f"{n} patient{'s' if n != 1 else ''} waiting" if n else
                                 "Nobody is waiting for a handout.")
        if n and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)  # the patient waiting longest is next
        elif not n:
            self._show_pdf(b"", "")
        self._update_buttons()
        self.queue_loaded.emit(n)
        if self._reload_again:
            self._reload_again = False
            self.reload()

    def _on_queue_failed(self, exc: BaseException) -> None:
        self._loading = False
        if isinstance(exc, DatabaseUnavailableError):
            self.database_unavailable.emit()
            self.count_label.setText("The database cannot be reached.")
        elif isinstance(exc, ClinicDeskError):
            self.count_label.setText(str(exc))
        else:
            raise exc

    def _set_rows_keeping_held(self, rows: Sequence[WorklistRow]) -> None:
        merged = list(rows)
        waiting = {r.record_id for r in rows}
        for position, row in self._held:
            if row.record_id not in waiting:
                merged.insert(min(position, len(merged)), row)
        self.model.set_rows(merged, frozenset(r.record_id for _p, r in self._held))

    def _hold_printed(self, record_ids: Sequence[int]) -> None:
        held = []
        for record_id in record_ids:
            position = self.model.row_of(record_id)
            if position is not None:
                held.append((position, self.model.row_at(position)))
        if held:  # a reprint from the print log (not in the queue) changes nothing here
            self._held = held

    def _release_held(self) -> None:
        """The desk moved to another patient: the printed ones leave the list."""
        if not self._held:
            return
        gone = {r.record_id for _p, r in self._held}
        self._held = []
        self.model.set_rows([r for r in self.model.rows if r.record_id not in gone])

    def held_ids(self) -> list[int]:
        return [r.record_id for _p, r in self._held]

    def on_database_changed(self, tables: frozenset[str]) -> None:
        """Another workstation (or this one) changed something: refresh if it matters."""
        if touches(tables) and self.isVisible():
            self.reload()

    def selected_ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.row_at(r).record_id for r in rows]

    def _printable_ids(self) -> list[int]:
        """The selected rows less those printed just now (held until the desk moves)."""
        held = set(self.held_ids())
        return [i for i in self.selected_ids() if i not in held]

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return self.model.row_at(index.row()).record_id
        ids = self.selected_ids()
        return ids[0] if ids else None

    def _update_buttons(self) -> None:
        ids = self._printable_ids()
        can = allowed(self.actor.role, Action.PRINT_HANDOUT) and not self._busy
        self.print_button.setEnabled(can and bool(ids))
        self.batch_button.setEnabled(can and len(ids) > 1)
        self.batch_button.setText(f"Print &selected ({len(ids)})" if len(ids) > 1 else
                                  "Print &selected")
        self.log_button.setEnabled(allowed(self.actor.role, Action.PRINT_HANDOUT))

    def _on_table_selection_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        held, selected = set(self.held_ids()), self.selected_ids()
        if held and selected and not held.intersection(selected):
            self._release_held()
        self._update_buttons()
        self._refresh_preview()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.print_current()

    # --- preview ----------------------------------------------------------------------------
    def _options_key(self, record_id: int) -> tuple[int, str, bool]:
        lang = self.language
        return (record_id, lang.value if lang else "", self.large_check.isChecked())

    def _refresh_preview(self) -> None:
        record_id = self.current_id()
        if record_id is None:
            self._preview_for = None
            self._show_pdf(b"", "Choose a patient to see their handout.")
            return
        key = self._options_key(record_id)
        if key == self._preview_for:
            return
        self._preview_for = key
        self._rendered = None
        self.preview_status.setText("Making the handout preview...")
        actor, printing = self.actor, self.services.printing
        lang, large = self.language, self.large_check.isChecked()
        self._run(lambda: printing.prepare(actor, record_id, lang, large),
                  on_done=lambda r: self._on_preview_done(key, r),
                  on_error=lambda e: self._on_preview_failed(key, e), name="handout preview")

    def _on_preview_done(self, key: tuple[int, str, bool], rendered: RenderedHandout) -> None:
        if key != self._preview_for:
            return  # another patient or option was chosen meanwhile
        self._rendered = rendered
        where = self.target()
        self._show_pdf(rendered.pdf, f"{rendered.language.label}"
                                     f"{', large print' if rendered.large_print else ''}, "
                                     f"version {rendered.handout_version}, code "
                                     f"{rendered.verification_code}. Prints on "
                                     f"{where.label}."
                                     + (" The instructions were changed by an addendum: "
                                        "give the patient the new ones (shown after "
                                        "printing)." if rendered.hand_over else ""))
        self.preview_ready.emit(rendered.record_id)

    def _on_preview_failed(self, key: tuple[int, str, bool], exc: BaseException) -> None:
        if key != self._preview_for:
            return
        self._preview_for = None
        if isinstance(exc, DatabaseUnavailableError):
            self.database_unavailable.emit()
        if isinstance(exc, MissingTextError):
            self._show_pdf(b"", f"No preview: {missing_text_note(exc)}")
            self._offer_missing_text(exc)
        elif isinstance(exc, ClinicDeskError):
            self._show_pdf(b"", f"No preview: {exc}")
        else:
            log.error("handout preview failed: %s", type(exc).__name__)
            self._show_pdf(b"", "No preview: the handout could not be made. Tell your "
                                "administrator.")

    def _show_pdf(self, pdf: bytes, text: str) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None
        self.preview_status.setText(text)
        if pdf:
            self._buffer = QBuffer(self)
            self._buffer.setData(QByteArray(pdf))
            self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self.document.load(self._buffer)

    @property
    def preview_pages(self) -> int:
        return self.document.pageCount()

    # --- printing ---------------------------------------------------------------------------
    def print_current(self) -> None:
        """Print the current patient's handout (Enter, or the Print button)."""
        record_id = self.current_id()
        if record_id is None or self._busy:
            return
        if record_id in self.held_ids():
            name = self.model.row_at(self.model.row_of(record_id) or 0).patient_name
            self._show_result(f"{name}: the handout has just been printed. Move to the next "
                              "patient (an arrow key or a click) to print theirs; to print "
                              "this one again, use Print log and reprint (Ctrl+H).", "info")
            return
        self.print_record(record_id)

    def print_record(self, record_id: int, reason: str = "",
                     options: tuple[Language | None, bool] | None = None) -> None:
        """`options` (language, large print) override the page's, for a reprint."""
        rendered = self._rendered if (
            options is None and self._rendered is not None
            and self._preview_for == self._options_key(record_id)
            and self._rendered.record_id == record_id) else None
        self._start([record_id], rendered, reason, options)

    def print_selected(self) -> None:
        ids = self._printable_ids()
        if ids and not self._busy:
            self._start(ids, None, "")

    def _start(self, ids: list[int], rendered: RenderedHandout | None, reason: str,
               options: tuple[Language | None, bool] | None = None) -> None:
        self._busy = True
        self._update_buttons()
        target = self.target()
        lang, large = options if options is not None else (self.language,
                                                           self.large_check.isChecked())
        self._show_result(f"Printing {len(ids)} handout{'s' if len(ids) != 1 else ''}...", "")

        services, actor = self.services, self.actor

        def work() -> list[PrintResult]:
            return [print_one(services, actor, rid, rendered if n == 0 else None, lang, large,
                              reason, target) for n, rid in enumerate(ids)]

        self._run(work, on_done=self._on_jobs_done, on_error=self._on_jobs_failed,
                  name="print handouts")

    def _on_jobs_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._update_buttons()
        incident = messages.new_incident_id()
        log.error("printing failed unexpectedly (incident %s)", incident, exc_info=exc)
        messages.unexpected_error(self, incident)

    def _on_jobs_done(self, results: list[PrintResult]) -> None:
        self._busy = False
        done = [r for r in results if r.error is None]
        self._hold_printed([r.record_id for r in results if r.printed is not None])
        for r in done:
            self.printed.emit(r.record_id)
        already = [r for r in results if isinstance(r.error, AlreadyPrintedError)]
        unavailable = any(isinstance(r.error, DatabaseUnavailableError) for r in results)
        if unavailable:
            self.database_unavailable.emit()
        lines = [self._describe(r) for r in results]
        failed = [r for r in results if r.error is not None and r not in already]
        hand_over = any(r.rendered is not None and r.rendered.hand_over for r in done)
        self._show_result("\n".join(lines), "error" if failed else
                          ("warning" if already or hand_over else "info"))
        saved = [r.delivery.file for r in done if r.delivery is not None and r.delivery.file]
        if saved:
            self.file_actions.show_for(saved[-1])
        self.job_finished.emit(results if len(results) > 1 else results[0])
        if self._log_dialog is not None and self._log_dialog.isVisible():
            self._log_dialog.reload()  # the new print is in the log at once
        self.reload()
        self._update_buttons()
        if len(results) == 1 and already:
            self._ask_reprint(already[0])
        if len(results) == 1 and isinstance(results[0].error, MissingTextError):
            self._offer_missing_text(results[0].error)

    # --- a printed text missing in the handout's language (issue 12) -------------------------
    def _offer_missing_text(self, exc: MissingTextError) -> None:
        """Offer to enter the missing text. Checkout lists signed records, whose text only a
        physician can add (an addendum that corrects it): a physician signed in here gets the
        Addendum dialog at that text; anyone else has the message saying a physician must."""
        if not (exc.signed and exc.record_id is not None
                and allowed(self.actor.role, Action.SIGN)):
            return
        missing = ", ".join(m.field.label for m in exc.missing)
        if not messages.confirm(self, "Text missing in this language",
                                f"{missing_text_note(exc)}\n\nAdd the missing {missing} now "
                                "with a signed addendum?", yes="Add addendum"):
            return
        from ..signoff.addendum_dialog import AddendumDialog

        try:
            record = self.services.records.get(self.actor, exc.record_id)
        except ClinicDeskError as e:
            messages.warning(self, "Addendum", str(e))
            return
        if AddendumDialog.ask(self.services, self.actor, record, self,
                              focus_path=exc.missing[0].path) is not None:
            self._preview_for = None
            self._refresh_preview()

    def patient_name(self, record_id: int) -> str:
        """The patient's name for messages (never a bare record number)."""
        name = next((row.patient_name for row in self.model.rows if row.record_id == record_id),
                    None) or self._names.get(record_id)
        if name is None:
            try:
                log_rows = self.services.printing.print_log(self.actor, record_id=record_id)
            except ClinicDeskError:
                log_rows = []
            name = log_rows[0].patient_name if log_rows and log_rows[0].patient_name else None
        if name:
            self._names[record_id] = name
        return name or "This patient"

    def _describe(self, r: PrintResult) -> str:
        name = (r.printed.patient_name if r.printed is not None and r.printed.patient_name
                else self.patient_name(r.record_id))
        if r.error is None and r.delivery is not None and r.printed is not None:
            large = ", large print" if r.printed.large_print else ""
            what = (f"{name}: handout printed ({r.printed.language.label}{large}, version "
                    f"{r.printed.handout_version})"
                    f"{'; checked out' if r.printed.checked_out else ''}.")
            return f"{what} {r.delivery.message}{self._hand_over(r)}"
        if isinstance(r.error, AlreadyPrintedError):
            return f"{name}: not printed again. {r.error}"
        if r.printed is not None:  # logged, but the printer or folder refused it
            return (f"{name}: the handout is in the print log, but {r.error} Use Print log "
                    "and reprint with the reason \"Printer jammed or printed badly\".")
        if isinstance(r.error, DatabaseUnavailableError):
            return f"{name}: nothing was printed; the database cannot be reached."
        if isinstance(r.error, PermissionDeniedError):
            return f"{name}: {r.error}"
        if isinstance(r.error, MissingTextError):
            return f"{name}: nothing was printed. {missing_text_note(r.error)}"
        return f"{name}: nothing was printed. {r.error}"

    @staticmethod
    def _hand_over(r: PrintResult) -> str:
        """The handout says the instructions changed and asks the patient to get the new ones
        before leaving; the desk is told what to give them (the physician's addendum)."""
        texts = r.rendered.hand_over if r.rendered is not None else ()
        if not texts:
            return ""
        said = " / ".join(f"“{t}”" for t in texts)
        return (f"\nBefore the patient leaves: a physician's addendum changed the instructions "
                f"and the handout does not print them. Give them the new instructions: {said}")

    def _show_result(self, text: str, kind: str) -> None:
        self.file_actions.clear()
        self.result_label.setText(text)
        if kind:
            size = self.fontMetrics().height()
            self.result_icon.setPixmap(icon(kind).pixmap(size, size))
        else:
            self.result_icon.clear()

    def _ask_reprint(self, result: PrintResult) -> None:
        name = self.patient_name(result.record_id)
        why = str(result.error).split(" To print it again")[0]
        choice = ReprintDialog.ask(self, f"{name}: {why}", self.language,
                                   self.large_check.isChecked())
        if choice is not None:
            self.print_record(result.record_id, choice.reason,
                              (choice.language, choice.large_print))

    def reprint(self, record_id: int) -> None:
        """Print a handout again (from the print log): asks for the reason, language and
        print size first, starting from those of the newest print."""
        try:
            printed = self.services.printing.print_log(self.actor, record_id=record_id)
        except ClinicDeskError as e:
            self._show_result(str(e), "error")
            return
        if printed:
            last = printed[0]
            name = last.patient_name or self.patient_name(record_id)
            self._names[record_id] = name
            when = last.printed_at.astimezone().strftime("%Y-%m-%d %H:%M")
            what = (f"{name}: the handout was printed on {when} ({last.language.label}"
                    f"{', large print' if last.large_print else ''}, version "
                    f"{last.handout_version}).")
            choice = ReprintDialog.ask(self, what, last.language, last.large_print)
        else:
            choice = ReprintDialog.ask(self, f"{self.patient_name(record_id)}: this handout "
                                             "was printed before.")
        if choice is not None:
            self._start([record_id], None, choice.reason, (choice.language, choice.large_print))

    def show_print_log(self) -> None:
        if not allowed(self.actor.role, Action.PRINT_HANDOUT):
            return
        if self._log_dialog is not None:
            self._log_dialog.close()
        self._log_dialog = PrintLogDialog.show_log(self.services, self.actor, self)
        self._log_dialog.reprint_requested.connect(self.reprint)

    # --- page hooks (MainWindow) ------------------------------------------------------------
    def page_shown(self) -> None:
        self._load_printers()
        self.reload()
        self.table.setFocus()

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.clear()
        self.reload()

    def release(self, ask: bool) -> bool:
        if self._log_dialog is not None:
            self._log_dialog.close()
            self._log_dialog = None
        return True

    def clear(self) -> None:
        self._held = []
        self._preview_for = None
        self._rendered = None
        self.table.clearSelection()
        self.model.set_rows([])
        self._show_pdf(b"", "")
        self._show_result("", "")
        self._update_buttons()


def missing_text_note(exc: MissingTextError) -> str:
    """The refusal in words for the desk (without the record-JSON path the command line
    shows)."""
    return " ".join(i.message for i in exc.issues)
