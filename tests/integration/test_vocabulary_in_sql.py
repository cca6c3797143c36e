"""The database speaks the vocabulary of shared/vocabulary.py: its named role groups and final statuses (declared
once in SQL, in the orgs' and programs' definitions) and the statuses and roles its check constraints allow."""

from __future__ import annotations

import re

import psycopg

from shared.vocabulary import (
    BOARD,
    BOARD_AND_SEKRETARIS,
    DEPARTMENT_HEADS,
    FINAL_PROGRAM_STATUSES,
    OFFICERS,
    PROGRAM_STATUSES,
    ROLES,
    TASK_STATUSES,
)


def test_the_sql_role_groups_and_final_statuses_are_the_pythons(database_url):
    with psycopg.connect(database_url) as conn:
        groups = conn.execute("select organization_service.board_roles(), organization_service.officer_roles(),"
                              " organization_service.board_and_sekretaris_roles(),"
                              " organization_service.head_roles(), program_service.final_statuses()").fetchone()
    assert groups is not None
    board, officers, board_and_sekretaris, heads, final = groups
    assert (board, board_and_sekretaris, officers, heads) == (
        list(BOARD), list(BOARD_AND_SEKRETARIS), list(OFFICERS), list(DEPARTMENT_HEADS))
    assert set(final) == FINAL_PROGRAM_STATUSES


def allowed_words(conn: psycopg.Connection, table: str, column: str) -> set[str]:
    """The values a check constraint on ``table.column`` allows, as PostgreSQL prints it."""
    definitions = [row[0] for row in conn.execute(
        "select pg_get_constraintdef(c.oid) from pg_constraint c"
        " where c.conrelid = %s::regclass and c.contype = 'c'", (table,)).fetchall()]
    mine = [d for d in definitions if re.search(rf"\b{column}\b", d) and "ARRAY[" in d]
    assert len(mine) == 1, definitions
    return set(re.findall(r"'(\w+)'::text", mine[0]))


def test_the_check_constraints_allow_the_statuses_and_roles_of_the_vocabulary(database_url):
    with psycopg.connect(database_url) as conn:
        assert allowed_words(conn, "program_service.programs", "status") == set(PROGRAM_STATUSES)
        assert allowed_words(conn, "task_service.tasks", "status") == set(TASK_STATUSES)
        assert allowed_words(conn, "organization_service.memberships", "role") == set(ROLES)
