"""The clinic's "call us if your blood sugar is over N" number (issue 12, point 6): a
clinic-wide setting kept in the database, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from clinic_desk.domain.clinic import ClinicInfo
from clinic_desk.domain.errors import ValidationError
from clinic_desk.services import Services


def test_the_blood_sugar_number_is_saved_and_read_back(services: Services, staff) -> None:
    assert services.settings.load().info.glucose_call_above is None
    services.settings.save_info(staff.admin, ClinicInfo(name="Lakeside Spine",
                                                        glucose_call_above=300))
    assert services.settings.load().info.glucose_call_above == 300
    services.settings.save_info(staff.admin, ClinicInfo(name="Lakeside Spine"))
    assert services.settings.load().info.glucose_call_above is None


@pytest.mark.parametrize("value", [0, 99, 601])
def test_a_number_out_of_range_is_refused_at_its_field(services: Services, staff,
                                                       value: int) -> None:
    with pytest.raises(ValidationError) as err:
        services.settings.save_info(staff.admin, ClinicInfo(name="Lakeside Spine",
                                                            glucose_call_above=value))
    assert [i.field for i in err.value.issues] == ["glucose_call_above"]
    assert services.settings.load().info.glucose_call_above is None
