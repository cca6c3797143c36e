"""Check that a built dependencies layer fits the Lambda runtime it ships to.

``make build-DependenciesLayer`` (what ``sam build`` runs for the layer) installs the wheels of
layer/requirements.txt for the runtime of template.yaml, whatever machine builds it, then runs
``python -m infra.layer <folder>``: every installed distribution must come from a wheel whose tags
the runtime accepts (its CPython, its architecture, a manylinux no newer than its glibc), every
shared library must be built for its architecture, and the whole must fit Lambda's size limit.
A layer that fails here would fail on Lambda at the first import (issue 11: Pillow's
manylinux_2_28 wheels on python3.11's glibc 2.26). docs/decisions/0015-runtime.md says why the
runtime is what it is.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from packaging.tags import Tag, compatible_tags, cpython_tags, parse_tag

from infra.local.template import load_template

# The glibc of each runtime's Amazon Linux (python3.12 and newer run on Amazon Linux 2023).
RUNTIME_GLIBC = {"python3.12": (2, 34), "python3.13": (2, 34)}
# Lambda's architectures as wheel platforms and as ELF e_machine values.
ARCHITECTURES = {"arm64": ("aarch64", 183), "x86_64": ("x86_64", 62)}
# What Lambda unzips for one function: its code, its layers (the code asset is a few MB).
LAYER_LIMIT_BYTES = 240 * 1024 * 1024
REQUIREMENTS = Path(__file__).resolve().parents[1] / "layer" / "requirements.txt"


@dataclass(frozen=True)
class Runtime:
    python: tuple[int, int]
    glibc: tuple[int, int]
    architecture: str

    @classmethod
    def of_template(cls, document: dict | None = None) -> Runtime:
        function = (document or load_template())["Globals"]["Function"]
        name = function["Runtime"]
        (architecture,) = function["Architectures"]
        major, minor = name.removeprefix("python").split(".")
        return cls((int(major), int(minor)), RUNTIME_GLIBC[name], architecture)

    def platforms(self) -> list[str]:
        machine = ARCHITECTURES[self.architecture][0]
        glibc_major, newest = self.glibc
        manylinux = [f"manylinux_{glibc_major}_{minor}_{machine}" for minor in range(newest, 16, -1)]
        return [*manylinux, f"manylinux2014_{machine}"]

    def tags(self) -> set[Tag]:
        """Every wheel tag this runtime installs, as pip would compute it on Lambda itself."""
        platforms = self.platforms()
        interpreter = "cp" + "".join(map(str, self.python))
        return {*cpython_tags(self.python, platforms=platforms),
                *compatible_tags(self.python, interpreter, platforms=platforms)}

    def pip_arguments(self) -> list[str]:
        """What `pip install --target` needs to take this runtime's wheels on any machine."""
        arguments = ["--only-binary=:all:", "--implementation", "cp", "--python-version",
                     ".".join(map(str, self.python))]
        for platform in self.platforms():
            arguments += ["--platform", platform]
        return arguments


def requirements_digest() -> str:
    """The sha256 (hex) of layer/requirements.txt. The stack writes it at the end of the layer version's
    description, so a function deployed alone (infra/deploy.py), which keeps the layer already deployed,
    can tell whether that layer was built from the pins of this checkout."""
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()


def wheel_tags(dist_info: Path) -> set[Tag]:
    tags: set[Tag] = set()
    for line in (dist_info / "WHEEL").read_text().splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Tag":
            tags |= parse_tag(value.strip())
    return tags


def elf_machine(path: Path) -> int | None:
    with path.open("rb") as file:
        header = file.read(20)
    if header[:4] != b"\x7fELF":
        return None
    return int.from_bytes(header[18:20], "little" if header[5] == 1 else "big")


def size_of(folder: Path) -> int:
    """Bytes of every file under ``folder``, as Lambda counts the unzipped layer."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def problems(folder: Path, runtime: Runtime) -> list[str]:
    found = []
    accepted = runtime.tags()
    distributions = sorted(folder.glob("*.dist-info"))
    if not distributions:
        found.append(f"{folder}: no package installed")
    for dist_info in distributions:
        if not (dist_info / "WHEEL").is_file():
            found.append(f"{dist_info.name}: not installed from a wheel")
        elif not wheel_tags(dist_info) & accepted:
            tags = ", ".join(sorted(map(str, wheel_tags(dist_info))))
            found.append(f"{dist_info.name}: its wheel ({tags}) does not run on "
                         f"CPython {'.'.join(map(str, runtime.python))}, {runtime.architecture}, "
                         f"glibc {'.'.join(map(str, runtime.glibc))}")
    machine = ARCHITECTURES[runtime.architecture][1]
    for library in sorted(folder.rglob("*.so*")):
        if library.is_file() and elf_machine(library) not in (None, machine):
            found.append(f"{library.relative_to(folder)}: built for another architecture than {runtime.architecture}")
    size = size_of(folder)
    if size > LAYER_LIMIT_BYTES:
        found.append(f"{size / 2**20:.0f} MiB unzipped: over Lambda's limit with the code asset")
    return found


def main(argv: list[str]) -> int:
    runtime = Runtime.of_template()
    if argv[:1] == ["pip-arguments"]:
        print(" ".join(runtime.pip_arguments()))
        return 0
    if len(argv) != 2 or argv[0] != "check":
        print("usage: python -m infra.layer pip-arguments | check <folder>", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    found = problems(folder, runtime)
    for problem in found:
        print(f"layer: {problem}", file=sys.stderr)
    size = size_of(folder)
    print(f"layer: {len(list(folder.glob('*.dist-info')))} packages, {size / 2**20:.0f} MiB, "
          f"{'fits' if not found else 'does not fit'} {'.'.join(map(str, runtime.python))} on {runtime.architecture}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
