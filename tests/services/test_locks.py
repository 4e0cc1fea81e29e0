"""Edit locks on SQLite and PostgreSQL: who is editing, read-only for the others, heartbeats,
stale locks taken over, release."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import pytest

from clinic_desk.domain.errors import NotFoundError, PermissionDeniedError
from clinic_desk.services import Services
from clinic_desk.services.locks import STALE_AFTER, LockService
from tests.signoff.helpers import Clock, ready_record


def locks(services: Services, clock: Clock) -> LockService:
    return LockService(services.db, clock)


def test_second_editor_sees_who_where_and_since_when(services: Services, staff: Any) -> None:
    clock = Clock()
    svc = locks(services, clock)
    record = ready_record(services, staff)
    nurse = replace(staff.nurse, workstation="RECOVERY-2")
    doctor = replace(staff.physician, workstation="OFFICE-1")

    mine = svc.acquire(nurse, record.id)
    clock.advance(minutes=1)
    theirs = svc.acquire(doctor, record.id)

    assert mine.mine and not mine.read_only and mine.message == ""
    assert theirs.read_only
    since = clock.now.replace(minute=0).astimezone().strftime("%H:%M")  # this PC's local time
    assert theirs.message == f"Being edited by Min-jun Kim on RECOVERY-2 since {since}."
    assert svc.holder(record.id) == mine.lock
    assert set(svc.active()) == {record.id}


def test_heartbeat_keeps_the_lock_and_a_stale_one_is_taken_over(services: Services,
                                                                staff: Any) -> None:
    clock = Clock()
    svc = locks(services, clock)
    record = ready_record(services, staff)
    nurse = replace(staff.nurse, workstation="RECOVERY-2")
    doctor = replace(staff.physician, workstation="OFFICE-1")
    svc.acquire(nurse, record.id)

    clock.advance(seconds=STALE_AFTER.total_seconds() - 10)
    assert svc.heartbeat(nurse, record.id)
    clock.advance(seconds=30)
    assert svc.acquire(doctor, record.id).read_only  # the heartbeat kept it fresh

    clock.advance(seconds=STALE_AFTER.total_seconds() + 1)  # the nurse's PC froze
    assert svc.holder(record.id) is None
    taken = svc.acquire(doctor, record.id)
    assert taken.mine and taken.lock.workstation == "OFFICE-1"
    assert taken.lock.since == clock.now
    assert not svc.heartbeat(nurse, record.id)  # the nurse learns the lock is gone


def test_same_user_reopening_on_the_same_workstation_keeps_the_lock(services: Services,
                                                                     staff: Any) -> None:
    clock = Clock()
    svc = locks(services, clock)
    record = ready_record(services, staff)
    first = svc.acquire(staff.nurse, record.id)
    clock.advance(minutes=1)
    again = svc.acquire(staff.nurse, record.id)
    assert again.mine and again.lock.since == first.lock.since
    # The same user on another workstation is someone else editing.
    elsewhere = svc.acquire(replace(staff.nurse, workstation="OTHER-PC"), record.id)
    assert elsewhere.read_only


def test_release_frees_only_my_lock(services: Services, staff: Any) -> None:
    clock = Clock()
    svc = locks(services, clock)
    a = ready_record(services, staff)
    b = ready_record(services, staff)
    svc.acquire(staff.nurse, a.id)
    svc.acquire(staff.nurse, b.id)
    svc.release(staff.physician, a.id)  # not theirs: nothing happens
    assert svc.holder(a.id) is not None
    svc.release(staff.nurse, a.id)
    assert svc.holder(a.id) is None and svc.holder(b.id) is not None
    assert svc.release_all(staff.nurse) == 1 and svc.active() == {}


def test_locks_need_edit_rights_and_a_record(services: Services, staff: Any) -> None:
    svc = locks(services, Clock())
    record = ready_record(services, staff)
    with pytest.raises(PermissionDeniedError):
        svc.acquire(staff.desk, record.id)
    with pytest.raises(NotFoundError):
        svc.acquire(staff.nurse, 999_999)


def test_many_workstations_grabbing_at_once_get_exactly_one_lock(services: Services,
                                                                 staff: Any) -> None:
    svc = locks(services, Clock())
    record = ready_record(services, staff)
    actors = [replace(staff.nurse, workstation=f"WS-{n}") for n in range(6)]
    barrier = threading.Barrier(len(actors))
    results: list[Any] = []

    def grab(actor: Any) -> None:
        barrier.wait()
        results.append(svc.acquire(actor, record.id))

    threads = [threading.Thread(target=grab, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if r.mine]
    assert len(results) == 6 and len(winners) == 1
    assert {r.lock.workstation for r in results} == {winners[0].lock.workstation}
