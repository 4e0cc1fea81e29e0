"""Adds issue 6's screens to the main window: the sign-off page, the lock screen with
Switch user, and the administrator's audit trail, user and clinic settings pages.

    from .signoff.install import install_safeguards
    self.safeguards = install_safeguards(self)      # when MainWindow builds its pages

Pages are added through `window.add_page` with the permission they need, so the View menu
shows each only to the roles allowed it (the services refuse the rest anyway). They are built
the first time they are shown: a nurse never pays for the sign-off page's PDF preview, nor
anyone but an administrator for the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

from ...domain.permissions import Action
from ...domain.record import Role
from .lock import SessionLock

if TYPE_CHECKING:
    from ..admin.audit_page import AuditPage
    from ..admin.clinic_settings_page import ClinicSettingsPage
    from ..admin.users_page import UsersPage
    from .queue_page import SignOffPage

SIGNOFF, AUDIT, USERS = "signoff", "audit", "users"
CLINIC_SETTINGS = "clinic_settings"


@dataclass
class Safeguards:
    window: Any
    lock: SessionLock
    review_action: QAction

    # The pages, built on first use (window.page builds a page the first time it is asked).
    @property
    def signoff(self) -> SignOffPage:
        return self.window.page(SIGNOFF)  # type: ignore[no-any-return]

    @property
    def audit(self) -> AuditPage:
        return self.window.page(AUDIT)  # type: ignore[no-any-return]

    @property
    def users(self) -> UsersPage:
        return self.window.page(USERS)  # type: ignore[no-any-return]


def install_safeguards(window: Any, *, idle_timeout_ms: int | None = None,
                       preview: bool = True) -> Safeguards:
    """`window` is the MainWindow (add_page, show_page, menu, actor, services, set_user)."""
    lock = SessionLock(window.services, window, timeout_ms=idle_timeout_ms)

    def signoff_page() -> SignOffPage:
        from .queue_page import SignOffPage

        return SignOffPage(window.services, window.actor, window, preview=preview)

    def audit_page() -> AuditPage:
        from ..admin.audit_page import AuditPage

        return AuditPage(window.services, window.actor, window)

    def users_page() -> UsersPage:
        from ..admin.users_page import UsersPage

        users = UsersPage(window.services, window.actor, window)
        users.security_changed.connect(lambda _security: lock.reload_settings())
        return users

    def clinic_settings_page() -> ClinicSettingsPage:
        from ..admin.clinic_settings_page import ClinicSettingsPage

        return ClinicSettingsPage(window.services, window.actor, window)

    window.add_page(SIGNOFF, "&Sign-off queue", signoff_page, "Ctrl+3", needs=Action.SIGN)
    window.add_page(AUDIT, "&Audit trail", audit_page, "Ctrl+8", needs=Action.MANAGE)
    window.add_page(USERS, "&Users and security", users_page, "Ctrl+9", needs=Action.MANAGE)
    window.add_page(CLINIC_SETTINGS, "Clinic se&ttings", clinic_settings_page, "Ctrl+0",
                    needs=Action.MANAGE)
    # Where each role starts (issue 15, point 15): the physician's work is the queue; the
    # administrator's, the accounts.
    window.set_landing_page(Role.PHYSICIAN, SIGNOFF)
    window.set_landing_page(Role.ADMIN, USERS)

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
            window.page(SIGNOFF).open_record(record_id)

    review.triggered.connect(review_current)
    window.menu("record").addAction(review)

    def refresh() -> None:
        key = window.current_page_key()
        if key == SIGNOFF:
            window.page(SIGNOFF).reload()
        elif key == AUDIT:
            window.page(AUDIT).search()
        elif key == USERS:
            window.page(USERS).reload()

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
    apply_role(window.actor)
    return Safeguards(window, lock, review)
