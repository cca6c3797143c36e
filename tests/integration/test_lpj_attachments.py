"""An LPJ's attachments (issue 12), through their functions on real PostgreSQL and the local gateway's file store:
the PJ records a file and gets an upload form, the browser posts the file straight to the store, the API checks
what arrived and lists it; every member reads it behind a link; the LPJ's PDF prints the documentation photos;
a submitted or approved LPJ's attachments are frozen. On AWS the form is an S3 presigned POST (moto)."""

from __future__ import annotations

import base64
import io
import json
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from PIL import Image
from pypdf import PdfReader

from shared import files
from tests.integration.test_lpj_review import step, write
from tests.integration.test_reports import fetch, get, sections
from tests.support.reports import BUCKET, files_in, realistic_world, s3_bucket


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    return realistic_world(api, database)


@pytest.fixture
def report_files(tmp_path: Path):
    yield from files_in(tmp_path)


def picture(color: str = "red", size: tuple[int, int] = (64, 48), kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, kind)
    return out.getvalue()


def path(world: dict[str, Any], *rest: str) -> str:
    return "/".join([f"/programs/{world['program']}/lpj/attachments", *rest])


def add(api, world, who: str = "pj", status: int = 201, **fields: Any) -> Any:
    body = {"kind": "dokumentasi", "title": "Pembukaan oleh ketua", "filename": "pembukaan.png",
            "content_type": "image/png", "size_bytes": len(picture()), **fields}
    response = api.post(path(world), token=world["tokens"][who], json=body)
    assert response.status == status, response.json
    return response.json


def multipart(fields: dict[str, str], content: bytes, file_type: str = "image/png") -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x"\r\n'
                 f"Content-Type: {file_type}\r\n\r\n".encode() + content + b"\r\n")
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


def post_file(api, upload: dict[str, Any], content: bytes, **fields: str) -> tuple[int, Any]:
    """Post the file with its form to the local gateway, as the browser does."""
    content_type, body = multipart({**upload["fields"], **fields}, content)
    assert upload["url"].endswith("/_files/")
    status, _, answer = api.gateway.handle("POST", "/_files/", {"content-type": content_type}, body, "127.0.0.1")
    return status, json.loads(answer) if answer else None


def confirm(api, world, attachment_id: str, who: str = "pj", status: int = 200) -> Any:
    response = api.post(path(world, attachment_id, "uploaded"), token=world["tokens"][who])
    assert response.status == status, response.json
    return response.json


def uploaded(api, world, content: bytes | None = None, **fields: Any) -> dict[str, Any]:
    content = content or picture()
    created = add(api, world, size_bytes=len(content), **fields)
    assert post_file(api, created["upload"], content)[0] == 204
    return confirm(api, world, created["attachment"]["id"])


def test_a_photo_goes_up_with_its_form_is_listed_behind_a_link_and_printed_in_the_approved_lpj(
        api, world, report_files):
    photo = picture("red", (640, 480))
    created = add(api, world, size_bytes=len(photo))
    attachment = created["attachment"]
    assert (attachment["uploaded"], attachment["url"], attachment["created_by"]["user_id"]) == (
        False, None, world["people"]["pj"]["id"])
    assert get(api, world, path(world), "anggota")["items"][0]["uploaded"] is False
    assert post_file(api, created["upload"], photo) == (204, None)

    confirmed = confirm(api, world, attachment["id"])
    assert confirmed["uploaded"] is True and confirmed["url"]
    listed = get(api, world, path(world), "anggota")
    assert listed["may_edit"] is False and get(api, world, path(world), "pj")["may_edit"] is True
    [item] = listed["items"]
    assert (item["title"], item["filename"], item["size_bytes"]) == ("Pembukaan oleh ketua", "pembukaan.png",
                                                                     len(photo))
    status, headers, body = fetch(api, item["url"])
    assert (status, headers["Content-Type"], body) == (200, "image/png", photo)
    assert headers["Content-Disposition"].startswith("inline")
    items = get(api, world, f"/programs/{world['program']}/budget-items", "pj")["items"]
    sound = next(item["id"] for item in items if item["category"] == "Sewa sound system")
    receipt = uploaded(api, world, b"%PDF-1.4 kuitansi", kind="kuitansi", title="Kuitansi konsumsi",
                       filename="kuitansi konsumsi.pdf", content_type="application/pdf", budget_item_id=sound)
    assert receipt["budget_item_id"] == sound
    assert receipt["url"] and fetch(api, receipt["url"])[2] == b"%PDF-1.4 kuitansi"

    draft = get(api, world, f"/programs/{world['program']}/lpj", "anggota")
    assert [(a["kind"], a["title"]) for a in draft["attachments"]] == [
        ("dokumentasi", "Pembukaan oleh ketua"), ("kuitansi", "Kuitansi konsumsi")]
    named = {who: [a["budget_item"] for a in get(api, world, f"/programs/{world['program']}/lpj", who)["attachments"]]
             for who in ("pj", "bendahara", "anggota")}  # the budget's items are not an anggota's to see
    assert named == {"pj": [None, "Sewa sound system"], "bendahara": [None, "Sewa sound system"],
                     "anggota": [None, None]}

    write(api, world)
    for action, who in (("submit", "pj"), ("check", "sekretaris"), ("approve", "ketua")):
        step(api, world, action, who)
    report_id = get(api, world, f"/programs/{world['program']}/lpj/sections", "anggota")["report_id"]
    links = {link["format"]: link["url"] for link in get(api, world, f"/reports/{report_id}", "anggota")["files"]}
    document = PdfReader(io.BytesIO(fetch(api, links["pdf"])[2]))
    text = "\n".join(page.extract_text() for page in document.pages)
    assert "Dokumentasi kegiatan" in text and "Pembukaan oleh ketua" in text and "kuitansi-konsumsi" not in text
    assert "kuitansi konsumsi.pdf" in text and "Kuitansi" in text
    images = [image for page in document.pages for image in page.images]
    assert len(images) == 1 and images[0].image.size == (640, 480)
    assert "Kuitansi konsumsi (untuk Sewa sound system)" in text  # the receipt with the item it is for
    lampiran = sections(fetch(api, links["csv"])[2])["Lampiran"]
    assert lampiran[1:] == [["Dokumentasi", "Pembukaan oleh ketua", "pembukaan.png", str(len(photo)), ""],
                            ["Kuitansi", "Kuitansi konsumsi", "kuitansi konsumsi.pdf", "17", "Sewa sound system"]]

    # approved: frozen with the LPJ, in the API and in the database
    assert get(api, world, path(world), "pj")["may_edit"] is False
    assert add(api, world, status=409)["detail"].startswith("The LPJ is disetujui")
    response = api.delete(path(world, attachment["id"]), token=world["tokens"]["pj"])
    assert response.status == 409
    with pytest.raises(psycopg.errors.CheckViolation), psycopg.connect(world["db"]) as conn:
        conn.execute("delete from report_service.lpj_attachments where id = %s", (attachment["id"],))


def test_a_phones_photo_prints_upright_and_small_and_a_transparent_one_on_white(api, world, report_files):
    upright = Image.new("RGB", (2000, 3000), "blue")
    upright.paste(Image.new("RGB", (2000, 1500), "red"))  # red above, blue below, as the eye sees it
    orientation = Image.Exif()
    orientation[0x0112] = 6  # a phone held upright stores its picture on its side and says so in EXIF
    out = io.BytesIO()
    upright.transpose(Image.Transpose.ROTATE_90).save(out, "JPEG", quality=95, exif=orientation)
    sideways = out.getvalue()
    logo = Image.new("RGBA", (800, 600), (0, 0, 0, 0))
    logo.paste(Image.new("RGBA", (200, 200), (0, 128, 0, 255)), (300, 200))
    out = io.BytesIO()
    logo.save(out, "PNG")
    uploaded(api, world, sideways, content_type="image/jpeg", filename="IMG_0001.jpg", title="Peserta")
    uploaded(api, world, out.getvalue(), title="Logo acara")

    write(api, world)
    for action, who in (("submit", "pj"), ("check", "sekretaris"), ("approve", "ketua")):
        step(api, world, action, who)
    report_id = get(api, world, f"/programs/{world['program']}/lpj/sections", "anggota")["report_id"]
    links = {link["format"]: link["url"] for link in get(api, world, f"/reports/{report_id}", "anggota")["files"]}
    pdf = fetch(api, links["pdf"])[2]
    photo, transparent = [image.image.convert("RGB") for page in PdfReader(io.BytesIO(pdf)).pages
                          for image in page.images]
    assert photo.size == (667, 1000)  # upright, and no larger than the page prints (render_pdf.PHOTO_PIXELS)
    red, blue = photo.getpixel((333, 100)), photo.getpixel((333, 900))
    assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]
    assert len(pdf) < len(sideways)
    assert transparent.size == (800, 600)
    assert min(transparent.getpixel((10, 10))) > 245 and transparent.getpixel((400, 300))[1] > 100

def test_who_may_add_read_and_remove_attachments(api, world, report_files):
    for who in ("pj", "kepala_departemen", "sekretaris", "ketua", "wakil_ketua"):
        add(api, world, who)
    for who in ("anggota", "bendahara", "pembina", "kepala_lain"):
        assert add(api, world, who, status=403)["status"] == 403
    add(api, world, "outsider", status=404)
    assert api.get(path(world), token=world["tokens"]["outsider"]).status == 404
    items = get(api, world, path(world), "pembina")["items"]
    assert len(items) == 5
    assert api.delete(path(world, items[0]["id"]), token=world["tokens"]["anggota"]).status == 403
    assert api.delete(path(world, items[0]["id"]), token=world["tokens"]["outsider"]).status == 404
    assert api.delete(path(world, str(uuid.uuid4())), token=world["tokens"]["pj"]).status == 404
    assert api.post(path(world, items[0]["id"], "uploaded"), token=world["tokens"]["anggota"]).status == 403


def test_removing_an_attachment_removes_its_file(api, world, report_files):
    attachment = uploaded(api, world)
    [on_disk] = [p for p in report_files.rglob("*.png")]
    assert on_disk.read_bytes() == picture()
    assert api.delete(path(world, attachment["id"]), token=world["tokens"]["pj"]).status == 204
    assert get(api, world, path(world), "anggota")["items"] == [] and not on_disk.exists()
    assert fetch(api, attachment["url"])[0] == 404


@pytest.mark.parametrize(("fields", "field"), [
    ({"content_type": "image/gif"}, "body.content_type"),
    ({"size_bytes": 10 * 1024 * 1024 + 1}, "body.size_bytes"),
    ({"size_bytes": 0}, "body.size_bytes"),
    ({"kind": "foto"}, "body.kind"),
    ({"title": "   "}, "body.title"),
    ({"filename": ""}, "body.filename"),
    ({"file_key": "attachments/x"}, "body.file_key"),
    ({"budget_item_id": str(uuid.uuid4())}, "body.budget_item_id"),
    ({"kind": "kuitansi", "budget_item_id": str(uuid.uuid4())}, "body.budget_item_id"),
    ({"kind": "kuitansi", "budget_item_id": "sound"}, "body.budget_item_id"),
], ids=["type", "too-large", "empty", "kind", "blank-title", "no-filename", "key-chosen-by-client", "item-on-a-photo",
        "another-programs-item", "item-not-an-id"])
def test_a_bad_declaration_is_refused_naming_its_field_and_records_nothing(api, world, report_files, fields, field):
    problem = add(api, world, status=422, **fields)
    assert field in [error["field"] for error in problem["errors"]]
    assert get(api, world, path(world), "pj")["items"] == []


def test_the_upload_form_admits_only_the_declared_file(api, world, report_files):
    created = add(api, world)
    upload = created["upload"]
    assert post_file(api, upload, picture(), **{"Content-Type": "image/jpeg"})[0] == 403
    assert post_file(api, upload, picture(), key=upload["fields"]["key"] + "x")[0] == 403
    assert post_file(api, upload, picture(), signature="0" * 64)[0] == 403
    too_big = picture(size=(65, 48))
    status, problem = post_file(api, upload, too_big)
    assert status == 400 and str(len(picture())) in problem["detail"]
    assert not list(report_files.rglob("*.png"))
    store = files.local_file_store()
    late = store.accept(upload["fields"], picture(), now=4102444800.0)  # in 2100
    assert late == (403, "The upload form has expired; ask the API for a new one.")


def test_confirming_checks_what_arrived(api, world, report_files):
    created = add(api, world)
    attachment_id = created["attachment"]["id"]
    assert "has not arrived" in confirm(api, world, attachment_id, status=409)["detail"]

    half = picture()[: len(picture()) // 2]
    assert post_file(api, created["upload"], half)[0] == 204  # within the form's limit, short of what was declared
    assert "bytes, not the" in confirm(api, world, attachment_id, status=409)["detail"]
    assert not list(report_files.rglob("*.png"))  # removed: it was not the declared file

    jpeg_named_png = picture(kind="JPEG")
    second = add(api, world, size_bytes=len(jpeg_named_png))
    assert post_file(api, second["upload"], jpeg_named_png)[0] == 204
    assert "not a PNG file" in confirm(api, world, second["attachment"]["id"], status=409)["detail"]
    assert [item["uploaded"] for item in get(api, world, path(world), "pj")["items"]] == [False, False]
    assert get(api, world, f"/programs/{world['program']}/lpj", "pj")["attachments"] == []

    done = uploaded(api, world)
    again = confirm(api, world, done["id"])  # confirming twice answers the same (with a fresh link)
    assert {k: v for k, v in again.items() if not k.startswith("url")} == {
        k: v for k, v in done.items() if not k.startswith("url")}


def test_a_submitted_lpj_takes_no_new_attachment_until_it_is_sent_back(api, world, report_files):
    attachment = uploaded(api, world)
    write(api, world)
    step(api, world, "submit", "pj")
    assert add(api, world, status=409)["detail"].startswith("The LPJ is diajukan")
    assert api.delete(path(world, attachment["id"]), token=world["tokens"]["pj"]).status == 409
    step(api, world, "return", "sekretaris", notes="Tambahkan foto peserta.")
    add(api, world)
    assert api.delete(path(world, attachment["id"]), token=world["tokens"]["pj"]).status == 204


def change(api, world, attachment_id: str, who: str = "pj", status: int = 200, **fields: Any) -> Any:
    response = api.patch(path(world, attachment_id), token=world["tokens"][who], json=fields)
    assert response.status == status, response.json
    return response.json


def test_a_receipt_uploaded_before_its_item_names_it_later_and_a_title_can_be_mended(api, world, report_files):
    receipt = uploaded(api, world, b"%PDF-1.4 kuitansi", kind="kuitansi", title="Kuitansi konsmsi",
                       filename="kuitansi.pdf", content_type="application/pdf")
    photo = uploaded(api, world)
    items = get(api, world, f"/programs/{world['program']}/budget-items", "pj")["items"]
    sound = next(item["id"] for item in items if item["category"] == "Sewa sound system")

    changed = change(api, world, receipt["id"], title="Kuitansi konsumsi", budget_item_id=sound)
    assert (changed["title"], changed["budget_item_id"], changed["filename"]) == ("Kuitansi konsumsi", sound,
                                                                                  "kuitansi.pdf")
    draft = get(api, world, f"/programs/{world['program']}/lpj", "pj")
    assert [(a["title"], a["budget_item"]) for a in draft["attachments"]] == [
        ("Kuitansi konsumsi", "Sewa sound system"), ("Pembukaan oleh ketua", None)]
    assert change(api, world, receipt["id"], budget_item_id=None)["budget_item_id"] is None  # null names none
    assert change(api, world, receipt["id"])["title"] == "Kuitansi konsumsi"  # nothing sent, nothing changes

    # what cannot be: each refused naming its field, and nothing changed
    problem = change(api, world, photo["id"], status=422, budget_item_id=sound)
    assert [e["code"] for e in problem["errors"]] == ["receipt_only"]
    problem = change(api, world, receipt["id"], status=422, budget_item_id=str(uuid.uuid4()))
    assert [e["field"] for e in problem["errors"]] == ["body.budget_item_id"]
    for fields, field in (({"title": "  "}, "body.title"), ({"title": None}, "body.title"),
                          ({"kind": "proposal"}, "body.kind"), ({"title": "x" * 201}, "body.title")):
        assert field in [e["field"] for e in change(api, world, receipt["id"], status=422, **fields)["errors"]]
    assert change(api, world, str(uuid.uuid4()), status=404)["status"] == 404
    assert change(api, world, receipt["id"], "anggota", status=403, title="Diubah")["status"] == 403
    assert change(api, world, receipt["id"], "outsider", status=404, title="Diubah")["status"] == 404
    with psycopg.connect(world["db"]) as conn:  # an anggota writing around the API changes nothing either
        conn.execute("select set_config('role', 'authenticated', true),"
                     " set_config('request.jwt.claims', json_build_object('sub', %s::text)::text, true)",
                     (world["people"]["anggota"]["id"],))
        assert conn.execute("update report_service.lpj_attachments set title = 'x'").rowcount == 0
    listed = get(api, world, path(world), "anggota")["items"]
    assert [(a["title"], a["budget_item_id"]) for a in listed] == [("Kuitansi konsumsi", None),
                                                                  ("Pembukaan oleh ketua", None)]

    # submitted: frozen until sent back
    write(api, world)
    step(api, world, "submit", "pj")
    assert change(api, world, receipt["id"], status=409, budget_item_id=sound)["detail"].startswith(
        "The LPJ is diajukan")


def test_a_program_holds_at_most_its_limit_of_attachments(api, world, report_files):
    from functions.reports.attachment_models import MAX_PER_PROGRAM

    with psycopg.connect(world["db"], autocommit=True) as conn:
        conn.execute("insert into report_service.lpj_attachments (program_id, organization_id, period_id, kind, title,"
                     " filename, content_type, size_bytes, file_key, created_by)"
                     " select %s, %s, %s, 'lainnya', 'Berkas ' || n, 'berkas.pdf', 'application/pdf', 10,"
                     " 'attachments/test/' || n || '.pdf', %s from generate_series(1, %s) n",
                     (world["program"], world["ids"]["org"], world["ids"]["period"], world["people"]["pj"]["id"],
                      MAX_PER_PROGRAM))
    assert "remove one first" in add(api, world, status=409)["detail"]


def test_on_aws_the_form_is_a_presigned_post_and_the_upload_is_checked_in_the_bucket(api, world, report_files,
                                                                                       monkeypatch):
    import requests  # moto intercepts requests' calls, as a browser's post to the bucket

    with s3_bucket(monkeypatch) as s3:
        created = add(api, world)
        upload = created["upload"]
        fields = upload["fields"]
        assert BUCKET in upload["url"] and fields["Content-Type"] == "image/png"
        key = fields["key"]
        assert key.startswith(f"attachments/{world['ids']['org']}/{world['program']}/") and key.endswith(".png")
        policy = json.loads(base64.b64decode(fields["policy"]))
        assert {"Content-Type": "image/png"} in policy["conditions"]
        assert ["content-length-range", 1, len(picture())] in policy["conditions"]

        posted = requests.post(upload["url"], data=fields, files={"file": ("pembukaan.png", picture(), "image/png")},
                               timeout=10)
        assert posted.status_code in (200, 204), posted.text
        confirmed = confirm(api, world, created["attachment"]["id"])
        assert confirmed["uploaded"] and "X-Amz-Signature=" in confirmed["url"]
        assert s3.get_object(Bucket=BUCKET, Key=key)["Body"].read() == picture()

        assert api.delete(path(world, confirmed["id"]), token=world["tokens"]["pj"]).status == 204
        assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    assert not list(report_files.rglob("*.png"))
