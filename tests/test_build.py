"""`sam build` of the whole stack, as a deploy runs it (issue 11), and the layer check it relies on.

The stack shipped once with a layer that no Lambda could load (Pillow's manylinux_2_28 wheels
for python3.11 on Amazon Linux 2's glibc 2.26) because only one function's Makefile target was
ever built. Here the real SAM CLI builds every function and the layer, and what it built is
read back: each function's folder holds its handler with bytecode for the runtime's Python, and
every wheel and shared library in the layer fits the runtime (infra/layer.py).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from infra.layer import Runtime, problems
from infra.local.template import Template, load_template
from infra.stack import write
from tests.test_template import PARAMETERS, sam_cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sam build` with the project's samconfig.toml, into a fresh build and cache folder."""
    base = tmp_path_factory.mktemp("sam-build")
    home = base / "home"
    home.mkdir()
    (home / "metadata.json").write_text('{"lastVersionCheck": 9999999999, "telemetryEnabled": false}')
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "__SAM_CLI_APP_DIR": str(home),
        "SAM_CLI_TELEMETRY": "0",
        "LANG": "C.UTF-8",
        "AWS_DEFAULT_REGION": "ap-southeast-1",
        # The Makefile's build rules compile with this Python (the runtime's, like the tests').
        "PYTHON": sys.executable,
        # pip (the layer) keeps the machine's index, certificates and cache.
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
        **{key: value for key, value in os.environ.items()
           if key.startswith("PIP_") or key.lower() in {"http_proxy", "https_proxy", "no_proxy"}},
    }
    stacks = base / "stack"
    write(stacks)  # what `make build` builds: template.yaml split into a root stack and one per service
    result = subprocess.run(
        [str(sam_cli()), "build", "--config-file", str(ROOT / "samconfig.toml"),
         "--template-file", str(stacks / "template.yaml"),
         "--build-dir", str(base / "build"), "--cache-dir", str(base / "cache")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, f"sam build:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    assert "Build Succeeded" in result.stdout
    return base / "build"


@pytest.mark.slow
def test_sam_build_builds_every_function_with_its_handler_compiled_for_the_runtime(built: Path) -> None:
    template = Template.load(parameters=PARAMETERS)
    runtime = Runtime.of_template()
    tag = "cpython-" + "".join(map(str, runtime.python))
    root = load_template(built / "template.yaml")
    functions: dict[str, tuple[Path, dict[str, Any]]] = {}
    for application in root["Resources"].values():
        if application["Type"] != "AWS::Serverless::Application":
            continue
        location = built / application["Properties"]["Location"]
        for name, resource in load_template(location)["Resources"].items():
            if resource["Type"] == "AWS::Serverless::Function":
                functions[name] = (location.parent, resource)
    assert set(functions) == set(template.functions())
    for function_id, (folder_of_stack, resource) in functions.items():
        folder = folder_of_stack / resource["Properties"]["CodeUri"]
        module = Path(*template.handler_of(function_id).split(".")[:-1])
        assert (folder / module.with_suffix(".py")).is_file(), function_id
        assert (folder / module.parent / "__pycache__" / f"{module.name}.{tag}.pyc").is_file(), function_id


@pytest.mark.slow
def test_sam_build_makes_a_layer_whose_every_package_runs_on_the_runtime(built: Path) -> None:
    document = load_template(built / "template.yaml")
    layer: dict[str, Any] = document["Resources"]["DependenciesLayer"]["Properties"]
    packages = built / layer["ContentUri"] / "python"
    runtime = Runtime.of_template()  # template.yaml's, which every service's stack runs
    assert layer["CompatibleRuntimes"] == [f"python{runtime.python[0]}.{runtime.python[1]}"]
    assert problems(packages, runtime) == []
    installed = {path.name.split("-")[0].lower() for path in packages.glob("*.dist-info")}
    assert {"pydantic_core", "psycopg_binary", "pillow", "argon2_cffi_bindings", "fpdf2"} <= installed
    tag = "cpython-" + "".join(map(str, runtime.python))
    assert (packages / "pydantic" / "__pycache__" / f"main.{tag}.pyc").is_file(), "the layer is compiled ahead"


# ---------------------------------------------------------------- the check itself, on real wheels


def this_machine() -> Runtime:
    """The runtime this venv's own packages were installed for (its Python, architecture, glibc)."""
    architecture = {"x86_64": "x86_64", "aarch64": "arm64"}[platform.machine()]
    glibc = tuple(int(part) for part in platform.libc_ver()[1].split(".")[:2])
    return Runtime(sys.version_info[:2], (glibc[0], glibc[1]), architecture)


def venv_packages() -> Path:
    return Path(sysconfig.get_paths()["purelib"])


def test_the_check_accepts_the_wheels_installed_for_this_machine() -> None:
    # pip took these for this very Python, architecture and glibc; only sizes could fail.
    found = [problem for problem in problems(venv_packages(), this_machine()) if "MiB unzipped" not in problem]
    assert found == []


def test_the_check_refuses_wheels_of_another_architecture() -> None:
    here = this_machine()
    other = Runtime(here.python, here.glibc, "arm64" if here.architecture == "x86_64" else "x86_64")
    found = problems(venv_packages(), other)
    assert any(problem.startswith("pydantic_core-") and "does not run on" in problem for problem in found)
    assert any(problem.startswith("pydantic_core/") and "another architecture" in problem for problem in found)


def test_the_check_refuses_wheels_of_another_python() -> None:
    here = this_machine()
    found = problems(venv_packages(), Runtime((here.python[0], here.python[1] - 1), here.glibc, here.architecture))
    assert any(problem.startswith("pydantic_core-") for problem in found)
    assert not any(problem.startswith("fpdf2-") for problem in found), "a pure-Python wheel runs anywhere"


def test_the_check_refuses_a_wheel_newer_than_the_runtimes_glibc() -> None:
    """What broke the python3.11 build: Pillow's wheels need glibc 2.27 or newer, Amazon Linux 2 has 2.26."""
    here = this_machine()
    found = problems(venv_packages(), Runtime(here.python, (2, 26), here.architecture))
    assert any(problem.startswith("pillow-") and "glibc 2.26" in problem for problem in found)
