"""A function imports, when it starts, only what its requests use: no handler pulls boto3, fpdf2 (and
Pillow), icalendar, the X-Ray SDK, the connection pool, Powertools' batch utilities, argon2 or html onto the
request path of a function that does not need them at start (issue 14: a cold start pays for every module
imported). Those that need them import them where they are used.

Each handler module of template.yaml is imported in a process of its own, forked from one that has
already imported what every function shares (shared.api: Powertools, pydantic, psycopg, PyJWT), none of
which is heavy in this sense; the child reports which heavy packages the import brought.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from infra.local.gateway import local_parameters
from infra.local.template import Template
from tests.test_template import ROOT

HEAVY = ("boto3", "fpdf", "PIL", "aws_xray_sdk", "icalendar",
         # imported with what first uses them: the pool with the first transaction, Powertools' batch
         # utilities with a consumer's first batch, argon2 with the first password hashed, html (its entity
         # table) with the first e-mail composed
         "psycopg_pool", "aws_lambda_powertools.utilities.batch", "argon2", "html")
"""Packages a function should import only where a request needs them."""

AT_START: dict[str, set[str]] = {"NotificationsAlertFunction": {"html"}}
"""Functions allowed one at import time, and which: the operators' alerts post every message they get with
httpx, which imports html."""

PROBE = textwrap.dedent("""
    import importlib, json, os, sys
    import shared.api, shared.db  # what every function shares: imported once, before forking
    heavy, modules = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    assert not [name for name in heavy if name in sys.modules], "the shared base itself is heavy"
    for module in modules:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                importlib.import_module(module)
                found = [name for name in heavy if name in sys.modules]
            except BaseException as error:  # reported, not hidden
                found = ["import failed: " + repr(error)]
            os.write(write, json.dumps(found).encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as answer:
            print(module + "\\t" + answer.read(), flush=True)
        os.waitpid(pid, 0)
""")


def heavy_imports_at_start(modules: list[str]) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(HEAVY), json.dumps(modules)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    found = dict(line.split("\t", 1) for line in done.stdout.splitlines())
    return {module: json.loads(found[module]) for module in modules}


def test_no_function_imports_a_heavy_package_it_does_not_need_at_start() -> None:
    template = Template.load(parameters=local_parameters())
    handlers = {function_id: template.handler_of(function_id).rpartition(".")[0]
                for function_id in template.functions()}
    found = heavy_imports_at_start(sorted(set(handlers.values())))
    assert len(found) == len(set(handlers.values())) > 50  # every handler module was probed
    wrong = {function_id: found[module] for function_id, module in handlers.items()
             if set(found[module]) != AT_START.get(function_id, set())}
    assert wrong == {}


def test_the_probe_sees_a_heavy_import() -> None:
    # the control: the PDF renderer imports fpdf2 at its top (the report functions import it where a
    # PDF is made), and is seen doing so; the configuration imports nothing heavy
    found = heavy_imports_at_start(["functions.reports.render_pdf", "shared.config"])
    assert "fpdf" in found["functions.reports.render_pdf"]
    assert found["shared.config"] == []
