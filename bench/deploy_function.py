"""Benchmark: `make deploy-function` (infra/deploy.py) against a stage in moto, and the sizes of what it ships.

Issue 11 asks for the deploy-one-function command's time and the size of the code asset and the layer.
In moto (``mock_aws``, dummy credentials) a stage is stood up as the stack leaves it: the shared layer,
whose description ends with the digest of layer/requirements.txt, and two functions of template.yaml
created with the template's configuration, each with a dummy code zip as version 1 and its ``live`` alias
on it. Then, per run (``BENCH_RUNS``, default 5, after one untimed round):

- **build_asset**: ``infra.deploy.build_asset``, the Makefile's ``build-%`` rule (copy ``shared/`` and
  ``functions/``, compile them) in a subprocess, then the zip;
- **zip**: ``infra.deploy.zip_folder`` alone, on the folder it built;
- **template**: reading template.yaml and merging the function's properties over the Globals
  (``infra.deploy.template_configuration``), which the deploy and the rollback each do once;
- **clients**: the boto3 session and its Lambda and CloudWatch clients, which ``main`` makes every time;
- **checks**: the checks against the deployed function, its alias and its layer (``infra.deploy.check``
  with the template's configuration at hand: four API calls);
- **API calls**: what the deploy then asks of Lambda (upload the zip, wait for the update, publish a
  version, move the alias), made directly with the bench's client;
- **deploy**: the whole ``python -m infra.deploy function NAME --stage dev`` (``main``) that publishes a
  new version: the checks, the build and zip, the upload, the waiter, publishing, moving ``live``. Before
  each, untimed, $LATEST gets a dummy zip again and ``live`` is on version 1 (the dummy), so the code
  differs every time;
- **rollback**: ``python -m infra.deploy rollback NAME`` right after, ``live`` back to version 1;
- **unchanged**: a deploy when ``live`` already runs this code: it builds and zips, and publishes nothing;
- **start**: a fresh interpreter importing ``infra.deploy`` (``python -c``, the whole process), which
  ``make deploy-function`` adds to the deploy (timed here in-process, without it).

moto answers at once (and never reports an update in progress): the figures are the command's own cost,
not the upload over the network or the time AWS takes to update a function. The build goes to a folder of
the bench's own under .aws-sam/ (``build_asset`` clears its folder first; the integration tests use the
command's), removed at the end.

Sizes: the code asset zipped as the command uploads it and unzipped; the dependencies layer when a built
one is at hand (``sam build`` makes it, ``make build``: .aws-sam/build/DependenciesLayer, or name the folder
with ``BENCH_LAYER``), unzipped as Lambda counts it (``infra.layer.size_of``) and zipped the same way.

    python -m bench.deploy_function [NAME]   # default ProgramsCreateProgramFunction; BENCH_RUNS=5
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.support import figures

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ROOT = Path(__file__).resolve().parents[1]
REGION = "ap-southeast-3"
STAGE = "dev"
FUNCTIONS = ("ProgramsCreateProgramFunction", "ReportsCreateProgramReportFunction")
BUILD_FOLDER = Path(".aws-sam") / "bench-deploy-function"
"""Where build_asset builds during the bench (relative to the repository, as infra.deploy's own)."""
LAYER = Path(os.environ.get("BENCH_LAYER") or ROOT / ".aws-sam" / "build" / "DependenciesLayer")


def _zip(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", text)
    return buffer.getvalue()


class Stage:
    """A stage as the stack leaves it, in moto: the layer, the functions, version 1 and ``live`` on it."""

    def __init__(self) -> None:
        import boto3

        from infra.deploy import template_configuration
        from infra.layer import requirements_digest

        self.lambda_client = boto3.client("lambda", region_name=REGION)
        role = boto3.client("iam", region_name=REGION).create_role(
            RoleName="functions", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        layer = self.lambda_client.publish_layer_version(
            LayerName=f"{STAGE}-DependenciesLayer", Content={"ZipFile": _zip("")},
            Description=("Third-party packages of Proker Tracker's functions "
                         f"(layer/requirements.txt sha256 {requirements_digest()})"),
            CompatibleRuntimes=["python3.12"], CompatibleArchitectures=["arm64"])["LayerVersionArn"]
        for function_id in FUNCTIONS:
            configuration = template_configuration(function_id)
            variables = {name: value if isinstance(value, str) else "made-by-cloudformation"
                         for name, value in configuration["Environment"]["Variables"].items()}
            fields = {field: configuration[field]
                      for field in ("Runtime", "Handler", "MemorySize", "Timeout", "Architectures")}
            name = f"{STAGE}-{function_id}"
            self.lambda_client.create_function(
                FunctionName=name, Role=role, Code={"ZipFile": _zip("# version 1")}, Layers=[layer],
                Environment={"Variables": variables}, **fields)
            self.lambda_client.publish_version(FunctionName=name)
            self.lambda_client.create_alias(FunctionName=name, Name="live", FunctionVersion="1")

    def live(self, function_id: str) -> str:
        return self.lambda_client.get_alias(FunctionName=f"{STAGE}-{function_id}", Name="live")["FunctionVersion"]


def _command(argv: list[str]) -> str:
    """``python -m infra.deploy`` with ``argv``, in this process; what it printed. It must succeed."""
    from infra.deploy import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    if status != 0:
        raise SystemExit(f"python -m infra.deploy {' '.join(argv)} failed:\n{err.getvalue()}")
    return out.getvalue()


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Milliseconds of one call, and what it returned."""
    start = time.perf_counter()
    result = action()
    return (time.perf_counter() - start) * 1000, result


LABELS = {
    "start": "start (python -c 'import infra.deploy'), not below",
    "template": "template.yaml read (template_configuration)",
    "clients": "boto3 session and clients",
    "checks": "checks (function, alias, layer: 4 API calls)",
    "build": "build_asset (make build-%, then the zip)",
    "zip": "  of which the zip (zip_folder)",
    "api": "upload, waiter, publish, alias (4 API calls)",
    "deploy": "deploy, a new version published (main)",
    "rollback": "rollback, live back to version 1 (main)",
    "unchanged": "deploy, unchanged code: nothing published (main)",
}


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def _files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def bench(function_id: str) -> None:
    import boto3

    import infra.deploy
    from infra.deploy import Deployed, build_asset, check, template_configuration, zip_folder
    from infra.layer import size_of

    stage = Stage()
    deployed = Deployed(function_id, STAGE, stage.lambda_client, boto3.client("cloudwatch", region_name=REGION))
    name = f"{STAGE}-{function_id}"
    configuration = template_configuration(function_id)
    start = [sys.executable, "-c", "import infra.deploy"]

    def clients() -> None:
        session = boto3.Session(region_name=REGION)
        session.client("lambda")
        session.client("cloudwatch")

    def api_calls(asset: bytes) -> None:
        """What the deploy asks of Lambda once the code is built, as it asks it."""
        stage.lambda_client.update_function_code(FunctionName=name, ZipFile=asset)
        stage.lambda_client.get_waiter("function_updated_v2").wait(FunctionName=name)
        version = stage.lambda_client.publish_version(FunctionName=name)["Version"]
        stage.lambda_client.update_alias(FunctionName=name, Name="live", FunctionVersion=version)

    times: dict[str, list[float]] = {key: [] for key in LABELS}
    asset = b""
    for run in range(RUNS + 1):  # the first round is not counted: the first build, moto's first calls
        figures_of_run = {
            "start": _timed(lambda: subprocess.run(start, cwd=ROOT, check=True))[0],  # noqa: S603
            "template": _timed(lambda: template_configuration(function_id))[0],
            "clients": _timed(clients)[0],
            "checks": _timed(lambda: check(deployed, configuration))[0],
        }
        figures_of_run["build"], asset = _timed(lambda: build_asset(function_id))
        figures_of_run["zip"] = _timed(lambda: zip_folder(ROOT / infra.deploy.BUILD_FOLDER / function_id))[0]
        figures_of_run["api"] = _timed(functools.partial(api_calls, asset))[0]
        stage.lambda_client.update_alias(FunctionName=name, Name="live", FunctionVersion="1")
        stage.lambda_client.update_function_code(FunctionName=name, ZipFile=_zip(f"# run {run}"))
        assert stage.live(function_id) == "1"
        figures_of_run["deploy"], out = _timed(lambda: _command(["function", function_id, "--stage", STAGE]))
        assert "live: version 1 -> " in out, out
        figures_of_run["rollback"], out = _timed(lambda: _command(["rollback", function_id, "--stage", STAGE]))
        assert " -> 1" in out and stage.live(function_id) == "1", out
        if run:
            for key, value in figures_of_run.items():
                times[key].append(value)
        print(f"  round {run + 1} of {RUNS + 1} done{' (not counted)' * (not run)}", file=sys.stderr, flush=True)

    _command(["function", function_id, "--stage", STAGE])  # live on this code
    republished = 0
    for run in range(RUNS + 1):
        unchanged_ms, out = _timed(lambda: _command(["function", function_id, "--stage", STAGE]))
        if "nothing changed" not in out:  # the sources changed between two builds (someone is editing)
            republished += 1
        elif run:
            times["unchanged"].append(unchanged_ms)

    print(f"deploy-function {function_id} to stage {STAGE} in moto, {RUNS} runs "
          f"(load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores):")
    for key, label in LABELS.items():
        if times[key]:
            print(f"  {label:<52} {figures(times[key])}")
    if republished:
        print(f"  ({republished} unchanged deploy{'s' * (republished != 1)} published after all: the sources "
              f"changed between two builds; not counted)")
    median = {key: statistics.median(values) for key, values in times.items() if values}
    parts = sum(median[key] for key in ("template", "clients", "checks", "build", "api"))
    print(f"  the parts' medians add up to {parts:.0f} ms (the deploy's median: {median['deploy']:.0f} ms)")
    print("  moto answers at once: these are the command's own cost (build, zip, checks, API calls), not the upload "
          "over the network or the time AWS takes to update the function")

    folder = ROOT / infra.deploy.BUILD_FOLDER / function_id
    print(f"code asset: {_mib(len(asset))} zipped (what is uploaded), {_mib(size_of(folder))} unzipped, "
          f"{_files(folder):,} files; the same for every function")
    if (LAYER / "python").is_dir():
        zip_ms, layer_zip = _timed(lambda: zip_folder(LAYER))
        packages = len(list((LAYER / "python").glob("*.dist-info")))
        print(f"layer ({LAYER}): {_mib(size_of(LAYER))} unzipped, {_files(LAYER):,} files, {packages} packages; "
              f"{_mib(len(layer_zip))} zipped (zip_folder, {zip_ms / 1000:.1f} s)")
    else:
        print(f"layer: none built at {LAYER} (`make build` builds it; BENCH_LAYER names another folder): "
              f"code asset only")


def main(argv: list[str]) -> int:
    function_id = argv[0] if argv else FUNCTIONS[0]
    if function_id not in FUNCTIONS:
        print(f"usage: python -m bench.deploy_function [{' | '.join(FUNCTIONS)}]", file=sys.stderr)
        return 2
    for key in ("AWS_PROFILE", "AWS_REGION", "AWS_SESSION_TOKEN"):
        os.environ.pop(key, None)
    os.environ.update({"AWS_DEFAULT_REGION": REGION, "AWS_ACCESS_KEY_ID": "testing",
                       "AWS_SECRET_ACCESS_KEY": "testing"})

    from moto import mock_aws

    import infra.deploy

    infra.deploy.BUILD_FOLDER = BUILD_FOLDER
    try:
        with mock_aws():
            bench(function_id)
    finally:
        shutil.rmtree(ROOT / BUILD_FOLDER, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
