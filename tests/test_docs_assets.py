"""The docs page (/docs) works offline: it loads Swagger UI from the local gateway (/docs/assets/, served by
infra/local/docs_assets.py from a pinned PyPI package), never from another host."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from infra.local import docs_assets

PAGE = Path(__file__).resolve().parents[1] / "docs" / "api" / "index.html"
DOCUMENT = PAGE.parent / "openapi.json"


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value for name, value in attrs if name in ("src", "href") and value]


def references() -> list[str]:
    parser = _References()
    parser.feed(PAGE.read_text())
    return parser.found


def test_the_page_names_no_other_host():
    page = PAGE.read_text()
    assert references()
    assert all(not re.match(r"^([a-z][a-z0-9+.-]*:|//)", ref, re.IGNORECASE) for ref in references())
    assert "https://" not in page and "integrity=" not in page
    assert "validatorUrl: null" in page  # Swagger UI would otherwise fetch a badge from swagger.io


def test_every_asset_the_page_references_answers_200():
    assets = [ref for ref in references() if ref.startswith(docs_assets.PREFIX)]
    assert {"/docs/assets/swagger-ui.css", "/docs/assets/swagger-ui-bundle.js"} <= set(assets)
    for ref in assets:
        status, headers, body = docs_assets.answer("GET", ref)
        assert status == 200, ref
        assert headers["Content-Type"] == docs_assets.ASSETS[ref.removeprefix(docs_assets.PREFIX)]
        assert body
    status, _, _ = docs_assets.answer("HEAD", "/docs/assets/swagger-ui.css")
    assert status == 200


def test_it_is_a_swagger_ui_that_renders_openapi_3_1():
    assert json.loads(DOCUMENT.read_text())["openapi"].startswith("3.1")
    _, _, bundle = docs_assets.answer("GET", "/docs/assets/swagger-ui-bundle.js")
    version = re.search(rb'PACKAGE_VERSION:"(\d+)\.', bundle)
    assert version and int(version.group(1)) >= 5  # Swagger UI 4 cannot render OpenAPI 3.1


@pytest.mark.parametrize("path", ["/docs/assets/", "/docs/assets/nope.js", "/docs/assets/../../../etc/passwd",
                                  "/docs/assets/swagger-ui-bundle.js.map", "/docs/assets/LICENSE"])
def test_only_the_pages_files_are_served(path):
    status, headers, _ = docs_assets.answer("GET", path)
    assert status == 404
    assert headers["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(("method", "path"), [("POST", "/docs/assets/swagger-ui.css"), ("GET", "/docs"),
                                              ("GET", "/openapi.json"), ("GET", "/docs/assetsx/swagger-ui.css")])
def test_other_requests_are_not_its_business(method, path):
    assert docs_assets.answer(method, path) is None
