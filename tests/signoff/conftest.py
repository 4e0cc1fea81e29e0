"""Fixtures for the sign-off tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .helpers import local_time_zone


@pytest.fixture
def clinic_tz() -> Iterator[None]:
    """The workstation's local zone is the clinic's (UTC-5, as the test clock), so local
    calendar days in filters match the clock's days."""
    with local_time_zone("Etc/GMT+5"):
        yield
