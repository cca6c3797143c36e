"""SQL of the reports service. What it reads of organizations, programs, tasks and people goes through
those services' SQL contracts (organization_service.report_identity, program_service.program_report,
report_programs and metrics, task_service.program_report and status_counts, user_service.display_names),
never their tables. Each runs as the caller (RLS applies; the contracts answer members and services only)
or, in a scheduled job, as service_role.

Reports are written as service_role only, whoever asked: users read them but may not write them (the
content is what this service computed; no policy could tell it from a forged one). A user's report is
stored in a transaction of the service's own, after the service decided as the user, and committed
with the user's."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta
from typing import Any, Protocol
from uuid import UUID

import psycopg.errors
from psycopg import sql

from functions.reports.errors import LpjFrozen, NotABudgetItem, NotAllowed
from functions.reports.language import Language
from shared.db import Transaction, service_transaction
from shared.identity import Actor, user_transaction
from shared.store import Row, SqlStore


class ReportStore(Protocol):
    def commit(self) -> None: ...
    def program(self, program_id: UUID) -> Row | None: ...
    def organization(self, org_id: UUID, period_id: UUID | None) -> Row: ...
    def period_programs(self, org_id: UUID, period_id: UUID) -> list[Row]: ...
    def task_status_counts(self, program_ids: Sequence[UUID]) -> list[Row]: ...
    def names(self, user_ids: Sequence[UUID]) -> dict[UUID, str]: ...
    def document_numbers(self, user_ids: Sequence[UUID]) -> dict[UUID, str]: ...
    def may_write(self, org_id: UUID, period_id: UUID, program_id: UUID | None) -> bool: ...
    def lpj_sections(self, program_id: UUID) -> Row | None: ...
    def save_lpj_sections(self, program_id: UUID, org_id: UUID, period_id: UUID, fields: Row,
                          version: int) -> bool: ...
    def review_lpj(self, program_id: UUID, step: Row, from_statuses: Sequence[str], to_status: str, version: int,
                   report_id: UUID | None = None) -> bool: ...
    def lpj_attachments(self, program_id: UUID) -> Row | None: ...
    def lpj_attachment_rows(self, program_id: UUID) -> list[Row]: ...
    def insert_attachment(self, fields: Row) -> Row: ...
    def update_attachment(self, attachment_id: UUID, changes: Row) -> Row | None: ...
    def mark_uploaded(self, attachment_id: UUID) -> Row | None: ...
    def delete_attachment(self, attachment_id: UUID) -> bool: ...
    def letterhead_logo(self, org_id: UUID) -> Row: ...
    def logo_upload(self, org_id: UUID, logo_id: UUID) -> Row | None: ...
    def insert_logo(self, fields: Row) -> Row: ...
    def replace_logo(self, org_id: UUID, logo_id: UUID) -> tuple[Row | None, list[str]]: ...
    def delete_logos(self, org_id: UUID) -> list[str]: ...
    def logo_key(self, org_id: UUID) -> str | None: ...
    def forget_unfinished_uploads(self, older_than: timedelta) -> list[str]: ...
    def approved_lpjs(self, org_id: UUID, year: int) -> int: ...
    def insert_report(self, fields: Row, files: Row) -> bool: ...
    def report(self, report_id: UUID) -> Row | None: ...
    def reader_language(self) -> Language: ...
    def job_report(self, org_id: UUID, program_id: UUID | None, kind: str, covers_from: date,
                   covers_to: date) -> Row | None: ...
    def reports(self, org_id: UUID, program_id: UUID | None, kind: str | None, after: Row | None,
                limit: int) -> list[Row]: ...
    def active_periods(self) -> list[Row]: ...


PROGRAM = """
with r as materialized (select * from program_service.program_report(%(program)s)),
t as materialized (select task_service.program_report(%(program)s) as tasks)
select r.facts,
       organization_service.report_identity((r.facts -> 'program' ->> 'organization_id')::uuid,
                                            (r.facts -> 'program' ->> 'period_id')::uuid) as identity,
       r.today, r.late, r.days_to_deadline, r.progress, r.tasks_total, r.tasks_done, r.tasks_late,
       coalesce(t.tasks -> 'status_counts', '[]') as status_counts, coalesce(t.tasks -> 'overdue', '[]') as overdue,
       coalesce(t.tasks -> 'assignees', '[]') as assignees,
       (select to_jsonb(s) from report_service.lpj_sections s where s.program_id = %(program)s) as lpj
from r cross join t
"""
"""Everything a program's report says, in one statement calling one function per service: the program and its
derived figures (program_service.program_report: report_facts' document and metrics' figures), its
organization and period (report_identity), and its tasks by status, overdue and by assignee
(task_service.program_report). No row when the caller may not ask (not a member)."""

LPJ_SECTIONS = """
with f as materialized (select * from program_service.program_facts(%(program)s))
select f.organization_id, f.period_id,
       report_service.may_write(f.organization_id, f.period_id, %(program)s) as may_edit,
       organization_service.has_role(f.organization_id, array['sekretaris'], f.period_id) as may_check,
       organization_service.has_role(f.organization_id, array['ketua', 'wakil_ketua'], f.period_id) as may_approve,
       to_jsonb(s) as sections,
       case when s.program_id is null
            then program_service.report_facts(%(program)s) -> 'program' ->> 'success_indicators'
       end as success_indicators,
       coalesce((select jsonb_agg(to_jsonb(h) order by h.changed_at, h.id) from report_service.lpj_review_steps h
                 where h.program_id = %(program)s), '[]') as steps
from f left join report_service.lpj_sections s on s.program_id = %(program)s
"""
"""A program's LPJ sections as written (null before the first save) with their review state and its steps,
whether the caller may write them, check them (the sekretaris) or approve them (the ketua and wakil ketua) by
their role in the program's period, and, until the first save, the program's success indicators to start the
evaluation from. No row: not a member."""

LPJ_ATTACHMENTS = """
with f as materialized (select * from program_service.program_facts(%(program)s))
select f.organization_id, f.period_id,
       report_service.may_write(f.organization_id, f.period_id, %(program)s) as may_write,
       coalesce((select s.status from report_service.lpj_sections s where s.program_id = %(program)s), 'draft')
         as status,
       coalesce((select jsonb_agg(to_jsonb(a) order by a.created_at, a.id) from report_service.lpj_attachments a
                 where a.program_id = %(program)s), '[]') as items
from f
"""
"""A program's LPJ attachments (uploaded or not, oldest first), the LPJ's review state and whether the caller may
write the LPJ by their role. No row: not a member."""

LETTERHEAD_LOGO = """
select %(org)s = any (array(select organization_service.my_organizations())) as member,
       organization_service.has_role(%(org)s, array['ketua', 'wakil_ketua']) as may_edit,
       (select o.archived_at is not null from organization_service.organizations o where o.id = %(org)s) as archived,
       (select to_jsonb(l) from report_service.letterhead_logos l
        where l.organization_id = %(org)s and l.uploaded_at is not null
        order by l.uploaded_at desc, l.id limit 1) as logo
"""
"""Whether the caller is a member of the organization, may change its logo, whether it is archived, and its logo
(the newest upload)."""

LPJ_FIELDS = ("foreword", "background", "execution_notes", "participants", "indicators", "obstacles", "solutions",
              "recommendations", "closing")

ORGANIZATION = """
with asked as materialized (
  select organization_service.caller_may_ask(%(org)s) as allowed,
         coalesce(%(period)s::uuid, organization_service.active_period(%(org)s)) as period_id
)
select a.allowed, a.period_id,
       case when a.period_id is not null then organization_service.report_identity(%(org)s, a.period_id) end
         as identity
from asked a
"""

PERIOD_PROGRAMS = """
with p as materialized (select * from program_service.report_programs(%(org)s, %(period)s))
select p.*, m.today, m.late, m.days_to_deadline, m.progress, m.tasks_total, m.tasks_done, m.tasks_late,
       m.expense_actual
from p left join program_service.metrics(array(select id from p)) m on m.program_id = p.id
order by p.planned_start nulls last, p.name, p.id
"""

REPORT_COLUMNS = sql.SQL(
    "id, organization_id, period_id, program_id, kind, title, covers_from, covers_to, status, reviewer_notes,"
    " csv_key, pdf_key, csv_key_en, pdf_key_en, created_at, created_by")


class PostgresReportStore(SqlStore):
    def __init__(self, tx: Transaction, open_writer: Callable[[], Transaction] | None = None) -> None:
        """``open_writer`` opens the service's own transaction (service_role) for writing reports, on first
        use; without it, ``tx`` is one already (a scheduled job's)."""
        super().__init__(tx)
        self._open_writer = open_writer
        self._writer: Transaction | None = None

    def _writes(self) -> Transaction:
        if self._open_writer is None:
            return self._tx
        if self._writer is None:
            self._writer = self._open_writer()
        return self._writer

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
        super().commit()

    def program(self, program_id: UUID) -> Row | None:
        return self._one(PROGRAM, {"program": program_id})

    def organization(self, org_id: UUID, period_id: UUID | None) -> Row:
        """May the caller ask about the organization (a member, or a service), the period (the active one
        when none is given) and, when it is the organization's, the report's identity block."""
        row = self._one(ORGANIZATION, {"org": org_id, "period": period_id})
        assert row is not None
        return row

    def period_programs(self, org_id: UUID, period_id: UUID) -> list[Row]:
        return self._all(PERIOD_PROGRAMS, {"org": org_id, "period": period_id})

    def task_status_counts(self, program_ids: Sequence[UUID]) -> list[Row]:
        return self._all("select s.status, sum(s.tasks)::integer as tasks from task_service.status_counts(%s::uuid[]) s"
                         " group by s.status", (list(program_ids),))

    def names(self, user_ids: Sequence[UUID]) -> dict[UUID, str]:
        wanted = sorted({str(user_id) for user_id in user_ids})
        if not wanted:
            return {}
        rows = self._all("select user_id, display_name from user_service.display_names(%s::uuid[])", (wanted,))
        return {row["user_id"]: row["display_name"] for row in rows}

    def document_numbers(self, user_ids: Sequence[UUID]) -> dict[UUID, str]:
        """The NIMs of those of ``user_ids`` who chose to have theirs printed on documents they sign."""
        wanted = sorted({str(user_id) for user_id in user_ids})
        if not wanted:
            return {}
        rows = self._all("select user_id, student_number from user_service.document_numbers(%s::uuid[])", (wanted,))
        return {row["user_id"]: row["student_number"] for row in rows}

    def may_write(self, org_id: UUID, period_id: UUID, program_id: UUID | None) -> bool:
        row = self._one("select report_service.may_write(%s, %s, %s) as allowed", (org_id, period_id, program_id))
        return bool(row and row["allowed"])

    def lpj_sections(self, program_id: UUID) -> Row | None:
        return self._one(LPJ_SECTIONS, {"program": program_id})

    def save_lpj_sections(self, program_id: UUID, org_id: UUID, period_id: UUID, fields: Row,
                          version: int) -> bool:
        """Write the sections as the caller (RLS: only who may store the program's reports; the database stamps
        the caller as ``updated_by``), over ``version`` (0: none yet); False when another request saved first."""
        values = {name: json.dumps(fields[name]) if name in ("participants", "indicators") else fields[name]
                  for name in LPJ_FIELDS}
        names = sql.SQL(", ").join(map(sql.Identifier, values))
        placeholders = sql.SQL(", ").join(map(sql.Placeholder, values))
        if version == 0:
            query = sql.SQL(
                "insert into report_service.lpj_sections (program_id, organization_id, period_id, {})"
                " values (%(program)s, %(org)s, %(period)s, {})"
                " on conflict (program_id) do nothing").format(names, placeholders)
        else:
            query = sql.SQL(
                "update report_service.lpj_sections set ({}) = row({}), version = version + 1, updated_at = now()"
                " where program_id = %(program)s and version = %(version)s"
            ).format(names, placeholders)
        params = {**values, "program": program_id, "org": org_id, "period": period_id, "version": version}
        try:
            return self._tx.execute(query, params).rowcount == 1
        except psycopg.errors.InsufficientPrivilege as error:  # the writer lost the right since the service asked
            raise NotAllowed("write this program's LPJ") from error
        except psycopg.errors.ObjectNotInPrerequisiteState as error:  # submitted meanwhile: read-only now
            raise LpjFrozen(None) from error

    def review_lpj(self, program_id: UUID, step: Row, from_statuses: Sequence[str], to_status: str, version: int,
                   report_id: UUID | None = None) -> bool:
        """Take a review step (as service_role, after the service decided as the user): the status moves from one
        of ``from_statuses`` to ``to_status`` over ``version``; the database checks the step's actor
        (``step["by"]``) may take it and records it with its notes (trigger). False when another request changed
        the LPJ first."""
        tx = self._writes()
        tx.execute("select set_config('report_service.review', %s, true)", (json.dumps(step, default=str),))
        query = ("update report_service.lpj_sections set status = %(to)s, review_notes = %(notes)s,"
                 " report_id = coalesce(%(report)s, report_id), version = version + 1"
                 " where program_id = %(program)s and version = %(version)s and status = any(%(from)s)")
        try:
            return tx.execute(query, {"to": to_status, "notes": step.get("notes"), "report": report_id,
                                      "program": program_id, "version": version,
                                      "from": list(from_statuses)}).rowcount == 1
        except psycopg.errors.InsufficientPrivilege as error:  # the reviewer lost the right since the service asked
            raise NotAllowed(f"{step['action']} this LPJ") from error

    def lpj_attachments(self, program_id: UUID) -> Row | None:
        return self._one(LPJ_ATTACHMENTS, {"program": program_id})

    def lpj_attachment_rows(self, program_id: UUID) -> list[Row]:
        """The uploaded ones, as the LPJ lists them (any reader: the caller's, or the approval's transaction)."""
        return self._all("select a.*, b.category as budget_category, b.description as budget_description"
                         " from report_service.lpj_attachments a"
                         " left join program_service.budget_items_of(%(program)s) b on b.id = a.budget_item_id"
                         " where a.program_id = %(program)s and a.uploaded_at is not null"
                         " order by a.created_at, a.id", {"program": program_id})

    def insert_attachment(self, fields: Row) -> Row:
        """As the caller (RLS: who may write the LPJ; the database stamps ``created_by`` and refuses a frozen LPJ)."""
        names = sql.SQL(", ").join(map(sql.Identifier, fields))
        query = sql.SQL("insert into report_service.lpj_attachments ({}) values ({}) returning *").format(
            names, sql.SQL(", ").join(map(sql.Placeholder, fields)))
        try:
            row = self._one(query, fields)
        except psycopg.errors.InsufficientPrivilege as error:
            raise NotAllowed("add attachments to this program's LPJ") from error
        except psycopg.errors.CheckViolation as error:  # submitted meanwhile
            raise LpjFrozen(None) from error
        except psycopg.errors.ForeignKeyViolation as error:  # a receipt naming another program's budget item
            if error.diag.constraint_name is not None:  # a constraint of the table's, not lpj_receipt_check
                raise
            raise NotABudgetItem() from error
        assert row is not None
        return row

    def update_attachment(self, attachment_id: UUID, changes: Row) -> Row | None:
        """As the caller (RLS: who may write the LPJ; the database refuses a frozen LPJ and another program's budget
        item)."""
        assignments = sql.SQL(", ").join(sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(name))
                                         for name in changes)
        query = sql.SQL("update report_service.lpj_attachments set {} where id = {} returning *").format(
            assignments, sql.Placeholder("attachment_id"))
        try:
            return self._one(query, {**changes, "attachment_id": attachment_id})
        except psycopg.errors.InsufficientPrivilege as error:
            raise NotAllowed("change this program's LPJ attachments") from error
        except psycopg.errors.CheckViolation as error:  # submitted meanwhile
            raise LpjFrozen(None) from error
        except psycopg.errors.ForeignKeyViolation as error:
            if error.diag.constraint_name is not None:
                raise
            raise NotABudgetItem() from error

    def mark_uploaded(self, attachment_id: UUID) -> Row | None:
        try:
            return self._one("update report_service.lpj_attachments set uploaded_at = coalesce(uploaded_at, now())"
                             " where id = %s returning *", (attachment_id,))
        except psycopg.errors.CheckViolation as error:
            raise LpjFrozen(None) from error

    def delete_attachment(self, attachment_id: UUID) -> bool:
        try:
            return self._tx.execute("delete from report_service.lpj_attachments where id = %s",
                                    (attachment_id,)).rowcount == 1
        except psycopg.errors.CheckViolation as error:
            raise LpjFrozen(None) from error

    def letterhead_logo(self, org_id: UUID) -> Row:
        row = self._one(LETTERHEAD_LOGO, {"org": org_id})
        assert row is not None
        return row

    def logo_upload(self, org_id: UUID, logo_id: UUID) -> Row | None:
        return self._one("select * from report_service.letterhead_logos where id = %s and organization_id = %s",
                         (logo_id, org_id))

    def insert_logo(self, fields: Row) -> Row:
        """As the caller (RLS: the ketua and wakil ketua; the database stamps ``created_by``)."""
        try:
            row = self._one("insert into report_service.letterhead_logos (id, organization_id, content_type,"
                            " size_bytes, file_key) values (%(id)s, %(organization_id)s, %(content_type)s,"
                            " %(size_bytes)s, %(file_key)s) returning *", fields)
        except psycopg.errors.InsufficientPrivilege as error:
            raise NotAllowed("change the organization's logo (its ketua and wakil ketua do)") from error
        assert row is not None
        return row

    def replace_logo(self, org_id: UUID, logo_id: UUID) -> tuple[Row | None, list[str]]:
        """The upload ``logo_id`` becomes the logo; the logos before it go. The new row, and the keys of the files
        to delete."""
        row = self._one("update report_service.letterhead_logos set uploaded_at = coalesce(uploaded_at, now())"
                        " where id = %s and organization_id = %s returning *", (logo_id, org_id))
        if row is None:
            return None, []
        gone = self._all("delete from report_service.letterhead_logos where organization_id = %s and id <> %s"
                         " and uploaded_at is not null returning file_key", (org_id, logo_id))
        return row, [g["file_key"] for g in gone]

    def delete_logos(self, org_id: UUID) -> list[str]:
        """The uploaded logos; an upload under way is left for its form to finish and the daily job to forget, so
        that no file arrives after its record is gone."""
        rows = self._all("delete from report_service.letterhead_logos where organization_id = %s"
                         " and uploaded_at is not null returning file_key", (org_id,))
        return [row["file_key"] for row in rows]

    def logo_key(self, org_id: UUID) -> str | None:
        row = self._one("select file_key from report_service.letterhead_logos where organization_id = %s"
                        " and uploaded_at is not null order by uploaded_at desc, id limit 1", (org_id,))
        return row["file_key"] if row else None

    def forget_unfinished_uploads(self, older_than: timedelta) -> list[str]:
        """Delete the attachments (of LPJs still editable) and logos declared more than ``older_than`` ago and never
        confirmed; the keys of their files, to delete from the store."""
        rows = self._all(
            "with attachments as (delete from report_service.lpj_attachments a where a.uploaded_at is null"
            " and a.created_at < now() - %(age)s and not exists (select 1 from report_service.lpj_sections s"
            " where s.program_id = a.program_id and s.status not in ('draft', 'revisi')) returning a.file_key),"
            " logos as (delete from report_service.letterhead_logos l where l.uploaded_at is null"
            " and l.created_at < now() - %(age)s returning l.file_key)"
            " select file_key from attachments union all select file_key from logos", {"age": older_than})
        return [row["file_key"] for row in rows]

    def approved_lpjs(self, org_id: UUID, year: int) -> int:
        """How many LPJs the organization approved in ``year`` (Jakarta time): the last document number given. In the
        service's transaction that stores the next one, holding the organization's numbering lock until it commits,
        so that two approvals at once do not take the same number."""
        tx = self._writes()
        tx.execute("select pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"lpj-number:{org_id}",))
        row = tx.execute("select count(*) as n from report_service.reports where organization_id = %s and kind = 'lpj'"
                         " and status = 'disetujui' and extract(year from created_at at time zone 'Asia/Jakarta') = %s",
                         (org_id, year)).fetchone()
        return int(row["n"]) if row else 0

    def insert_report(self, fields: Row, files: Row) -> bool:
        """Store a report (as service_role; the database checks that its program is the organization's of
        that period and that its author may store it); False when a job already stored this one (the same
        kind and week). The links in ``files`` go along with its report.generated event (trigger)."""
        tx = self._writes()
        tx.execute("select set_config('report_service.files', %s, true)", (json.dumps(files, default=str),))
        values = {**fields, "content": json.dumps(fields["content"], default=str)}
        query = sql.SQL("insert into report_service.reports ({}) values ({}) on conflict do nothing").format(
            sql.SQL(", ").join(map(sql.Identifier, values)), sql.SQL(", ").join(map(sql.Placeholder, values)))
        try:
            return tx.execute(query, values).rowcount == 1
        except psycopg.errors.InsufficientPrivilege as error:  # the author lost the right since the service asked
            raise NotAllowed("store this report") from error

    def report(self, report_id: UUID) -> Row | None:
        """With the language the caller reads in (``reader_language``: their settings', Indonesian without)."""
        return self._one(sql.SQL(
            "select {}, content, coalesce((select s.language from user_service.settings s"
            " where s.user_id = (select auth.uid())), 'id') as reader_language"
            " from report_service.reports where id = %s").format(REPORT_COLUMNS), (report_id,))

    def reader_language(self) -> Language:
        row = self._one("select coalesce((select s.language from user_service.settings s"
                        " where s.user_id = (select auth.uid())), 'id') as language")
        return "en" if row and row["language"] == "en" else "id"

    def job_report(self, org_id: UUID, program_id: UUID | None, kind: str, covers_from: date,
                   covers_to: date) -> Row | None:
        return self._one(sql.SQL(
            "select {} from report_service.reports where organization_id = %s and program_id is not distinct from %s"
            " and kind = %s and covers_from = %s and covers_to = %s and created_by is null").format(REPORT_COLUMNS),
            (org_id, program_id, kind, covers_from, covers_to))

    def reports(self, org_id: UUID, program_id: UUID | None, kind: str | None, after: Row | None,
                limit: int) -> list[Row]:
        conditions = [sql.SQL("organization_id = %(org)s")]
        params: Row = {"org": org_id, "limit": limit}
        if program_id is not None:
            conditions.append(sql.SQL("program_id = %(program)s"))
            params["program"] = program_id
        if kind is not None:
            conditions.append(sql.SQL("kind = %(kind)s"))
            params["kind"] = kind
        if after is not None:
            conditions.append(sql.SQL("(created_at, id) < (%(after_at)s, %(after_id)s)"))
            params |= {"after_at": after["created_at"], "after_id": after["id"]}
        return self._all(sql.SQL("select {} from report_service.reports where {} order by created_at desc, id desc"
                                 " limit %(limit)s").format(REPORT_COLUMNS, sql.SQL(" and ").join(conditions)),
                         params)

    def active_periods(self) -> list[Row]:
        return self._all("select organization_id, period_id from organization_service.active_periods()")


@contextmanager
def report_store(actor: Actor) -> Iterator[PostgresReportStore]:
    """The caller's transaction (as ``authenticated``, RLS applies) with this service's store; the reports
    it stores go through the service's own transaction, opened only then."""
    with user_transaction(actor) as tx, ExitStack() as writer:
        yield PostgresReportStore(tx, lambda: writer.enter_context(service_transaction("reports")))


@contextmanager
def job_store(job: str) -> Iterator[PostgresReportStore]:
    """A scheduled job's transaction (as ``service_role``) with this service's store."""
    with service_transaction(job) as tx:
        yield PostgresReportStore(tx)


def as_json(value: Any) -> Any:
    """A jsonb value as psycopg returns it (already parsed), or text of one."""
    return json.loads(value) if isinstance(value, str | bytes) else value
