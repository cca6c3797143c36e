"""Benchmark: the cold start of every function of template.yaml against the import floor.

A Lambda function's cold start imports its handler module (the init phase), then answers its first
request. Issue 14 bounds every function's import at 1.2x the **floor**: a fresh interpreter that imports
only what no function of ours can do without, Powertools' HTTP resolver
(``aws_lambda_powertools.event_handler``), pydantic (``BaseModel``), psycopg and PyJWT.

Every figure is a fresh interpreter (a subprocess), on a copy of ``shared/`` and ``functions/`` compiled
ahead as ``sam build`` ships them (Makefile, ``build-%``: checked-hash .pyc), with this venv's packages:

- **bare**: the interpreter alone (``python -c pass``, the whole process), for scale;
- **floor**: importing the floor, timed inside the process (the interpreter's own start is not counted);
- **a minimal function** on the same four packages, for reference: a resolver with validation, one route,
  one model with a constrained field (``MINIMAL``); its import, and its first request (a valid body);
- **import**: importing the function's handler module, timed the same way;
- **first request**: the import plus one invocation with an API Gateway (HTTP API, payload 2.0) event of
  its route, without a token, with an empty JSON object as the body where the route takes one: the
  route's request models are built and validate it, and the answer is a 401 or 422 (the health routes
  run their query, the key routes read the key). Consumers and jobs are imported only;
- **with a database** (``BENCH_REQUESTS``, on by default): a dozen routes each answer one real request
  (2xx, with a ketua's token, on a scratch database), which also builds and uses their response models.

Each time is the CPU time of the child process (``time.process_time``): on a machine shared with other
work it does not count the time spent waiting for a core, which wall time does (an import is CPU-bound:
on an idle machine the two are close; the summaries print both). Runs are interleaved (the floor is
measured again every few functions); medians of ``BENCH_RUNS``.

    python -m bench.cold_start                   # BENCH_RUNS (default 2: about 2 min); BENCH_REQUESTS=0: no database
    python -m bench.cold_start --compare HEAD    # the committed shared/ and functions/ against the working
                                                 # tree's, interleaved (before/after a change)
    python -m bench.cold_start --only programs.  # the functions whose handler contains this text
    python -m bench.cold_start --env PYDANTIC_DISABLE_PLUGINS=__all__   # a variable for every function
    python -m bench.cold_start --importtime functions.programs.handlers.create_program
    python -m bench.cold_start --instructions --compare HEAD --only orgs.

``--instructions`` counts the instructions each import executes instead of timing it (valgrind's callgrind,
``PYTHONHASHSEED=0``; an interpreter running ``pass`` subtracted from the handler and from the floor): the
same figure under any load, so a change of a few percent shows on a machine shared with other work. One run
a function; no database.

``--importtime`` prints what a module imports beyond the floor (``python -X importtime``, one run; the
self time of a module includes running its body, e.g. building pydantic models), costliest first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

RUNS = int(os.environ.get("BENCH_RUNS", "2"))
REQUESTS = os.environ.get("BENCH_REQUESTS", "1") != "0"
ROOT = Path(__file__).resolve().parents[1]
BOUND = 1.2
FLOOR_EVERY = 10
"""The floor is measured again before every this many functions (in every round)."""

FLOOR = textwrap.dedent("""\
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
    from pydantic import BaseModel
    import psycopg
    import jwt
""")
MINIMAL = textwrap.dedent("""\
    from typing import Annotated
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
    from aws_lambda_powertools.event_handler.openapi.params import Body
    from pydantic import BaseModel, Field
    import psycopg
    import jwt

    class Hello(BaseModel):
        name: str = Field(min_length=1, max_length=200)

    app = APIGatewayHttpResolver(enable_validation=True)

    @app.post("/hello")
    def hello(body: Annotated[Hello, Body()]) -> Hello:
        return body

    handler = app.resolve
""")
"""A minimal function on the floor's four packages, used as ours use them (validation from type hints)."""
PASSWORD = "Kabinet Sinergi 2025!"  # noqa: S105 (a scratch database's user)
SOME_ID = "00000000-0000-4000-8000-000000000001"

# The child: times the floor's imports, or code defining ``handler``, or the handler module's import; then
# (given an event) one invocation. Nothing is imported before the clocks start but what the interpreter
# has loaded already (sys, time).
PROBE = textwrap.dedent("""\
    import sys, time
    started, started_cpu = time.perf_counter(), time.process_time()
    if sys.argv[1] == "code":
        exec(sys.argv[2])
    elif sys.argv[1] == "handler":
        import importlib
        module, _, name = sys.argv[2].rpartition(".")
        handler = getattr(importlib.import_module(module), name)
    imported, imported_cpu = time.perf_counter(), time.process_time()
    import json
    answer = {"import": (imported - started) * 1000, "import_cpu": (imported_cpu - started_cpu) * 1000}
    if len(sys.argv) > 3:
        class Context:
            function_name = "bench"
            function_version = "$LATEST"
            memory_limit_in_mb = 256
            invoked_function_arn = "arn:aws:lambda:local:000000000000:function:bench"
            aws_request_id = "00000000-0000-0000-0000-000000000000"
            log_group_name = log_stream_name = "bench"
            def get_remaining_time_in_millis(self):
                return 10000
        event, context = json.loads(sys.argv[3]), Context()
        invoked, invoked_cpu = time.perf_counter(), time.process_time()
        result = handler(event, context)
        answer["first"] = answer["import"] + (time.perf_counter() - invoked) * 1000
        answer["first_cpu"] = answer["import_cpu"] + (time.process_time() - invoked_cpu) * 1000
        answer["status"] = result.get("statusCode") if isinstance(result, dict) else None
    print("BENCH " + json.dumps(answer))
""")


@dataclass
class Figures:
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: set[Any] = field(default_factory=set)

    def add(self, answer: dict[str, Any], process_ms: float) -> None:
        self.samples["process"].append(process_ms)
        for key in ("import", "import_cpu", "first", "first_cpu"):
            if key in answer:
                self.samples[key].append(answer[key])
        if "status" in answer:
            self.statuses.add(answer["status"])

    def median(self, key: str) -> float | None:
        return statistics.median(self.samples[key]) if self.samples.get(key) else None

    @property
    def import_ms(self) -> float:
        return statistics.median(self.samples["import_cpu"])

    @property
    def first_ms(self) -> float | None:
        return self.median("first_cpu")

    def answered(self) -> str:
        return ",".join(str(status) for status in sorted(self.statuses, key=str))


@contextmanager
def lambda_tree(revision: str | None = None) -> Iterator[Path]:
    """``shared/`` and ``functions/`` copied aside and compiled ahead, as the Makefile's ``build-%`` ships them:
    those of the working tree, or of a git ``revision`` (to compare with an earlier version)."""
    with tempfile.TemporaryDirectory(prefix="cold-start-") as folder:
        tree = Path(folder)
        if revision:
            git_archive = ["git", "archive", "--format=tar", revision, "shared", "functions"]
            archive = subprocess.run(git_archive, cwd=ROOT, capture_output=True, check=True).stdout  # noqa: S603
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)  # noqa: S603, S607
        else:
            for package in ("shared", "functions"):
                shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__"))
        compile_ahead = [sys.executable, "-m", "compileall", "-q", "--invalidation-mode", "checked-hash", str(tree)]
        subprocess.run(compile_ahead, check=True)  # noqa: S603 (this interpreter)
        yield tree


def probe(tree: Path, env: dict[str, str], *args: str) -> tuple[dict[str, Any], float]:
    """One fresh interpreter: what it timed, and the whole process's wall milliseconds."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tree, env=env, capture_output=True,  # noqa: S603
                          text=True, timeout=120, check=False)
    process_ms = (time.perf_counter() - started) * 1000
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"probe {args[:2]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(line.removeprefix("BENCH ")), process_ms


def has_module(tree: Path, handler: str) -> bool:
    """Whether the tree has the handler's module (a function added since an older revision has not)."""
    module = Path(*handler.rpartition(".")[0].split("."))
    return (tree / module).with_suffix(".py").is_file() or (tree / module / "__init__.py").is_file()


def child_environment(extra: list[str] | None = None) -> dict[str, str]:
    """The benchmark's environment (its scratch database, key file), without anything that would put this
    working tree ahead of the compiled copy; with ``extra`` (``NAME=VALUE``, e.g. a variable the template
    would give every function)."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE")}
    env.update({"POWERTOOLS_METRICS_DISABLED": "true", "POWERTOOLS_LOG_LEVEL": "CRITICAL",
                "PYTHONDONTWRITEBYTECODE": "1"})
    for item in extra or []:
        name, _, value = item.partition("=")
        env[name] = value
    return env


def handlers_of_the_template(only: str | None) -> dict[str, Any]:
    """Each handler of template.yaml (``functions.x.handlers.y.handler``), with its HTTP route or None."""
    from infra.local.gateway import local_parameters
    from infra.local.template import Template

    template = Template.load(parameters=local_parameters())
    routes = {route.handler: route for route in template.routes()}
    handlers = sorted({template.handler_of(function_id) for function_id in template.functions()})
    return {handler: routes.get(handler) for handler in handlers if not only or only in handler}


def refused_request(gateway: Any, route: Any) -> dict[str, Any]:
    """An event of the route that its validation runs through: ids in the path, ``{}`` as the body of a
    route that takes one, no token."""
    path = re.sub(r"\{\w+\+\}", "x", re.sub(r"\{\w+\}", SOME_ID, route.path))
    method = "POST" if route.method == "ANY" else route.method
    body = b"{}" if method in ("POST", "PUT", "PATCH") else b""
    headers = {"content-type": "application/json", "user-agent": "bench"} if body else {"user-agent": "bench"}
    found = route.pattern.match(path)
    event: dict[str, Any] = gateway.event(route, method, path, "", headers, body, "198.51.100.7",
                                          found.groupdict() if found else {}, None)
    return event


def minimal_request() -> str:
    return json.dumps({"version": "2.0", "routeKey": "POST /hello", "rawPath": "/hello", "rawQueryString": "",
                       "headers": {"content-type": "application/json"}, "body": '{"name": "Rizky"}',
                       "isBase64Encoded": False,
                       "requestContext": {"http": {"method": "POST", "path": "/hello", "protocol": "HTTP/1.1",
                                                   "sourceIp": "198.51.100.7", "userAgent": "bench"},
                                          "requestId": "bench", "routeKey": "POST /hello", "stage": "$default"}})


@dataclass
class Measured:
    bare: Figures
    floor: Figures
    minimal: Figures
    functions: dict[str, dict[str, Figures]]
    """tree label -> handler -> figures"""
    requests: dict[str, dict[str, tuple[str, Figures]]]
    """tree label -> route -> (handler, figures)"""


def measure(trees: dict[str, Path], env: dict[str, str], only: str | None) -> Measured:
    from infra.local.client import InProcessApi

    handlers = handlers_of_the_template(only)
    gateway = InProcessApi().gateway
    events = {handler: [json.dumps(refused_request(gateway, route))] if route else []
              for handler, route in handlers.items()}
    anywhere = next(iter(trees.values()))
    measured = Measured(Figures(), Figures(), Figures(), {label: {h: Figures() for h in handlers} for label in trees},
                        {})
    for run in range(RUNS):
        measured.bare.add(*probe(anywhere, env, "bare"))
        measured.minimal.add(*probe(anywhere, env, "code", MINIMAL, minimal_request()))
        for number, handler in enumerate(handlers):
            if number % FLOOR_EVERY == 0:
                measured.floor.add(*probe(anywhere, env, "code", FLOOR))
            for label, tree in trees.items():
                if has_module(tree, handler):
                    measured.functions[label][handler].add(*probe(tree, env, "handler", handler, *events[handler]))
        print(f"  round {run + 1} of {RUNS} done", file=sys.stderr, flush=True)
    if REQUESTS:
        measured.requests = measure_real_requests(trees, env, only)
    return measured


# ---- with a database: real first requests ----

def set_the_stage() -> tuple[str, dict[str, str]]:
    """A ketua with an organization, a department, a program in progress and a task (through the API,
    in this process); the ketua's token and the ids."""
    from infra.local.client import InProcessApi, services_in_process

    with services_in_process(InProcessApi()) as api:
        def created(response: Any) -> dict[str, Any]:
            if response.status not in (200, 201):
                raise SystemExit(f"setting the stage: {response.status} {response.body[:500]!r}")
            result: dict[str, Any] = response.json
            return result

        token = created(api.post("/auth/register", json={"email": "ketua@hima.example", "password": PASSWORD,
                                                         "name": "Ketua HIMA"}))["access_token"]
        me = created(api.get("/auth/me", token=token))
        today = date.today()
        org = created(api.post("/orgs", token=token, json={
            "name": "Himpunan Mahasiswa Informatika", "short_name": "HIMA IF", "type": "hima",
            "period": {"name": "Kabinet Sinergi", "starts_on": str(today - timedelta(days=90)),
                       "ends_on": str(today + timedelta(days=270))}}))
        department = created(api.post(f"/orgs/{org['id']}/departments", token=token,
                                      json={"name": "Riset dan Teknologi", "code": "RISTEK"}))
        program = created(api.post("/programs", token=token, json={
            "organization_id": org["id"], "department_id": department["id"], "name": "Seminar Nasional AI",
            "type": "event", "planned_start": str(today - timedelta(days=14)),
            "planned_end": str(today + timedelta(days=30)), "person_in_charge": me["id"],
            "budget_planned": "15000000"}))
        for status in ("diajukan", "disetujui", "dalam_progres"):
            created(api.post(f"/programs/{program['id']}/transitions", token=token, json={"to": status}))
        created(api.post(f"/programs/{program['id']}/tasks", token=token, json={
            "title": "Sewa aula", "due_date": str(today + timedelta(days=7)), "assignees": [me["id"]]}))
    return token, {"org": org["id"], "program": program["id"], "user": me["id"]}


def real_requests(ids: dict[str, str]) -> list[tuple[str, str, Any]]:
    """(method, path, body) of the routes measured with a database; each answers 2xx."""
    return [
        ("POST", "/auth/login", {"email": "ketua@hima.example", "password": PASSWORD}),
        ("GET", "/auth/me", None),
        ("GET", "/users/me", None),
        ("POST", "/orgs", {"name": "HIMA Bench", "type": "hima",
                           "period": {"name": "Kabinet Bench", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}}),
        ("GET", f"/orgs/{ids['org']}/members", None),
        ("POST", "/programs", {"organization_id": ids["org"], "name": "Bakti Sosial", "type": "event"}),
        ("GET", f"/programs/{ids['program']}", None),
        ("GET", f"/programs?organization_id={ids['org']}", None),
        ("POST", f"/programs/{ids['program']}/tasks", {"title": "Konsumsi"}),
        ("GET", "/me/tasks", None),
        ("GET", "/notifications", None),
        ("GET", f"/programs/{ids['program']}/report", None),
    ]


def measure_real_requests(trees: dict[str, Path], env: dict[str, str],
                          only: str | None) -> dict[str, dict[str, tuple[str, Figures]]]:
    """Each route's import and import plus one real request, on the scratch database."""
    from infra.local.client import InProcessApi

    token, ids = set_the_stage()
    gateway = InProcessApi().gateway
    requests = []
    for method, target, body in real_requests(ids):
        path, _, query = target.partition("?")
        matched = gateway.match(method, path)
        assert matched is not None, target
        route, parameters = matched
        raw = json.dumps(body).encode() if body is not None else b""
        headers = {"user-agent": "bench", "authorization": f"Bearer {token}",
                   **({"content-type": "application/json"} if body is not None else {})}
        event = gateway.event(route, method, path, query, headers, raw, "198.51.100.7", parameters, None)
        label = f"{method} {route.path}" + (f"?{query.split('=')[0]}=" if query else "")
        if not only or only in route.handler:
            requests.append((label, route.handler, json.dumps(event)))
    results = {label: {key: (handler, Figures()) for key, handler, _ in requests} for label in trees}
    for _ in range(RUNS):
        for key, handler, request in requests:
            for label, tree in trees.items():
                results[label][key][1].add(*probe(tree, env, "handler", handler, request))
    return results


# ---- the report ----

def short(handler: str) -> str:
    return handler.removeprefix("functions.").removesuffix(".handler")


def _ms(value: float | None) -> str:
    return f"{value:6.1f} ms" if value is not None else "       -"


def print_report(measured: Measured) -> None:
    floor = measured.floor.import_ms
    labels = list(measured.functions)
    some = next(iter(measured.functions.values()))
    print(f"cold start of {len(some)} functions (template.yaml), medians of {RUNS} fresh interpreters each;"
          f" CPU time of the process (wall time in brackets)")
    print(f"  bare interpreter, the whole process (wall): {measured.bare.median('process'):.1f} ms")
    print(f"  floor (Powertools' resolver, pydantic's BaseModel, psycopg, PyJWT): import {floor:.1f} ms"
          f" ({measured.floor.median('import'):.1f} ms; {len(measured.floor.samples['import'])} runs)")
    minimal = measured.minimal
    print(f"  a minimal function on the same four (validation, one model): import {minimal.import_ms:.1f} ms"
          f" ({minimal.import_ms / floor:.2f}x the floor), import + first request {_ms(minimal.first_ms).strip()}")
    print()
    header = "".join(f" | {label[:38]:>38}" for label in labels)
    print(f"  {'function':50}{header}")
    print(f"  {'':50}" + " | import     x floor  + first request" * len(labels))
    for handler in some:
        cells = []
        for label in labels:
            figures = measured.functions[label][handler]
            if not figures.samples.get("import_cpu"):
                cells.append(f" | {'(not in this tree)':37}")
                continue
            ratio = figures.import_ms / floor
            first = f"{_ms(figures.first_ms)} {figures.answered():5}" if figures.first_ms is not None else " " * 15
            cells.append(f" | {figures.import_ms:6.1f} ms {ratio:5.2f}x{'*' if ratio > BOUND else ' '} {first}")
        print(f"  {short(handler):50}" + "".join(cells))
    print(f"  (* over {BOUND}x the floor)")
    for label in labels:
        print_summary(label, measured.functions[label], floor)


def print_summary(label: str, functions: dict[str, Figures], floor: float) -> None:
    functions = {handler: figures for handler, figures in functions.items() if figures.samples.get("import_cpu")}
    ratios = sorted(((figures.import_ms / floor, handler) for handler, figures in functions.items()))
    within = sum(1 for ratio, _ in ratios if ratio <= BOUND)
    imports = [figures.import_ms for figures in functions.values()]
    walls = [figures.median("import") or 0.0 for figures in functions.values()]
    firsts = [first for figures in functions.values() if (first := figures.first_ms) is not None]
    print()
    print(f"  {label}:")
    print(f"    import / floor: median {statistics.median(r for r, _ in ratios):.2f}x, min {ratios[0][0]:.2f}x"
          f" ({short(ratios[0][1])}), max {ratios[-1][0]:.2f}x ({short(ratios[-1][1])}); within {BOUND}x:"
          f" {within} of {len(ratios)}")
    print(f"    import: median {statistics.median(imports):.1f} ms ({statistics.median(walls):.1f} ms wall),"
          f" max {max(imports):.1f} ms")
    if firsts:
        print(f"    import + first request (refused at validation or the token): median {statistics.median(firsts):.1f}"
              f" ms, max {max(firsts):.1f} ms")


def print_real_requests(measured: Measured) -> None:
    floor = measured.floor.import_ms
    for label, results in measured.requests.items():
        print()
        print(f"  {label}: a first real request on a scratch database (2xx, with a token), medians of {RUNS}")
        print(f"    {'route':38} {'function':42} {'import':>9} {'x floor':>7} {'import + request':>17}")
        for route, (handler, figures) in results.items():
            print(f"    {route:38} {short(handler):42} {figures.import_ms:6.1f} ms {figures.import_ms / floor:6.2f}x"
                  f" {_ms(figures.first_ms)} ({figures.answered()})")
        firsts = [figures.first_ms or 0.0 for _, figures in results.values()]
        imports = [figures.import_ms for _, figures in results.values()]
        print(f"    median: import {statistics.median(imports):.1f} ms, import + first request"
              f" {statistics.median(firsts):.1f} ms (max {max(firsts):.1f} ms)")


# ---- python -X importtime ----

def importtime(tree: Path, env: dict[str, str], module: str) -> None:
    """What importing ``module`` adds to the floor, by module and by package (self times, one run)."""
    code = FLOOR + "import sys\nsys.stderr.write('FLOOR DONE\\n')\n" + \
        f"import importlib\nimportlib.import_module({module!r})\n"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=tree, env=env,  # noqa: S603
                          capture_output=True, text=True, timeout=120, check=True)
    own: list[tuple[int, str]] = []
    for line in done.stderr.split("FLOOR DONE\n", 1)[1].splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            own.append((int(match.group(1)), match.group(4)))
    total = sum(us for us, _ in own) / 1000
    by_package: dict[str, float] = defaultdict(float)
    for us, name in own:
        by_package[name.split(".")[0]] += us / 1000
    print(f"{module}: {len(own)} modules beyond the floor, {total:.1f} ms of self time (importtime inflates it)")
    print("  by package:")
    for package, ms in sorted(by_package.items(), key=lambda item: -item[1])[:15]:
        print(f"    {package:50} {ms:7.1f} ms")
    print("  costliest modules:")
    for us, name in sorted(own, reverse=True)[:25]:
        print(f"    {name:70} {us / 1000:7.1f} ms")


# ---- instruction counts (valgrind) ----

def instructions(tree: Path, env: dict[str, str], code: str) -> int:
    """The instructions a fresh interpreter executes running ``code`` (callgrind's total)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code]
    done = subprocess.run(command, cwd=tree, env={**env, "PYTHONHASHSEED": "0"},  # noqa: S603
                          capture_output=True, text=True, timeout=600, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"callgrind {code!r} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return int(found.group(1))


def count_instructions(trees: dict[str, Path], env: dict[str, str], only: str | None) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    anywhere = next(iter(trees.values()))
    bare = instructions(anywhere, env, "pass")
    floor = instructions(anywhere, env, FLOOR) - bare
    minimal = instructions(anywhere, env, MINIMAL) - bare
    print(f"instructions each import executes beyond an interpreter running `pass` ({bare / 1e6:,.0f} M):")
    print(f"  floor {floor / 1e6:,.0f} M; a minimal function {minimal / floor:.3f}x the floor")
    labels = list(trees)
    print(f"  {'function':50}" + "".join(f" | {label[:24]:>24}" for label in labels))
    ratios: dict[str, dict[str, float]] = {label: {} for label in labels}
    for handler in handlers_of_the_template(only):
        cells = []
        for label, tree in trees.items():
            if not has_module(tree, handler):
                cells.append(f" | {'(not in this tree)':>24}")
                continue
            module = handler.rpartition(".")[0]
            counted = instructions(tree, env, f"import {module}") - bare
            ratios[label][handler] = ratio = counted / floor
            cells.append(f" | {counted / 1e6:9,.0f} M {ratio:7.3f}x{'*' if ratio > BOUND else ' '} ")
        print(f"  {short(handler):50}" + "".join(cells), flush=True)
    print(f"  (* over {BOUND}x the floor)")
    for label, by_handler in ratios.items():
        ordered = sorted((ratio, handler) for handler, ratio in by_handler.items())
        within = sum(1 for ratio, _ in ordered if ratio <= BOUND)
        print(f"  {label}: median {statistics.median(r for r, _ in ordered):.3f}x, max {ordered[-1][0]:.3f}x"
              f" ({short(ordered[-1][1])}); within {BOUND}x: {within} of {len(ordered)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--compare", metavar="REVISION",
                        help="measure shared/ and functions/ of this git revision (e.g. HEAD) and the working tree's,"
                             " interleaved")
    parser.add_argument("--only", metavar="TEXT", help="only the functions whose handler contains TEXT")
    parser.add_argument("--env", action="append", metavar="NAME=VALUE",
                        help="an environment variable for every function (e.g. PYDANTIC_DISABLE_PLUGINS=__all__)")
    parser.add_argument("--instructions", action="store_true",
                        help="count each import's instructions with valgrind instead of timing it (no database)")
    parser.add_argument("--importtime", nargs="+", metavar="MODULE",
                        help="print what these modules import beyond the floor, and stop")
    options = parser.parse_args(argv)
    from bench.support import scratch_database

    if options.importtime:
        with lambda_tree() as tree:
            for module in options.importtime:
                importtime(tree, child_environment(options.env), module)
        return 0
    if options.instructions:
        with ExitStack() as stack:
            trees = {}
            if options.compare:
                trees[options.compare] = stack.enter_context(lambda_tree(options.compare))
            trees["working tree"] = stack.enter_context(lambda_tree())
            count_instructions(trees, child_environment(["PYDANTIC_DISABLE_PLUGINS=__all__", *(options.env or [])]),
                               options.only)
        return 0
    started = time.perf_counter()
    os.environ["PASSWORD_HASH_MEMORY_KIB"] = "8192"  # noqa: S105 (the login's hash is not what is measured)
    with ExitStack() as stack:
        stack.enter_context(scratch_database())
        trees = {}
        if options.compare:
            trees[options.compare] = stack.enter_context(lambda_tree(options.compare))
        trees["working tree"] = stack.enter_context(lambda_tree())
        if options.env:
            print(f"every function's environment: {', '.join(options.env)}")
        measured = measure(trees, child_environment(options.env), options.only)
    print_report(measured)
    if measured.requests:
        print_real_requests(measured)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
