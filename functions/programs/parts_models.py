"""Wire models of what hangs off a program: its committee, milestones, budget items and activity log."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, StringConstraints, WithJsonSchema

from functions.programs.fields import Name, Rupiah, ShortText
from shared.types import NON_BLANK, NOT_NULL, WHOLE_NUMBER, Bool, IsoDate, Model, Request

# ---- committee ----

CommitteeRole = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), NON_BLANK]


class CommitteeAssignment(Request):
    committee_role: CommitteeRole = Field(description="Free text, e.g. `sekretaris panitia`, `koordinator acara`.")


class CommitteeMember(Model):
    user_id: UUID
    display_name: str | None = Field(description="From their profile; null while they have none.")
    committee_role: str
    created_at: datetime = Field(description="When they joined the committee.")
    updated_at: datetime


class Committee(Model):
    items: list[CommitteeMember] = Field(description="In the order they joined.")


# ---- milestones ----

Position = Annotated[int, Field(ge=0, le=1_000_000), WHOLE_NUMBER]


class MilestoneCreate(Request):
    name: Name
    due_date: IsoDate | None = None
    position: Position | None = Field(None, description="Order among the program's milestones; new ones go last.")


class MilestoneUpdate(Request):
    """Only the fields sent change; null clears `due_date`."""

    name: Annotated[Name | None, NOT_NULL] = None
    due_date: IsoDate | None = None
    position: Annotated[Position | None, NOT_NULL] = None
    done: Annotated[Bool | None, NOT_NULL] = Field(
        None, description="true marks it done now (`done_at`); false reopens it.")


class Milestone(Model):
    id: UUID
    program_id: UUID
    name: str
    due_date: date | None
    position: int
    done: bool
    done_at: datetime | None
    version: int = Field(description="Its ETag is this number in quotes (`\"3\"`): send it as `If-Match`.")
    created_at: datetime
    updated_at: datetime


class Milestones(Model):
    items: list[Milestone] = Field(description="By position, then due date.")


# ---- budget items ----

BudgetKind = Literal["pemasukan", "pengeluaran"]
Category = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), NON_BLANK]
Unit = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50), NON_BLANK]
Quantity = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2, allow_inf_nan=False),
                     WithJsonSchema({"anyOf": [
                         {"type": "number", "exclusiveMinimum": 0, "maximum": 9_999_999_999.99, "multipleOf": 0.01},
                         {"type": "string", "pattern": r"^([1-9][0-9]{0,9}(\.[0-9]{1,2})?|0\.([1-9][0-9]?|0[1-9]))$"}],
                         "description": "An exact decimal above 0 with at most 2 decimal places."})]
# printable ASCII without spaces (a URL's other characters are percent-encoded): the same in every regex dialect
ReceiptUrl = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000, pattern=r"^https?://[!-~]+$")]
PLANNED = ("kind", "category", "description", "quantity", "unit", "unit_price")
"""What a budget item plans; it no longer changes once the program is `selesai`."""
REALIZED = ("actual_amount", "receipt_url")
"""What a budget item realizes; it still changes once the program is `selesai` (for its LPJ)."""


class BudgetItemCreate(Request):
    kind: BudgetKind = Field(description="`pemasukan` (income) or `pengeluaran` (expense).")
    category: Category = Field(description="The expense's category, or the income's source.")
    description: ShortText | None = None
    quantity: Quantity = Decimal(1)
    unit: Unit | None = Field(None, description="e.g. `porsi`, `orang`, `paket`.")
    unit_price: Rupiah
    actual_amount: Rupiah | None = Field(None, description="What was actually received or spent.")
    receipt_url: ReceiptUrl | None = Field(None, description="A link to the receipt (bukti), http(s).")


class BudgetItemUpdate(Request):
    """Only the fields sent change; null clears `description`, `unit`, `actual_amount` and `receipt_url`.
    Changing an amount (kind, quantity, unit price, actual amount, receipt) clears the verification."""

    kind: Annotated[BudgetKind | None, NOT_NULL] = None
    category: Annotated[Category | None, NOT_NULL] = None
    description: ShortText | None = None
    quantity: Annotated[Quantity | None, NOT_NULL] = None
    unit: Unit | None = None
    unit_price: Annotated[Rupiah | None, NOT_NULL] = None
    actual_amount: Rupiah | None = None
    receipt_url: ReceiptUrl | None = None


class BudgetItem(Model):
    id: UUID
    program_id: UUID
    kind: BudgetKind
    category: str
    description: str | None
    quantity: Decimal
    unit: str | None
    unit_price: Decimal
    planned_amount: Decimal = Field(description="quantity x unit price, in rupiah (rounded half up to the sen).")
    actual_amount: Decimal | None
    receipt_url: str | None
    verified_by: UUID | None = Field(description="The bendahara who verified it; null when not (or no longer).")
    verified_at: datetime | None
    version: int = Field(description="Its ETag is this number in quotes (`\"3\"`): send it as `If-Match`.")
    created_by: UUID
    created_at: datetime
    updated_at: datetime


class Amounts(Model):
    planned: Decimal
    actual: Decimal = Field(description="The sum of the actual amounts entered so far.")


class BudgetTotals(Model):
    pemasukan: Amounts
    pengeluaran: Amounts
    balance: Amounts = Field(description="pemasukan - pengeluaran.")


class BudgetItems(Model):
    items: list[BudgetItem] = Field(description="pemasukan first, then pengeluaran, each in the order entered.")
    totals: BudgetTotals


# ---- activity log ----

class ActivityEntry(Model):
    id: int
    actor: UUID | None = Field(description="Who did it; null for one of our services.")
    actor_name: str | None = Field(description="The actor's display name; null without an actor or while they "
                                               "have no profile.")
    action: str = Field(description="`<entity>.<verb>`, e.g. `program.status_changed`, `milestone.done`, "
                                    "`budget_item.verified`, `committee.member_added`, `task.created`.")
    entity: str = Field(description="`program`, `committee_member`, `milestone`, `budget_item`, `task`, ...")
    entity_id: UUID | None
    summary: str | None = Field(description="A short sentence, in Indonesian.")
    at: datetime


class ActivityAfter(Model):
    """Keyset of the activity log (newest first)."""

    id: int
