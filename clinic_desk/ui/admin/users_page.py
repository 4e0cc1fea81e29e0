"""User management for administrators: add, change role, reset password, unlock, deactivate;
and the clinic's security settings (password length, lockout, idle lock). All audited by
the services; the page never sees a password hash."""

from __future__ import annotations

import logging

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.clinic import SecuritySettings
from ...domain.errors import ClinicDeskError, ValidationError
from ...domain.permissions import Action, allowed
from ...services import Actor, Services
from ...services.users import UserInfo
from .. import messages
from ..widgets.context_menu import ContextMenu, buttons
from . import user_dialogs
from .user_dialogs import ResetPasswordDialog, UserDialog
from .users_model import UserColumn, UsersModel

log = logging.getLogger(__name__)

# (field, label, lowest, highest, unit) as services.settings.save_security checks them
SECURITY_FIELDS = (
    ("min_password_length", "Minimum password &length", 8, 128, " characters"),
    ("max_failed_sign_ins", "&Wrong passwords before a lockout", 3, 20, ""),
    ("lockout_minutes", "L&ockout duration", 1, 1440, " minutes"),
    ("idle_lock_minutes", "Lock the screen after &idle", 1, 240, " minutes"),
)


class UsersPage(QWidget):
    security_changed = Signal(object)  # the new SecuritySettings
    users_changed = Signal()

    def __init__(self, services: Services, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_page")
        self.services, self.actor = services, actor
        self.model = UsersModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("users_table")
        self.table.setAccessibleName("User accounts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UserColumn.NAME, QHeaderView.ResizeMode.Stretch)

        self.add_button = QPushButton("&Add user...", self)
        self.role_button = QPushButton("Chan&ge role...", self)
        self.password_button = QPushButton("Reset &password...", self)
        self.unlock_button = QPushButton("&Unlock", self)
        self.active_button = QPushButton("&Deactivate", self)
        self.npi_button = QPushButton("Set &NPI...", self)  # issue 14: billing exports
        self.npi_button.setToolTip("The physician's National Provider Identifier for billing")
        self.endorse_button = QPushButton("Endorse signing &key...", self)
        self.endorse_button.setToolTip("Vouch for the account's signing key after comparing "
                                       "its fingerprint with the person (issue 11)")
        for name, button in (("set_npi_button", self.npi_button),
                             ("add_user_button", self.add_button),
                             ("endorse_key_button", self.endorse_button),
                             ("change_role_button", self.role_button),
                             ("reset_password_button", self.password_button),
                             ("unlock_button", self.unlock_button),
                             ("active_button", self.active_button)):
            button.setObjectName(name)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("users_status_label")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)

        self.security_group = QGroupBox("Security settings (all workstations)", self)
        self.security_spins: dict[str, QSpinBox] = {}
        form = QFormLayout(self.security_group)
        # Fields as wide as their numbers, not the window (issue 15, point 20).
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for name, label, low, high, unit in SECURITY_FIELDS:
            spin = QSpinBox(self.security_group)
            spin.setObjectName(f"{name}_spin")
            spin.setRange(low, high)
            spin.setSuffix(unit)
            spin.setAccessibleName(label.replace("&", ""))
            caption = QLabel(label, self.security_group)
            caption.setBuddy(spin)
            form.addRow(caption, spin)
            self.security_spins[name] = spin
        self.save_security_button = QPushButton("&Save security settings", self.security_group)
        self.save_security_button.setSizePolicy(QSizePolicy.Policy.Maximum,
                                                QSizePolicy.Policy.Fixed)
        self.save_security_button.setObjectName("save_security_button")
        form.addRow("", self.save_security_button)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.password_button,
                       self.unlock_button, self.active_button, self.npi_button,
                       self.endorse_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.security_group)

        self.add_action = QAction("Add user", self)
        self.add_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        self.add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.add_action)
        self._connect_signals()
        if allowed(actor.role, Action.MANAGE):
            self.reload()
            self._load_security()

    def _connect_signals(self) -> None:
        self.context_menu = ContextMenu(self.table, lambda: buttons(
            self.role_button, self.password_button, self.unlock_button, self.active_button))
        self.add_button.clicked.connect(self.add_user)
        self.add_action.triggered.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.npi_button.clicked.connect(self.set_npi)
        self.password_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        self.active_button.clicked.connect(self.toggle_active)
        self.endorse_button.clicked.connect(self.endorse_key)
        self.save_security_button.clicked.connect(self.save_security)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)

    # --- the list ---------------------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        keep = keep or (self.selected.username if self.selected else None)
        try:
            users = self.services.users.list_users(self.actor)
        except ClinicDeskError as e:
            self.status_label.setText(str(e))
            return
        self.model.set_users(users, self.services.users.clock())
        row = self.model.row_of(keep) if keep else None
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()

    @property
    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.user_at(rows[0].row()) if rows else None

    def select(self, username: str) -> None:
        row = self.model.row_of(username)
        if row is not None:
            self.table.selectRow(row)

    def _on_table_selection_changed(self, _s: QItemSelection, _d: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        user = self.selected
        now = self.services.users.clock()
        for button in (self.role_button, self.password_button, self.active_button,
                       self.npi_button, self.endorse_button):
            button.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and (
            user.locked(now) or user.failed_attempts > 0))
        self.active_button.setText("Ac&tivate" if user is not None and not user.active
                                   else "&Deactivate")
        if user is not None and user.user_id == self.actor.user_id:
            self.active_button.setEnabled(False)  # never lock oneself out

    def _done(self, user: UserInfo | None, text: str) -> None:
        self.status_label.setText(text)
        self.reload(user.username if user else None)
        self.users_changed.emit()

    def _failed(self, exc: ClinicDeskError) -> None:
        if isinstance(exc, ValidationError) and exc.issues:
            self.status_label.setText(exc.issues[0].message)
        else:
            self.status_label.setText(str(exc))

    # --- actions ------------------------------------------------------------------------------
    def add_user(self) -> None:
        created = UserDialog.ask(self.services, self.actor, self)
        if created is not None:
            self._done(created, f"{created.display} ({created.username}) was added as "
                                f"{created.role.label.lower()}.")

    def change_role(self) -> None:
        user = self.selected
        if user is None:
            return
        role = user_dialogs.ask_role(self, user)
        if role is None or role is user.role:
            return
        try:
            changed = self.services.users.change_role(self.actor, user.username, role)
        except ClinicDeskError as e:
            self._failed(e)
            return
        self._done(changed, f"{changed.username} is now {role.label.lower()}. The change "
                            "applies from their next sign-in or signature.")

    def set_npi(self, *_args: object) -> None:
        user = self.selected
        if user is None:
            return
        npi = user_dialogs.ask_npi(self, user)
        if npi is None or npi == user.npi:
            return
        try:
            changed = self.services.users.set_npi(self.actor, user.username, npi)
        except ClinicDeskError as e:
            self._failed(e)
            return
        self._done(changed, f"NPI of {changed.username}: {changed.npi or 'cleared'}.")

    def reset_password(self) -> None:
        user = self.selected
        if user is not None and ResetPasswordDialog.ask(self.services, self.actor, user, self):
            self._done(user, f"The password of {user.username} was reset.")

    def unlock(self) -> None:
        user = self.selected
        if user is None:
            return
        try:
            unlocked = self.services.users.unlock(self.actor, user.username)
        except ClinicDeskError as e:
            self._failed(e)
            return
        self._done(unlocked, f"{unlocked.username} can sign in again.")

    def toggle_active(self) -> None:
        user = self.selected
        if user is None:
            return
        if user.active and not messages.confirm(
                self, "Deactivate account",
                f"Deactivate {user.display} ({user.username})? They can no longer sign in or "
                "sign. Their records and signatures stay.", "Deactivate"):
            return
        try:
            changed = self.services.users.set_active(self.actor, user.username, not user.active)
        except ClinicDeskError as e:
            self._failed(e)
            return
        self._done(changed, f"{changed.username} was "
                            f"{'reactivated' if changed.active else 'deactivated'}.")

    def endorse_key(self) -> None:
        user = self.selected
        if user is None:
            return
        fingerprint = user_dialogs.ask_fingerprint(self, user)
        if fingerprint is None:
            return
        try:
            fp = self.services.users.endorse_key(self.actor, user.username, fingerprint)
        except ClinicDeskError as e:
            self._failed(e)
            return
        self._done(user, f"The signing key {fp} of {user.username} is endorsed; their "
                         "signatures verify from now on.")

    # --- security settings ------------------------------------------------------------------
    def _load_security(self) -> None:
        try:
            security = self.services.settings.load().security
        except ClinicDeskError as e:
            self.status_label.setText(str(e))
            return
        for name, spin in self.security_spins.items():
            spin.setValue(int(getattr(security, name)))

    def security_settings(self) -> SecuritySettings:
        return SecuritySettings(**{n: s.value() for n, s in self.security_spins.items()})

    def save_security(self) -> None:
        security = self.security_settings()
        try:
            self.services.settings.save_security(self.actor, security)
        except ClinicDeskError as e:
            self._failed(e)
            return
        self.status_label.setText("Security settings saved; they apply on every workstation.")
        self.security_changed.emit(security)

    # --- page hooks ---------------------------------------------------------------------------
    def page_shown(self) -> None:
        if not allowed(self.actor.role, Action.MANAGE):
            return
        self.reload()
        self._load_security()

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.model.set_users([], self.services.users.clock())
        self.status_label.clear()
        self._update_buttons()
