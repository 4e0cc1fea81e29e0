"""`performed_window` gives exactly the procedure dates `follow_ups_due` lists a follow-up
for on a day (the Calls list's pages choose rows by it in the database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from clinic_desk.domain.calls import CallSettings, follow_ups_due, performed_window
from clinic_desk.domain.procedures import ProcedureKind

RFA = ProcedureKind.RADIOFREQUENCY_ABLATION


@pytest.mark.parametrize("months", [1, 3, 6, 12])
def test_the_window_is_the_dates_follow_ups_due_lists(months: int) -> None:
    settings = CallSettings()
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(0, 800, 7)]
    days += [date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 29), date(2026, 12, 31)]
    for day in days:
        due = {date(2023, 1, 1) + timedelta(days=n) for n in range(2200)
               if months in follow_ups_due(date(2023, 1, 1) + timedelta(days=n), RFA, None,
                                           (), day, CallSettings(
                                               follow_up_months=(months,),
                                               follow_up_window_days=settings
                                               .follow_up_window_days))}
        first, last = performed_window(months, day, settings)
        assert due == {first + timedelta(days=n) for n in range((last - first).days + 1)}, day
