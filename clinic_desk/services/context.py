"""Who is acting, from which workstation: passed to every service call."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass

from ..domain.permissions import Action, require
from ..domain.record import Role, StaffRef


def workstation_name() -> str:
    return os.environ.get("CLINIC_DESK_WORKSTATION") or socket.gethostname() or "workstation"


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    username: str
    full_name: str
    role: Role
    credentials: str = ""
    workstation: str = ""

    def require(self, action: Action) -> None:
        require(self.role, action)

    @property
    def staff(self) -> StaffRef:
        return StaffRef(self.username, self.full_name, self.credentials)


SYSTEM = Actor(0, "system", "Clinic Desk", Role.ADMIN, workstation="")
