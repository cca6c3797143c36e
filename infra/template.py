"""The functions of template.yaml, written from where each of their facts is stated once.

- **The route** (method, path, public or not) is the handler's ``@router`` decorator, which serves it:
  ``@router.post("/programs", ...)`` in functions/programs/handlers/create_program.py; ``security=PUBLIC``
  or ``security=SERVICE_ONLY`` (shared/api.py) puts no JWT authorizer in front of it (``Auth: Authorizer: NONE``).
- **The rest** is the service's ``functions/<service>/functions.yaml``: an entry per module (``create_program``
  for handlers/create_program.py; ``consumers.<name>``, ``jobs.<name>``) with what differs from the defaults,
  in template.yaml's own words and with its comments, which are copied along.

What every function has without saying it: its logical id ``<Service><ModuleInCamelCase>Function`` (an
entry's ``LogicalId`` keeps an older one), ``Handler: functions.<service>.<module>.handler``, the
makefile build, ``POWERTOOLS_SERVICE_NAME: <service>``, the policy to read the database secret (an entry's
``Policies`` is the whole list instead) and its route as the ``Api`` event (an entry's ``HttpApi`` event
with no properties takes it under its own name). Its ``Description`` is ``"{route}: <the route's summary>"``
unless the entry says another, in which ``{route}`` stands for the route's method and path.

    python -m infra.template     # rewrites the functions of template.yaml (make template, which then runs
                                 # make dashboard: the dashboard lists the functions)

template.yaml stays a plain SAM template: ``sam build``, infra/stack.py and the local gateway read it as
before. ``tests/test_template_generated.py`` fails when its functions are not what this writes, or when a
handler's route has no function in it.
"""

from __future__ import annotations

import importlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from infra.local.template import TEMPLATE, _CfnLoader

ROOT = TEMPLATE.parent
FUNCTIONS = ROOT / "functions"
FACTS = "functions.yaml"
BEGIN = ("  # >>> the functions, written by `python -m infra.template` from functions/<service>/functions.yaml and\n"
         "  #     the routes of the handlers' @router decorators (do not edit by hand: edit those, make template)\n")
END = "  # <<< the functions\n"
# The services in template.yaml's order (the dashboard's rows, the schedules' order follow it); any other after.
SERVICES = ("auth", "users", "orgs", "programs", "tasks", "reports", "events", "notifications")
# Packages of a service whose modules are functions; an entry's name is the module's under the first one.
FUNCTION_PACKAGES = ("handlers", "consumers", "jobs")
DATABASE_POLICY = {"AWSSecretsManagerGetSecretValuePolicy": {"SecretArn": {"Ref": "DatabaseSecretArn"}}}
ROUTE = "{route}"
SERVICE_TOKEN_NOTE = "a service token, which the function verifies (docs/decisions/0005)"  # noqa: S105 (a comment)
_FIRST = ("Description", "Handler")
_LAST = ("Environment", "Policies", "Events")
_OURS = ("LogicalId",)


class FactsError(ValueError):
    """A functions.yaml, or a handler's route, that cannot be written as the template's functions."""


@dataclass(frozen=True)
class RouteDecl:
    """A route as its handler's decorator states it."""

    method: str
    path: str  # API Gateway form: /users/{user_id}
    summary: str
    public: bool
    service_only: bool

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Entry:
    """One function's entry of a functions.yaml: its text (kept to copy its comments) and its values."""

    service: str
    name: str  # create_program, consumers.notify, jobs.weekly_reports
    comments: list[str] = field(default_factory=list)  # the comment lines just above it
    properties: list[tuple[str, list[str]]] = field(default_factory=list)  # (key, its lines as written)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def module(self) -> str:
        package = "" if "." in self.name else "handlers."
        return f"functions.{self.service}.{package}{self.name}"

    @property
    def function_id(self) -> str:
        if "LogicalId" in self.values:
            return str(self.values["LogicalId"])
        last = self.name.rpartition(".")[2]
        return service_prefix(self.service) + "".join(part.capitalize() for part in last.split("_")) + "Function"


def service_prefix(service: str) -> str:
    """orgs -> Orgs: how the service's logical ids begin."""
    return service[:1].upper() + service[1:]


# ---------------------------------------------------------------- reading the sources


def routes_of(module: Any) -> list[RouteDecl]:
    """The routes of a handler module's ``router`` (none without one), as Powertools registers them."""
    from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
    from aws_lambda_powertools.event_handler.api_gateway import Router

    from shared.api import PUBLIC, SERVICE_ONLY

    router = getattr(module, "router", None)
    if not isinstance(router, Router):
        return []
    app = APIGatewayHttpResolver()
    app.include_router(router)
    found = []
    for route in app._static_routes + app._dynamic_routes:  # Powertools keeps them here only
        security = route.security
        if security not in (None, PUBLIC, SERVICE_ONLY):
            raise FactsError(f"{module.__name__}: security={security!r}: say PUBLIC, SERVICE_ONLY or nothing")
        found.append(RouteDecl(method=route.method.upper(), path=route.openapi_path, summary=route.summary or "",
                               public=security is not None, service_only=security == SERVICE_ONLY))
    return found


def function_modules(service: str, root: Path = ROOT) -> list[str]:
    """Every module of the service's function packages, as an entry names it."""
    names = []
    for package in FUNCTION_PACKAGES:
        for path in sorted((root / "functions" / service / package).glob("*.py")):
            if path.name != "__init__.py":
                names.append(path.stem if package == "handlers" else f"{package}.{path.stem}")
    return names


def services(root: Path = ROOT) -> list[str]:
    found = sorted(path.parent.name for path in (root / "functions").glob(f"*/{FACTS}"))
    return [s for s in SERVICES if s in found] + [s for s in found if s not in SERVICES]


def parse_facts(service: str, text: str, source: str = "") -> list[Entry]:
    """The entries of a functions.yaml, in order. Its first comment lines are its header (not copied); the
    comment lines just above an entry are copied above its function, those of a property with the property."""
    where = source or f"functions/{service}/{FACTS}"
    lines = text.splitlines()
    while lines and lines[0].startswith("#"):  # the header
        lines.pop(0)
    entries: list[Entry] = []
    comments: list[str] = []
    for number, line in enumerate(lines, start=len(text.splitlines()) - len(lines) + 1):
        if "\t" in line:
            raise FactsError(f"{where}:{number}: a tab; indent with spaces")
        if not line.strip():
            continue
        if line.startswith("#"):
            comments.append(line)
            continue
        match = re.fullmatch(r"([a-z_][a-z0-9_.]*):", line)
        if match:
            entries.append(Entry(service, match.group(1), comments))
            comments = []
            continue
        if not entries or not line.startswith("  "):
            raise FactsError(f"{where}:{number}: expected `<module>:` at the start of a line, found {line!r}")
        entry = entries[-1]
        property_match = re.match(r"  ([A-Za-z]\w*):", line)
        if property_match and not line.startswith("   "):
            entry.properties.append((property_match.group(1), [*comments, line]))
            comments = []
        elif line.lstrip().startswith("#") and not entry.properties:
            raise FactsError(f"{where}:{number}: a comment in {entry.name} before its first property")
        elif line.lstrip().startswith("#"):
            comments.append(line)  # goes with the next property, or the next line of this one
        elif entry.properties and line.startswith("    "):
            entry.properties[-1][1].extend([*comments, line])
            comments = []
        else:
            raise FactsError(f"{where}:{number}: indent {entry.name}'s properties by two spaces, their values by four")
    if comments:
        raise FactsError(f"{where}: comments after the last entry")
    values = yaml.load(text, Loader=_CfnLoader) or {}  # noqa: S506 (a SafeLoader subclass)
    names = [entry.name for entry in entries]
    if len(names) != len(set(names)) or list(values) != names:
        raise FactsError(f"{where}: an entry is listed twice, or the file is not one mapping of entries")
    for entry in entries:
        entry.values = values[entry.name] or {}
        if [key for key, _ in entry.properties] != list(entry.values):
            raise FactsError(f"{where}: {entry.name}'s properties could not be read line by line")
        for key in ("Handler", "CodeUri", "Runtime", "Layers", "Architectures"):
            if key in entry.values:
                raise FactsError(f"{where}: {entry.name} states {key}, which every function has alike")
        environment = dict(entry.properties).get("Environment", [])
        if environment and not re.fullmatch(r"  Environment:(\s+#.*)?", next(
                line for line in environment if not line.lstrip().startswith("#"))):
            raise FactsError(f"{where}: {entry.name}: write Environment's variables one per line, below it")
        if "POWERTOOLS_SERVICE_NAME" in (entry.values.get("Environment") or {}):
            raise FactsError(f"{where}: {entry.name}: POWERTOOLS_SERVICE_NAME is the service's, always")
    return entries


def read_facts(root: Path = ROOT, facts: dict[str, str] | None = None) -> dict[str, list[Entry]]:
    """Every service's entries; ``facts`` (service -> text) stands in for the files (the tests)."""
    texts = facts if facts is not None else {s: (root / "functions" / s / FACTS).read_text() for s in services(root)}
    return {service: parse_facts(service, text) for service, text in texts.items()}


# ---------------------------------------------------------------- writing the template


def _shift(lines: list[str], spaces: int) -> list[str]:
    return [(" " * spaces + line) if line.strip() else line for line in lines]


def _route_event(route: RouteDecl, indent: int) -> list[str]:
    """The properties of a route's HttpApi event, ``indent`` spaces in."""
    pad = " " * indent
    lines = [f"{pad}Properties:", f"{pad}  ApiId: !Ref HttpApi", f"{pad}  Method: {route.method}",
             f"{pad}  Path: {route.path}"]
    if route.public:
        note = f"  # {SERVICE_TOKEN_NOTE}" if route.service_only else ""
        lines += [f"{pad}  Auth:", f"{pad}    Authorizer: NONE{note}"]
    return lines


def _description(entry: Entry, route: RouteDecl | None) -> str:
    given = entry.values.get("Description")
    if route is None:
        if not isinstance(given, str) or ROUTE in given:
            raise FactsError(f"{entry.module} has no route: its entry says its Description, without {ROUTE}")
        return given
    if given is None:
        return f"{ROUTE}: {route.summary}"
    if not isinstance(given, str) or ROUTE not in given:
        raise FactsError(f"{entry.module}: its Description names its route as {ROUTE}, not again in full")
    return given


def _quoted(text: str) -> str:
    if '"' in text or "\\" in text:
        raise FactsError(f"a Description with a double quote or a backslash: {text!r}")
    return f'"{text}"'


def function_text(entry: Entry, route: RouteDecl | None) -> str:
    """The function's resource as it stands in template.yaml."""
    own = dict(entry.properties)
    description = _description(entry, route)
    lines = [f"  {line}" if line.strip() else line for line in entry.comments]
    lines += [f"  {entry.function_id}:", "    Type: AWS::Serverless::Function", "    Metadata:",
              "      BuildMethod: makefile", "    Properties:"]
    route_key = route.key if route else ""
    if "Description" in own:  # the entry's own lines (its comments with them), the route put in
        lines += [line.replace(ROUTE, route_key) for line in _shift(own["Description"], 4)]
    else:
        lines.append(f"      Description: {_quoted(description.replace(ROUTE, route_key))}")
    lines.append(f"      Handler: {entry.module}.handler")
    for key, written in entry.properties:
        if key not in _FIRST + _LAST + _OURS:
            lines += _shift(written, 4)
    # Environment: the service's name, then the entry's variables (written one level up: no `Variables:`)
    environment = own.get("Environment", ["  Environment:"])
    first = next(i for i, line in enumerate(environment) if line.startswith("  Environment:"))
    lines += _shift(environment[:first], 4)  # comments above it
    lines += ["      Environment:" + _comment_of(environment[first]), "        Variables:",
              f"          POWERTOOLS_SERVICE_NAME: {entry.service}", *_shift(environment[first + 1:], 6)]
    if "Policies" in own:
        lines += _shift(own["Policies"], 4)
    else:
        lines += ["      Policies:", "        - AWSSecretsManagerGetSecretValuePolicy:",
                  "            SecretArn: !Ref DatabaseSecretArn"]
    lines += _events_text(entry, route, own.get("Events"))
    return "\n".join(lines) + "\n"


def _comment_of(line: str) -> str:
    """A line's trailing comment, with its two spaces (plain scalars only: none of ours quotes a #)."""
    match = re.search(r"\s+#.*$", line)
    return "  " + match.group(0).strip() if match and not line.lstrip().startswith("#") else ""


def _events_text(entry: Entry, route: RouteDecl | None, written: list[str] | None) -> list[str]:
    events = entry.values.get("Events") or {}
    placeholders = [name for name, event in events.items() if event == {"Type": "HttpApi"}]
    others = [name for name, event in events.items() if event.get("Type") == "HttpApi" and name not in placeholders]
    if others:
        raise FactsError(f"{entry.module}: its HttpApi event {others[0]} states a route: the decorator does")
    if len(placeholders) > 1 or (placeholders and route is None):
        raise FactsError(f"{entry.module}: an HttpApi event with no route in its module to take")
    if route is None and not events:
        return []
    lines = ["      Events:"]
    if route is not None and not placeholders:
        lines += ["        Api:", "          Type: HttpApi", *_route_event(route, 10)]
    if written:
        first = next(i for i, line in enumerate(written) if line.startswith("  Events:"))
        for line in _shift(written[first + 1:], 4):
            lines.append(line)
            if route is not None and re.fullmatch(r" {10}Type: HttpApi(\s+#.*)?", line):
                lines += _route_event(route, 10)
    return lines


@dataclass
class Generated:
    text: str  # the block between BEGIN and END, both included
    functions: dict[str, Entry]  # by logical id, in the template's order
    routes: dict[str, RouteDecl]  # by logical id


def generate(root: Path = ROOT, facts: dict[str, str] | None = None) -> Generated:
    """The functions block of template.yaml, from the services' functions.yaml and their handlers' routes."""
    entries = read_facts(root, facts)
    parts = [BEGIN]
    functions: dict[str, Entry] = {}
    routes: dict[str, RouteDecl] = {}
    for service, service_entries in entries.items():
        listed = {entry.name for entry in service_entries}
        modules = function_modules(service, root)
        missing = [name for name in modules if name not in listed]
        if missing:
            raise FactsError(f"functions/{service}/{FACTS} has no entry for {missing}: each module is a function")
        unknown = sorted(listed - set(modules))
        if unknown:
            raise FactsError(f"functions/{service}/{FACTS} lists {unknown}, which are not modules of the service")
        parts.append(f"\n  # ---- {service}: functions/{service}/{FACTS}, the routes of functions/{service}/handlers/"
                     " ----\n")
        for index, entry in enumerate(service_entries):
            declared = routes_of(importlib.import_module(entry.module))
            if len(declared) > 1:
                raise FactsError(f"{entry.module} declares {len(declared)} routes: one function per endpoint")
            route = declared[0] if declared else None
            if entry.function_id in functions:
                raise FactsError(f"two functions named {entry.function_id}")
            functions[entry.function_id] = entry
            if route:
                routes[entry.function_id] = route
            text = function_text(entry, route)
            _check(entry, route, text)
            parts.append(("\n" if index else "") + text)
    parts.append(END)
    return Generated("".join(parts), functions, routes)


def expected_properties(entry: Entry, route: RouteDecl | None) -> dict[str, Any]:
    """What the function's properties must parse to: the entry's values over the defaults."""
    values = {key: value for key, value in entry.values.items() if key not in _OURS}
    properties: dict[str, Any] = {
        **values,
        "Description": _description(entry, route).replace(ROUTE, route.key if route else ""),
        "Handler": f"{entry.module}.handler",
        "Environment": {"Variables": {"POWERTOOLS_SERVICE_NAME": entry.service, **(values.get("Environment") or {})}},
        "Policies": values.get("Policies", [DATABASE_POLICY]),
    }
    events = dict(values.get("Events") or {})
    if route is not None:
        api: dict[str, Any] = {"ApiId": {"Ref": "HttpApi"}, "Method": route.method, "Path": route.path}
        if route.public:
            api["Auth"] = {"Authorizer": "NONE"}
        name = next((n for n, e in events.items() if e == {"Type": "HttpApi"}), "Api")
        events[name] = {"Type": "HttpApi", "Properties": api}
    if events:
        properties["Events"] = events
    return properties


def _check(entry: Entry, route: RouteDecl | None, text: str) -> None:
    """The text written parses to what the entry and the route say (no line lost or misplaced)."""
    parsed = yaml.load(text, Loader=_CfnLoader)  # noqa: S506 (a SafeLoader subclass)
    resource = parsed[entry.function_id]
    if resource["Properties"] != expected_properties(entry, route) or set(resource) != {"Type", "Metadata",
                                                                                        "Properties"}:
        raise FactsError(f"{entry.module}: the text written for it does not say what its entry says:\n{text}")


# ---------------------------------------------------------------- the file


def current(text: str) -> str | None:
    found = re.search(re.escape(BEGIN) + r".*?" + re.escape(END), text, re.S)
    return found.group(0) if found else None


def main() -> int:
    text = TEMPLATE.read_text()
    block = current(text)
    if block is None:
        print(f"{TEMPLATE}: no functions block ({BEGIN.splitlines()[0].strip()!r} ... {END.strip()!r})",
              file=sys.stderr)
        return 1
    try:
        fresh = generate().text
    except FactsError as error:
        print(f"template.yaml not written: {error}", file=sys.stderr)
        return 1
    Path(TEMPLATE).write_text(text.replace(block, fresh))
    print("template.yaml: functions " + ("unchanged" if block == fresh else "rewritten"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
