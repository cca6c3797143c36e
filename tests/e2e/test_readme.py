"""The README's curl sessions work as written (against the test gateway instead of port 3000)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def json_documents(output: str) -> list:
    """curl prints the documents back to back."""
    decoder, position, documents = json.JSONDecoder(), 0, []
    output = output.strip()
    while position < len(output):
        document, position = decoder.raw_decode(output, position)
        documents.append(document)
        while position < len(output) and output[position].isspace():
            position += 1
    return documents


def shell_block(section: str) -> str:
    block = re.search(rf"## {re.escape(section)}.*?```sh\n(.*?)```", README.read_text(), re.S)
    assert block, f"README.md has no '## {section}' sh block"
    return block.group(1)


def run(script: str, gateway_url: str) -> list:
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script.replace("http://127.0.0.1:3000", gateway_url)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return json_documents(result.stdout)


def test_the_readme_curl_session_works_as_written(gateway_url, database):
    me = run(shell_block("The API"), gateway_url)[-1]
    assert me["email"] == "ketua@hima.example"
    assert me["name"] == "Ketua HIMA"


def test_the_readme_organization_walkthrough_works_as_written(gateway_url, database):
    documents = run(shell_block("The API") + shell_block("An organization, an invitation, a department"),
                    gateway_url)
    department_members = documents[-1]["items"]
    assert [(m["role"], m["active"]) for m in department_members] == [("anggota", True)]
    assert department_members[0]["department_id"]


def test_the_readme_program_walkthrough_works_as_written(gateway_url, database):
    documents = run(shell_block("The API") + shell_block("An organization, an invitation, a department")
                    + shell_block("A program and its tasks"), gateway_url)
    before, late_titles, after = documents[-3:]
    assert before == {"status": "dalam_progres", "progress": 0.0, "late": False,
                      "tasks": {"total": 2, "done": 0, "late": 1}}
    assert late_titles == ["Sewa aula"]
    assert after == {"status": "dalam_progres", "progress": 50.0, "late": False,
                     "tasks": {"total": 2, "done": 1, "late": 0}}
