"""Adds issue 6's screens to the main window: the sign-off page, the lock screen with
Switch user, and the administrator's audit trail and user pages.

    from .signoff.install import install_safeguards
    self.safeguards = install_safeguards(self)      # at the end of MainWindow.__init__

Pages are added through `window.add_page` with the permission they need, so the View menu
shows each only to the roles allowed it (the services refuse the rest anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QAction, QKeySequence

from ...domain.permissions import Action
from ..admin.audit_page import AuditPage
from ..admin.users_page import UsersPage
from .lock import SessionLock
from .queue_page import SignOffPage

SIGNOFF, AUDIT, USERS = "signoff", "audit", "users"


@dataclass
class Safeguards:
    signoff: SignOffPage
    audit: AuditPage
    users: UsersPage
    lock: SessionLock
    review_action: QAction


def install_safeguards(window: Any, *, idle_timeout_ms: int | None = None,
                       preview: bool = True) -> Safeguards:
    """`window` is the MainWindow (add_page, show_page, menu, actor, services, set_user)."""
    services, actor = window.services, window.actor
    signoff = SignOffPage(services, actor, window, preview=preview)
    audit = AuditPage(services, actor, window)
    users = UsersPage(services, actor, window)
    window.add_page(SIGNOFF, "&Sign-off queue", signoff, "Ctrl+3", needs=Action.SIGN)
    window.add_page(AUDIT, "&Audit trail", audit, "Ctrl+8", needs=Action.MANAGE)
    window.add_page(USERS, "&Users and security", users, "Ctrl+9", needs=Action.MANAGE)

    lock = SessionLock(services, window, timeout_ms=idle_timeout_ms)
    users.security_changed.connect(lambda _security: lock.reload_settings())
    file_menu = window.menu("file")
    sign_out = next((a for a in file_menu.actions() if a.objectName() == "sign_out_action"),
                    None)
    if sign_out is not None:
        file_menu.insertActions(sign_out, [lock.lock_action, lock.switch_action])
    else:
        file_menu.addActions([lock.lock_action, lock.switch_action])

    review = QAction("Re&view for signing or addendum", window)
    review.setObjectName("review_record_action")
    review.setShortcut(QKeySequence("Ctrl+Shift+R"))
    review.setToolTip("Open the selected or open record in the sign-off page (Ctrl+Shift+R)")

    def review_current() -> None:
        record_id = None
        editor = getattr(window, "editor", None)
        if window.current_page_key() == "record" and editor is not None and \
                getattr(editor, "record", None) is not None:
            record_id = editor.record.id
        elif hasattr(window, "worklist"):
            record_id = window.worklist.selected_record_id()
        if window.show_page(SIGNOFF) and record_id is not None:
            signoff.open_record(record_id)

    review.triggered.connect(review_current)
    window.menu("record").addAction(review)

    def refresh() -> None:
        key = window.current_page_key()
        if key == SIGNOFF:
            signoff.reload()
        elif key == AUDIT:
            audit.search()
        elif key == USERS:
            users.reload()

    refresh_action = next((a for a in window.menu("view").actions()
                           if a.objectName() == "refresh_action"), None)
    if refresh_action is not None:
        refresh_action.triggered.connect(refresh)

    def apply_role(new_actor: Any) -> None:
        from ...domain.permissions import allowed

        review.setVisible(allowed(new_actor.role, Action.SIGN))
        lock.set_enabled(True)

    window.signed_in.connect(apply_role)
    window.signed_out.connect(lambda _old: lock.set_enabled(False))
    apply_role(actor)
    return Safeguards(signoff, audit, users, lock, review)
