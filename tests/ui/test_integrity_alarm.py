"""Issue 11 in the app: a workstation whose remembered audit head is gone shows a blocking
integrity alarm and writes nothing; an administrator who signs in on a database whose guards
differ from the expected ones is told so, with how to set up two roles."""

from __future__ import annotations

from typing import Any

import pytest

from clinic_desk import app as app_module
from clinic_desk.domain.record import Role
from clinic_desk.services import witness
from clinic_desk.ui.main_window import MainWindow
from tests.signoff.helpers import raw_execute, raw_rows


@pytest.fixture
def signed_out(qtbot: Any, drafts: Any, dialogs: Any) -> MainWindow:
    window = MainWindow(drafts=drafts, background=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.allow_log_warnings  # the app logs the alarm (no patient data)
def test_a_cut_audit_trail_raises_a_blocking_alarm_and_nothing_is_written(
        qtbot: Any, clinic: Any, signed_out: Any, monkeypatch: Any) -> None:
    # The daily backup appends its entry from a thread; not what this test is about.
    monkeypatch.setattr(app_module, "_start_daily_backup", lambda db: None)
    db = clinic.services.db
    url = db.url.render_as_string(hide_password=False)
    opened = app_module._open_database(url)  # this workstation sees the database once
    opened["db"].dispose()
    raw_execute(url, "DROP TRIGGER trg_audit_log_no_delete")
    raw_execute(url, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    before = raw_rows(url, "SELECT COUNT(*) FROM audit_log")
    with pytest.raises(app_module._StartError) as err:
        app_module._open_database(url)
    assert err.value.title == "Integrity alarm"
    assert "is gone" in err.value.text and "has written nothing" in err.value.detail
    assert raw_rows(url, "SELECT COUNT(*) FROM audit_log") == before
    window = signed_out
    window.show_start_problem(err.value.text, err.value.detail)
    assert not window.sign_in_page.ui.sign_in_button.isEnabled()
    assert witness.check(db)  # the alarm stays until someone looks into it


def test_administrators_are_told_when_guards_are_missing(qtbot: Any, clinic: Any,
                                                        dialogs: Any) -> None:
    db = clinic.services.db
    url = db.url.render_as_string(hide_password=False)
    raw_execute(url, "DROP TRIGGER trg_records_replace_signed")
    problems = app_module._integrity_problems(db)
    assert problems == ["guard trigger trg_records_replace_signed is missing"]
    app_module._integrity_banner(None, clinic.staff.nurse, problems)
    assert dialogs.shown == []  # only administrators
    app_module._integrity_banner(None, clinic.staff.admin, problems)
    assert dialogs.shown[0][:2] == ("error", "Integrity check failed")
    assert "trg_records_replace_signed" in dialogs.shown[0][2]
    assert clinic.staff.admin.role is Role.ADMIN


def test_the_audit_viewer_names_issue_11s_actions_and_puts_keys_last() -> None:
    from clinic_desk.domain.audit import AuditAction
    from clinic_desk.ui.admin.audit_model import ACTION_LABELS, detail_text

    assert set(ACTION_LABELS) == set(AuditAction)
    text = detail_text({"user": "drlee", "public_key": "ab" * 32, "role": "physician",
                        "endorsement": "cd" * 64})
    assert text.startswith("Role physician; user drlee")  # words first (issue 15, point 20)
    assert text.index("endorsement") < text.index("public key")  # then the long values
