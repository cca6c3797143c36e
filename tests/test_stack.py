"""The stacks that deploy (infra/stack.py): template.yaml split into a root stack and one per service (issue 11).

What a deploy relies on, checked on the split as written for a deploy:
- each stack passes ``sam validate`` (the SAM translator: every reference resolves in its own file) and
  cfn-lint, and its CloudFormation stays under the limits (500 resources, 200 outputs and parameters);
- every function of template.yaml is in its service's stack, as template.yaml declares it, named
  ``<stage>-<LogicalId>``, with a ``live`` alias;
- every route of template.yaml is on the one API, calls that alias, with the JWT authorizer unless public,
  and API Gateway may invoke the alias for that route only;
- what crosses stacks is passed: every parameter a service's stack declares is given by the root, every
  output the root reads exists;
- the issuer: empty, it is the API's own URL (one deploy makes a working stage).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from infra import stack
from infra.layer import requirements_digest
from infra.local.template import Template, load_template
from tests.test_template import PARAMETERS, REGION, TRANSLATE, offline_sam_environment, run_all, sam_cli

ALIAS_REF = "{function}Alias" + stack.ALIAS  # SAM's logical id of a function's AutoPublishAlias


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stack")
    stack.write(out)
    return out


@pytest.fixture(scope="module")
def documents(written: Path) -> dict[str, dict[str, Any]]:
    """Each written stack by name: ``root`` and the services'."""
    return {("root" if path.stem == "template" else path.stem): load_template(path)
            for path in sorted(written.glob("*.yaml"))}


@pytest.fixture(scope="module")
def sam_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return offline_sam_environment(tmp_path_factory.mktemp("sam-home"))


@pytest.fixture(scope="module")
def template() -> Template:
    return Template.load(parameters=PARAMETERS)


def parameter_values(document: dict[str, Any]) -> dict[str, str]:
    """Values for a stack's parameters as a deploy would give them (a dummy where the root passes one)."""
    values = {}
    for name, spec in document.get("Parameters", {}).items():
        values[name] = PARAMETERS.get(name, spec.get("Default", f"arn:aws:sqs:{REGION}:123456789012:{name}"))
    values["StageName"] = "dev"
    return values


@pytest.fixture(scope="module")
def translated(written: Path, documents: dict[str, dict[str, Any]], sam_env: dict[str, str]) -> dict[str, Any]:
    """Each stack translated to plain CloudFormation by the SAM translator, as CloudFormation runs it."""
    python = sam_cli().parent / "python"
    names = list(documents)
    paths = {name: written / ("template.yaml" if name == "root" else f"{name}.yaml") for name in names}
    results = run_all([{"args": [str(python), "-c", TRANSLATE, str(paths[name]),
                                 json.dumps(parameter_values(documents[name]))], "env": sam_env} for name in names])
    for name, result in zip(names, results, strict=True):
        assert result.returncode == 0, f"the SAM translator refused the {name} stack:\n{result.stderr[-4000:]}"
    return {name: json.loads(result.stdout) for name, result in zip(names, results, strict=True)}


def translate(path: Path, document: dict[str, Any], sam_env: dict[str, str]) -> dict[str, Any]:
    python = sam_cli().parent / "python"
    result = subprocess.run([str(python), "-c", TRANSLATE, str(path), json.dumps(parameter_values(document))],
                            env=sam_env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"the SAM translator refused {path.name}:\n{result.stderr[-4000:]}"
    return json.loads(result.stdout)


def unresolved(document: dict[str, Any]) -> set[str]:
    """The names a CloudFormation document refers to but does not declare (CloudFormation would refuse it)."""
    declared = set(document["Resources"]) | set(document.get("Parameters", {}))
    used = {target for target, _ in stack.references([document["Resources"], document.get("Outputs", {})])}
    return {name for name in used if name not in declared and not name.startswith("AWS::")}


def of_type(document: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: resource for name, resource in document["Resources"].items() if resource["Type"] == kind}


# ---------------------------------------------------------------- each stack on its own


@pytest.mark.slow
def test_every_stack_passes_sam_validate_and_cfn_lint(written: Path, sam_env: dict[str, str]) -> None:
    from cfnlint.api import ManualArgs, lint_file

    paths = sorted(written.glob("*.yaml"))
    assert len(paths) == 1 + len(Template.load().functions_by_service())
    results = run_all([{"args": [str(sam_cli()), "validate", "--template-file", str(path), "--region", REGION],
                        "env": sam_env} for path in paths])
    for path, result in zip(paths, results, strict=True):
        assert result.returncode == 0, f"sam validate {path.name}:\n{result.stdout}\n{result.stderr}"
    for path in paths:
        matches = lint_file(path, config=ManualArgs(regions=[REGION]))
        assert not matches, f"cfn-lint {path.name}:\n" + "\n".join(str(match) for match in matches)


@pytest.mark.slow
def test_a_broken_reference_in_a_service_stack_is_caught(written: Path, tmp_path: Path) -> None:
    """The control for the test above: a name the stack does not declare fails the check, not a deploy."""
    from cfnlint.api import ManualArgs, lint_file

    text = (written / "programs.yaml").read_text()
    assert "Ref: ApiId" in text
    broken = tmp_path / "programs.yaml"
    broken.write_text(text.replace("Ref: ApiId", "Ref: NoSuchApi", 1))
    matches = lint_file(broken, config=ManualArgs(regions=[REGION]))
    assert any("NoSuchApi" in str(match) for match in matches), matches


@pytest.mark.slow
def test_every_name_each_stack_refers_to_is_declared_in_it(translated: dict[str, Any]) -> None:
    for name, document in translated.items():
        assert unresolved(document) == set(), name


@pytest.mark.slow
def test_a_broken_reference_in_a_policy_is_caught_by_the_translated_check(
        written: Path, documents: dict[str, dict[str, Any]], sam_env: dict[str, str], tmp_path: Path) -> None:
    """The control for the test above, where neither sam validate nor cfn-lint looks (SAM's policy templates)."""
    text = (written / "programs.yaml").read_text()
    assert "SecretArn:\n            Ref: DatabaseSecretArn" in text
    broken = tmp_path / "programs.yaml"
    broken.write_text(text.replace("SecretArn:\n            Ref: DatabaseSecretArn",
                                   "SecretArn:\n            Ref: NoSuchSecret", 1))
    assert unresolved(translate(broken, documents["programs"], sam_env)) == {"NoSuchSecret"}


@pytest.mark.slow
def test_every_stack_stays_within_cloudformations_limits(translated: dict[str, Any]) -> None:
    sizes = {name: len(document["Resources"]) for name, document in translated.items()}
    assert max(sizes.values()) < 500, sizes
    # template.yaml as one stack would be more than 500 with the aliases: that is why it is split
    assert sum(sizes.values()) > 500, sizes
    for name, document in translated.items():
        assert len(document.get("Outputs", {})) < 200, name
        assert len(document.get("Parameters", {})) < 200, name


# ---------------------------------------------------------------- functions and routes


def test_every_function_is_in_its_services_stack_as_template_yaml_declares_it(
        documents: dict[str, dict[str, Any]], template: Template) -> None:
    source = load_template()
    for service, function_ids in template.functions_by_service().items():
        functions = of_type(documents[service], "AWS::Serverless::Function")
        assert set(functions) == set(function_ids), service
        for function_id in function_ids:
            declared = source["Resources"][function_id]["Properties"]
            written = dict(functions[function_id]["Properties"])
            assert written.pop("FunctionName") == {"Fn::Sub": f"${{StageName}}-{function_id}"}
            events = {name: event for name, event in declared.get("Events", {}).items() if event["Type"] != "HttpApi"}
            assert written.pop("Events", {}).keys() == events.keys(), function_id
            assert {key: value for key, value in declared.items() if key != "Events"}.keys() == written.keys()
            assert written["Handler"] == template.handler_of(function_id)
    root_functions = of_type(documents["root"], "AWS::Serverless::Function")
    assert root_functions == {}


def test_every_function_name_fits_lambdas_64_characters_for_any_stage_the_stack_accepts(
        documents: dict[str, dict[str, Any]], template: Template) -> None:
    for service, function_ids in template.functions_by_service().items():
        assert documents[service]["Parameters"]["StageName"]["MaxLength"] == stack.STAGE_MAX_LENGTH
        for function_id in function_ids:
            assert len("x" * stack.STAGE_MAX_LENGTH + "-" + function_id) <= 64, function_id
        assert documents[service]["Globals"]["Function"]["AutoPublishAlias"] == stack.ALIAS


@pytest.mark.slow
def test_every_route_calls_the_live_alias_with_the_jwt_authorizer_unless_public(
        translated: dict[str, Any], template: Template) -> None:
    routes: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, document in translated.items():
        for resource in of_type(document, "AWS::ApiGatewayV2::Route").values():
            assert resource["Properties"]["RouteKey"] not in routes, "a route is declared twice"
            routes[resource["Properties"]["RouteKey"]] = (name, resource["Properties"])
    assert set(routes) == {route.route_key for route in template.routes()}
    for route in template.routes():
        name, properties = routes[route.route_key]
        document = translated[name]
        assert properties["ApiId"] == {"Ref": "ApiId"}
        if route.public:
            assert properties["AuthorizationType"] == "NONE", route.route_key
            assert "AuthorizerId" not in properties
        else:
            assert properties["AuthorizationType"] == "JWT", route.route_key
            assert properties["AuthorizerId"] == {"Ref": "AuthorizerId"}
        target = re.fullmatch(r"integrations/\$\{(\w+)\}", properties["Target"]["Fn::Sub"])
        assert target, properties["Target"]
        integration_id = target.group(1)
        integration = document["Resources"][integration_id]["Properties"]
        alias = ALIAS_REF.format(function=route.function_id)
        assert document["Resources"][alias]["Type"] == "AWS::Lambda::Alias"
        assert integration["IntegrationUri"] == {"Ref": alias}
        assert (integration["IntegrationType"], integration["PayloadFormatVersion"]) == ("AWS_PROXY", "2.0")
        # API Gateway may invoke the alias, for this route only
        arn_path = re.sub(r"\{[^/]+\}", "*", route.path)
        assert any(p["Properties"]["FunctionName"] == {"Ref": alias}
                   and p["Properties"]["Principal"] == "apigateway.amazonaws.com"
                   and p["Properties"]["SourceArn"]["Fn::Sub"].endswith(f":${{ApiId}}/*/{route.method}{arn_path}")
                   for p in of_type(document, "AWS::Lambda::Permission").values()), route.route_key


@pytest.mark.slow
def test_queues_and_schedules_call_the_live_alias(translated: dict[str, Any], template: Template) -> None:
    for name, document in translated.items():
        for mapping in of_type(document, "AWS::Lambda::EventSourceMapping").values():
            assert mapping["Properties"]["FunctionName"]["Ref"].endswith("Alias" + stack.ALIAS), name
        for schedule in of_type(document, "AWS::Scheduler::Schedule").values():
            assert schedule["Properties"]["Target"]["Arn"]["Ref"].endswith("Alias" + stack.ALIAS), name


# ---------------------------------------------------------------- what crosses stacks


def test_the_root_passes_every_parameter_a_service_stack_declares(documents: dict[str, dict[str, Any]]) -> None:
    root = documents["root"]
    applications = of_type(root, "AWS::Serverless::Application")
    assert set(applications) == {stack.stack_id(service) for service in documents if service != "root"}
    for service, document in documents.items():
        if service == "root":
            continue
        passed = applications[stack.stack_id(service)]["Properties"]
        assert passed["Location"] == f"{service}.yaml"
        assert set(passed["Parameters"]) == set(document["Parameters"]), service
        assert passed["Parameters"]["StageName"] == {"Ref": "AWS::StackName"}
        for name, value in passed["Parameters"].items():  # what the root passes, it has
            for target, _ in stack.references(value):
                assert (target in root["Resources"] or target in root["Parameters"]
                        or target.startswith("AWS::")), f"{service}.{name}: {target}"


def test_every_output_the_root_reads_from_a_service_stack_exists(documents: dict[str, dict[str, Any]]) -> None:
    root = documents["root"]
    services = {stack.stack_id(service): service for service in documents if service != "root"}
    read = [(target, attribute) for target, attribute in stack.references(root["Resources"]) if target in services]
    read += [(target, attribute) for target, attribute in stack.references(root["Outputs"]) if target in services]
    assert read, "the dashboard and the alarms read the services' functions and queues"
    for target, attribute in read:
        assert attribute is not None and attribute.startswith("Outputs."), (target, attribute)
        output = attribute.removeprefix("Outputs.")
        assert output in documents[services[target]].get("Outputs", {}), f"{target} has no output {output}"
    # nothing of template.yaml that went to a service stack is named in the root directly
    moved = {name for service, document in documents.items() if service != "root" for name in document["Resources"]}
    assert not {target for target, _ in stack.references(root["Resources"])} & moved


def test_an_empty_issuer_is_the_apis_own_url_so_one_deploy_makes_a_working_stage(
        documents: dict[str, dict[str, Any]]) -> None:
    root = documents["root"]
    assert root["Parameters"]["JwtIssuer"]["Default"] == ""
    assert root["Conditions"]["IssuerIsTheApi"] == {"Fn::Equals": [{"Ref": "JwtIssuer"}, ""]}
    issuer = {"Fn::If": ["IssuerIsTheApi", stack.API_URL, {"Ref": "JwtIssuer"}]}
    (authorizer,) = of_type(root, "AWS::ApiGatewayV2::Authorizer").values()
    assert authorizer["Properties"]["JwtConfiguration"] == {"Issuer": issuer, "Audience": ["authenticated"]}
    assert authorizer["Properties"]["AuthorizerType"] == "JWT"
    # the authorizer names the API; the API does not name the authorizer: no cycle
    (api,) = of_type(root, "AWS::ApiGatewayV2::Api").values()
    assert not {target for target, _ in stack.references(api)} & set(root["Resources"])
    # the functions sign and check tokens with the same issuer
    for application in of_type(root, "AWS::Serverless::Application").values():
        assert application["Properties"]["Parameters"]["JwtIssuer"] == issuer
    assert root["Outputs"]["ApiUrl"]["Value"] == {
        "Fn::Sub": "https://${HttpApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}


def test_the_layer_says_which_requirements_it_was_built_from(documents: dict[str, dict[str, Any]]) -> None:
    """``make deploy-function`` refuses when the deployed layer was built from other pins (infra/deploy.py)."""
    layer = documents["root"]["Resources"]["DependenciesLayer"]["Properties"]
    assert layer["Description"].endswith(f"(layer/requirements.txt sha256 {requirements_digest()})")


def test_the_api_keeps_template_yamls_cors_throttling_and_access_log(documents: dict[str, dict[str, Any]]) -> None:
    declared = load_template()["Resources"]["HttpApi"]["Properties"]
    root = documents["root"]["Resources"]
    assert root["HttpApi"]["Properties"]["CorsConfiguration"] == declared["CorsConfiguration"]
    stage = root["HttpApiStage"]["Properties"]
    assert (stage["StageName"], stage["AutoDeploy"]) == ("$default", True)
    assert stage["DefaultRouteSettings"] == declared["DefaultRouteSettings"]
    assert stage["AccessLogSettings"] == declared["AccessLogSettings"]


def test_writing_the_stacks_twice_gives_the_same_files(written: Path, tmp_path: Path) -> None:
    again = tmp_path / "stack"
    stack.write(again)
    for path in written.glob("*.yaml"):
        first, second = yaml.safe_load(path.read_text()), yaml.safe_load((again / path.name).read_text())
        if path.name == "template.yaml":  # the code's folder is given relative to where the stacks are
            for document in (first, second):
                document["Resources"]["DependenciesLayer"]["Properties"].pop("ContentUri")
        else:
            for document in (first, second):
                document["Globals"]["Function"].pop("CodeUri")
        assert first == second, path.name
