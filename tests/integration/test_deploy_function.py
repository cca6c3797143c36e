"""`make deploy-function` / `make rollback-function` (infra/deploy.py) against a stage in moto.

The stage is what the stack would have deployed: the shared layer, whose description ends with the digest
of layer/requirements.txt, and real functions of template.yaml created with the template's configuration,
version 1 published and their `live` alias on it. The code asset is built for real (the Makefile's build-%
rule, under a second). What is checked is what a developer sees: the output, the exit status, and the
versions and alias left in the stage.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from infra.deploy import main, template_configuration
from infra.layer import requirements_digest
from infra.local.template import load_template

REGION = "ap-southeast-3"
STAGE = "dev"
PROGRAMS = "ProgramsCreateProgramFunction"  # the Globals' memory and timeout
REPORTS = "ReportsCreateProgramReportFunction"  # its own memory, timeout and a variable


def _zip(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", text)
    return buffer.getvalue()


class Stage:
    """A stage as the stack leaves it, in moto."""

    def __init__(self, digest: str) -> None:
        self.lambda_client = boto3.client("lambda", region_name=REGION)
        self.cloudwatch = boto3.client("cloudwatch", region_name=REGION)
        self.role = boto3.client("iam", region_name=REGION).create_role(
            RoleName="functions", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        self.layer = self.lambda_client.publish_layer_version(
            LayerName=f"{STAGE}-DependenciesLayer", Content={"ZipFile": _zip("")},
            Description=f"Third-party packages of Proker Tracker's functions (layer/requirements.txt sha256 {digest})",
            CompatibleRuntimes=["python3.12"], CompatibleArchitectures=["arm64"])["LayerVersionArn"]

    def deploy(self, function_id: str, *, stage: str = STAGE, without: tuple[str, ...] = (),
               **changed: Any) -> None:
        """The function as the stack creates it from template.yaml (``changed``/``without`` make it
        differ), its version 1 and `live` on it. Values made by intrinsics get a stand-in."""
        configuration = template_configuration(function_id)
        variables = {name: value if isinstance(value, str) else "made-by-cloudformation"
                     for name, value in configuration["Environment"]["Variables"].items() if name not in without}
        fields = {field: configuration[field] for field in ("Runtime", "Handler", "MemorySize", "Timeout",
                                                            "Architectures")}
        name = f"{stage}-{function_id}"
        self.lambda_client.create_function(
            FunctionName=name, Role=self.role, Code={"ZipFile": _zip("# version 1")}, Layers=[self.layer],
            Environment={"Variables": {**variables, **changed.pop("Variables", {})}}, **{**fields, **changed})
        self.lambda_client.publish_version(FunctionName=name)
        self.lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")

    def alias(self, function_id: str) -> dict[str, Any]:
        return self.lambda_client.get_alias(FunctionName=f"{STAGE}-{function_id}", Name="live")

    def state(self, function_id: str) -> tuple[list[str], str, dict[str, Any], str]:
        """Its versions, where `live` points (and its weights), and the code of $LATEST."""
        name = f"{STAGE}-{function_id}"
        versions = [v["Version"] for v in self.lambda_client.list_versions_by_function(FunctionName=name)["Versions"]]
        alias = self.alias(function_id)
        latest = self.lambda_client.get_function_configuration(FunctionName=name)["CodeSha256"]
        return versions, alias["FunctionVersion"], alias.get("RoutingConfig") or {}, latest

    def put_metric(self, function_id: str, metric: str, version: str, value: float) -> None:
        """What Lambda records of a call through `live` that ran ``version``."""
        name = f"{STAGE}-{function_id}"
        self.cloudwatch.put_metric_data(Namespace="AWS/Lambda", MetricData=[{
            "MetricName": metric, "Value": value, "Unit": "Count",
            "Dimensions": [{"Name": "FunctionName", "Value": name}, {"Name": "Resource", "Value": f"{name}:live"},
                           {"Name": "ExecutedVersion", "Value": version}]}])


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for key in ("AWS_PROFILE", "AWS_REGION"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield


@pytest.fixture
def stage(aws: None) -> Stage:
    deployed = Stage(requirements_digest())
    deployed.deploy(PROGRAMS)
    deployed.deploy(REPORTS)
    return deployed


def test_the_template_configuration_is_the_function_s_properties_over_the_globals() -> None:
    globals_ = load_template()["Globals"]["Function"]
    configuration = template_configuration(REPORTS)
    assert configuration["Runtime"] == globals_["Runtime"]
    assert configuration["Architectures"] == globals_["Architectures"]
    assert (configuration["MemorySize"], configuration["Timeout"]) == (512, 30)
    assert configuration["Handler"] == "functions.reports.handlers.create_program_report.handler"
    variables = configuration["Environment"]["Variables"]
    assert set(globals_["Environment"]["Variables"]) < set(variables)
    assert variables["POWERTOOLS_SERVICE_NAME"] == "reports"
    assert variables["REPORTS_BUCKET"] == {"Ref": "ReportsBucket"}


def test_a_deploy_publishes_a_version_and_moves_live_to_it(stage: Stage, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["function", PROGRAMS, "--stage", STAGE]) == 0

    versions, live, weights, latest = stage.state(PROGRAMS)
    assert (versions, live, weights) == (["$LATEST", "1", "2"], "2", {"AdditionalVersionWeights": {}})
    published = stage.lambda_client.get_function_configuration(FunctionName=f"{STAGE}-{PROGRAMS}", Qualifier="2")
    assert published["CodeSha256"] == latest
    assert stage.alias(PROGRAMS)["Description"] == "previous: 1, deployed: 2"
    out = capsys.readouterr().out
    assert f"deployed {PROGRAMS} to stage dev (dev-{PROGRAMS})" in out
    assert "live: version 1 -> 2" in out
    assert f"code: sha256 {latest} (" in out and "MiB zipped" in out
    assert "took " in out
    assert stage.state(REPORTS)[:2] == (["$LATEST", "1"], "1")  # one function at a time


def test_a_second_deploy_of_the_same_code_publishes_nothing(stage: Stage,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["function", PROGRAMS]) == 0
    after_first = stage.state(PROGRAMS)
    capsys.readouterr()

    assert main(["function", PROGRAMS]) == 0

    assert stage.state(PROGRAMS) == after_first
    assert f"{PROGRAMS} in stage dev: nothing changed (live is version 2, code sha256 {after_first[3]})" in \
        capsys.readouterr().out


def test_a_canary_sends_a_share_of_calls_to_the_new_version_then_all(stage: Stage,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    during: list[tuple[float, str, dict[str, Any]]] = []

    def wait(seconds: float) -> None:
        alias = stage.alias(PROGRAMS)
        during.append((seconds, alias["FunctionVersion"], alias["RoutingConfig"]["AdditionalVersionWeights"]))
        stage.put_metric(PROGRAMS, "Invocations", "2", 3)

    assert main(["function", PROGRAMS, "--canary", "10", "--canary-seconds", "45"], sleep=wait) == 0

    assert during == [(30, "1", {"2": 0.1}), (15, "1", {"2": 0.1})]
    assert stage.state(PROGRAMS)[1:3] == ("2", {"AdditionalVersionWeights": {}})
    out = capsys.readouterr().out
    assert "canary: 10% of dev-ProgramsCreateProgramFunction:live's calls go to version 2 for 45 s" in out
    assert "canary: version 2 ran 6 calls in 45 s without an error" in out
    assert "live: version 1 -> 2" in out


def test_a_canary_that_errs_goes_back_to_the_old_version_and_fails(stage: Stage,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        stage.put_metric(PROGRAMS, "Errors", "2", 1)

    assert main(["function", PROGRAMS, "--canary", "5", "--canary-seconds", "300"], sleep=wait) == 1

    assert waits == [30]  # stopped at the first error, not after 300 s
    versions, live, weights, _ = stage.state(PROGRAMS)
    assert (versions, live, weights) == (["$LATEST", "1", "2"], "1", {"AdditionalVersionWeights": {}})
    assert stage.alias(PROGRAMS)["Description"] == ""
    assert ("canary failed: version 2 had 1 error in 30 s; live is back on version 1 alone "
            "(version 2 stays published, unused)") in capsys.readouterr().err


def test_rollback_moves_live_back_once(stage: Stage, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["function", PROGRAMS]) == 0
    capsys.readouterr()

    assert main(["rollback", PROGRAMS, "--stage", STAGE]) == 0

    assert stage.state(PROGRAMS)[:3] == (["$LATEST", "1", "2"], "1", {"AdditionalVersionWeights": {}})
    assert "live: version 2 -> 1" in capsys.readouterr().out

    assert main(["rollback", PROGRAMS]) == 1
    assert "nothing to roll back to: dev-ProgramsCreateProgramFunction:live (version 1) was not moved by " \
        "deploy-function; name a version with --to-version" in capsys.readouterr().err

    assert main(["rollback", PROGRAMS, "--to-version", "2"]) == 0
    assert stage.state(PROGRAMS)[1] == "2"


def test_rollback_refuses_when_live_was_moved_since(stage: Stage, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["function", PROGRAMS]) == 0
    name = f"{STAGE}-{PROGRAMS}"
    stage.lambda_client.update_function_code(FunctionName=name, ZipFile=_zip("# a stack deploy"))
    stage.lambda_client.publish_version(FunctionName=name)
    stage.lambda_client.update_alias(FunctionName=name, Name="live", FunctionVersion="3")
    before = stage.state(PROGRAMS)

    assert main(["rollback", PROGRAMS]) == 1

    assert stage.state(PROGRAMS) == before
    assert "live is on version 3, not the 2 deploy-function moved it to" in capsys.readouterr().err
    assert main(["rollback", PROGRAMS, "--to-version", "9"]) == 1
    assert "dev-ProgramsCreateProgramFunction has no version 9" in capsys.readouterr().err
    assert stage.state(PROGRAMS) == before


def _refused(stage: Stage, capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Runs the command, which must fail and leave the stage as it was; its message."""
    before = stage.state(PROGRAMS)
    assert main(list(argv)) == 1
    assert stage.state(PROGRAMS) == before
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


def test_a_changed_memory_size_needs_a_stack_deploy(aws: None, capsys: pytest.CaptureFixture[str]) -> None:
    stage = Stage(requirements_digest())
    stage.deploy(PROGRAMS, MemorySize=128, Timeout=10)

    err = _refused(stage, capsys, "function", PROGRAMS)

    assert err == (f"{PROGRAMS} cannot be deployed alone to stage dev: its configuration or layer is not what is "
                   "deployed, which needs a stack deploy (make deploy STAGE=<stage>, docs/deploy.md):\n"
                   "  MemorySize: template 256, deployed 128\n")


def test_environment_variables_must_match_by_name_and_literal_value(aws: None,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    stage = Stage(requirements_digest())
    stage.deploy(PROGRAMS, without=("JWKS_URL",), Variables={"POWERTOOLS_SERVICE_NAME": "tasks", "DEBUG": "1"})

    err = _refused(stage, capsys, "function", PROGRAMS)

    assert "needs a stack deploy" in err
    assert err.splitlines()[1:] == [
        "  environment variable JWKS_URL: in the template, not deployed",
        "  environment variable DEBUG: deployed, not in the template",
        "  environment variable POWERTOOLS_SERVICE_NAME: template 'programs', deployed 'tasks'",
    ]


def test_a_changed_layer_needs_a_stack_deploy(aws: None, capsys: pytest.CaptureFixture[str]) -> None:
    stage = Stage("0" * 64)
    stage.deploy(PROGRAMS)

    err = _refused(stage, capsys, "function", PROGRAMS)

    assert "needs a stack deploy (make deploy STAGE=<stage>, docs/deploy.md)" in err
    assert (f"  the shared layer changed: layer/requirements.txt is sha256 {requirements_digest()[:12]}… here, "
            "the deployed layer was built from 000000000000…") in err


def test_an_unknown_name_is_refused_with_the_close_ones(stage: Stage, capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(stage, capsys, "function", "ProgramsCreateFunction")

    assert err.startswith("ProgramsCreateFunction is not a function of template.yaml; did you mean ")
    assert "ProgramsCreateProgramFunction" in err
    assert main(["rollback", "ProgramsCreateFunction"]) == 1


def test_a_stage_where_the_function_is_not_deployed_is_refused(stage: Stage,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    err = _refused(stage, capsys, "function", PROGRAMS, "--stage", "prod")

    assert err == (f"{PROGRAMS} is not deployed in stage prod (no function prod-{PROGRAMS} in {REGION}); a new "
                   "stage or function needs a stack deploy (make deploy STAGE=<stage>, docs/deploy.md)\n")


def test_a_function_without_its_live_alias_is_refused(aws: None, capsys: pytest.CaptureFixture[str]) -> None:
    stage = Stage(requirements_digest())
    stage.deploy(PROGRAMS)
    stage.lambda_client.delete_alias(FunctionName=f"{STAGE}-{PROGRAMS}", Name="live")

    assert main(["function", PROGRAMS]) == 1

    assert "has no 'live' alias for its callers" in capsys.readouterr().err
    versions = stage.lambda_client.list_versions_by_function(FunctionName=f"{STAGE}-{PROGRAMS}")["Versions"]
    assert [v["Version"] for v in versions] == ["$LATEST", "1"]


def test_a_deploy_waits_for_a_canary_under_way(stage: Stage, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["function", PROGRAMS]) == 0
    stage.lambda_client.update_alias(FunctionName=f"{STAGE}-{PROGRAMS}", Name="live", FunctionVersion="1",
                                     RoutingConfig={"AdditionalVersionWeights": {"2": 0.25}})
    capsys.readouterr()

    err = _refused(stage, capsys, "function", PROGRAMS)

    assert err == (f"dev-{PROGRAMS}:live has a canary under way (version 2 at 25%): let it finish, or "
                   f"`make rollback-function NAME={PROGRAMS} STAGE=dev`\n")
