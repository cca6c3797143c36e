"""The README's curl session works as written (against the test gateway instead of port 3000)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def last_json_document(output: str) -> dict:
    """curl prints the documents back to back; the last one is /auth/me's answer."""
    decoder, position, last = json.JSONDecoder(), 0, None
    output = output.strip()
    while position < len(output):
        last, position = decoder.raw_decode(output, position)
        while position < len(output) and output[position].isspace():
            position += 1
    assert isinstance(last, dict)
    return last


def test_the_readme_curl_session_works_as_written(gateway_url, database):
    text = README.read_text()
    block = re.search(r"## Try it.*?```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no '## Try it' sh block"
    script = block.group(1).replace("http://127.0.0.1:3000", gateway_url)
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    me = last_json_document(result.stdout)
    assert me["email"] == "ketua@hima.example"
    assert me["name"] == "Ketua HIMA"
