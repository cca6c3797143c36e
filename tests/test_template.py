"""template.yaml, checked the ways a deploy checks it (issue #2).

- cfn-lint (the project's venv) and ``sam validate`` (aws-sam-cli's own venv: it pins older
  boto3/pydantic) both pass. ``sam validate`` runs *without* ``--lint``: with it, SAM CLI only
  runs cfn-lint and skips the SAM translator, which is what catches broken references that
  cfn-lint misses (docs/deploy.md, "Checks before deploying").
- The SAM translator's CloudFormation has what matters: a Lambda function per function, every
  route on the HTTP API with the JWT authorizer unless public, CORS, one runtime, one layer,
  least-privilege roles.
- Every handler imports in a fresh process; the local gateway serves every route.
- The Makefile's ``build-%`` rule (``sam build``, BuildMethod: makefile) ships functions/ and
  shared/ with bytecode that Lambda actually uses, and the handlers import from that folder.

aws-sam-cli is found through ``SAM_CLI`` (``make test`` sets it), else ``.venv-sam/bin/sam``.
Without either these tests fail rather than skip, so CI cannot go green without them.
"""

from __future__ import annotations

import ast
import itertools
import json
import os
import re
import subprocess
import sys
import sysconfig
import time
import tomllib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from infra.local.gateway import Gateway
from infra.local.template import Route, Template, load_template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_PATH = ROOT / "template.yaml"
REGION = "ap-southeast-1"
# Parameter values as `sam deploy` would pass them (the secret ARNs have no default).
PARAMETERS = {
    "DatabaseSecretArn": f"arn:aws:secretsmanager:{REGION}:123456789012:secret:proker/database-AbCdEf",
    "SigningKeySecretArn": f"arn:aws:secretsmanager:{REGION}:123456789012:secret:proker/signing-keys-AbCdEf",
    "EventsWakeSecretArn": f"arn:aws:secretsmanager:{REGION}:123456789012:secret:proker/events-wake-AbCdEf",
    "JwtIssuer": "https://api.proker.example",
    "CorsAllowOrigins": "https://app.proker.example, https://admin.proker.example",
}
PROJECT_PACKAGES = ("functions", "shared", "infra")
# The handler factory: every handler imports it. It imports shared.db only to map
# DatabaseUnavailable to a 503, so reaching the database is judged without descending into it.
FACTORY_MODULE = "shared.api"
DATABASE_MODULES = ("shared.db", "psycopg", "psycopg_pool")
PUBLIC = "NONE"
# What every function runs on (docs/decisions/0015-runtime.md).
RUNTIME = load_template(TEMPLATE_PATH)["Globals"]["Function"]["Runtime"]
(ARCHITECTURE,) = load_template(TEMPLATE_PATH)["Globals"]["Function"]["Architectures"]


# ---------------------------------------------------------------- helpers and fixtures


@pytest.fixture(scope="module")
def template() -> Template:
    return Template.load(parameters=PARAMETERS)


@pytest.fixture(scope="module")
def sam_document() -> dict[str, Any]:
    return load_template(TEMPLATE_PATH)


def sam_cli() -> Path:
    configured = os.environ.get("SAM_CLI")
    if configured:
        if not Path(configured).is_file():
            pytest.fail(f"SAM_CLI={configured} does not exist; `make .venv-sam/.installed-stamp` creates it")
        return Path(configured)
    fallback = ROOT / ".venv-sam" / "bin" / "sam"
    if fallback.is_file():
        return fallback
    pytest.fail("aws-sam-cli not found: set SAM_CLI to its `sam`, or run `make .venv-sam/.installed-stamp` "
                "(`make test` does both)")


@pytest.fixture(scope="module")
def sam_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return offline_sam_environment(tmp_path_factory.mktemp("sam-home"))


def offline_sam_environment(home: Path) -> dict[str, str]:
    """An environment in which SAM CLI works offline: a dummy region and credentials, no
    profile files, no telemetry, and the weekly PyPI version check marked as done."""
    (home / "metadata.json").write_text(json.dumps({"lastVersionCheck": time.time(), "telemetryEnabled": False}))
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "__SAM_CLI_APP_DIR": str(home),
        "SAM_CLI_TELEMETRY": "0",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": str(home / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "LANG": "C.UTF-8",
    }


# Runs in aws-sam-cli's venv: the SAM translator, as `sam package` + CloudFormation use it.
TRANSLATE = r"""
import json, sys
from samcli.yamlhelper import yaml_parse
from samtranslator.translator.transform import transform

class NoManagedPolicies:  # policies named by name would need IAM to resolve; we name none
    def load(self):
        return {}

path, overrides = sys.argv[1], json.loads(sys.argv[2])
with open(path) as handle:
    document = yaml_parse(handle.read())
# What `sam package` does: local code folders become S3 objects.
sections = [document.get("Globals", {}).get("Function", {})]
sections += [resource.get("Properties", {}) for resource in document["Resources"].values()]
for section in sections:
    for key in ("CodeUri", "ContentUri"):
        if isinstance(section.get(key), str):
            section[key] = "s3://proker-artifacts/asset.zip"
# What CloudFormation hands the transform: every parameter's value, list types as lists.
values = {}
for name, spec in document.get("Parameters", {}).items():
    value = overrides.get(name, spec.get("Default"))
    if value is None:
        sys.exit(f"parameter {name} has no value and no default")
    if spec["Type"] == "CommaDelimitedList" or spec["Type"].startswith("List<"):
        value = [item.strip() for item in str(value).split(",")]
    values[name] = value
json.dump(transform(document, values, NoManagedPolicies()), sys.stdout)
"""


@pytest.fixture(scope="module")
def cfn(sam_env: dict[str, str]) -> dict[str, Any]:
    """template.yaml translated to plain CloudFormation by the SAM translator."""
    python = sam_cli().parent / "python"
    result = subprocess.run([str(python), "-c", TRANSLATE, str(TEMPLATE_PATH), json.dumps(PARAMETERS)],
                            env=sam_env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"the SAM translator refused template.yaml:\n{result.stderr[-4000:]}"
    return json.loads(result.stdout)


def resources_of(cfn: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: res for name, res in cfn["Resources"].items() if res["Type"] == kind}


def refs_in(value: Any) -> set[str]:
    """Every name a ``Ref``, a ``Fn::GetAtt`` or a ``Fn::Sub`` variable points at inside ``value``."""
    if isinstance(value, list):
        return set().union(*(refs_in(item) for item in value))
    if not isinstance(value, dict):
        return set()
    if set(value) == {"Ref"}:
        return {value["Ref"]}
    if set(value) == {"Fn::GetAtt"}:
        target = value["Fn::GetAtt"]
        return {(target.split(".")[0] if isinstance(target, str) else target[0])}
    if set(value) == {"Fn::Sub"}:
        text, variables = (value["Fn::Sub"], {}) if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"]
        named = {name.split(".")[0] for name in re.findall(r"\$\{([\w:.]+)\}", text)}
        return (named - set(variables)) | refs_in(list(variables.values()))
    return refs_in(list(value.values()))


def source_arn_route(permission: dict[str, Any]) -> tuple[str, str]:
    """The method and path a Lambda permission lets API Gateway invoke the function for."""
    arn = permission["Properties"]["SourceArn"]["Fn::Sub"][0]
    method, _, path = arn.split("${__Stage__}/", 1)[1].partition("/")
    return method, "/" + path


def concrete_path(route: Route) -> tuple[str, dict[str, str]]:
    """A request path for the route's template path, and the path parameters it carries."""
    params: dict[str, str] = {}
    segments = []
    for index, segment in enumerate(route.path.strip("/").split("/")):
        match = re.fullmatch(r"\{(\w+)(\+?)\}", segment)
        if match:
            value = "a1b2/c3" if match.group(2) else f"0f5e8c3a-1d2b-4c5d-8e9f-00000000000{index}"
            params[match.group(1)] = value
            segments.append(value)
        else:
            segments.append(segment)
    return "/" + "/".join(segments), params


def function_environment(template: Template, function_id: str) -> dict[str, str]:
    """The function's environment variables as Lambda sets them (Globals, then its own)."""
    merged = dict(template.document.get("Globals", {}).get("Function", {}).get("Environment", {}).get("Variables", {}))
    props = template.functions()[function_id]["Properties"]
    merged.update(props.get("Environment", {}).get("Variables", {}))
    return {name: str(value) for name, value in template.resolve(merged).items()}


def clean_env(**extra: str) -> dict[str, str]:
    """A process environment without the test run's settings (conftest sets some)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", str(ROOT)),
           "LANG": "C.UTF-8", "AWS_DEFAULT_REGION": REGION, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true"}
    env.update(extra)
    return env


def run_all(commands: list[dict[str, Any]]) -> list[subprocess.CompletedProcess[str]]:
    """Run subprocesses side by side (one per core): fresh interpreters cost ~1 s each."""
    def run(kwargs: dict[str, Any]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(capture_output=True, text=True, timeout=120, check=False, **kwargs)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(run, commands))


# ---------------------------------------------------------------- 1. cfn-lint, 2. sam validate


@pytest.mark.slow
def test_cfn_lint_passes() -> None:
    from cfnlint.api import ManualArgs, lint_file

    matches = lint_file(TEMPLATE_PATH, config=ManualArgs(regions=[REGION]))
    assert not matches, "cfn-lint:\n" + "\n".join(str(match) for match in matches)


def sam_validate(template_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(sam_cli()), "validate", "--template-file", str(template_path), "--region", REGION],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


@pytest.mark.slow
def test_sam_validate_passes_offline(sam_env: dict[str, str]) -> None:
    result = sam_validate(TEMPLATE_PATH, sam_env)
    assert result.returncode == 0, f"sam validate:\n{result.stdout}\n{result.stderr}"
    assert "is a valid SAM Template" in result.stdout


@pytest.mark.slow
def test_sam_validate_catches_a_broken_reference_cfn_lint_misses(sam_env: dict[str, str], tmp_path: Path) -> None:
    """The control for the test above: the translator step really runs (docs/deploy.md, "Checks before deploying")."""
    broken = tmp_path / "template.yaml"
    text = TEMPLATE_PATH.read_text()
    assert "ApiId: !Ref HttpApi\n" in text
    broken.write_text(text.replace("ApiId: !Ref HttpApi\n", "ApiId: !Ref NoSuchApi\n", 1))
    result = sam_validate(broken, sam_env)
    assert result.returncode != 0
    assert "ApiId must be a valid reference" in result.stdout + result.stderr


# ---------------------------------------------------------------- 3. the translated template


@pytest.mark.slow
def test_one_lambda_function_per_function(cfn: dict[str, Any], template: Template) -> None:
    lambdas = resources_of(cfn, "AWS::Lambda::Function")
    assert set(lambdas) == set(template.functions())
    for function_id, resource in lambdas.items():
        assert resource["Properties"]["Handler"] == template.handler_of(function_id)


@pytest.mark.slow
def test_every_route_is_on_the_http_api_with_the_jwt_authorizer_unless_public(
        cfn: dict[str, Any], template: Template) -> None:
    apis = resources_of(cfn, "AWS::ApiGatewayV2::Api")
    assert len(apis) == 1
    body = next(iter(apis.values()))["Properties"]["Body"]
    authorizer = template.authorizer()
    translated_routes = {(method.upper(), path) for path, item in body["paths"].items() for method in item}
    assert translated_routes == {(route.method, route.path) for route in template.routes()}

    permissions = resources_of(cfn, "AWS::Lambda::Permission")
    for route in template.routes():
        operation = body["paths"][route.path][route.method.lower()]
        integration = operation["x-amazon-apigateway-integration"]
        assert integration["type"] == "aws_proxy"
        assert integration["payloadFormatVersion"] == "2.0"
        # the API calls the function's `live` alias (AutoPublishAlias), which `make deploy-function` moves
        assert f"${{{route.function_id}Aliaslive}}" in integration["uri"]["Fn::Sub"]
        if route.public:
            assert operation["security"] == [{PUBLIC: []}], route.route_key
        else:
            assert operation["security"] == [{authorizer.name: []}], route.route_key
        assert any(p["Properties"]["FunctionName"] == {"Ref": f"{route.function_id}Aliaslive"}
                   and p["Properties"]["Principal"] == "apigateway.amazonaws.com"
                   and source_arn_route(p) == (route.method, re.sub(r"\{[^/]+\}", "*", route.path))
                   for p in permissions.values()), f"API Gateway may not invoke {route.function_id}"
    # The public routes are exactly these: everything else needs a token.
    assert {route.route_key for route in template.routes() if route.public} == {
        "POST /auth/register", "POST /auth/login", "POST /auth/refresh", "GET /auth/health",
        # a mailed single-use link is the credential; asking for one answers 202 whoever asks
        "POST /auth/password/forgot", "POST /auth/password/reset", "POST /auth/email/verify-request",
        "POST /auth/email/verify",
        "GET /.well-known/jwks.json", "GET /.well-known/openid-configuration", "GET /orgs/health",
        "GET /programs/health",
        "GET /tasks/health",
        "GET /users/health",
        "GET /events/health",
        "GET /notifications/health",
        "GET /reports/health",
        "GET /health",  # all of the above health routes together, and the outbox's counts
        # service-only: the function admits only a service token (docs/decisions/0005-service-tokens.md)
        "PUT /users/internal/profiles/{user_id}",
        "GET /events/backlog",
        # the function admits only a body signed with the wake-up secret (docs/decisions/0007-events.md)
        "POST /events/wake",
        # a calendar feed's secret address is the credential (docs/decisions/0017-calendar-feeds.md)
        "GET /calendar/{feed}",
        # an organization's schedule, while its board publishes it (docs/decisions/0022-public-schedule.md)
        "GET /calendar/orgs/{feed}",
    }


@pytest.mark.slow
def test_the_jwt_authorizer_checks_our_issuer_and_audience(cfn: dict[str, Any], template: Template) -> None:
    body = resources_of(cfn, "AWS::ApiGatewayV2::Api")["HttpApi"]["Properties"]["Body"]
    authorizer = template.authorizer()
    scheme = body["components"]["securitySchemes"][authorizer.name]["x-amazon-apigateway-authorizer"]
    assert scheme["type"] == "jwt"
    assert scheme["identitySource"] == "$request.header.Authorization"
    assert scheme["jwtConfiguration"] == {"issuer": {"Ref": "JwtIssuer"}, "audience": ["authenticated"]}
    # The local gateway enforces the same, with the parameter resolved.
    assert authorizer.issuer == PARAMETERS["JwtIssuer"]
    assert authorizer.audience == ("authenticated",)


@pytest.mark.slow
def test_cors_is_configured_on_the_api_as_the_local_gateway_mirrors_it(cfn: dict[str, Any],
                                                                        template: Template) -> None:
    body = resources_of(cfn, "AWS::ApiGatewayV2::Api")["HttpApi"]["Properties"]["Body"]
    cors = body["x-amazon-apigateway-cors"]
    local = template.cors()
    # A list, as API Gateway requires (CloudFormation hands CommaDelimitedList values over as lists).
    assert cors["allowOrigins"] == ["https://app.proker.example", "https://admin.proker.example"]
    assert tuple(cors["allowOrigins"]) == local.allow_origins
    assert tuple(m.upper() for m in cors["allowMethods"]) == local.allow_methods
    assert tuple(h.lower() for h in cors["allowHeaders"]) == local.allow_headers
    assert tuple(cors["exposeHeaders"]) == local.expose_headers
    assert cors["maxAge"] == local.max_age
    methods = {route.method for route in template.routes()}
    assert methods <= set(local.allow_methods)
    assert {"authorization", "content-type", "if-match"} <= set(local.allow_headers)
    assert "ETag" in local.expose_headers


# ---------------------------------------------------------------- 4. handlers, runtime, layer

IMPORT_HANDLER = r"""
import importlib, inspect, json, sys
module_name, _, attribute = sys.argv[1].rpartition(".")
module = importlib.import_module(module_name)
handler = getattr(module, attribute)
inspect.signature(handler).bind({}, None)  # Lambda calls handler(event, context)
print(json.dumps({"callable": callable(handler), "file": module.__file__}))
"""


@pytest.mark.slow
def test_every_handler_imports_in_a_fresh_process_and_is_callable(template: Template) -> None:
    functions = sorted(template.functions())
    results = run_all([
        {"args": [sys.executable, "-c", IMPORT_HANDLER, template.handler_of(function_id)], "cwd": ROOT,
         "env": clean_env(**function_environment(template, function_id))}
        for function_id in functions
    ])
    for function_id, result in zip(functions, results, strict=True):
        assert result.returncode == 0, f"{function_id}: {template.handler_of(function_id)}\n{result.stderr[-3000:]}"
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert report["callable"], function_id
        assert Path(report["file"]).is_relative_to(ROOT), report


@pytest.mark.slow
def test_every_function_runs_the_one_runtime_with_the_one_dependencies_layer(cfn: dict[str, Any]) -> None:
    layers = resources_of(cfn, "AWS::Lambda::LayerVersion")
    assert len(layers) == 1, "one dependencies layer"
    (layer_id, layer), = layers.items()
    assert layer["Properties"]["CompatibleRuntimes"] == [RUNTIME]
    assert layer["Properties"]["CompatibleArchitectures"] == [ARCHITECTURE]
    for function_id, resource in resources_of(cfn, "AWS::Lambda::Function").items():
        props = resource["Properties"]
        assert props["Runtime"] == RUNTIME, function_id
        assert props["Architectures"] == [ARCHITECTURE], function_id
        assert props["Layers"] == [{"Ref": layer_id}], function_id


def test_local_development_runs_the_python_of_the_lambda_runtime() -> None:
    """The tests, the build's bytecode and the layer's wheels are for the one Python Lambda runs
    (docs/decisions/0015-runtime.md): a newer or older local Python would test what never ships."""
    version = RUNTIME.removeprefix("python")
    major, minor = (int(part) for part in version.split("."))
    assert sys.version_info[:2] == (major, minor)
    assert re.search(rf"^PYTHON_VERSION := {re.escape(version)}$", (ROOT / "Makefile").read_text(), re.M)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    supported = SpecifierSet(project["project"]["requires-python"])
    assert f"{major}.{minor}.0" in supported
    assert f"{major}.{minor + 1}.0" not in supported and f"{major}.{minor - 1}.0" not in supported
    assert project["tool"]["mypy"]["python_version"] == version
    assert project["tool"]["ruff"]["target-version"] == "py" + version.replace(".", "")


def test_functions_share_one_code_asset_built_by_the_makefile(sam_document: dict[str, Any]) -> None:
    """Build once, deploy separately (docs/deploy.md, "The build"): functions differ only in handler, events,
    policies and environment; the code comes from the Makefile's build-% rule."""
    assert sam_document["Globals"]["Function"]["CodeUri"] == "."
    for function_id, resource in sam_document["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        assert resource.get("Metadata", {}).get("BuildMethod") == "makefile", function_id
        overridden = {"CodeUri", "Runtime", "Layers", "Architectures"} & set(resource["Properties"])
        assert not overridden, f"{function_id} overrides {overridden} of Globals"
    samconfig = tomllib.loads((ROOT / "samconfig.toml").read_text())
    assert samconfig["default"]["build"]["parameters"]["build_in_source"] is True


# ---------------------------------------------------------------- 5. the local gateway


def test_every_route_is_served_by_the_local_gateway(template: Template) -> None:
    gateway = Gateway(template)
    invoked: list[tuple[Route, dict[str, Any]]] = []
    verified: list[str | None] = []

    def invoke(route: Route, event: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        invoked.append((route, event))
        return 200, {}, b"{}"

    def verify(authorization: str | None) -> dict[str, Any]:
        verified.append(authorization)
        return {"sub": "7d4f0c1e-2b3a-4c5d-9e8f-0123456789ab", "aud": "authenticated"}

    gateway.invoke = invoke  # type: ignore[method-assign]
    gateway.verifier.verify = verify  # type: ignore[method-assign]
    assert gateway.routes == template.routes()
    for route in template.routes():
        path, params = concrete_path(route)
        assert gateway.match(route.method, path) == (route, params), route.route_key

        invoked.clear()
        verified.clear()
        status, _, _ = gateway.handle(route.method, f"{path}?limit=5", {"authorization": "Bearer t"}, b"",
                                      "203.0.113.9")
        assert status == 200, route.route_key
        [(reached, event)] = invoked
        assert reached == route
        assert event["routeKey"] == route.route_key
        assert event.get("pathParameters", {}) == params
        assert verified == ([] if route.public else ["Bearer t"]), route.route_key


def test_every_route_is_the_one_its_own_paths_reach(template: Template) -> None:
    """Where two routes fit one path (/orgs/health and /orgs/{org_id}) the more specific one wins,
    as in API Gateway; every route stays reachable by its own paths."""
    gateway = Gateway(template)
    keys = [route.route_key for route in gateway.routes]
    assert len(keys) == len(set(keys)), "a route is declared twice"
    for route in gateway.routes:
        path, _ = concrete_path(route)
        matched = gateway.match(route.method, path)
        assert matched is not None and matched[0] == route, f"{path} reaches {matched and matched[0].route_key}"


# ---------------------------------------------------------------- 6. least privilege


def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(name: str) -> set[str]:
    """Modules that project module ``name`` imports, anywhere in it (lazy imports too)."""
    path = _module_file(name)
    assert path is not None, name
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if _module_file(submodule) else base)
    return found


def project_closure(module: str) -> set[str]:
    """Every module imported, transitively, from ``module``, not descending into the factory
    or into third-party packages (those are recorded, not followed)."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):  # importing a.b.c runs a and a.b first
            prefix = ".".join(parts[:depth])
            if prefix in seen:
                continue
            seen.add(prefix)
            if prefix.split(".")[0] in PROJECT_PACKAGES and prefix != FACTORY_MODULE and _module_file(prefix):
                todo.extend(_imports(prefix))
    return seen


def touches_database(handler: str) -> bool:
    closure = project_closure(handler.rpartition(".")[0])
    return any(name == db or name.startswith(db + ".") for name in closure for db in DATABASE_MODULES)


def policies_of(role: dict[str, Any]) -> list[dict[str, Any]]:
    """A role's inline policies; one under a condition (``Fn::If``) counts with whichever branch it may take."""
    found = []
    for policy in role["Properties"].get("Policies", []):
        branches = policy["Fn::If"][1:] if "Fn::If" in policy else [policy]
        found += [branch for branch in branches if branch != {"Ref": "AWS::NoValue"}]
    return found


def readable_secrets(cfn: dict[str, Any], function_id: str) -> set[str]:
    """Parameters naming the secrets the function's role may read."""
    role_id = cfn["Resources"][function_id]["Properties"]["Role"]["Fn::GetAtt"][0]
    found: set[str] = set()
    for policy in policies_of(cfn["Resources"][role_id]):
        for statement in policy["PolicyDocument"]["Statement"]:
            actions = statement.get("Action", [])
            actions = [actions] if isinstance(actions, str) else actions
            if any(action.lower().startswith("secretsmanager:") for action in actions):
                found |= refs_in(statement.get("Resource"))
    return found


def test_the_database_analysis_sees_what_it_should() -> None:
    """The control of the two tests below: the import analysis tells the two kinds apart."""
    assert touches_database("functions.auth.handlers.login.handler")
    assert touches_database("functions.auth.handlers.health.handler")
    assert not touches_database("functions.auth.handlers.get_openid_configuration.handler")
    assert "shared.config" in project_closure("functions.auth.handlers.get_openid_configuration")


BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
# SAM attaches this managed policy (sqs:ReceiveMessage, DeleteMessage, GetQueueAttributes on any
# queue) to the role of every function with an SQS event and offers no way to scope it; accepted for
# the event consumers only (docs/decisions/0007-events.md).
SQS_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"


def sqs_consumers(template: Template) -> dict[str, dict[str, Any]]:
    """Functions with an SQS event: {function id: the event's properties}."""
    found = {}
    for function_id, resource in template.functions().items():
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] == "SQS":
                assert function_id not in found, f"{function_id}: one queue per consumer"
                found[function_id] = event["Properties"]
    return found


@pytest.mark.slow
def test_no_policy_grants_wildcard_actions_or_resources(cfn: dict[str, Any], template: Template) -> None:
    consumer_roles = {cfn["Resources"][function_id]["Properties"]["Role"]["Fn::GetAtt"][0]
                      for function_id in sqs_consumers(template)}
    for role_id, role in resources_of(cfn, "AWS::IAM::Role").items():
        props = role["Properties"]
        allowed = {BASIC_EXECUTION} | ({SQS_EXECUTION} if role_id in consumer_roles else set())
        assert set(props.get("ManagedPolicyArns", [])) <= allowed, role_id
        for policy in policies_of(role):
            for statement in policy["PolicyDocument"]["Statement"]:
                assert statement["Effect"] == "Allow"
                assert not {"NotAction", "NotResource"} & set(statement), (role_id, statement)
                actions = statement["Action"]
                for action in [actions] if isinstance(actions, str) else actions:
                    assert "*" not in action, (role_id, statement)
                resources = statement["Resource"]
                for resource in resources if isinstance(resources, list) else [resources]:
                    assert resource != "*", (role_id, statement)
                    assert refs_in(resource), f"{role_id}: a resource that names no parameter: {resource}"


@pytest.mark.slow
def test_only_functions_that_sign_read_the_signing_key(cfn: dict[str, Any], template: Template) -> None:
    for function_id in template.functions():
        env = cfn["Resources"][function_id]["Properties"]["Environment"]["Variables"]
        signs = "SIGNING_KEY_SECRET_ARN" in env
        if signs:
            assert env["SIGNING_KEY_SECRET_ARN"] == {"Ref": "SigningKeySecretArn"}
        assert ("SigningKeySecretArn" in readable_secrets(cfn, function_id)) == signs, function_id
        own = {"EventsDispatchFunction": {"EventsWakeSecretArn"},
               "NotificationsAlertFunction": {"AlertWebhooksSecretArn"}}.get(function_id, set())
        assert readable_secrets(cfn, function_id) <= {"SigningKeySecretArn", "DatabaseSecretArn"} | own, function_id


@pytest.mark.slow
def test_only_functions_that_touch_the_database_read_its_secret(cfn: dict[str, Any], template: Template) -> None:
    for function_id in template.functions():
        uses_db = touches_database(template.handler_of(function_id))
        assert ("DatabaseSecretArn" in readable_secrets(cfn, function_id)) == uses_db, (
            f"{function_id}: {'needs' if uses_db else 'does not need'} the database secret")


INVOKE_WITHOUT_DATABASE = r"""
import importlib, json, sys
from infra.local.gateway import LambdaContext

calls, out = json.loads(sys.argv[1]), sys.argv[2]
statuses = {}
for function_id, handler_path, event in calls:
    module_name, _, attribute = handler_path.rpartition(".")
    handler = getattr(importlib.import_module(module_name), attribute)
    statuses[function_id] = handler(event, LambdaContext(function_name=function_id))["statusCode"]
with open(out, "w") as handle:
    json.dump(statuses, handle)
"""


@pytest.mark.slow
def test_public_functions_without_the_database_secret_answer_without_a_database(
        cfn: dict[str, Any], template: Template, tmp_path: Path) -> None:
    """The analysis checked by running: with no database configured at all, they answer 200."""
    gateway = Gateway(template)
    calls = []
    for route in template.routes():
        if route.public and "DatabaseSecretArn" not in readable_secrets(cfn, route.function_id):
            path, params = concrete_path(route)
            event = gateway.event(route, route.method, path, "", {"host": "api.proker.example"}, b"",
                                  "203.0.113.9", params, None)
            calls.append([route.function_id, route.handler, event])
    assert calls, "expected the OpenID discovery and JWKS functions here"
    out = tmp_path / "statuses.json"
    env = clean_env(SIGNING_KEY_FILE=str(tmp_path / "signing-key.json"), JWT_ISSUER=PARAMETERS["JwtIssuer"],
                    POWERTOOLS_SERVICE_NAME="auth", POWERTOOLS_METRICS_NAMESPACE="ProkerTracker",
                    POWERTOOLS_LOG_LEVEL="WARNING")
    result = subprocess.run([sys.executable, "-c", INVOKE_WITHOUT_DATABASE, json.dumps(calls), str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(out.read_text()) == {function_id: 200 for function_id, _, _ in calls}


# ---------------------------------------------------------------- 7. the layer's requirements


def _requirement_key(text: str) -> tuple[str, frozenset[str], str, str]:
    requirement = Requirement(text)
    return (canonicalize_name(requirement.name), frozenset(requirement.extras), str(requirement.specifier),
            str(requirement.marker or ""))


def test_layer_requirements_are_the_project_dependencies() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = [line.split("#", 1)[0].strip() for line in (ROOT / "layer" / "requirements.txt").read_text().splitlines()]
    layer = [line for line in lines if line]
    assert len(layer) == len({_requirement_key(line)[0] for line in layer}), "a package is listed twice"
    assert {_requirement_key(line) for line in layer} == {_requirement_key(text) for text in declared}
    for text in declared:
        specifiers = list(Requirement(text).specifier)
        assert len(specifiers) == 1 and specifiers[0].operator == "==", f"not pinned: {text}"


# ---------------------------------------------------------------- 8. the build


@pytest.fixture(scope="module")
def asset(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """What `sam build` makes of AuthLoginFunction (BuildMethod: makefile, build_in_source)."""
    artifacts = tmp_path_factory.mktemp("build") / "AuthLoginFunction"
    result = subprocess.run(["make", "--no-print-directory", "build-AuthLoginFunction", f"ARTIFACTS_DIR={artifacts}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    yield artifacts


def runtime_cache_tag(sam_document: dict[str, Any]) -> str:
    runtime = sam_document["Globals"]["Function"]["Runtime"]  # python3.12
    major, minor = runtime.removeprefix("python").split(".")
    return f"cpython-{major}{minor}"


@pytest.mark.slow
def test_the_build_ships_functions_and_shared_compiled_and_nothing_else(asset: Path,
                                                                        sam_document: dict[str, Any]) -> None:
    assert sorted(p.name for p in asset.iterdir()) == ["functions", "shared"]
    everything = list(asset.rglob("*"))
    assert not [p for p in everything if p.name in {"tests", ".venv", ".venv-sam", ".git", ".data", "infra"}]
    sources = [p for p in everything if p.suffix == ".py"]
    assert sources
    tag = runtime_cache_tag(sam_document)
    for source in sources:
        assert (source.parent / "__pycache__" / f"{source.stem}.{tag}.pyc").is_file(), f"no bytecode for {source}"
    stray = [p for p in everything if p.suffix == ".pyc" and f".{tag}." not in p.name]
    assert not stray, f"bytecode for another Python than the runtime's: {stray[:3]}"


# Runs on the built asset as Lambda runs it: /var/task (here: the asset) first on the path,
# then the layer's packages, no site-packages processing (-S), so nothing of the checkout
# (the editable install) can stand in for a missing file. Records any module that had to be
# compiled from source, i.e. whose shipped bytecode Python did not accept.
IMPORT_FROM_ASSET = r"""
import importlib, importlib.machinery, json, sys

compiled = []
original = importlib.machinery.SourceFileLoader.source_to_code
def source_to_code(self, data, path, *args, **kwargs):
    compiled.append(str(path))
    return original(self, data, path, *args, **kwargs)
importlib.machinery.SourceFileLoader.source_to_code = source_to_code

handlers = {}
for handler_path in sys.argv[1:]:
    module_name, _, attribute = handler_path.rpartition(".")
    handlers[handler_path] = callable(getattr(importlib.import_module(module_name), attribute))
files = sorted({getattr(m, "__file__", None) or "" for m in list(sys.modules.values())} - {""})
print(json.dumps({"handlers": handlers, "compiled": compiled, "files": files}))
"""


@pytest.mark.slow
def test_handlers_import_from_the_built_asset_using_its_bytecode(asset: Path, template: Template) -> None:
    # `sam deploy` zips the asset with every timestamp set to 1980-01-01 (samcli's make_zip);
    # bytecode validated by source timestamp would be stale on Lambda and recompiled at every
    # cold start (/var/task is read-only). Reproduce that before importing.
    epoch_1980 = time.mktime((1980, 1, 1, 0, 0, 0, 0, 0, -1))
    for path in asset.rglob("*"):
        os.utime(path, (epoch_1980, epoch_1980))
    layer = sysconfig.get_paths()["purelib"]  # the project venv's packages stand in for the layer
    handlers = sorted({template.handler_of(function_id) for function_id in template.functions()})
    env = clean_env(PYTHONPATH=f"{asset}{os.pathsep}{layer}", PYTHONDONTWRITEBYTECODE="1",
                    **function_environment(template, "AuthLoginFunction"))
    result = subprocess.run([sys.executable, "-S", "-c", IMPORT_FROM_ASSET, *handlers], cwd=asset, env=env,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["handlers"] == dict.fromkeys(handlers, True)
    from_checkout = [f for f in report["files"] if any(Path(f).is_relative_to(ROOT / p) for p in PROJECT_PACKAGES)]
    assert not from_checkout, f"imported from the checkout, not the asset: {from_checkout[:5]}"
    assert any(Path(f).is_relative_to(asset) for f in report["files"])
    recompiled = [f for f in report["compiled"] if Path(f).is_relative_to(asset)]
    assert not recompiled, f"shipped bytecode not used (recompiled from source): {recompiled[:5]}"


def test_the_build_needs_nothing_outside_functions_and_shared() -> None:
    """Handlers reach only functions/ and shared/ of the project: infra/ is not shipped."""
    for path in itertools.chain((ROOT / "functions").rglob("*.py"), (ROOT / "shared").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        outside = {name for name in _imports(module) if name.split(".")[0] in PROJECT_PACKAGES
                   and name.split(".")[0] not in ("functions", "shared")}
        assert not outside, f"{module} imports {outside}, which the build does not ship"


# ---------------------------------------------------------------- 9. events: bus, rules, queues, consumers


def get_att(value: Any, attribute: str) -> str | None:
    """The resource a ``!GetAtt <resource>.<attribute>`` names."""
    if isinstance(value, dict) and set(value) == {"Fn::GetAtt"}:
        target = value["Fn::GetAtt"]
        name, _, attr = target.partition(".") if isinstance(target, str) else (target[0], ".", target[1])
        return name if attr == attribute else None
    return None


def test_every_consumer_has_the_same_shape(template: Template) -> None:
    """Queue with a dead-letter queue (maxReceiveCount 5), a rule on the bus matching detail-types and
    targeting the queue, a queue policy letting only that rule send, and the function's SQS event with
    partial batch failures; its handler is built by shared.consumer."""
    resources = template.resources
    consumers = sqs_consumers(template)
    assert "TasksProgramStatusFunction" in consumers
    rules = {name: res["Properties"] for name, res in resources.items() if res["Type"] == "AWS::Events::Rule"}
    for function_id, props in consumers.items():
        queue = get_att(props["Queue"], "Arn")
        assert queue and resources[queue]["Type"] == "AWS::SQS::Queue", function_id
        assert (props["BatchSize"], props["FunctionResponseTypes"]) == (10, ["ReportBatchItemFailures"]), function_id
        redrive = resources[queue]["Properties"]["RedrivePolicy"]
        assert redrive["maxReceiveCount"] == 5, queue
        dead_letters = get_att(redrive["deadLetterTargetArn"], "Arn")
        assert dead_letters and resources[dead_letters]["Type"] == "AWS::SQS::Queue", queue
        targeting = [name for name, rule in rules.items()
                     if any(get_att(target["Arn"], "Arn") == queue for target in rule["Targets"])]
        assert targeting, f"no rule routes events to {queue}"
        for name in targeting:
            rule = rules[name]
            assert rule["EventBusName"] == {"Ref": "EventBus"}, name
            assert set(rule["EventPattern"]) <= {"detail-type", "source", "detail"}, name
            assert rule["EventPattern"]["detail-type"], name
            # what EventBridge cannot hand to the queue goes to the dead-letter queue, never dropped
            for target in rule["Targets"]:
                assert get_att(target["DeadLetterConfig"]["Arn"], "Arn") == dead_letters, name
                assert target["RetryPolicy"]["MaximumEventAgeInSeconds"] >= 3600, name
        policies = [res["Properties"] for res in resources.values() if res["Type"] == "AWS::SQS::QueuePolicy"
                    and {"Ref": queue} in res["Properties"]["Queues"]]
        assert len(policies) == 1, queue
        assert policies[0]["Queues"] == [{"Ref": queue}, {"Ref": dead_letters}], queue
        statements = policies[0]["PolicyDocument"]["Statement"]
        assert all(s["Principal"] == {"Service": "events.amazonaws.com"} and s["Action"] == "sqs:SendMessage"
                   and [get_att(r, "Arn") for r in s["Resource"]] == [queue, dead_letters]
                   for s in statements), queue
        allowed_rules = {get_att(s["Condition"]["ArnEquals"]["aws:SourceArn"], "Arn") for s in statements}
        assert allowed_rules == set(targeting), queue
        module_name, _, attribute = template.handler_of(function_id).rpartition(".")
        import importlib

        handler = getattr(importlib.import_module(module_name), attribute)
        assert getattr(handler, "consumer_name", None), f"{function_id} is not built by shared.consumer.consumer"


@pytest.mark.slow
def test_only_the_dispatcher_puts_events_and_only_on_the_bus(cfn: dict[str, Any]) -> None:
    dispatcher_role = cfn["Resources"]["EventsDispatchFunction"]["Properties"]["Role"]["Fn::GetAtt"][0]
    putters = set()
    for role_id, role in resources_of(cfn, "AWS::IAM::Role").items():
        for policy in policies_of(role):
            for statement in policy["PolicyDocument"]["Statement"]:
                actions = statement["Action"]
                if "events:PutEvents" in ([actions] if isinstance(actions, str) else actions):
                    putters.add(role_id)
                    named = {name for name in refs_in(statement["Resource"]) if not name.startswith("AWS::")}
                    assert named == {"EventBus"}, statement
    assert putters == {dispatcher_role}
    schedules = resources_of(cfn, "AWS::Scheduler::Schedule")
    sweep = next(s for s in schedules.values()
                 if s["Properties"]["Target"]["Arn"] == {"Ref": "EventsDispatchFunctionAliaslive"})
    assert sweep["Properties"]["ScheduleExpression"] == "rate(1 minute)"
    assert sweep["Properties"]["ScheduleExpressionTimezone"] == "Asia/Jakarta"


@pytest.mark.slow
def test_the_web_app_bucket_is_private_and_read_only_by_its_cloudfront_distribution(cfn: dict[str, Any]) -> None:
    bucket = cfn["Resources"]["WebBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert "WebsiteConfiguration" not in bucket  # no public website endpoint: CloudFront is the only way in
    distribution = cfn["Resources"]["WebDistribution"]["Properties"]["DistributionConfig"]
    origin = distribution["Origins"][0]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert distribution["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert distribution["DefaultCacheBehavior"]["AllowedMethods"] == ["GET", "HEAD"]
    policies = [p for p in resources_of(cfn, "AWS::S3::BucketPolicy").values()
                if p["Properties"]["Bucket"] == {"Ref": "WebBucket"}]
    assert len(policies) == 1
    (statement,) = policies[0]["Properties"]["PolicyDocument"]["Statement"]
    assert statement["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert statement["Action"] == "s3:GetObject"
    assert "WebDistribution" in refs_in(statement["Condition"]["StringEquals"]["AWS:SourceArn"])


# ---------------------------------------------------------------- 10. watching it (docs/operations.md)


def test_the_dashboard_is_the_one_infra_dashboard_writes_from_the_template() -> None:
    from infra.dashboard import current, resource_text

    written = current(TEMPLATE_PATH.read_text())
    assert written is not None, "template.yaml has no dashboard block"
    assert written == resource_text(Template.load(parameters=PARAMETERS)), "stale: run `make dashboard`"


def test_the_dashboard_shows_every_function_and_every_alarm(sam_document: dict[str, Any]) -> None:
    body = sam_document["Resources"]["Dashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]
    references = set(re.findall(r"\$\{([A-Za-z0-9]+)(?:\.Arn)?\}", body))
    functions = {name for name, r in sam_document["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}
    alarms = {name for name, r in sam_document["Resources"].items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    assert functions | alarms | {"HttpApi"} <= references


def test_every_alarm_tells_the_operators_when_it_starts_and_when_it_ends(sam_document: dict[str, Any]) -> None:
    alarms = {name: r["Properties"] for name, r in sam_document["Resources"].items()
              if r["Type"] == "AWS::CloudWatch::Alarm"}
    assert {"ApiServerErrorsAlarm", "ApiLatencyP95Alarm", "FunctionErrorsAlarm", "DeadLettersAlarm",
            "EventsDeadAlarm", "EventsOldestPendingAlarm", "JobsFailedAlarm", "EventsSweepNotRunAlarm"} <= set(alarms)
    for name, props in alarms.items():
        assert props["AlarmActions"] == props["OKActions"] == [{"Ref": "AlertsTopic"}], name
        assert props["AlarmName"] == {"Fn::Sub": "${AWS::StackName}-" + name.removesuffix("Alarm")}, name
    alert = sam_document["Resources"]["NotificationsAlertFunction"]["Properties"]
    assert alert["Events"]["Alarms"] == {"Type": "SNS", "Properties": {"Topic": {"Ref": "AlertsTopic"}}}
    queues = {name for name, r in sam_document["Resources"].items()
              if r["Type"] == "AWS::SQS::Queue" and name.endswith("DeadLetterQueue")}
    watched = json.dumps(alarms["DeadLettersAlarm"]["Metrics"])
    assert all(f'"{queue}"' in watched for queue in queues), "a dead-letter queue no alarm watches"


def test_logs_are_kept_for_the_retention_the_stage_chose(sam_document: dict[str, Any]) -> None:
    logging = sam_document["Globals"]["Function"]["LoggingConfig"]
    assert logging == {"LogFormat": "JSON", "LogGroup": {"Ref": "FunctionsLogGroup"}}
    for group in ("FunctionsLogGroup", "ApiAccessLogGroup"):
        assert sam_document["Resources"][group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
    access = sam_document["Resources"]["HttpApi"]["Properties"]["AccessLogSettings"]
    assert access["DestinationArn"] == {"Fn::GetAtt": ["ApiAccessLogGroup", "Arn"]}
    assert all(f"$context.{field}" in access["Format"] for field in ("requestId", "status", "responseLatency"))
