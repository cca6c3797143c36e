"""Benchmark: an LPJ's PDF for a program with 100 tasks, 50 budget items and 20 photos, with and without them.

Issue 12 asks for the figure: the LPJ a board hands in carries the program's documentation photos, and a phone's
photos are large. On a scratch database a ketua (registered through the API) has one finished program of
``bench.program_summary``'s seeding (100 tasks), 50 budget items, and 20 photos uploaded as LPJ attachments the
way the web app uploads them (the attachment declared, the file posted to the local file store's form, the upload
confirmed). Then, medians of ``BENCH_RUNS`` (default 5):

- rendering the LPJ's PDF from its draft with the 20 photos, and the same PDF without them (``render_pdf.lpj_pdf``,
  what approving an LPJ and storing one run);
- storing the LPJ through its endpoint (``POST /programs/{id}/reports``, in-process: the draft computed, the
  photos read from the file store, PDF and CSV rendered and stored).

The photos are ``BENCH_PHOTO_SIZE`` pixels (default 4000x3000, a 12-megapixel phone's) JPEGs of noise over a
gradient, which compress about as badly as a photo of a crowd does. Prints figures, page counts and sizes;
asserts only that the photos are in the PDF. ``BENCH_PDF=path`` keeps the PDF with the photos there, to look at.
"""

from __future__ import annotations

import io
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
PHOTOS = 20
BUDGET_ITEMS = 50
WIDTH, HEIGHT = (int(n) for n in os.environ.get("BENCH_PHOTO_SIZE", "4000x3000").split("x"))


def photo(index: int) -> bytes:
    """A JPEG of noise over a gradient, as large as a phone's photo."""
    from PIL import Image

    small = (WIDTH // 8, HEIGHT // 8)
    bands = [Image.effect_noise(small, 60).point(lambda v, shift=shift: (v + shift) % 256)
             for shift in (index * 11, index * 23, index * 37)]
    picture = Image.merge("RGB", bands).resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)
    grain = Image.effect_noise((WIDTH, HEIGHT), 20).convert("RGB")
    out = io.BytesIO()
    Image.blend(picture, grain, 0.25).save(out, "JPEG", quality=90)
    return out.getvalue()


def multipart(fields: dict[str, str], content: bytes, content_type: str) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="foto.jpg"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + content + b"\r\n")
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


def upload_photo(api: Any, token: str, program: str, index: int, content: bytes) -> str:
    """The web app's way: declare the attachment, post the file to the form it got, confirm the upload."""
    created = api.post(f"/programs/{program}/lpj/attachments", token=token, json={
        "kind": "dokumentasi", "title": f"Dokumentasi sesi {index + 1}", "filename": f"sesi-{index + 1}.jpg",
        "content_type": "image/jpeg", "size_bytes": len(content)})
    assert created.status == 201, created.json
    upload = created.json["upload"]
    content_type, body = multipart(upload["fields"], content, "image/jpeg")
    status, _, answer = api.gateway.handle("POST", "/_files/", {"content-type": content_type}, body, "127.0.0.1")
    assert status == 204, answer
    attachment_id = created.json["attachment"]["id"]
    confirmed = api.post(f"/programs/{program}/lpj/attachments/{attachment_id}/uploaded", token=token)
    assert confirmed.status == 200, confirmed.json
    return str(attachment_id)


def main() -> int:
    import psycopg
    from pypdf import PdfReader

    from bench.program_summary import seed
    from bench.support import figures, scratch_database, timed
    from infra.local.client import InProcessApi

    with tempfile.TemporaryDirectory() as files, scratch_database() as url:
        os.environ["REPORT_FILES_DIR"] = files
        from shared import files as file_module
        from shared.config import reset_settings

        reset_settings()
        file_module.reset_file_store()
        api = InProcessApi()
        token, _, _ = seed(api, url, programs=1)
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("select id from program_service.programs").fetchone()
            assert row is not None
            program = str(row[0])
            for status in ("disetujui", "dalam_progres", "selesai"):  # the ketua moves it along
                moved = api.post(f"/programs/{program}/transitions", token=token, json={"to": status})
                assert moved.status == 200, moved.json
            conn.execute(
                "insert into program_service.budget_items (program_id, organization_id, kind, category, description,"
                " quantity, unit_price, actual_amount, created_by)"
                " select p.id, p.organization_id, case when k %% 10 = 0 then 'pemasukan' else 'pengeluaran' end,"
                " 'Pos ' || (k %% 12), 'Belanja ' || k, 1 + k %% 4, 25000 + k * 1000, 20000 + k * 1100, p.created_by"
                " from program_service.programs p, generate_series(1, %s) k",
                (BUDGET_ITEMS - 5,))
            counted = conn.execute(
                "select (select count(*) from task_service.tasks where program_id = %(p)s),"
                " (select count(*) from program_service.budget_items where program_id = %(p)s)",
                {"p": program}).fetchone()
            assert counted is not None
        pictures = {}
        for index in range(PHOTOS):
            content = photo(index)
            pictures[uuid.UUID(upload_photo(api, token, program, index, content))] = content
        photo_bytes = sum(map(len, pictures.values()))

        from functions.reports import render_pdf
        from functions.reports.lpj_draft_models import LpjDraft

        draft = api.get(f"/programs/{program}/lpj", token=token)
        assert draft.status == 200, draft.json
        lpj = LpjDraft.model_validate(draft.json)
        assert [a.id for a in lpj.attachments if a.kind == "dokumentasi"] == list(pictures)

        def with_photos() -> bytes:
            return render_pdf.lpj_pdf(lpj, "LPJ", "bench", pictures)

        def without_photos() -> bytes:
            return render_pdf.lpj_pdf(lpj, "LPJ", "bench")

        def stored() -> None:
            response = api.post(f"/programs/{program}/reports", token=token, json={"kind": "lpj"})
            assert response.status == 201, response.json

        full, bare = with_photos(), without_photos()
        if os.environ.get("BENCH_PDF"):
            Path(os.environ["BENCH_PDF"]).write_bytes(full)
        pages = len(PdfReader(io.BytesIO(full)).pages), len(PdfReader(io.BytesIO(bare)).pages)
        images = sum(len(page.images) for page in PdfReader(io.BytesIO(full)).pages)
        assert images == PHOTOS, images
        timings = {"PDF with the 20 photos": timed(with_photos, RUNS, warmup=1),
                   "PDF without them": timed(without_photos, RUNS, warmup=1),
                   "POST /programs/{id}/reports (lpj)": timed(stored, RUNS, warmup=1)}
    medians = {label: sorted(times)[len(times) // 2] for label, times in timings.items()}
    print(f"LPJ of a program with {counted[0]} tasks, {counted[1]} budget items and {PHOTOS} photos "
          f"({WIDTH}x{HEIGHT} JPEG, {photo_bytes / PHOTOS / 2**20:.1f} MiB each), {RUNS} runs each")
    for label, times in timings.items():
        print(f"  {label:36} {figures(times)}")
    print(f"  with / without photos: x{medians['PDF with the 20 photos'] / medians['PDF without them']:.2f}")
    print(f"  pages: {pages[0]} with the photos, {pages[1]} without; "
          f"size: {len(full) / 2**20:.1f} MiB with, {len(bare) / 2**10:.0f} KiB without")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
