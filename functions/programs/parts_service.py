"""Use cases of what hangs off a program: its committee (panitia), milestones, budget items and
activity log, and who may do them (docs/domain.md, "Who may do what", in the program's period). RLS and
triggers (migrations/0004_program_parts.sql) enforce the same rules again in the database.

- Committee and milestones: every member of the organization reads; the program's editors (as for
  editing the program: the board, the heads of its department, its PJ) change them.
- Budget items ("budget items" row): ketua, wakil ketua, sekretaris, bendahara and pembina see them;
  the heads of the program's department and its PJ see and enter them; the bendahara verifies them.
  Anggota and heads of other departments may see the program but not its budget (403).
- Activity log: every member of the organization reads it; only triggers write it.

A program in a final status, or of a finished period, takes no changes (409), with one exception for
its accountability report (LPJ): while a program is `selesai`, its budget items still take their
actual amount and receipt, and the bendahara still verifies (or un-verifies) them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from functions.programs.access import editable, readable
from functions.programs.errors import (
    AmountTooLarge,
    BudgetHidden,
    BudgetItemNotFound,
    BudgetPlanClosed,
    CommitteeMemberNotFound,
    MilestoneHasTasks,
    MilestoneNotFound,
    NotACommitteeCandidate,
    NotAllowed,
    PeriodFinished,
    ProgramFinal,
    StaleVersion,
)
from functions.programs.parts_models import (
    PLANNED,
    ActivityAfter,
    ActivityEntry,
    Amounts,
    BudgetItem,
    BudgetItemCreate,
    BudgetItems,
    BudgetItemUpdate,
    BudgetTotals,
    Committee,
    CommitteeAssignment,
    CommitteeMember,
    Milestone,
    MilestoneCreate,
    Milestones,
    MilestoneUpdate,
)
from functions.programs.parts_repository import PartStore
from functions.programs.repository import Row
from shared.identity import Actor
from shared.pagination import Page, decode_cursor, page_of
from shared.vocabulary import OFFICERS, UNRUN_PROGRAM_STATUSES, Role

BUDGET_VIEWERS = OFFICERS
"""Roles that see every budget of their period; those who enter a program's budget see it too."""
TREASURER: Role = "bendahara"
CLOSED = UNRUN_PROGRAM_STATUSES
"""Final statuses whose budget takes nothing more; a `selesai` program's still takes its realization."""
SEN = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999999.99")  # numeric(14, 2)


def _check_version(row: Row, expected_version: int | None, thing: str) -> int:
    if expected_version is not None and expected_version != row["version"]:
        raise StaleVersion(thing)
    return int(row["version"])


# ---------------------------------------------------------------------------------------------
# Committee

def _member(row: Row) -> CommitteeMember:
    return CommitteeMember.model_validate(row)


def committee(store: PartStore, program_id: UUID) -> Committee:
    readable(store, program_id)
    return Committee(items=[_member(row) for row in store.committee(program_id)])


def assign_committee_member(store: PartStore, actor: Actor, program_id: UUID, user_id: UUID,
                            request: CommitteeAssignment) -> CommitteeMember:
    """Add a member to the committee with a committee role, or change their committee role."""
    program = readable(store, program_id)
    editable(store, actor, program, "change this program's committee")
    if not store.is_active_member(program["organization_id"], program["period_id"], user_id):
        raise NotACommitteeCandidate()
    row = store.put_committee_member(program, user_id, request.committee_role)
    store.commit()
    return _member(row)


def remove_committee_member(store: PartStore, actor: Actor, program_id: UUID, user_id: UUID) -> None:
    program = readable(store, program_id)
    editable(store, actor, program, "change this program's committee")
    if not store.delete_committee_member(program_id, user_id):
        raise CommitteeMemberNotFound()
    store.commit()


# ---------------------------------------------------------------------------------------------
# Milestones

def _milestone(row: Row) -> tuple[Milestone, int]:
    return Milestone.model_validate({**row, "done": row["done_at"] is not None}), int(row["version"])


def _readable_milestone(store: PartStore, milestone_id: UUID) -> Row:
    row = store.milestone(milestone_id)  # RLS: members of the program's organization see it
    if row is None:
        raise MilestoneNotFound()
    return row


def milestones(store: PartStore, program_id: UUID) -> Milestones:
    readable(store, program_id)
    return Milestones(items=[_milestone(row)[0] for row in store.milestones(program_id)])


def create_milestone(store: PartStore, actor: Actor, program_id: UUID,
                     request: MilestoneCreate) -> tuple[Milestone, int]:
    program = readable(store, program_id)
    editable(store, actor, program, "change this program's milestones")
    row = store.create_milestone(program, request.model_dump(exclude_none=True))
    store.commit()
    return _milestone(row)


def update_milestone(store: PartStore, actor: Actor, milestone_id: UUID, request: MilestoneUpdate,
                     expected_version: int | None) -> tuple[Milestone, int]:
    milestone = _readable_milestone(store, milestone_id)
    editable(store, actor, readable(store, milestone["program_id"]), "change this program's milestones")
    version = _check_version(milestone, expected_version, "milestone")
    changes = {name: value for name, value in request.model_dump(include=request.model_fields_set - {"done"}).items()
               if value != milestone[name]}
    done = request.done if request.done is not None and request.done != (milestone["done_at"] is not None) else None
    if not changes and done is None:
        return _milestone(milestone)
    row = store.update_milestone(milestone_id, changes, version, done=done)
    if row is None:
        raise StaleVersion("milestone")
    store.commit()
    return _milestone(row)


def delete_milestone(store: PartStore, actor: Actor, milestone_id: UUID, expected_version: int | None) -> None:
    milestone = _readable_milestone(store, milestone_id)
    editable(store, actor, readable(store, milestone["program_id"]), "change this program's milestones")
    tasks = store.task_count(milestone["program_id"], milestone_id)
    if tasks:  # tasks live in the tasks service's schema: they would point at nothing
        raise MilestoneHasTasks(tasks)
    if not store.delete_milestone(milestone_id, _check_version(milestone, expected_version, "milestone")):
        raise StaleVersion("milestone")
    store.commit()


# ---------------------------------------------------------------------------------------------
# Budget items

def _enters_budget(actor: Actor, standing: Row, program: Row) -> bool:
    """A head of the program's department, or its PJ while an active member of its period."""
    head = program["department_id"] is not None and program["department_id"] in standing["headed"]
    return head or (program["person_in_charge"] == actor.user_id and standing["role"] is not None)


def _sees_budget(actor: Actor, standing: Row, program: Row) -> bool:
    return standing["role"] in BUDGET_VIEWERS or _enters_budget(actor, standing, program)


def _budget_item(row: Row) -> tuple[BudgetItem, int]:
    return BudgetItem.model_validate(row), int(row["version"])


def _amounts(rows: list[Row]) -> Amounts:
    planned = sum((row["planned_amount"] for row in rows), Decimal(0))
    actual = sum((row["actual_amount"] for row in rows if row["actual_amount"] is not None), Decimal(0))
    return Amounts(planned=planned.quantize(SEN), actual=actual.quantize(SEN))


def _totals(rows: list[Row]) -> BudgetTotals:
    income = _amounts([row for row in rows if row["kind"] == "pemasukan"])
    expense = _amounts([row for row in rows if row["kind"] == "pengeluaran"])
    return BudgetTotals(pemasukan=income, pengeluaran=expense,
                        balance=Amounts(planned=income.planned - expense.planned,
                                        actual=income.actual - expense.actual))


def _check_planned_amount(quantity: Decimal, unit_price: Decimal) -> None:
    """quantity x unit price must fit the planned amount's numeric(14, 2), as the database rounds it."""
    if (quantity * unit_price).quantize(SEN, rounding=ROUND_HALF_UP) > MAX_AMOUNT:
        raise AmountTooLarge()


def _budget_program(store: PartStore, actor: Actor, program_id: UUID) -> tuple[Row, Row]:
    """The program and the caller's standing, once the caller may see its budget."""
    program = readable(store, program_id)
    standing = store.standing(program["organization_id"], program["period_id"])
    if not _sees_budget(actor, standing, program):
        raise BudgetHidden()
    return program, standing


def _item_and_program(store: PartStore, actor: Actor, item_id: UUID) -> tuple[Row, Row, Row]:
    """The item, its program and the caller's standing; 404 for outsiders, 403 for members who may not see it."""
    item = store.budget_item(item_id)  # RLS: those who may see the program's budget
    if item is None:
        hidden_in = store.budget_item_program(item_id)  # members of its organization only
        if hidden_in is None:
            raise BudgetItemNotFound()
        _budget_program(store, actor, hidden_in)
        raise BudgetItemNotFound()  # seen by now: it went between the two statements
    program, standing = _budget_program(store, actor, item["program_id"])
    return item, program, standing


def _may_enter(actor: Actor, standing: Row, program: Row, action: str) -> None:
    if not _enters_budget(actor, standing, program):
        raise NotAllowed(f"{action} (the heads of its department and its PJ enter a program's budget)")
    if not standing["open"]:
        raise PeriodFinished("This program's period")
    if program["status"] in CLOSED:
        raise ProgramFinal(program["status"])


def budget(store: PartStore, actor: Actor, program_id: UUID) -> BudgetItems:
    _budget_program(store, actor, program_id)
    rows = store.budget_items(program_id)
    return BudgetItems(items=[_budget_item(row)[0] for row in rows], totals=_totals(rows))


def create_budget_item(store: PartStore, actor: Actor, program_id: UUID,
                       request: BudgetItemCreate) -> tuple[BudgetItem, int]:
    program, standing = _budget_program(store, actor, program_id)
    _may_enter(actor, standing, program, "add budget items")
    if program["status"] == "selesai":
        raise BudgetPlanClosed()
    _check_planned_amount(request.quantity, request.unit_price)
    row = store.create_budget_item(program, {**request.model_dump(exclude_none=True), "created_by": actor.user_id})
    store.commit()
    return _budget_item(row)


def update_budget_item(store: PartStore, actor: Actor, item_id: UUID, request: BudgetItemUpdate,
                       expected_version: int | None) -> tuple[BudgetItem, int]:
    item, program, standing = _item_and_program(store, actor, item_id)
    _may_enter(actor, standing, program, "change budget items")
    changes = {name: value for name, value in request.model_dump(include=request.model_fields_set).items()
               if value != item[name]}
    if program["status"] == "selesai" and changes.keys() & set(PLANNED):
        raise BudgetPlanClosed()
    version = _check_version(item, expected_version, "budget item")
    if not changes:
        return _budget_item(item)
    after = {**item, **changes}
    _check_planned_amount(after["quantity"], after["unit_price"])
    row = store.update_budget_item(item_id, changes, version)
    if row is None:
        raise StaleVersion("budget item")
    store.commit()
    return _budget_item(row)


def delete_budget_item(store: PartStore, actor: Actor, item_id: UUID, expected_version: int | None) -> None:
    item, program, standing = _item_and_program(store, actor, item_id)
    _may_enter(actor, standing, program, "remove budget items")
    if program["status"] == "selesai":
        raise BudgetPlanClosed()
    if not store.delete_budget_item(item_id, _check_version(item, expected_version, "budget item")):
        raise StaleVersion("budget item")
    store.commit()


def set_verification(store: PartStore, actor: Actor, item_id: UUID, verified: bool,
                     expected_version: int | None) -> tuple[BudgetItem, int]:
    """Verify a budget item in the caller's name, or withdraw its verification: the bendahara of the
    program's period only. Verifying a verified item (or withdrawing from an unverified one) changes nothing."""
    item, program, standing = _item_and_program(store, actor, item_id)
    if standing["role"] != TREASURER:
        raise NotAllowed("verify budget items (the bendahara does)")
    if not standing["open"]:
        raise PeriodFinished("This program's period")
    if program["status"] in CLOSED:
        raise ProgramFinal(program["status"])
    version = _check_version(item, expected_version, "budget item")
    if (item["verified_by"] is not None) == verified:
        return _budget_item(item)
    row = store.set_verification(item_id, verified, version)
    if row is None:
        raise StaleVersion("budget item")
    store.commit()
    return _budget_item(row)


# ---------------------------------------------------------------------------------------------
# Activity log

def activity(store: PartStore, program_id: UUID, cursor: str | None, limit: int) -> Page[ActivityEntry]:
    """Newest first; one statement a page (after the program's)."""
    readable(store, program_id)
    after = decode_cursor(cursor, ActivityAfter)
    rows = store.activity(program_id, after.id if after else None, limit + 1)
    rows, next_cursor = page_of(rows, limit, lambda row: ActivityAfter(id=row["id"]))
    return Page[ActivityEntry](items=[ActivityEntry.model_validate(row) for row in rows], next_cursor=next_cursor)
