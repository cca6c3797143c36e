"""Deploy one function's code to a stage without a stack deploy, and roll it back (issue 11).

    python -m infra.deploy function ProgramsCreateProgramFunction [--stage dev] [--canary 10 --canary-seconds 300]
    python -m infra.deploy rollback ProgramsCreateProgramFunction [--stage dev] [--to-version 7]

(``make deploy-function NAME=...``, ``make rollback-function NAME=...``; docs/deploy.md). The stack names
every function ``{stage}-{LogicalId}`` and gives it a ``live`` alias, which the API's routes, the queues and
the schedules call: publishing a version of new code and moving the alias deploys that function, in
seconds rather than a stack deploy's minutes. Only the code may change this way. The new version takes
the configuration and the layer already deployed, so this refuses, naming each difference, when the
function's configuration in template.yaml is not what is deployed or when layer/requirements.txt is not
what the deployed layer was built from: both need a stack deploy.

The code asset is built by the Makefile's ``build-%`` rule, as ``sam build`` builds it, and zipped so that
the same sources give the same bytes: when they are what ``live`` already runs, nothing is published.
"""

from __future__ import annotations

import argparse
import base64
import difflib
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from infra.layer import requirements_digest
from infra.local.template import Template

ROOT = Path(__file__).resolve().parents[1]
ALIAS = "live"
STACK_DEPLOY = "make deploy STAGE=<stage>, docs/deploy.md"
# Relative to ROOT, so that the bytecode, which names its source's path, is the same in every checkout.
BUILD_FOLDER = Path(".aws-sam") / "deploy-function"
# The stack ends the layer version's description with the digest of the pins it was built from.
LAYER_DIGEST = re.compile(r"\(layer/requirements\.txt sha256 ([0-9a-f]{64})\)$")
# What Lambda takes when the template says nothing.
LAMBDA_DEFAULTS: dict[str, Any] = {"MemorySize": 128, "Timeout": 3, "Architectures": ["x86_64"]}
COMPARED = ("Runtime", "Handler", "MemorySize", "Timeout", "Architectures")
CANARY_POLL_SECONDS = 30


class Refused(Exception):
    """What the command will not do, and why, in words for the developer: nothing was changed."""


class CanaryFailed(Exception):
    """The new version erred under its canary: every call went back to the version before."""


def _is_intrinsic(value: Any) -> bool:
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key,) = value
    return key == "Ref" or key.startswith("Fn::")


def merge_globals(global_value: Any, own: Any) -> Any:
    """SAM's rule for Globals: maps merge key by key, lists add up, anything else (an intrinsic too) is
    the function's own."""
    if isinstance(global_value, dict) and isinstance(own, dict) and not (
            _is_intrinsic(global_value) or _is_intrinsic(own)):
        return {**global_value, **{key: merge_globals(global_value[key], value) if key in global_value else value
                                   for key, value in own.items()}}
    if isinstance(global_value, list) and isinstance(own, list):
        return global_value + own
    return own


def _one_of(names: list[str]) -> str:
    """a, b or c"""
    return " or ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def template_configuration(function_id: str) -> dict[str, Any]:
    """The function's Properties with the Globals' Function section merged in, as SAM deploys them."""
    template = Template.load()
    functions = template.functions()
    if function_id not in functions:
        close = difflib.get_close_matches(function_id, functions, n=3, cutoff=0.6)
        hint = (f"; did you mean {_one_of(close)}?" if close
                else " (name its logical id, e.g. ProgramsCreateProgramFunction)")
        raise Refused(f"{function_id} is not a function of template.yaml{hint}")
    return merge_globals(template.document.get("Globals", {}).get("Function", {}),
                         functions[function_id].get("Properties", {}))


def _as_deployed(value: Any) -> str:
    """A literal of the template as CloudFormation hands it to Lambda: a string."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _shown(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def differences(template: dict[str, Any], deployed: dict[str, Any]) -> list[str]:
    """Each field of the template's configuration that the deployed function does not have. Values made
    by intrinsics (``!Ref``, ``!Sub``...) are known only to CloudFormation: for those only the
    environment variable's name is compared."""
    found = []
    for field in COMPARED:
        expected = template.get(field, LAMBDA_DEFAULTS.get(field))
        if not isinstance(expected, dict) and expected != deployed.get(field):
            found.append(f"{field}: template {_shown(expected)}, deployed {_shown(deployed.get(field))}")
    expected_variables = (template.get("Environment") or {}).get("Variables") or {}
    deployed_variables = (deployed.get("Environment") or {}).get("Variables") or {}
    for name in sorted(expected_variables.keys() - deployed_variables.keys()):
        found.append(f"environment variable {name}: in the template, not deployed")
    for name in sorted(deployed_variables.keys() - expected_variables.keys()):
        found.append(f"environment variable {name}: deployed, not in the template")
    for name in sorted(expected_variables.keys() & deployed_variables.keys()):
        value = expected_variables[name]
        if not isinstance(value, dict) and _as_deployed(value) != deployed_variables[name]:
            found.append(f"environment variable {name}: template {_as_deployed(value)!r}, "
                         f"deployed {deployed_variables[name]!r}")
    return found


def layer_difference(lambda_client: Any, deployed: dict[str, Any]) -> str | None:
    """Why the deployed layer is not the one layer/requirements.txt makes, if it is not."""
    layers = deployed.get("Layers") or []
    if not layers:
        return "the shared layer changed: the deployed function has none"
    # get_layer_version_by_arn would do the same in one call; moto has only get_layer_version.
    layer, _, number = layers[0]["Arn"].rpartition(":")
    description = lambda_client.get_layer_version(LayerName=layer, VersionNumber=int(number)).get("Description", "")
    match = LAYER_DIGEST.search(description)
    here = requirements_digest()
    if not match:
        return (f"the shared layer changed: the deployed layer's description names no requirements digest "
                f"({description!r})")
    if match.group(1) != here:
        return (f"the shared layer changed: layer/requirements.txt is sha256 {here[:12]}… here, "
                f"the deployed layer was built from {match.group(1)[:12]}…")
    return None


def zip_folder(folder: Path) -> bytes:
    """The folder as a zip whose bytes depend only on its files' paths and contents (sorted entries, one
    date, one mode), so that the same sources give the same CodeSha256."""
    buffer = io.BytesIO()
    files = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, path in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3  # Unix, whatever builds it: the mode below is read on Lambda
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def build_asset(function_id: str) -> bytes:
    """The code asset as ``sam build`` makes it (the Makefile's build-% rule), zipped."""
    folder = BUILD_FOLDER / function_id
    shutil.rmtree(ROOT / folder, ignore_errors=True)  # build-% copies over what is there
    result = subprocess.run(["make", "-s", f"build-{function_id}", f"ARTIFACTS_DIR={folder}"],  # noqa: S603, S607
                            cwd=ROOT, check=False)  # (a function of template.yaml, checked before)
    if result.returncode != 0:
        raise Refused(f"the build failed (make build-{function_id}, above)")
    return zip_folder(ROOT / folder)


def code_sha256(asset: bytes) -> str:
    """As Lambda reports a function's CodeSha256: the base64 of the zip's sha256."""
    return base64.b64encode(hashlib.sha256(asset).digest()).decode()


@dataclass(frozen=True)
class Deployed:
    """One function of one stage, as AWS has it."""

    function_id: str
    stage: str
    lambda_client: Any
    cloudwatch: Any

    @property
    def name(self) -> str:
        return f"{self.stage}-{self.function_id}"

    def configuration(self, qualifier: str | None = None) -> dict[str, Any]:
        try:
            return self.lambda_client.get_function_configuration(
                FunctionName=self.name, **({"Qualifier": qualifier} if qualifier else {}))
        except self.lambda_client.exceptions.ResourceNotFoundException:
            if qualifier:
                raise Refused(f"{self.name} has no version {qualifier}") from None
            region = self.lambda_client.meta.region_name
            raise Refused(f"{self.function_id} is not deployed in stage {self.stage} (no function {self.name} in "
                          f"{region}); a new stage or function needs a stack deploy ({STACK_DEPLOY})") from None

    def alias(self) -> dict[str, Any]:
        try:
            return self.lambda_client.get_alias(FunctionName=self.name, Name=ALIAS)
        except self.lambda_client.exceptions.ResourceNotFoundException:
            raise Refused(f"{self.name} has no {ALIAS!r} alias for its callers: deploy the stack first "
                          f"({STACK_DEPLOY})") from None

    def move_alias(self, version: str, *, weights: dict[str, float] | None = None,
                   description: str | None = None) -> None:
        """Point ``live`` at ``version``, with ``weights`` of other versions (none: every call to it)."""
        self.lambda_client.update_alias(
            FunctionName=self.name, Name=ALIAS, FunctionVersion=version,
            RoutingConfig={"AdditionalVersionWeights": weights or {}},
            **({"Description": description} if description is not None else {}))

    def metric_sum(self, metric: str, version: str, since: datetime) -> int:
        """The sum of a Lambda metric of ``live``'s calls that ran ``version``, since ``since``'s minute."""
        start = since.replace(second=0, microsecond=0)
        statistics = self.cloudwatch.get_metric_statistics(
            Namespace="AWS/Lambda", MetricName=metric, Period=60, Statistics=["Sum"],
            StartTime=start, EndTime=datetime.now(UTC) + timedelta(minutes=1),
            Dimensions=[{"Name": "FunctionName", "Value": self.name},
                        {"Name": "Resource", "Value": f"{self.name}:{ALIAS}"},
                        {"Name": "ExecutedVersion", "Value": version}])
        return int(sum(point["Sum"] for point in statistics["Datapoints"]))


def _previous_of(alias: dict[str, Any]) -> tuple[str, str] | None:
    """(previous, deployed) as deploy-function wrote them in the alias' description."""
    match = re.fullmatch(r"previous: (\d+), deployed: (\d+)", alias.get("Description") or "")
    return (match.group(1), match.group(2)) if match else None


def check(function: Deployed, template: dict[str, Any]) -> dict[str, Any]:
    """The alias, when the function may be deployed alone; else Refused with every reason."""
    deployed = function.configuration()
    alias = function.alias()
    weights = (alias.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or {}
    if weights:
        shares = ", ".join(f"version {version} at {weight:.0%}" for version, weight in weights.items())
        raise Refused(f"{function.name}:{ALIAS} has a canary under way ({shares}): let it finish, or "
                      f"`make rollback-function NAME={function.function_id} STAGE={function.stage}`")
    reasons = differences(template, deployed)
    layer = layer_difference(function.lambda_client, deployed)
    if layer:
        reasons.append(layer)
    if reasons:
        raise Refused(f"{function.function_id} cannot be deployed alone to stage {function.stage}: its "
                      f"configuration or layer is not what is deployed, which needs a stack deploy "
                      f"({STACK_DEPLOY}):\n" + "\n".join(f"  {reason}" for reason in reasons))
    return alias


def canary(function: Deployed, old: str, new: str, percent: float, seconds: float,
           sleep: Callable[[float], None]) -> None:
    """Send ``percent`` of ``live``'s calls to ``new`` for ``seconds`` while CloudWatch counts its errors;
    at the first error (or an interruption) every call goes back to ``old``."""
    started = datetime.now(UTC)
    function.move_alias(old, weights={new: percent / 100})
    print(f"canary: {percent:g}% of {function.name}:{ALIAS}'s calls go to version {new} for {seconds:g} s")
    waited = 0.0
    try:
        errors = function.metric_sum("Errors", new, started)
        while not errors and waited < seconds:
            step = min(CANARY_POLL_SECONDS, seconds - waited)
            sleep(step)
            waited += step
            errors = function.metric_sum("Errors", new, started)
    except BaseException:  # Ctrl-C, or CloudWatch could not be read
        function.move_alias(old)
        print(f"canary stopped: every call goes to version {old} again", file=sys.stderr)
        raise
    if errors:
        function.move_alias(old)
        raise CanaryFailed(f"canary failed: version {new} had {errors} error{'s' * (errors != 1)} in {waited:g} s; "
                           f"{ALIAS} is back on version {old} alone (version {new} stays published, unused)")
    calls = function.metric_sum("Invocations", new, started)
    print(f"canary: version {new} ran {calls} call{'s' * (calls != 1)} in {waited:g} s without an error")


def deploy(function: Deployed, *, canary_percent: float | None = None, canary_seconds: float = 300,
           sleep: Callable[[float], None] = time.sleep) -> None:
    """Build, upload and publish the function's code, then move ``live`` to it (after a canary, if asked);
    the previous version is written in the alias' description for ``rollback``."""
    started = time.monotonic()
    alias = check(function, template_configuration(function.function_id))
    old = alias["FunctionVersion"]
    live_sha = function.configuration(old)["CodeSha256"]
    asset = build_asset(function.function_id)
    sha = code_sha256(asset)
    if sha == live_sha:
        print(f"{function.function_id} in stage {function.stage}: nothing changed ({ALIAS} is version {old}, "
              f"code sha256 {sha})")
        return
    function.lambda_client.update_function_code(FunctionName=function.name, ZipFile=asset)
    function.lambda_client.get_waiter("function_updated_v2").wait(FunctionName=function.name)
    new = function.lambda_client.publish_version(
        FunctionName=function.name, CodeSha256=sha,
        Description=f"deploy-function {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")["Version"]
    if canary_percent is not None:
        canary(function, old, new, canary_percent, canary_seconds, sleep)
    function.move_alias(new, description=f"previous: {old}, deployed: {new}")
    print(f"deployed {function.function_id} to stage {function.stage} ({function.name})\n"
          f"  {ALIAS}: version {old} -> {new}\n"
          f"  code: sha256 {sha} ({len(asset) / 2**20:.1f} MiB zipped), was {live_sha}\n"
          f"  took {time.monotonic() - started:.1f} s")


def rollback(function: Deployed, to_version: str | None = None) -> None:
    """Move ``live`` to ``to_version``, else back to where the last deploy moved it from, if nothing moved it since."""
    template_configuration(function.function_id)  # a name that is no function of the template is refused
    function.configuration()
    alias = function.alias()
    current = alias["FunctionVersion"]
    if to_version is None:
        recorded = _previous_of(alias)
        if recorded is None:
            raise Refused(f"nothing to roll back to: {function.name}:{ALIAS} (version {current}) was not moved "
                          f"by deploy-function; name a version with --to-version")
        to_version, deployed = recorded
        if deployed != current:
            raise Refused(f"{function.name}:{ALIAS} is on version {current}, not the {deployed} deploy-function "
                          f"moved it to (a stack deploy since?); name a version with --to-version")
    function.configuration(to_version)
    function.move_alias(to_version, description=f"rolled back from {current}")
    print(f"rolled back {function.function_id} in stage {function.stage} ({function.name})\n"
          f"  {ALIAS}: version {current} -> {to_version}")


def _canary_percent(value: str) -> float:
    percent = float(value)
    if not 0 < percent < 100:
        raise argparse.ArgumentTypeError("a percentage between 0 and 100, e.g. 10")
    return percent


def main(argv: list[str] | None = None, *, sleep: Callable[[float], None] = time.sleep) -> int:
    parser = argparse.ArgumentParser(prog="python -m infra.deploy", description=__doc__.splitlines()[0])
    parser.add_argument("--region", help="default: AWS_REGION, else AWS_DEFAULT_REGION, else the profile's")
    parser.add_argument("--profile", help="an AWS CLI profile; default: the environment's credentials")
    commands = parser.add_subparsers(dest="command", required=True)
    for command, text in (("function", "deploy a function's code as a new version behind its live alias"),
                          ("rollback", "move a function's live alias back")):
        sub = commands.add_parser(command, help=text)
        sub.add_argument("function_id", metavar="NAME",
                         help="its logical id in template.yaml, e.g. ProgramsCreateProgramFunction")
        sub.add_argument("--stage", default="dev", help="the stage (its stack's name); default: dev")
    commands.choices["function"].add_argument(
        "--canary", type=_canary_percent, metavar="PERCENT",
        help="first send this percentage of calls to the new version, and go back at its first error")
    commands.choices["function"].add_argument("--canary-seconds", type=float, default=300,
                                              help="how long the canary runs (default 300)")
    commands.choices["rollback"].add_argument("--to-version", metavar="N",
                                              help="default: the version deploy-function moved live from")
    args = parser.parse_args(argv)

    try:
        session = boto3.Session(profile_name=args.profile, region_name=args.region or os.environ.get("AWS_REGION")
                                or os.environ.get("AWS_DEFAULT_REGION"))
        if not session.region_name:
            raise Refused("no AWS region: set AWS_REGION or pass --region")
        function = Deployed(args.function_id, args.stage, session.client("lambda"), session.client("cloudwatch"))
        if args.command == "function":
            deploy(function, canary_percent=args.canary, canary_seconds=args.canary_seconds, sleep=sleep)
        else:
            rollback(function, args.to_version)
    except (Refused, CanaryFailed) as stopped:
        print(stopped, file=sys.stderr)
        return 1
    except (ClientError, BotoCoreError) as error:
        print(f"AWS: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
