"""The vocabulary is declared once (shared.vocabulary); what the services build on it agrees with it."""

from __future__ import annotations

from functions.notifications import messages
from functions.programs.access import TRANSITIONS as PROGRAM_TRANSITIONS
from functions.reports import labels
from functions.tasks.service import TRANSITIONS as TASK_TRANSITIONS
from shared.vocabulary import (
    BOARD,
    BOARD_AND_SEKRETARIS,
    CORE_OFFICERS,
    DEPARTMENT_HEADS,
    FINAL_PROGRAM_STATUSES,
    OFFICERS,
    OPEN_TASK_STATUSES,
    PROGRAM_STATUSES,
    ROLES,
    TASK_STATUSES,
    UNRUN_PROGRAM_STATUSES,
)


def test_the_lifecycles_know_every_status_and_end_in_the_final_ones():
    assert set(PROGRAM_TRANSITIONS) == set(PROGRAM_STATUSES)
    assert {s for s, nexts in PROGRAM_TRANSITIONS.items() if not nexts} == FINAL_PROGRAM_STATUSES
    assert UNRUN_PROGRAM_STATUSES < FINAL_PROGRAM_STATUSES
    assert all(set(nexts) <= set(PROGRAM_STATUSES) for nexts in PROGRAM_TRANSITIONS.values())
    assert set(TASK_TRANSITIONS) == set(TASK_STATUSES)
    assert all(set(nexts) <= set(TASK_STATUSES) for nexts in TASK_TRANSITIONS.values())
    assert set(OPEN_TASK_STATUSES) == set(TASK_STATUSES) - {"selesai", "dibatalkan"}


def test_each_group_of_roles_is_made_of_roles_and_the_board_is_ketua_and_wakil_ketua():
    assert BOARD == ("ketua", "wakil_ketua")
    for group in (BOARD, BOARD_AND_SEKRETARIS, CORE_OFFICERS, OFFICERS, DEPARTMENT_HEADS):
        assert set(group) <= set(ROLES) and len(set(group)) == len(group)
    assert set(BOARD) < set(BOARD_AND_SEKRETARIS) < set(CORE_OFFICERS) < set(OFFICERS)
    assert not set(OFFICERS) & set(DEPARTMENT_HEADS)


def test_every_status_and_role_has_its_words_for_people():
    assert set(PROGRAM_STATUSES) <= set(labels.PROGRAM_STATUS)
    assert set(TASK_STATUSES) <= set(labels.TASK_STATUS)
    for language in ("id", "en"):
        assert set(PROGRAM_STATUSES) | set(TASK_STATUSES) <= set(messages._STATUS[language])
        assert set(ROLES) <= set(messages._ROLE[language])
