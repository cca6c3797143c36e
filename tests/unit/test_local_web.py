"""The local static server of the web app (infra/local/web.py): what S3 + CloudFront do, on a folder."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from infra.local.web import StaticSite, WebServer


@pytest.fixture
def site_root(tmp_path: Path) -> Path:
    root = tmp_path / "out"
    (root / "programs" / "view").mkdir(parents=True)
    (root / "_next" / "static" / "chunks").mkdir(parents=True)
    (root / "index.html").write_text("<html>home</html>")
    (root / "404.html").write_text("<html>not here</html>")
    (root / "programs" / "view" / "index.html").write_text("<html>program</html>")
    (root / "_next" / "static" / "chunks" / "app-1a2b.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("outside the site")
    return root


@pytest.fixture
def web(site_root: Path):
    server = WebServer("127.0.0.1", 0, "http://127.0.0.1:3999", root=site_root).start()
    with httpx.Client(base_url=f"http://127.0.0.1:{server.port}") as client:
        yield client
    server.stop()


def test_config_json_names_the_api_for_this_stage(web):
    answer = web.get("/config.json")
    assert answer.status_code == 200 and answer.json() == {"apiBaseUrl": "http://127.0.0.1:3999"}
    assert answer.headers["Cache-Control"] == "no-cache"


def test_a_folder_is_its_index_and_the_query_string_is_the_app_s(web):
    answer = web.get("/programs/view/?id=0b8f8d9e-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
    assert answer.status_code == 200 and answer.text == "<html>program</html>"
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"


def test_hashed_assets_are_cached_for_good_and_pages_are_not(web):
    assert web.get("/_next/static/chunks/app-1a2b.js").headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert web.get("/").headers["Cache-Control"] == "no-cache"


def test_an_unknown_path_is_the_404_page(web):
    answer = web.get("/no/such/page/")
    assert answer.status_code == 404 and answer.text == "<html>not here</html>"


def test_nothing_outside_the_folder_is_served(site_root: Path):
    site = StaticSite(site_root, "http://api")
    assert site.resolve("/../secret.txt") is None
    assert site.resolve("/%2e%2e/secret.txt") is None


def test_only_reading_methods(web):
    answer = web.post("/config.json", content=json.dumps({}))
    assert answer.status_code == 405 and answer.headers["Allow"] == "GET, HEAD"


def test_without_a_build_it_says_how_to_make_one(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="make web"):
        WebServer("127.0.0.1", 0, "http://api", root=tmp_path)
