"""The main window: the sign-in page first, then pages in the central area, menus, and who is
signed in.

The window is the first thing on screen. It opens on the sign-in page with only PySide6 and
small modules imported; app.py opens the database once it is shown (`set_services`), while the
nurse types. The pages (worklist, record editor, and those other features add) are built at
the first sign-in. Before sign-in and after sign-out only the sign-in page shows: no menus, no
patient data, and the title says "not signed in".

The title bar and the status bar always show who is signed in, the clinic's name and the
database. The central area is a stack of pages; the worklist ("worklist") and the record
editor ("record") are built in, and other features add theirs.

Hooks for other features (physician sign-off, lock screen, checkout, audit viewer, admin):

    window.add_page(key, title, widget, shortcut="Ctrl+2", needs=Action.SIGN) -> QAction
        Registers a page and a View-menu entry (hidden for roles without `needs`).
        A page may define any of these methods, which the window calls:
          page_shown()               the page became the current one
          set_actor(actor)           another user signed in (refresh what you show)
          release(ask: bool) -> bool the user is leaving: deal with unsaved work; with
                                     ask=False keep it (e.g. as a draft) without asking;
                                     return False to stay signed in
    window.show_page(key), window.page(key), window.current_page_key()
    window.menu(name)           the "file", "record", "view" or "help" QMenu, to add actions to
    window.actor                the signed-in Actor (the last one while signed out)
    window.is_signed_in         False while the sign-in page shows
    window.set_user(actor, ask=True) -> bool
        Replace the signed-in user without closing the window (switch user, unlock as
        someone else). Emits signing_out(old actor) first, lets every page release it (the
        record editor keeps unsaved work as a draft when ask=False), then signed_in(actor).
    window.sign_out()           audited sign-out, then the sign-in page
    signals: signed_in(Actor), signing_out(Actor), signed_out(Actor), page_changed(str)

The record editor's work is never lost: see ui/editor/record_editor.py and
services/drafts.py. After sign-in the window offers back any local draft of that user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__, config
from ..domain.errors import (
    ClinicDeskError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from ..domain.permissions import Action, allowed
from ..domain.procedures import ProcedureKind
from ..domain.record import RecordStatus, Role
from . import messages, settings
from .actions import ActionKey, make_action, visible_for, with_shortcut
from .help import install_help
from .icons import icon
from .pages.sign_in import SignInPage

if TYPE_CHECKING:  # imported when the pages are built: the sign-in page shows before them
    from ..services import Actor, Services
    from ..services.drafts import Draft, DraftStore
    from .checkout.install import Checkout
    from .editor.record_editor import RecordEditor
    from .pages.worklist import WorklistPage
    from .signoff.install import Safeguards

log = logging.getLogger(__name__)

WORKLIST, RECORD, HOME, SIGN_IN = "worklist", "record", "home", "sign_in"
# What the pages need (SQLAlchemy included): load_pages() imports it while the nurse types.
_PAGE_MODULES = (".checkout.install", ".signoff.install", ".editor.record_editor",
                 ".pages.worklist", ".dialogs.drafts")


def load_pages() -> None:
    """Import the pages' code ahead of the first sign-in (app.py, once the database is open)."""
    import importlib

    for name in _PAGE_MODULES:
        importlib.import_module(name, __package__)


@dataclass
class _Page:
    key: str
    title: str
    widget: QWidget | None  # None until a page given as a factory is first needed
    build: Callable[[], QWidget] | None
    action: QAction | None
    needs: Action | None


class MainWindow(QMainWindow):
    signed_in = Signal(object)
    signing_out = Signal(object)
    signed_out = Signal(object)  # the Actor who signed out; the sign-in page shows
    page_changed = Signal(str)

    services: Services
    worklist: WorklistPage
    editor: RecordEditor
    checkout: Checkout
    safeguards: Safeguards

    def __init__(self, services: Services | None = None, actor: Actor | None = None,
                 drafts: DraftStore | None = None, parent: QWidget | None = None, *,
                 background: bool = True, autosave_ms: int | None = None) -> None:
        """Without `actor` the window opens on the sign-in page (without `services`, too,
        until set_services); with both it opens signed in, as tests build it."""
        super().__init__(parent)
        self._actor: Actor | None = None
        self._signed_in = False
        self.drafts: DraftStore | None = drafts
        self._background, self._autosave_ms = background, autosave_ms
        self._pages: dict[str, _Page] = {}
        self._landing_pages: dict[Role, str] = {}
        self.setObjectName("main_window")
        self.setWindowIcon(icon("app"))
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        self.setCentralWidget(self.stack)
        self.sign_in_page = SignInPage(self)
        self.stack.addWidget(self.sign_in_page)

        self.actions_by_key = {key: make_action(self, key) for key in ActionKey}
        self._menus: dict[str, QMenu] = {}
        self._build_menus()
        self.help_action = install_help(self)  # F1 (issue 15, point 15)
        self._build_status_bar()
        self._connect_signals()

        geometry = settings.MAIN_GEOMETRY.get()
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.fit_to_screen()
        if services is not None:
            self.set_services(services)
        if services is not None and actor is not None:
            self._begin(actor)
        else:
            self._show_sign_in_page()

    def set_services(self, services: Services, clinic_name: str = "") -> None:
        """The database is open: sign-in is possible (app.py calls this once it is)."""
        self.services = services
        self.clinic_label.setText(clinic_name or self._clinic_name())
        self.database_label.setText(services.database_description)
        self.database_label.setToolTip("The database this workstation uses")
        self.sign_in_page.set_services(services, self.clinic_label.text())
        self._update_title()

    def show_start_problem(self, text: str, detail: str = "") -> None:
        """The database could not be opened: say so on the sign-in page."""
        self.sign_in_page.show_problem(text, detail)

    def _build_pages(self) -> None:
        """The worklist, the record editor and the other features' pages, at first sign-in."""
        from ..services.drafts import DraftStore
        from .checkout.install import install_checkout
        from .editor.record_editor import RecordEditor
        from .pages.worklist import WorklistPage
        from .signoff.install import install_safeguards

        services, actor = self.services, self.actor
        if self.drafts is None:
            self.drafts = DraftStore()
        self.worklist = WorklistPage(services, actor, self, background=self._background)
        self.editor = RecordEditor(services, actor, self.drafts, self,
                                   autosave_ms=self._autosave_ms)
        self.home = self._home_page()
        self.add_page(HOME, "Start", self.home, in_menu=False)
        self.add_page(WORKLIST, "&Worklist", self.worklist, action=self.action(ActionKey.WORKLIST),
                      needs=Action.VIEW_RECORDS)
        self.add_page(RECORD, "Open &record", self.editor, shortcut="Ctrl+2",
                      needs=Action.VIEW_RECORDS)
        self._connect_page_signals()
        # Checkout, lists that refresh by themselves, the database banner, edit locks (issue 7).
        self.checkout = install_checkout(self)
        # Physician sign-off, lock screen and Switch user, audit trail and users (issue 6).
        self.safeguards = install_safeguards(self)
        # Procedure note preview and print, schedule import (issue 14).
        from .exports.install import install_exports

        self.exports = install_exports(self)
        # Calls, the patient's pathway and clinic reports (issue 13).
        from .pathway.install import install_pathway

        self.pathway_screens = install_pathway(self)

    # --- building -------------------------------------------------------------------------
    def action(self, key: ActionKey) -> QAction:
        return self.actions_by_key[key]

    def menu(self, name: str) -> QMenu:
        return self._menus[name]

    def _build_menus(self) -> None:
        bar = self.menuBar()
        a = self.action
        file_menu = bar.addMenu("&File")
        for key in (ActionKey.NEW_RECORD, ActionKey.NEW_PATIENT, ActionKey.FIND_PATIENT):
            file_menu.addAction(a(key))
        file_menu.addSeparator()
        file_menu.addAction(a(ActionKey.IMPORT_RECORDS))
        file_menu.addSeparator()
        file_menu.addAction(a(ActionKey.SIGN_OUT))
        file_menu.addAction(a(ActionKey.QUIT))
        record_menu = bar.addMenu("&Record")
        for key in (ActionKey.SAVE_RECORD, ActionKey.READY_RECORD, ActionKey.PATIENT_DETAILS,
                    ActionKey.CLOSE_RECORD):
            record_menu.addAction(a(key))
        view_menu = bar.addMenu("&View")
        self._view_separator = view_menu.addSeparator()
        view_menu.addAction(a(ActionKey.REFRESH))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(a(ActionKey.ABOUT))
        self._menus = {"file": file_menu, "record": record_menu, "view": view_menu,
                       "help": help_menu}
        for menu in self._menus.values():
            menu.setToolTipsVisible(True)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("busy_indicator")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setAccessibleName("Loading")
        self.progress.hide()
        self.user_label = QLabel(self)
        self.user_label.setObjectName("user_label")
        self.clinic_label = QLabel(self)
        self.clinic_label.setObjectName("clinic_label")
        self.database_label = QLabel(self)
        self.database_label.setObjectName("database_label")
        for widget in (self.progress, self.user_label, self.clinic_label, self.database_label):
            bar.addPermanentWidget(widget)

    def _home_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.home_label = QLabel(page)
        self.home_label.setWordWrap(True)
        self.home_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.home_label)
        return page

    def _connect_signals(self) -> None:
        a = self.action
        a(ActionKey.NEW_RECORD).triggered.connect(lambda: self.new_record())
        a(ActionKey.NEW_PATIENT).triggered.connect(self.new_patient)
        a(ActionKey.FIND_PATIENT).triggered.connect(self._on_find_patient_triggered)
        a(ActionKey.IMPORT_RECORDS).triggered.connect(self.import_records)
        a(ActionKey.SIGN_OUT).triggered.connect(self.sign_out)
        a(ActionKey.QUIT).triggered.connect(self.close)
        a(ActionKey.ABOUT).triggered.connect(self._on_about_triggered)
        self.sign_in_page.signed_in.connect(self._on_sign_in_page_signed_in)
        self.sign_in_page.quit_requested.connect(self.close)
        self.stack.currentChanged.connect(self._on_stack_current_changed)

    def _connect_page_signals(self) -> None:
        a = self.action
        a(ActionKey.SAVE_RECORD).triggered.connect(self.editor.save)
        a(ActionKey.READY_RECORD).triggered.connect(self.editor.mark_ready)
        a(ActionKey.CLOSE_RECORD).triggered.connect(self._on_close_record_triggered)
        a(ActionKey.PATIENT_DETAILS).triggered.connect(self.editor.edit_patient)
        a(ActionKey.REFRESH).triggered.connect(self.worklist.reload)
        self.worklist.open_record_requested.connect(self.open_record)
        self.worklist.open_patient_requested.connect(self.open_patient)
        self.worklist.new_record_requested.connect(lambda: self.new_record())
        self.worklist.new_patient_requested.connect(self.new_patient)
        self.worklist.load_failed.connect(self._on_worklist_load_failed)
        self.worklist.model.loading_changed.connect(self.progress.setVisible)
        self.editor.closed.connect(self._on_editor_closed)
        self.editor.saved.connect(self._on_editor_saved)

    # --- pages ----------------------------------------------------------------------------
    def add_page(self, key: str, title: str, widget: QWidget | Callable[[], QWidget],
                 shortcut: str | None = None, *, needs: Action | None = None,
                 in_menu: bool = True, action: QAction | None = None) -> QAction | None:
        """Add a page to the central area and, unless in_menu is False, to the View menu.

        `widget` may be a function that builds the page: it is called the first time the
        page is shown or asked for (`page(key)`), so a page a role never opens costs neither
        time nor memory. Until then the page has nothing to refresh or release."""
        if key in self._pages:
            raise ValueError(f"a page called {key!r} exists already")
        built: QWidget | None = None
        build: Callable[[], QWidget] | None = None
        if isinstance(widget, QWidget):
            built = widget
            self.stack.addWidget(widget)
        else:
            build = widget
        if in_menu and action is None:
            action = QAction(title, self)
            action.setObjectName(f"page_{key}_action")
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(with_shortcut(title.replace("&", ""), action))
        if action is not None:
            action.triggered.connect(lambda: self.show_page(key))
            self._menus["view"].insertAction(self._view_place_for(action), action)
        self._pages[key] = _Page(key, title, built, build, action, needs)
        self._apply_permissions()
        return action

    def _view_place_for(self, action: QAction) -> QAction:
        """The View menu lists the pages in the order of their shortcuts (Ctrl+1, 2, 3...),
        whichever feature added them first; pages without a shortcut go last."""
        def order(a: QAction) -> str:
            return a.shortcut().toString() or "~"

        for existing in self._menus["view"].actions():
            if existing is self._view_separator:
                break
            if order(action) < order(existing):
                return existing
        return self._view_separator

    def page(self, key: str) -> QWidget:
        """The page's widget, built now if it was added as a factory and not needed yet."""
        page = self._pages[key]
        if page.widget is None:
            assert page.build is not None
            page.widget = page.build()
            self.stack.addWidget(page.widget)
            log.info("page %s built", key)
        return page.widget

    def built_page(self, key: str) -> QWidget | None:
        """The page's widget if it exists already (None for a page not needed yet)."""
        page = self._pages.get(key)
        return page.widget if page is not None else None

    def current_page_key(self) -> str:
        current = self.stack.currentWidget()
        if current is self.sign_in_page:
            return SIGN_IN
        return next((p.key for p in self._pages.values() if p.widget is current), "")

    def show_page(self, key: str) -> bool:
        page = self._pages.get(key)
        if page is None or not self._signed_in or (
                page.needs is not None and not allowed(self.actor.role, page.needs)):
            return False
        if key == RECORD and not self.editor.has_record:
            return False
        self.stack.setCurrentWidget(self.page(key))
        return True

    def _on_stack_current_changed(self, _index: int) -> None:
        key = self.current_page_key()
        on_record = key == RECORD
        for k in (ActionKey.SAVE_RECORD, ActionKey.READY_RECORD, ActionKey.CLOSE_RECORD,
                  ActionKey.PATIENT_DETAILS):
            self.action(k).setEnabled(on_record and self.editor.has_record)
        widget = self.stack.currentWidget()
        hook = getattr(widget, "page_shown", None)
        if callable(hook):
            hook()
        self._update_title()
        self.page_changed.emit(key)

    # --- the signed-in user ---------------------------------------------------------------
    @property
    def actor(self) -> Actor:
        if self._actor is None:
            raise RuntimeError("nobody has signed in on this window yet")
        return self._actor

    @property
    def is_signed_in(self) -> bool:
        return self._signed_in

    def _on_sign_in_page_signed_in(self, actor: Actor) -> None:
        self._begin(actor)
        self.signed_in.emit(actor)
        self.offer_drafts()

    def _begin(self, actor: Actor) -> None:
        """`actor` signed in: the pages are built at the first sign-in, handed over after."""
        self._signed_in = True
        if self._pages:
            self._take_over(actor)
            return
        self._actor = actor
        self._build_pages()
        self._apply_actor()

    def _show_sign_in_page(self) -> None:
        """Nobody is signed in: only the sign-in page, no menus (nor their shortcuts)."""
        self._signed_in = False
        self.menuBar().hide()
        self.user_label.setText("Not signed in")
        self.sign_in_page.reset()
        self.stack.setCurrentWidget(self.sign_in_page)
        self._update_title()

    def _apply_actor(self) -> None:
        actor = self.actor
        role = actor.role
        for key, action in self.actions_by_key.items():
            action.setVisible(visible_for(role, key))
        self._apply_permissions()
        self.menuBar().show()
        self.user_label.setText(f"Signed in: {actor.full_name or actor.username} "
                                f"({role.label.lower()})")
        self.clinic_label.setText(self._clinic_name())
        landing = self._landing_pages.get(role)
        if landing is not None and self.show_page(landing):
            pass  # the role's own first page (issue 15, point 15)
        elif allowed(role, Action.VIEW_RECORDS):
            self.show_page(WORKLIST)
        else:
            self.home_label.setText(
                f"Signed in as {actor.full_name}, {role.label.lower()}.\n"
                "Your account has no access to procedure records; use the View menu.")
            self.stack.setCurrentWidget(self.home)
        self._on_stack_current_changed(self.stack.currentIndex())
        self._update_title()

    def set_landing_page(self, role: Role, key: str) -> None:
        """The page `role` sees first after signing in (default: the worklist)."""
        self._landing_pages[role] = key

    def _apply_permissions(self) -> None:
        if self._actor is None:
            return
        role = self._actor.role
        for page in self._pages.values():
            if page.action is not None:
                page.action.setVisible(page.needs is None or allowed(role, page.needs))

    def _clinic_name(self) -> str:
        try:
            return self.services.settings.load().info.name
        except ClinicDeskError:
            return "Clinic Desk"

    def _update_title(self) -> None:
        database = self.database_label.text()
        if not self._signed_in:
            parts = ["Clinic Desk", "not signed in", self.clinic_label.text(), database]
            self.setWindowTitle(" — ".join(p for p in parts if p))
            return
        who = self.actor.full_name or self.actor.username
        parts = ["Clinic Desk", f"{who} ({self.actor.role.label.lower()})",
                 self.clinic_label.text(), database]
        if self.current_page_key() == RECORD and self.editor.record is not None:
            parts.insert(1, self.editor.record.patient.display_name)
        self.setWindowTitle(" — ".join(parts))

    def _release_pages(self, ask: bool) -> bool:
        for page in self._pages.values():
            release = getattr(page.widget, "release", None)
            if callable(release) and not release(ask):
                return False
        if self.editor.has_record:
            if not self.editor.request_close(ask=ask):
                self.show_page(RECORD)
                return False
        return True

    def set_user(self, actor: Actor, ask: bool = True) -> bool:
        """Replace the signed-in user; False if the current user chose to keep editing."""
        old = self.actor
        self.signing_out.emit(old)
        if not self._release_pages(ask):
            return False
        self._take_over(actor)
        log.info("user changed (user id %s -> %s)", old.user_id, actor.user_id)
        self.signed_in.emit(actor)
        self.offer_drafts()
        return True

    def _take_over(self, actor: Actor) -> None:
        """`actor` is now the workstation's user: every page and the window show it."""
        self._actor = actor
        for page in self._pages.values():
            hook = getattr(page.widget, "set_actor", None)
            if callable(hook):
                hook(actor)
        self._apply_actor()

    def sign_out(self) -> bool:
        """Sign the user out (asking about unsaved work), then show the sign-in page."""
        old = self.actor
        self.signing_out.emit(old)
        if not self._release_pages(ask=True):
            return False
        try:
            self.services.auth.sign_out(old)
        except ClinicDeskError:
            log.info("sign-out could not be recorded")
        self._show_sign_in_page()
        self.signed_out.emit(old)
        return True

    # --- drafts ---------------------------------------------------------------------------
    def offer_drafts(self) -> None:
        """Offer back what this user left unsaved (after a crash, power cut or switch)."""
        if not allowed(self.actor.role, Action.EDIT_RECORDS) or self.drafts is None:
            return
        from .dialogs.drafts import DraftRecoveryDialog

        drafts = self.drafts.list_for_user(self.actor.username)
        if not drafts:
            return
        log.info("offering %d unsaved drafts back", len(drafts))
        draft = DraftRecoveryDialog.ask(self, drafts, self.drafts)
        if draft is not None:
            self.restore_draft(draft)

    def restore_draft(self, draft: Draft) -> bool:
        try:
            if draft.record_id is not None:
                record = self.services.records.get(self.actor, draft.record_id)
                if (draft.version is not None and draft.version != record.version
                        and record.status is not RecordStatus.READY):
                    # The draft started from an older version: saving it will show both.
                    # (Not for a record sent for signature meanwhile: it opens read only and
                    # Reopen for changes needs the version in the queue, issue 15 (2).)
                    record = replace(record, version=draft.version)
            else:
                if draft.patient_id is None:
                    raise NotFoundError("The draft does not say whose record it is.")
                kind = draft.content.get("kind") or ProcedureKind.MEDIAL_BRANCH_BLOCK.value
                record = self.services.records.new_record(self.actor, draft.patient_id,
                                                          ProcedureKind(kind))
        except (ClinicDeskError, ValueError) as e:
            messages.error(self, "Could not reopen the draft",
                           f"{e} The unsaved work stays on this workstation.")
            return False
        if not self._close_current_record():
            return False
        self.editor.open_record(record, draft=draft)
        self.show_page(RECORD)
        return True

    # --- records and patients -------------------------------------------------------------
    def _close_current_record(self) -> bool:
        if self.editor.has_record:
            if not self.editor.request_close(ask=True):
                self.show_page(RECORD)
                return False
        return True

    def open_record(self, record_id: int) -> bool:
        """Open a record in the editor (asks first if another one has unsaved changes)."""
        if self.editor.has_record and self.editor.record_id == record_id:
            return self.show_page(RECORD)
        if not self._close_current_record():
            return False
        try:
            record = self.services.records.get(self.actor, record_id)
        except (NotFoundError, PermissionDeniedError) as e:
            messages.error(self, "Cannot open the record", str(e))
            return False
        draft_key = None
        if not record.is_signed:
            from ..services.drafts import draft_key as key_for

            draft_key = key_for(self.actor.username, record_id)
        draft = None
        if draft_key is not None and self.drafts is not None and self.drafts.exists(draft_key):
            try:
                draft = self.drafts.load(draft_key)
            except (OSError, ValidationError):
                draft = None
        self.editor.open_record(record, draft=draft)
        self.show_page(RECORD)
        return True

    def new_record(self, patient_id: int | None = None) -> bool:
        """Start a record: choose the patient (or add them), then open a blank draft."""
        if not allowed(self.actor.role, Action.EDIT_RECORDS):
            return False
        if not self._close_current_record():
            return False
        if patient_id is None:
            from .dialogs.patient_chooser import PatientChooserDialog

            text = self.worklist.search.last_query if self.current_page_key() == WORKLIST else ""
            patient_id = PatientChooserDialog.ask(self.services, self.actor, self, text)
            if patient_id is None:
                return False
        try:
            record = self.services.records.new_record(self.actor, patient_id)
        except ClinicDeskError as e:
            messages.error(self, "Cannot start the record", str(e))
            return False
        self.editor.open_record(record)
        self.show_page(RECORD)
        return True

    def open_patient(self, patient_id: int) -> None:
        try:
            patient = self.services.patients.get(self.actor, patient_id)
        except ClinicDeskError as e:
            messages.error(self, "Cannot open the patient", str(e))
            return
        from .dialogs.patient import PatientDialog

        result = PatientDialog.ask(self.services, self.actor, patient, self)
        if result is not None:
            self.worklist.reload()
            if result.start_record and result.patient.id is not None:
                self.new_record(result.patient.id)

    def new_patient(self) -> None:
        from .dialogs.patient import PatientDialog

        result = PatientDialog.ask(self.services, self.actor, None, self)
        if result is not None and result.patient.id is not None:
            patient = result.patient  # the save is confirmed (issue 15, point 21)
            self.statusBar().showMessage(
                f"New patient saved: {patient.display_name}, MRN {patient.mrn}.", 15000)
        if result is not None and result.start_record and result.patient.id is not None:
            self.new_record(result.patient.id)

    def _on_find_patient_triggered(self) -> None:
        if self.show_page(WORKLIST):
            self.worklist.focus_search()

    def _on_close_record_triggered(self) -> None:
        self.editor.request_close(ask=True)

    def _on_editor_closed(self) -> None:
        self.action(ActionKey.SAVE_RECORD).setEnabled(False)
        if self.current_page_key() == RECORD and not self.show_page(WORKLIST):
            self.stack.setCurrentWidget(self.home)

    def _on_editor_saved(self, _record_id: int) -> None:
        self.worklist.reload()
        self._update_title()

    def _on_worklist_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ClinicDeskError):
            self.statusBar().showMessage(f"The worklist could not load: {exc}", 10000)
        else:
            log.error("worklist failed to load: %s", type(exc).__name__)
            self.statusBar().showMessage("The worklist could not load; try Refresh (F5).",
                                         10000)

    # --- import ---------------------------------------------------------------------------
    def import_records(self, path: str | None = None) -> None:
        """Add records from a record JSON file, off the GUI thread with a progress dialog."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import records", str(Path.home()),
                                                  "Record JSON (*.json);;All files (*)")
            if not path:
                return
        services, actor = self.services, self.actor

        def work(file: str) -> list[int]:
            # Imported here: `clinic_desk.services` loads SQLAlchemy and the PDF modules,
            # which the sign-in page must not wait for (docs/performance.md, start-up).
            from ..services.record_files import read_import_file

            return services.records.import_records(actor, read_import_file(file))

        def done(ids: Any) -> None:
            count = len(ids)
            self.statusBar().showMessage(f"Imported {count} record{'s' if count != 1 else ''}.",
                                         10000)
            self.worklist.reload()
            self.import_finished(count, None)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError):
                lines = [str(i) for i in exc.issues[:8]]
                more = len(exc.issues) - len(lines)
                detail = "\n".join(lines) + (f"\n… and {more} more." if more > 0 else "")
                messages.error(self, "Nothing was imported",
                               "The file has problems; no record was added.", detail)
            elif isinstance(exc, (OSError, ValueError)):
                messages.error(self, "Nothing was imported",
                               f"The file could not be read as record JSON ({exc}).")
            elif isinstance(exc, ClinicDeskError):
                messages.error(self, "Nothing was imported", str(exc))
            else:
                incident = messages.new_incident_id()
                log.error("import failed (incident %s)", incident, exc_info=exc)
                messages.unexpected_error(self, incident)
            self.import_finished(0, exc)

        from .workers import with_progress

        with_progress(self, "Importing records…", work, path, on_done=done, on_error=failed,
                      name="import records")

    def import_finished(self, count: int, error: BaseException | None) -> None:
        """Called when an import ends (tests and other features may hook in)."""

    # --- window ---------------------------------------------------------------------------
    def _on_about_triggered(self) -> None:
        messages.info(self, "About Clinic Desk",
                      f"Clinic Desk {__version__}\n\nDatabase: "
                      f"{self.services.database_description}\nData folder: {config.data_dir()}"
                      f"\nLog folder: {config.log_dir()}")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._signed_in:
            if not self._release_pages(ask=True):
                event.ignore()
                return
            try:
                self.services.auth.sign_out(self.actor)
            except ClinicDeskError:
                log.info("sign-out at close could not be recorded")
        self._save_state()
        if self._pages:
            self.editor.shutdown()
        event.accept()

    def fit_to_screen(self, preferred: QSize = QSize(1280, 860)) -> None:
        """First start: the preferred size, but never larger than the screen's available
        area (a 1024x768 screen once lost the title and status bars), centred on it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(preferred)
            return
        area = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()  # title bar, borders
        if frame.isNull():  # not shown yet: the window manager's frame is not known
            frame = QSize(8, 40)
        width = min(preferred.width(), area.width() - frame.width())
        height = min(preferred.height(), area.height() - frame.height())
        self.resize(max(width, 640), max(height, 480))
        self.move(area.x() + (area.width() - width - frame.width()) // 2,
                  area.y() + (area.height() - height - frame.height()) // 2)

    def _save_state(self) -> None:
        settings.MAIN_GEOMETRY.set(self.saveGeometry())
