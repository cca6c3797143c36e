"""The budget rules of parts_service with a fake store: who sees, enters and verifies (docs/domain.md,
"Who may do what", the budget rows), the LPJ exception for a `selesai` program, exact totals, the planned
amount's limit."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest

from functions.programs import parts_service
from functions.programs.errors import (
    AmountTooLarge,
    BudgetHidden,
    BudgetItemNotFound,
    BudgetPlanClosed,
    NotAllowed,
    PeriodFinished,
    ProgramFinal,
)
from functions.programs.parts_models import BudgetItemCreate, BudgetItemUpdate
from shared.identity import Actor

ME = uuid.uuid4()
DEPARTMENT = uuid.uuid4()
PROGRAM = uuid.uuid4()
ITEM = uuid.uuid4()


def actor() -> Actor:
    return Actor(user_id=ME, email="me@hima.example", session_id=None, issuer="test", claims={"sub": str(ME)})


class FakeStore:
    def __init__(self, role: str | None, *, headed: bool = False, pic: bool = False, status: str = "dalam_progres",
                 open_period: bool = True, items: list[dict[str, Any]] | None = None) -> None:
        self._standing = {"member": True, "role": role, "headed": [DEPARTMENT] if headed else [],
                          "open": open_period}
        self._program = {"id": PROGRAM, "organization_id": uuid.uuid4(), "period_id": uuid.uuid4(),
                         "department_id": DEPARTMENT, "person_in_charge": ME if pic else uuid.uuid4(),
                         "status": status, "version": 1}
        self.items = items if items is not None else [row(ITEM)]
        self.committed = False

    def commit(self) -> None:
        self.committed = True

    def program(self, program_id: uuid.UUID) -> dict[str, Any] | None:
        return self._program if program_id == PROGRAM else None

    def standing(self, org_id: uuid.UUID, period_id: uuid.UUID | None) -> dict[str, Any]:
        return self._standing

    def budget_items(self, program_id: uuid.UUID) -> list[dict[str, Any]]:
        return self.items

    def budget_item(self, item_id: uuid.UUID) -> dict[str, Any] | None:
        if not parts_service._sees_budget(actor(), self._standing, self._program):  # what RLS does
            return None
        return next((item for item in self.items if item["id"] == item_id), None)

    def budget_item_program(self, item_id: uuid.UUID) -> uuid.UUID | None:
        return PROGRAM if any(item["id"] == item_id for item in self.items) else None

    def create_budget_item(self, program: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
        created = row(uuid.uuid4(), **fields)
        self.items.append(created)
        return created

    def update_budget_item(self, item_id: uuid.UUID, changes: dict[str, Any], version: int) -> dict[str, Any]:
        item = next(item for item in self.items if item["id"] == item_id)
        item.update(changes, version=version + 1)
        return item

    def set_verification(self, item_id: uuid.UUID, verified: bool, version: int) -> dict[str, Any]:
        return self.update_budget_item(item_id, {"verified_by": ME if verified else None}, version)


def row(item_id: uuid.UUID, **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"id": item_id, "program_id": PROGRAM, "kind": "pengeluaran", "category": "Konsumsi",
                              "description": None, "quantity": Decimal("10.00"), "unit": "porsi",
                              "unit_price": Decimal("25000.00"), "actual_amount": None, "receipt_url": None,
                              "verified_by": None, "verified_at": None, "version": 1, "created_by": ME,
                              "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", **fields}
    values["planned_amount"] = (values["quantity"] * values["unit_price"]).quantize(Decimal("0.01"))
    return values


NEW = BudgetItemCreate(kind="pemasukan", category="Sponsor", unit_price=Decimal("500000"))
ROLES = ("ketua", "wakil_ketua", "sekretaris", "bendahara", "pembina", "anggota")


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_budget(role):
    store = FakeStore(role)
    if role == "anggota":
        with pytest.raises(BudgetHidden):
            parts_service.budget(store, actor(), PROGRAM)
    else:
        assert len(parts_service.budget(store, actor(), PROGRAM).items) == 1


@pytest.mark.parametrize(("role", "headed", "pic", "allowed"), [
    ("kepala_departemen", True, False, True), ("wakil_kepala_departemen", True, False, True),
    ("anggota", False, True, True), ("kepala_departemen", False, False, False), ("ketua", False, False, False),
    ("bendahara", False, False, False), ("sekretaris", False, False, False), ("pembina", False, False, False),
])
def test_who_enters_it(role, headed, pic, allowed):
    store = FakeStore(role, headed=headed, pic=pic)
    if allowed:
        parts_service.create_budget_item(store, actor(), PROGRAM, NEW)
        assert store.committed
    else:
        with pytest.raises((NotAllowed, BudgetHidden)):
            parts_service.create_budget_item(store, actor(), PROGRAM, NEW)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_bendahara_verifies(role):
    store = FakeStore(role)
    if role == "bendahara":
        item, version = parts_service.set_verification(store, actor(), ITEM, True, None)
        assert item.verified_by == ME and version == 2
    else:
        with pytest.raises((NotAllowed, BudgetHidden)):
            parts_service.set_verification(store, actor(), ITEM, True, None)


def test_a_member_who_may_not_see_an_item_is_told_so_and_an_outsider_finds_nothing():
    store = FakeStore("anggota")
    with pytest.raises(BudgetHidden):
        parts_service.update_budget_item(store, actor(), ITEM, BudgetItemUpdate(category="x"), None)
    with pytest.raises(BudgetItemNotFound):
        parts_service.update_budget_item(store, actor(), uuid.uuid4(), BudgetItemUpdate(category="x"), None)


def test_a_selesai_program_takes_its_realization_only():
    store = FakeStore("anggota", pic=True, status="selesai")
    realized, _ = parts_service.update_budget_item(
        store, actor(), ITEM, BudgetItemUpdate(actual_amount=Decimal("240000"), quantity=Decimal("10")), None)
    assert realized.actual_amount == Decimal("240000")
    for refused in (lambda: parts_service.update_budget_item(store, actor(), ITEM,
                                                             BudgetItemUpdate(quantity=Decimal(11)), None),
                    lambda: parts_service.create_budget_item(store, actor(), PROGRAM, NEW),
                    lambda: parts_service.delete_budget_item(store, actor(), ITEM, None)):
        with pytest.raises(BudgetPlanClosed):
            refused()
    treasurer = FakeStore("bendahara", status="selesai")
    assert parts_service.set_verification(treasurer, actor(), ITEM, True, None)[0].verified_by == ME


@pytest.mark.parametrize(("status", "open_period", "error"), [
    ("dibatalkan", True, ProgramFinal), ("ditolak", True, ProgramFinal), ("dalam_progres", False, PeriodFinished)])
def test_a_closed_program_or_period_takes_nothing(status, open_period, error):
    enterer = FakeStore("anggota", pic=True, status=status, open_period=open_period)
    with pytest.raises(error):
        parts_service.update_budget_item(enterer, actor(), ITEM,
                                         BudgetItemUpdate(actual_amount=Decimal(1)), None)
    treasurer = FakeStore("bendahara", status=status, open_period=open_period)
    with pytest.raises(error):
        parts_service.set_verification(treasurer, actor(), ITEM, True, None)


def test_totals_are_exact():
    items = [row(uuid.uuid4(), quantity=Decimal(3), unit_price=Decimal("33333.33"), actual_amount=Decimal("0.10")),
             row(uuid.uuid4(), unit_price=Decimal("0.20"), quantity=Decimal(1), actual_amount=Decimal("0.20")),
             row(uuid.uuid4(), kind="pemasukan", quantity=Decimal(1), unit_price=Decimal("100000"))]
    totals = parts_service.budget(FakeStore("ketua", items=items), actor(), PROGRAM).totals
    assert (totals.pengeluaran.planned, totals.pengeluaran.actual) == (Decimal("100000.19"), Decimal("0.30"))
    assert (totals.balance.planned, totals.balance.actual) == (Decimal("-0.19"), Decimal("-0.30"))
    assert str(totals.pemasukan.actual) == "0.00"


def test_the_planned_amount_must_fit():
    store = FakeStore("anggota", pic=True)
    at_limit = BudgetItemCreate(kind="pengeluaran", category="Sewa", quantity=Decimal(1),
                                unit_price=Decimal("999999999999.99"))
    parts_service.create_budget_item(store, actor(), PROGRAM, at_limit)
    with pytest.raises(AmountTooLarge):
        parts_service.create_budget_item(store, actor(), PROGRAM,
                                         at_limit.model_copy(update={"quantity": Decimal("1.01")}))
    with pytest.raises(AmountTooLarge):
        parts_service.update_budget_item(store, actor(), ITEM,
                                         BudgetItemUpdate(unit_price=Decimal("999999999999.99")), None)
