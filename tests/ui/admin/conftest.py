"""Fixtures for the admin screens: an SQLite clinic with staff."""

from __future__ import annotations

from typing import Any

import pytest

from clinic_desk.services import Services


@pytest.fixture
def clinic_staff(sqlite_services: Services, sqlite_staff: Any) -> tuple[Services, Any]:
    return sqlite_services, sqlite_staff
