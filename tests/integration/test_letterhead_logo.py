"""The organization's logo on its documents' letterhead (issue 12), through its functions on real PostgreSQL and
the local gateway's file store: the ketua uploads it the way an LPJ attachment goes up (a record and a form, the
file posted straight to the store, the upload checked), every member sees it, the next one replaces it and its
file, and the PDFs print it beside the organization's name. On AWS the form is a presigned POST (moto)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.integration.test_lpj_attachments import post_file
from tests.integration.test_lpj_review import step, write
from tests.integration.test_reports import fetch, get
from tests.support.reports import BUCKET, files_in, realistic_world, s3_bucket


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    return realistic_world(api, database)


@pytest.fixture
def report_files(tmp_path: Path):
    yield from files_in(tmp_path)


def logo_picture(color: str = "navy", size: tuple[int, int] = (400, 400)) -> bytes:
    """A round emblem on a transparent square, as a logo is."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    image.paste(Image.new("RGBA", (size[0] // 2, size[1] // 2), color), (size[0] // 4, size[1] // 4))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def path(world: dict[str, Any], *rest: str) -> str:
    return "/".join([f"/orgs/{world['ids']['org']}/letterhead/logo", *rest])


def declare(api, world, who: str = "ketua", status: int = 201, **fields: Any) -> Any:
    response = api.post(path(world), token=world["tokens"][who],
                        json={"content_type": "image/png", "size_bytes": len(logo_picture()), **fields})
    assert response.status == status, response.json
    return response.json


def confirm(api, world, logo_id: str, who: str = "ketua", status: int = 200) -> Any:
    response = api.post(path(world, logo_id, "uploaded"), token=world["tokens"][who])
    assert response.status == status, response.json
    return response.json


def upload(api, world, content: bytes, who: str = "ketua") -> Any:
    created = declare(api, world, who, size_bytes=len(content))
    assert post_file(api, created["upload"], content)[0] == 204
    return confirm(api, world, created["logo"]["id"], who)


def approved_title_page(api, world) -> Any:
    write(api, world)
    for action, who in (("submit", "pj"), ("check", "sekretaris"), ("approve", "ketua")):
        step(api, world, action, who)
    report_id = get(api, world, f"/programs/{world['program']}/lpj/sections", "anggota")["report_id"]
    pdf = fetch(api, get(api, world, f"/reports/{report_id}/files/pdf", "anggota")["url"])[2]
    return PdfReader(io.BytesIO(pdf)).pages[0]


def test_the_ketua_uploads_the_logo_every_member_sees_it_and_the_approved_lpj_prints_it(api, world, report_files):
    assert get(api, world, path(world), "anggota") == {"logo": None, "may_edit": False}
    assert get(api, world, path(world), "wakil_ketua")["may_edit"] is True

    first = upload(api, world, logo_picture("navy"))
    assert first["may_edit"] is True and first["logo"]["uploaded"] is True
    shown = get(api, world, path(world), "anggota")
    assert (shown["logo"]["id"], shown["logo"]["content_type"]) == (first["logo"]["id"], "image/png")
    status, headers, body = fetch(api, shown["logo"]["url"])
    assert (status, headers["Content-Type"], body) == (200, "image/png", logo_picture("navy"))

    # a new logo replaces the old one, and the old file goes
    second = upload(api, world, logo_picture("maroon"), who="wakil_ketua")
    assert second["logo"]["id"] != first["logo"]["id"]
    assert [p.read_bytes() for p in report_files.rglob("logos/**/*.png")] == [logo_picture("maroon")]
    assert fetch(api, first["logo"]["url"])[0] == 404

    title_page = approved_title_page(api, world)
    [printed] = title_page.images
    emblem = printed.image.convert("RGB")
    assert max(emblem.size) <= 300  # printed at 300 dpi in its 22 mm box, not as uploaded
    assert emblem.getpixel((2, 2)) == (255, 255, 255)  # transparency on white
    assert emblem.getpixel((emblem.width // 2, emblem.height // 2))[0] > 100  # the maroon emblem
    assert "HIMA " in title_page.extract_text()  # the name beside it


def test_only_the_ketua_and_wakil_ketua_change_it_and_a_stranger_sees_nothing(api, world, report_files):
    for who in ("sekretaris", "bendahara", "anggota", "pembina", "pj"):
        assert declare(api, world, who, status=403)["status"] == 403
    assert api.get(path(world), token=world["tokens"]["outsider"]).status == 404
    assert declare(api, world, "outsider", status=404)["status"] == 404
    logo = upload(api, world, logo_picture())["logo"]
    assert api.delete(path(world), token=world["tokens"]["anggota"]).status == 403
    assert api.delete(path(world), token=world["tokens"]["outsider"]).status == 404
    assert get(api, world, path(world), "anggota")["logo"]["id"] == logo["id"]
    with psycopg.connect(world["db"]) as conn:  # the database says the same to a member writing around the API
        conn.execute("select set_config('role', 'authenticated', true),"
                     " set_config('request.jwt.claims', json_build_object('sub', %s::text)::text, true)",
                     (world["people"]["sekretaris"]["id"],))
        assert conn.execute("delete from report_service.letterhead_logos").rowcount == 0

    assert api.delete(path(world), token=world["tokens"]["ketua"]).status == 204
    assert get(api, world, path(world), "anggota")["logo"] is None
    assert not list(report_files.rglob("logos/**/*.png"))
    assert len(approved_title_page(api, world).images) == 0


@pytest.mark.parametrize(("fields", "field"), [
    ({"content_type": "image/gif"}, "body.content_type"),
    ({"content_type": "application/pdf"}, "body.content_type"),
    ({"size_bytes": 1024 * 1024 + 1}, "body.size_bytes"),
    ({"size_bytes": 0}, "body.size_bytes"),
    ({"file_key": "logos/x.png"}, "body.file_key"),
], ids=["gif", "pdf", "too-large", "empty", "key-chosen-by-client"])
def test_a_bad_declaration_is_refused_naming_its_field_and_records_nothing(api, world, report_files, fields, field):
    problem = declare(api, world, status=422, **fields)
    assert field in [error["field"] for error in problem["errors"]]
    with psycopg.connect(world["db"]) as conn:
        assert conn.execute("select count(*) from report_service.letterhead_logos").fetchone() == (0,)


def test_what_arrived_is_checked_before_it_becomes_the_logo(api, world, report_files):
    current = upload(api, world, logo_picture("navy"))["logo"]
    missing = declare(api, world)
    assert "has not arrived" in confirm(api, world, missing["logo"]["id"], status=409)["detail"]
    jpeg = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(jpeg, "JPEG")
    named_png = declare(api, world, size_bytes=len(jpeg.getvalue()))
    assert post_file(api, named_png["upload"], jpeg.getvalue())[0] == 204
    assert "not a PNG file" in confirm(api, world, named_png["logo"]["id"], status=409)["detail"]
    assert get(api, world, path(world), "anggota")["logo"]["id"] == current["id"]  # still the one before
    assert [p.read_bytes() for p in report_files.rglob("logos/**/*.*")] == [logo_picture("navy")]
    assert api.post(path(world, missing["logo"]["id"][::-1], "uploaded"),
                    token=world["tokens"]["ketua"]).status in (404, 422)


@pytest.mark.parametrize(("content", "why"), [
    (logo_picture(size=(6000, 40)), "6000x40 pixels, more than 4000 on a side"),
    (logo_picture()[:200], "cannot be read as a picture"),
], ids=["too-many-pixels", "cut-short"])
def test_a_picture_that_could_not_be_printed_is_refused_and_deleted(api, world, report_files, content, why):
    """A PNG is decoded whole to print it: a small file can hold a picture too large for any PDF's memory."""
    created = declare(api, world, size_bytes=len(content))
    assert post_file(api, created["upload"], content)[0] == 204
    assert why in confirm(api, world, created["logo"]["id"], status=409)["detail"]
    assert get(api, world, path(world), "anggota")["logo"] is None
    assert not list(report_files.rglob("logos/**/*.*"))


def test_an_archived_organizations_logo_no_longer_changes(api, world, report_files):
    logo = upload(api, world, logo_picture())["logo"]
    assert api.post(f"/orgs/{world['ids']['org']}/archive", token=world["tokens"]["ketua"]).status == 200
    assert "archived" in declare(api, world, status=409)["detail"]
    assert api.delete(path(world), token=world["tokens"]["ketua"]).status == 409
    assert get(api, world, path(world), "anggota")["logo"]["id"] == logo["id"]


def test_taking_the_logo_off_leaves_an_upload_under_way_to_finish_or_be_forgotten(api, world, report_files):
    """Its record stays, so that the file its form posts later is still known (and forgotten with it a day later);
    confirming it after the logo was taken off makes it the logo."""
    upload(api, world, logo_picture("navy"))
    pending = declare(api, world)
    assert api.delete(path(world), token=world["tokens"]["ketua"]).status == 204
    assert get(api, world, path(world), "anggota")["logo"] is None
    assert post_file(api, pending["upload"], logo_picture())[0] == 204
    assert confirm(api, world, pending["logo"]["id"])["logo"]["id"] == pending["logo"]["id"]


def test_a_logo_the_file_store_cannot_give_leaves_the_report_without_it(api, world, report_files):
    upload(api, world, logo_picture())
    for picture in report_files.rglob("logos/**/*.png"):
        picture.unlink()
    assert len(approved_title_page(api, world).images) == 0


def test_on_aws_the_form_is_a_presigned_post_under_logos(api, world, report_files, monkeypatch):
    import requests  # moto intercepts requests' calls, as a browser's post to the bucket

    with s3_bucket(monkeypatch) as s3:
        created = declare(api, world)
        fields = created["upload"]["fields"]
        assert BUCKET in created["upload"]["url"]
        assert fields["key"].startswith(f"logos/{world['ids']['org']}/") and fields["key"].endswith(".png")
        posted = requests.post(created["upload"]["url"], data=fields,
                               files={"file": ("logo.png", logo_picture(), "image/png")}, timeout=10)
        assert posted.status_code in (200, 204), posted.text
        confirmed = confirm(api, world, created["logo"]["id"])
        assert "X-Amz-Signature=" in confirmed["logo"]["url"]
        assert s3.get_object(Bucket=BUCKET, Key=fields["key"])["Body"].read() == logo_picture()
        assert api.delete(path(world), token=world["tokens"]["ketua"]).status == 204
        assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
