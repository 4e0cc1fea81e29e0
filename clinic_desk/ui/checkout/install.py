"""Adds issue 7 to the main window: the checkout page, lists that refresh by themselves when
another workstation changes something, and the "database unreachable" banner.

    from .checkout.install import install_checkout
    self.checkout = install_checkout(self)          # at the end of MainWindow.__init__

The checkout page is built the first time it is shown (it loads the PDF and printing
modules); front-desk accounts start on it. The change watcher refreshes the worklist,
the sign-off queue and the checkout queue in place (selection and scroll position stay).
The record editor gets edit locks ("being edited by ...") and hands edits it could not save
(database unreachable) to the retry, which saves them when the database is back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ...domain.permissions import Action
from ...domain.record import Role
from ...services.retry import RetryOutcome
from .banner import ConnectionMonitor, DatabaseBanner
from .editing import EditLockKeeper
from .live import ChangeWatcher, touches
from .settings import LIVE_REFRESH_SECONDS

if TYPE_CHECKING:
    from .page import CheckoutPage

log = logging.getLogger(__name__)

CHECKOUT = "checkout"


@dataclass
class Checkout:
    window: Any
    watcher: ChangeWatcher
    monitor: ConnectionMonitor
    banner: DatabaseBanner

    @property
    def page(self) -> CheckoutPage:
        """The checkout page (built now if it was not needed yet)."""
        return self.window.page(CHECKOUT)  # type: ignore[no-any-return]


def _refresh_lists(window: Any, tables: frozenset[str]) -> None:
    """Refresh, in place, every list of records if the change concerns records."""
    if not touches(tables):
        return
    for page in (getattr(window, "worklist", None), window.built_page("signoff")):
        model = getattr(page, "model", None)
        refresh = getattr(model, "refresh_in_place", None)
        if callable(refresh):
            refresh()
        elif page is not None and callable(getattr(page, "reload", None)):
            page.reload()


def install_checkout(window: Any, *, start_watcher: bool = True,
                     background: bool = True) -> Checkout:
    """`window` is the MainWindow (add_page, show_page, services, actor, drafts, stack)."""
    services = window.services
    monitor = ConnectionMonitor(services, lambda: window.actor, window.drafts, window,
                                background=background)
    banner = DatabaseBanner(monitor, services.database_description, window)
    # The banner goes above the pages: wrap the central stack (taken, not deleted).
    stack = window.takeCentralWidget()
    holder = QWidget(window)
    holder.setObjectName("central_area")
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(0)
    box.addWidget(banner)
    box.addWidget(stack, 1)
    window.setCentralWidget(holder)
    holder.show()  # a child added to a window already on screen is not shown by itself
    stack.show()

    watcher = ChangeWatcher(services.db, window, poll_seconds=max(LIVE_REFRESH_SECONDS.get(), 1))
    watcher.changed.connect(lambda tables: _refresh_lists(window, tables))
    watcher.connection_changed.connect(monitor.set_feed_connected)

    def checkout_page() -> CheckoutPage:
        from .page import CheckoutPage

        page = CheckoutPage(window.services, window.actor, window, background=background)
        watcher.changed.connect(page.on_database_changed)
        page.database_unavailable.connect(monitor.report_unavailable)
        return page

    window.add_page(CHECKOUT, "&Checkout", checkout_page, "Ctrl+4",
                    needs=Action.PRINT_HANDOUT)

    editor = getattr(window, "editor", None)
    if editor is not None and hasattr(editor, "lock_keeper"):
        keeper = EditLockKeeper(services, lambda: window.actor, editor)
        keeper.database_unavailable.connect(monitor.report_unavailable)
        keeper.lost.connect(lambda who: window.statusBar().showMessage(
            "Your edit lock on this record lapsed while this workstation was away. "
            + (who or "") + " Save soon; a conflict shows any other change.", 20000))
        editor.lock_keeper = keeper
    if editor is not None and hasattr(editor, "database_unavailable"):
        editor.database_unavailable.connect(monitor.report_unavailable)

    def retried(outcome: RetryOutcome) -> None:
        adopt = getattr(editor, "adopt_saved", None)
        if callable(adopt):
            for key, record in outcome.saved:
                adopt(key, record)
        saved = len(outcome.saved)
        if saved:
            window.statusBar().showMessage(
                f"The database is back: {saved} change{'s' if saved != 1 else ''} kept on this "
                "workstation saved.", 15000)
        if outcome.conflicts or outcome.failed:
            window.statusBar().showMessage(
                "The database is back. Some changes kept here could not be saved as they were; "
                "open the record to compare (File > recover drafts).", 20000)
        if outcome.ready:  # issue 15 (2): never applied silently; kept and flagged
            refused = getattr(editor, "retry_refused", None)
            if callable(refused):
                for draft, error in outcome.ready:
                    refused(draft.key, error)
            whose = "; ".join(e.patient or f"record {e.record_id}" for _, e in outcome.ready)
            window.statusBar().showMessage(
                f"The database is back. Not applied, because it was sent for signature "
                f"meanwhile: your changes to {whose}. They stay on this workstation (offered "
                "back at sign-in). Open the record, Reopen for changes (Ctrl+Shift+O) with "
                "the reason, then bring them back.", 0)
        _refresh_lists(window, frozenset())
        page = window.built_page(CHECKOUT)
        if page is not None:
            page.reload()

    monitor.retried.connect(retried)

    def on_signed_in(new_actor: Any) -> None:
        if new_actor.role is Role.DESK:
            window.show_page(CHECKOUT)

    window.signed_in.connect(on_signed_in)
    # After the window has finished setting itself up (it opens the worklist last).
    QTimer.singleShot(0, lambda: on_signed_in(window.actor))

    refresh_action = next((a for a in window.menu("view").actions()
                           if a.objectName() == "refresh_action"), None)
    if refresh_action is not None:
        refresh_action.triggered.connect(
            lambda: window.page(CHECKOUT).reload()
            if window.current_page_key() == CHECKOUT else None)

    if start_watcher:
        try:
            watcher.start()
        except Exception as e:  # noqa: BLE001 - lists still refresh on demand without it
            log.info("live refresh not started: %s", type(e).__name__)
    return Checkout(window, watcher, monitor, banner)
