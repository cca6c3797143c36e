"""Benchmark: report generation for 200 programs and 20,000 tasks against its bare SQL, side by side.

The organization of bench/program_summary.py (its seeding is reused): 5 departments, 200 programs in
every status, 100 tasks each, 5 budget items each.

- organization report (GET /orgs/{id}/reports/summary, what the weekly job stores): the hand-written
  SQL that computes the same per-program figures straight from the tables as a superuser (no RLS, no
  contract functions: the floor), against the endpoint through its function, in-process;
- one program's progress report (GET /programs/{id}/report): the same, for the program with the most
  going on;
- what the weekly job adds: rendering the organization report's PDF and CSV, and the whole job for the
  organization (report, render, store the files, insert the report and its event), run for a new week
  each time.

Run: ``python -m bench.report_generation`` (``BENCH_RUNS``, default 20). Prints figures; asserts
nothing but that the endpoint and the bare SQL give the same per-program figures.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from typing import Any

from bench.program_summary import PER_PROGRAM_CTES

RUNS = int(os.environ.get("BENCH_RUNS", "20"))

BARE_PROGRAMS = PER_PROGRAM_CTES + """
select p.id, p.name, p.status, p.department_id, d.name as department, pr.display_name as person_in_charge,
       coalesce(p.status not in ('selesai', 'dibatalkan', 'ditolak') and p.planned_end < (select today from o), false)
         as late,
       round(100 * case when p.status = 'selesai' then 1.0 when w.share is not null then w.share
                        when t.total > 0 then t.done::numeric / t.total else 0 end, 1) as progress,
       coalesce(t.total, 0) as tasks_total, coalesce(t.done, 0) as tasks_done, coalesce(t.late, 0) as tasks_late,
       p.budget_planned, coalesce(s.amount, 0) as spent
from p left join weighted w on w.program_id = p.id left join totals t on t.program_id = p.id
left join spent s on s.program_id = p.id
left join organization_service.departments d on d.id = p.department_id
left join user_service.profiles pr on pr.user_id = p.person_in_charge
order by p.planned_start nulls last, p.name, p.id
"""
BARE_STATUS = """
select status, count(*) from task_service.tasks
where program_id in (select id from program_service.programs where organization_id = %(org)s
                     and period_id = %(period)s)
group by status
"""
BARE_PROGRAM = """
select p.*,
  (select jsonb_agg(m order by m.position) from program_service.milestones m where m.program_id = p.id) as milestones,
  (select jsonb_agg(c) from program_service.committee_members c where c.program_id = p.id) as committee,
  (select jsonb_agg(b) from (select kind, category, count(*), sum(planned_amount), sum(actual_amount)
                             from program_service.budget_items where program_id = p.id group by kind, category) b)
    as budget,
  (select jsonb_agg(h order by h.id) from program_service.program_status_history h where h.program_id = p.id)
    as history,
  (select jsonb_object_agg(status, n) from (select status, count(*) as n from task_service.tasks
                                            where program_id = p.id group by status) s) as by_status,
  (select jsonb_agg(t) from (select t.id, t.title, t.due_date, array_agg(a.user_id) as assignees
                             from task_service.tasks t left join task_service.task_assignees a on a.task_id = t.id
                             where t.program_id = p.id and t.status not in ('selesai', 'dibatalkan')
                               and t.due_date < current_date group by t.id) t) as overdue
from program_service.programs p where p.id = %(program)s
"""


def main() -> int:
    import psycopg
    from psycopg.rows import dict_row

    from bench.program_summary import PROGRAMS, TASKS_PER_PROGRAM, seed
    from bench.support import figures, scratch_database, timed
    from infra.local.client import InProcessApi

    with tempfile.TemporaryDirectory() as files, scratch_database() as url:
        os.environ["REPORT_FILES_DIR"] = files
        from shared import files as file_module
        from shared.config import reset_settings

        reset_settings()
        file_module.reset_file_store()
        api = InProcessApi()
        token, org, period = seed(api, url)
        with psycopg.connect(url, row_factory=dict_row, prepare_threshold=None) as conn:
            program = conn.execute(
                "select program_id from task_service.tasks group by program_id order by count(*) desc,"
                " program_id limit 1").fetchone()
            assert program is not None
            program_id = program["program_id"]
            conn.execute("update organization_service.organizations set short_name = 'BENCH'")

            def bare_organization() -> list[dict[str, Any]]:
                rows = conn.execute(BARE_PROGRAMS, {"org": org, "period": period}).fetchall()
                conn.execute(BARE_STATUS, {"org": org, "period": period}).fetchall()
                return rows

            def bare_program() -> None:
                assert conn.execute(BARE_PROGRAM, {"program": program_id}).fetchone() is not None

            summary_path = f"/orgs/{org}/reports/summary?period_id={period}"

            def organization_endpoint() -> dict[str, Any]:
                response = api.get(summary_path, token=token)
                assert response.status == 200, response.body
                result: dict[str, Any] = response.json
                return result

            def program_endpoint() -> None:
                response = api.get(f"/programs/{program_id}/report", token=token)
                assert response.status == 200, response.body

            served = organization_endpoint()
            bare = bare_organization()
            agree = [(str(r["id"]), float(r["progress"]), int(r["tasks_total"]), int(r["tasks_done"]),
                      int(r["tasks_late"]), bool(r["late"])) for r in bare] == [
                (p["id"], p["progress"], p["tasks"]["total"], p["tasks"]["done"], p["tasks"]["late"], p["late"])
                for p in served["programs"]]
            timings = {
                "organization report, bare SQL": timed(bare_organization, RUNS),
                "organization report, endpoint": timed(organization_endpoint, RUNS),
                "program report, bare SQL": timed(bare_program, RUNS),
                "program report, endpoint": timed(program_endpoint, RUNS),
            }
            render_timings, job_timings = _rendering(api, token, org, period, conn)
    medians = {label: sorted(times)[len(times) // 2] for label, times in timings.items()}
    print(f"Report generation, {PROGRAMS} programs / {PROGRAMS * TASKS_PER_PROGRAM} tasks, {RUNS} runs each")
    for kind in ("organization report", "program report"):
        bare_label, endpoint_label = f"{kind}, bare SQL", f"{kind}, endpoint"
        print(f"  {bare_label:36} {figures(timings[bare_label])}")
        print(f"  {endpoint_label:36} {figures(timings[endpoint_label])}   "
              f"x{medians[endpoint_label] / medians[bare_label]:.2f} of the bare SQL")
    for label, times in {**render_timings, **job_timings}.items():
        print(f"  {label:36} {figures(times)}")
    print(f"  same per-program figures both ways: {'yes' if agree else 'NO'}")
    return 0 if agree else 1


def _rendering(api: Any, token: str, org: str, period: str, conn: Any) -> tuple[dict[str, list[float]],
                                                                                 dict[str, list[float]]]:
    """Rendering the organization report, and the weekly job for the organization, each week anew."""
    from uuid import UUID

    from pypdf import PdfReader  # a development dependency, as the benchmarks are

    from bench.support import timed
    from functions.reports import render_csv, render_pdf, service
    from functions.reports.organization_models import OrganizationReport
    from functions.reports.repository import job_store
    from shared.files import file_store

    report = OrganizationReport.model_validate(
        api.get(f"/orgs/{org}/reports/summary?period_id={period}", token=token).json)
    runs = max(3, RUNS // 4)
    def pdf() -> bytes:
        return render_pdf.organization_pdf(report, "weekly", "Bench", "-")

    render = {"render PDF (200 programs)": timed(pdf, runs, 1),
              "render CSV (200 programs)": timed(lambda: render_csv.organization_csv(report), runs, 1)}
    pages = len(PdfReader(io.BytesIO(pdf())).pages)

    def weekly_job() -> None:
        conn.execute("delete from report_service.reports")  # a new week: the job stores it again
        conn.commit()
        with job_store("bench") as store:
            stored = service.weekly_report(store, file_store(), UUID(org), UUID(period))
        assert stored.created

    job = {"weekly job, one organization": timed(weekly_job, runs, 1)}
    print(f"  (the organization report's PDF has {pages} pages)")
    return render, job


if __name__ == "__main__":
    sys.exit(main())
