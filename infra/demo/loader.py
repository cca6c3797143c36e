"""Loading the demo through the API's own functions (``api``: ``infra.local.client.InProcessApi`` or anything
with its ``request``), each step by the person docs/domain.md lets do it. Idempotent: an organization of the
demo's name that the ketua already belongs to is left as it is (it only gets the programs when it has none,
as a demo loaded before programs were part of it)."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from infra.demo.people import DEMO_PASSWORD, DEPARTMENTS, ORGANIZATION_NAME, Person, organization, people
from infra.demo.programs import PROGRAMS, REPORTED, Line, Program, Task

PATHS: dict[str, list[tuple[str, str]]] = {
    # a program's transitions to each status: (who, to); "head" is the department's head (the ketua for the
    # BPH), "board" the program's approver, "pj" its person in charge
    "draft": [],
    "diajukan": [("head", "diajukan")],
    "revisi": [("head", "diajukan"), ("board", "revisi")],
    "ditolak": [("head", "diajukan"), ("board", "ditolak")],
    "disetujui": [("head", "diajukan"), ("board", "disetujui")],
    "dalam_progres": [("head", "diajukan"), ("board", "disetujui"), ("pj", "dalam_progres")],
}
PATHS |= {final: [*PATHS["dalam_progres"], (who, final)]
          for final, who in (("ditunda", "head"), ("selesai", "pj"), ("dibatalkan", "head"))}
AFTER_TASKS = frozenset({"ditunda", "selesai", "dibatalkan"})
"""Transitions made once the program's tasks are in: a final program takes no more tasks, and pausing or
cancelling is what puts its open tasks on hold or cancels them (the tasks service follows the program)."""
NOTES = {"diajukan": "Proposal dan RAB terlampir.", "disetujui": "Disetujui dalam rapat BPH.",
         "dalam_progres": "Persiapan dimulai.", "selesai": "Kegiatan terlaksana; LPJ menyusul."}
TASK_PATHS = {  # an assignee's moves to each status (dibatalkan: the PJ's)
    "belum_dimulai": [], "dalam_progres": ["dalam_progres"], "review": ["dalam_progres", "review"],
    "selesai": ["dalam_progres", "review", "selesai"], "ditunda": ["dalam_progres", "ditunda"],
    "dibatalkan": ["dibatalkan"],
}
TASK_DAYS = 7
"""A task starts this many days before it is due (not before its program)."""


class DemoError(RuntimeError):
    """The API refused a step of the demo."""


def _ok(response: Any, *expected: int) -> Any:
    if response.status not in expected:
        raise DemoError(f"unexpected {response.status}: {response.json}")
    return response.json


@dataclass
class Demo:
    """The signed-in cast (by handle) and the organization being loaded."""

    api: Any
    tokens: dict[str, str]
    users: dict[str, str]
    org_id: str = ""
    today: date = field(default_factory=date.today)
    departments: dict[str, str] = field(default_factory=dict)

    def call(self, who: str, method: str, path: str, body: Any = None) -> Any:
        """``method path`` as ``who``; a refusal is a ``DemoError`` naming who tried what."""
        response = self.api.request(method, path, token=self.tokens[who], json=body)
        if response.status not in (200, 201, 204):
            raise DemoError(f"{who}: {method} {path} answered {response.status}: {response.json}")
        return response.json

    def day(self, offset: int) -> str:
        return (self.today + timedelta(days=offset)).isoformat()


# ---------------------------------------------------------------- accounts and the organization


def sign_in(api: Any, person: Person) -> tuple[str, str]:
    """Register (or, when already registered, log in): the access token and the user id."""
    registered = api.post("/auth/register", json={"email": person.email, "password": DEMO_PASSWORD,
                                                  "name": person.name})
    if registered.status == 409:
        tokens = _ok(api.post("/auth/login", json={"email": person.email, "password": DEMO_PASSWORD}), 200)
    else:
        tokens = _ok(registered, 201)
    return str(tokens["access_token"]), str(tokens["user"]["id"])


def existing_organization(demo: Demo) -> dict[str, Any] | None:
    found = [o for o in demo.call("ketua", "GET", "/orgs")["items"] if o["name"] == ORGANIZATION_NAME]
    return found[0] if found else None


def create_organization(demo: Demo, everyone: list[Person]) -> dict[str, Any]:
    """The ketua creates it with its departments, invites everyone by e-mail, each accepts; the ketua joins
    the BPH and appoints the heads."""
    created = demo.call("ketua", "POST", "/orgs", organization(date.today()))
    demo.org_id = created["id"]
    demo.departments = {code: demo.call("ketua", "POST", f"/orgs/{demo.org_id}/departments", {
        "name": name, "code": code, "is_core": core, "description": description})["id"]
        for code, name, core, description in DEPARTMENTS}
    for person in everyone[1:]:
        invitation = demo.call("ketua", "POST", f"/orgs/{demo.org_id}/invitations", {
            "email": person.email, "role": person.role, "position_title": person.title,
            "department_id": demo.departments[person.department] if person.department else None})
        demo.call(person.handle, "POST", f"/orgs/invitations/{invitation['id']}/accept")
    members = demo.call("ketua", "GET", f"/orgs/{demo.org_id}/members?limit=100")["items"]
    ketua = next(m for m in members if m["role"] == "ketua")
    demo.call("ketua", "PATCH", f"/orgs/{demo.org_id}/members/{ketua['id']}",
              {"department_id": demo.departments["BPH"], "position_title": everyone[0].title})
    heads = {m["department_id"]: m["user_id"] for m in members if m["role"] == "kepala_departemen"}
    heads[demo.departments["BPH"]] = ketua["user_id"]
    for department_id, head in heads.items():
        demo.call("ketua", "PATCH", f"/orgs/{demo.org_id}/departments/{department_id}", {"head_user_id": head})
    return created


def organization_today(demo: Demo) -> date:
    """The organization's own day (its time zone), which the API's figures count from."""
    summary = demo.call("ketua", "GET", f"/programs/summary?organization_id={demo.org_id}")
    return date.fromisoformat(summary["today"])


# ---------------------------------------------------------------- one program


def head_of(program: Program) -> str:
    return "ketua" if program.department == "BPH" else f"kadep.{program.department.lower()}"


def actor(program: Program, who: str) -> str:
    return {"head": head_of(program), "board": program.approver, "pj": program.pj}[who]


def create_program(demo: Demo, program: Program) -> str:
    body = {"organization_id": demo.org_id, "department_id": demo.departments[program.department],
            "code": program.code, "name": program.name, "type": program.type, "description": program.description,
            "objectives": program.objectives, "target_group": program.target_group,
            "success_indicators": program.success_indicators, "location": program.location,
            "planned_start": demo.day(program.start), "planned_end": demo.day(program.end),
            "person_in_charge": demo.users[program.pj], "budget_planned": program.budget}
    return str(demo.call(head_of(program), "POST", "/programs", body)["id"])


def add_committee(demo: Demo, program: Program, program_id: str) -> None:
    for handle, role in program.committee:
        demo.call(program.pj, "PUT", f"/programs/{program_id}/committee/{demo.users[handle]}",
                  {"committee_role": role})


def add_milestones(demo: Demo, program: Program, program_id: str) -> list[str]:
    return [demo.call(program.pj, "POST", f"/programs/{program_id}/milestones",
                      {"name": m.name, "due_date": demo.day(m.due), "position": n})["id"]
            for n, m in enumerate(program.milestones, start=1)]


def add_budget(demo: Demo, program: Program, program_id: str) -> None:
    """The PJ enters each line; the bendahara verifies those marked so."""
    for line in program.budget_lines:
        item = demo.call(program.pj, "POST", f"/programs/{program_id}/budget-items", _budget_body(line))
        if line.verified:
            demo.call("bendahara", "POST", f"/budget-items/{item['id']}/verification")


def _budget_body(line: Line) -> dict[str, Any]:
    body = {"kind": line.kind, "category": line.category, "quantity": line.quantity, "unit_price": line.unit_price,
            "unit": line.unit, "description": line.description, "actual_amount": line.actual}
    return {key: value for key, value in body.items() if value is not None}


def transition(demo: Demo, program: Program, program_id: str, who: str, to: str) -> None:
    if to == "dalam_progres" and program.actual_start is not None:  # it started before today
        demo.call(program.pj, "PATCH", f"/programs/{program_id}", {"actual_start": demo.day(program.actual_start)})
    if to == "selesai" and program.actual_end is not None:
        demo.call(program.pj, "PATCH", f"/programs/{program_id}", {"actual_end": demo.day(program.actual_end)})
    note = program.note if to in ("revisi", "ditolak", "ditunda", "dibatalkan") else NOTES.get(to)
    demo.call(actor(program, who), "POST", f"/programs/{program_id}/transitions", {"to": to, "note": note})


def add_task(demo: Demo, program: Program, program_id: str, task: Task, milestones: list[str]) -> None:
    """The PJ creates and assigns it; its first assignee moves it (the PJ cancels it); people comment."""
    body = {"title": task.title, "description": task.description, "priority": task.priority,
            "start_date": demo.day(max(task.due - TASK_DAYS, program.start)), "due_date": demo.day(task.due),
            "assignees": [demo.users[handle] for handle in task.assignees],
            "milestone_id": milestones[task.milestone] if task.milestone is not None else None}
    created = demo.call(program.pj, "POST", f"/programs/{program_id}/tasks",
                        {key: value for key, value in body.items() if value is not None})
    for to in TASK_PATHS[task.status]:
        who = program.pj if to == "dibatalkan" else task.assignees[0]
        note = task.note if to in ("ditunda", "dibatalkan") else None
        demo.call(who, "POST", f"/tasks/{created['id']}/transitions", {"to": to, "note": note})
    for author, text in task.comments:
        demo.call(author, "POST", f"/tasks/{created['id']}/comments", {"body": text})


def load_program(demo: Demo, program: Program) -> str:
    program_id = create_program(demo, program)
    add_committee(demo, program, program_id)
    milestones = add_milestones(demo, program, program_id)
    add_budget(demo, program, program_id)
    path = PATHS[program.status]
    later = path[-1:] if program.status in AFTER_TASKS else []
    for who, to in path[:len(path) - len(later)]:
        transition(demo, program, program_id, who, to)
    for task in program.tasks:
        add_task(demo, program, program_id, task, milestones)
    for milestone_id, milestone in zip(milestones, program.milestones, strict=True):
        if milestone.done:
            demo.call(program.pj, "PATCH", f"/milestones/{milestone_id}", {"done": True})
    for who, to in later:
        transition(demo, program, program_id, who, to)
    return program_id


def load_programs(demo: Demo) -> dict[str, str]:
    """Every program of programs.py, then the progress report its PJ stores: program ids by code."""
    demo.today = organization_today(demo)
    loaded = {program.code: load_program(demo, program) for program in PROGRAMS}
    demo.call(REPORTED.pj, "POST", f"/programs/{loaded[REPORTED.code]}/reports", {"kind": "progress"})
    return loaded


# ---------------------------------------------------------------- events


def deliver_events(database_url: str | None = None) -> int:
    """Hand what the loading wrote to the outbox to its consumers (as ``make dev``'s dispatcher does, and it
    may have done already): the assignees' inboxes fill, the paused and cancelled programs' tasks follow.
    Sweeps until nothing is left, since consumers write events too. The number of events delivered."""
    from infra.local.events import LocalDispatcher

    dispatcher = LocalDispatcher(database_url or os.environ["DATABASE_URL"])
    delivered = 0
    try:
        for _ in range(20):
            report = dispatcher.sweep()
            delivered += report.delivered
            if not report.claimed:
                break
    finally:
        dispatcher.stop()
    return delivered


# ---------------------------------------------------------------- all of it


def prove_addresses(user_ids: list[str], database_url: str | None = None) -> None:
    """Mark the cast's addresses verified, as following the mailed links would (an e-mail invitation is
    answered only by a verified address). The demo's addresses are made up: no mail could reach them."""
    import psycopg

    with psycopg.connect(database_url or os.environ["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("update auth_service.users set email_verified_at = now()"
                     " where id = any(%s::uuid[]) and email_verified_at is null", (user_ids,))


def check_profiles(user_ids: list[str], database_url: str | None = None) -> None:
    """Every account of the cast has its profile (made from ``user.registered`` by the users service's
    consumer, once the events are delivered), or the demo stops here saying whose is missing."""
    import psycopg

    with psycopg.connect(database_url or os.environ["DATABASE_URL"]) as conn:
        found = {str(row[0]) for row in conn.execute(
            "select user_id from user_service.profiles where user_id = any(%s::uuid[])", (user_ids,))}
    if missing := sorted(set(user_ids) - found):
        raise DemoError(f"no profile for {len(missing)} of the demo's accounts: {', '.join(missing)}")


def load(api: Any, database_url: str | None = None) -> dict[str, Any]:
    """Load the demo (``DATABASE_URL``'s database for the events). Answers ``organization``, ``people``,
    ``created`` (whether anything was loaded), ``programs`` (ids by code, when loaded now)."""
    everyone = people()
    signed_in = {p.handle: sign_in(api, p) for p in everyone}
    user_ids = [user for _, user in signed_in.values()]
    prove_addresses(user_ids, database_url)
    deliver_events(database_url)  # user.registered: the profiles
    check_profiles(user_ids, database_url)
    demo = Demo(api, {handle: token for handle, (token, _) in signed_in.items()},
                {handle: user for handle, (_, user) in signed_in.items()})
    found = existing_organization(demo)
    if found is not None:
        demo.org_id = found["id"]
        if demo.call("ketua", "GET", f"/programs?organization_id={demo.org_id}&limit=1")["items"]:
            return {"organization": found, "people": everyone, "created": False, "programs": {}}
        demo.departments = {d["code"]: d["id"] for d in
                            demo.call("ketua", "GET", f"/orgs/{demo.org_id}/departments")["items"]}
    organization_row = found or create_organization(demo, everyone)
    programs = load_programs(demo)
    deliver_events(database_url)
    return {"organization": organization_row, "people": everyone, "created": True, "programs": programs}


def status_counts(programs: tuple[Program, ...] = PROGRAMS) -> Counter[str]:
    return Counter(program.status for program in programs)
