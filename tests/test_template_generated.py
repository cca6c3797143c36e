"""The functions of template.yaml are written from where their facts are stated once (infra/template.py, issue 13).

- Their block in template.yaml is exactly what ``python -m infra.template`` writes from the services'
  functions/<service>/functions.yaml and the handlers' ``@router`` decorators (``make template``).
- Every route a handler module declares has its function in template.yaml, with the same method, path and
  authorizer, and every route of template.yaml is one a handler module declares: read here from the
  modules themselves, not through the generator.
- The controls: a stale block, a module without an entry, an entry restating its route, a route only on one
  side are each caught.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.api_gateway import Router

from infra import template as generator
from infra.local.template import Template
from shared.api import PUBLIC, SERVICE_ONLY

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PATH = ROOT / "template.yaml"

# (handler module, METHOD, /path, public at the gateway)
Declared = tuple[str, str, str, bool]


@pytest.fixture(scope="module")
def generated() -> generator.Generated:
    return generator.generate()


@pytest.fixture(scope="module")
def facts() -> dict[str, str]:
    return {service: (ROOT / "functions" / service / generator.FACTS).read_text()
            for service in generator.services()}


def declared_routes() -> set[Declared]:
    """Every route of every module under functions/*/handlers/, as its router registers it."""
    found: set[Declared] = set()
    for path in sorted(ROOT.glob("functions/*/handlers/*.py")):
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        router = getattr(module, "router", None)
        if not isinstance(router, Router):
            continue
        app = APIGatewayHttpResolver()
        app.include_router(router)
        for route in app._static_routes + app._dynamic_routes:
            assert route.security in (None, PUBLIC, SERVICE_ONLY), (module.__name__, route.security)
            found.add((module.__name__, route.method.upper(), route.openapi_path, route.security is not None))
    return found


def templated_routes(template: Template) -> set[Declared]:
    return {(route.handler.rpartition(".")[0], route.method, route.path, route.public) for route in template.routes()}


def route_differences(declared: set[Declared], templated: set[Declared]) -> list[str]:
    return ([f"{m} declares {method} {path} (public: {public}), which template.yaml has not: run make template"
             for m, method, path, public in sorted(declared - templated)]
            + [f"template.yaml routes {method} {path} (public: {public}) to {m}, which does not declare it"
               for m, method, path, public in sorted(templated - declared)])


# ---------------------------------------------------------------- the block is the generator's


def test_the_functions_of_template_yaml_are_the_ones_infra_template_writes(generated: generator.Generated) -> None:
    written = generator.current(TEMPLATE_PATH.read_text())
    assert written is not None, "template.yaml has no functions block"
    assert written == generated.text, "stale: run `make template`"
    functions = Template.load().functions()
    assert len(functions) > 100
    assert list(generated.functions) == [f for f in functions if f in generated.functions]
    assert set(generated.functions) == set(functions), "a function of template.yaml outside the generated block"
    assert len(generated.routes) > 100


def test_every_declared_route_has_its_function_and_every_route_its_declaration() -> None:
    declared, templated = declared_routes(), templated_routes(Template.load())
    assert len(declared) > 100
    assert route_differences(declared, templated) == []
    # the public ones are few, and say so in their decorator (tests/test_template.py lists them)
    assert 10 < sum(public for *_, public in declared) < len(declared) / 2


# ---------------------------------------------------------------- the controls: each of these is caught


def test_a_route_on_one_side_only_is_named() -> None:
    templated = templated_routes(Template.load())
    dropped = sorted(templated)[0]
    assert route_differences(templated, templated - {dropped}) == [
        f"{dropped[0]} declares {dropped[1]} {dropped[2]} (public: {dropped[3]}), which template.yaml has not: "
        "run make template"]
    flipped = (*dropped[:3], not dropped[3])
    assert len(route_differences(templated, (templated - {dropped}) | {flipped})) == 2


def test_a_changed_fact_makes_the_block_stale(facts: dict[str, str], generated: generator.Generated) -> None:
    changed = dict(facts)
    assert "  MemorySize: 512  # argon2id hashes with 64 MiB\n" in changed["auth"]
    changed["auth"] = changed["auth"].replace("  MemorySize: 512  # argon2id", "  MemorySize: 1024  # argon2id", 1)
    assert generator.generate(facts=changed).text != generated.text
    assert generator.generate(facts=facts).text == generated.text


def test_a_module_without_an_entry_is_refused(facts: dict[str, str]) -> None:
    assert "\nrevoke_session:\n" in facts["auth"]
    with pytest.raises(generator.FactsError, match=r"no entry for \['revoke_session'\]"):
        generator.generate(facts={**facts, "auth": facts["auth"].replace("\nrevoke_session:\n", "\n", 1)})


def test_an_entry_that_restates_its_route_is_refused(facts: dict[str, str]) -> None:
    assert "\nrefresh:\n" in facts["auth"]
    text = facts["auth"].replace("\nrefresh:\n", '\nrefresh:\n  Description: "POST /auth/refresh: Refresh"\n', 1)
    with pytest.raises(generator.FactsError, match="names its route as"):
        generator.generate(facts={**facts, "auth": text})


def test_an_entry_whose_text_would_say_something_else_is_refused(facts: dict[str, str]) -> None:
    """The written text is parsed back and compared with the entry: a property it would lose is caught."""
    entry = generator.parse_facts("auth", facts["auth"])[0]
    entry.properties = [(key, lines) for key, lines in entry.properties if key != "MemorySize"]
    route = generator.routes_of(importlib.import_module(entry.module))[0]
    with pytest.raises(generator.FactsError, match="does not say what its entry says"):
        generator._check(entry, route, generator.function_text(entry, route))
