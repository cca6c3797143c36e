"""Organizations, periods and departments through their functions, on real PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from shared import db
from tests.support.memberships import add_member
from tests.support.orgs import build_org

PERIOD = {"name": "Kabinet Sinergi 2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}


@pytest.fixture
def org(api, register, database):
    return build_org(api, register, database)


def test_creating_an_organization_makes_me_ketua_of_an_active_period(api, register, database):
    me = register()
    created = api.post("/orgs", token=me["access_token"], json={
        "name": "BEM Fakultas Teknik", "type": "bem", "institution": "Universitas Contoh", "period": PERIOD})
    assert created.status == 201
    body = created.json
    assert body["my_role"] == "ketua" and body["time_zone"] == "Asia/Jakarta"
    periods = api.get(f"/orgs/{body['id']}/periods", token=me["access_token"]).json["items"]
    assert [(p["name"], p["status"]) for p in periods] == [(PERIOD["name"], "aktif")]
    mine = api.get("/orgs", token=me["access_token"]).json["items"]
    assert [o["id"] for o in mine] == [body["id"]]


def test_an_outsider_does_not_see_the_organization(api, org):
    for path in (f"/orgs/{org.id}", f"/orgs/{org.id}/periods", f"/orgs/{org.id}/departments"):
        response = api.get(path, token=org.tokens["outsider"])
        assert response.status == 404, path
    assert api.get("/orgs", token=org.tokens["outsider"]).json["items"] == []


def test_webhooks_are_shown_to_the_board_only(api, org):
    hook = "https://discord.com/api/webhooks/1/abc"
    assert api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"],
                       json={"discord_webhook_url": hook}).status == 200
    assert api.get(f"/orgs/{org.id}", token=org.tokens["wakil_ketua"]).json["discord_webhook_url"] == hook
    assert api.get(f"/orgs/{org.id}", token=org.tokens["anggota"]).json["discord_webhook_url"] is None


def test_update_is_partial_and_validated(api, org):
    updated = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"],
                          json={"description": "Himpunan mahasiswa", "time_zone": "Asia/Makassar"})
    assert updated.status == 200
    assert updated.json["description"] == "Himpunan mahasiswa" and updated.json["name"] == "HIMA Informatika"
    bad = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"], json={"time_zone": "Mars/Olympus"})
    assert bad.status == 422 and bad.json["errors"][0]["field"] == "body.time_zone"
    bad_type = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"], json={"type": "club"})
    assert bad_type.status == 422
    assert api.get(f"/orgs/{org.id}", token=org.tokens["ketua"]).json["time_zone"] == "Asia/Makassar"


def test_the_letterhead_the_board_writes_and_its_number_format_is_checked(api, org):
    letterhead = {"address": "  Gedung Student Center Lt. 2, Jl. Kampus No. 1, Surabaya  ",
                  "document_number_format": "{nomor}/LPJ/{singkatan}/{bulan}/{tahun}"}
    updated = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"], json=letterhead)
    assert updated.status == 200, updated.json
    assert updated.json["address"] == "Gedung Student Center Lt. 2, Jl. Kampus No. 1, Surabaya"
    assert api.get(f"/orgs/{org.id}", token=org.tokens["anggota"]).json["document_number_format"] == (
        "{nomor}/LPJ/{singkatan}/{bulan}/{tahun}")
    for number_format, code in (("LPJ/{bulan}/{tahun}", "missing_number"), ("{nomor}/{{tahun}}", "stray_brace"),
                                ("{nomor}/{nama}/{tahun}", "unknown_placeholder")):
        bad = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"],
                          json={"document_number_format": number_format})
        assert bad.status == 422 and [(e["field"], e["code"]) for e in bad.json["errors"]] == [
            ("body.document_number_format", code)], bad.json
    assert "{nama}" in bad.json["errors"][0]["message"]
    assert api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["anggota"], json={"address": "X"}).status == 403
    cleared = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"], json={"address": None})
    assert cleared.json["address"] is None and cleared.json["document_number_format"] is not None


def test_archived_organization_is_read_only(api, org):
    assert api.post(f"/orgs/{org.id}/archive", token=org.tokens["ketua"]).json["archived_at"]
    refused = api.request("PATCH", f"/orgs/{org.id}", token=org.tokens["ketua"], json={"name": "X"})
    assert refused.status == 409


def test_next_period_is_prepared_then_activated_and_the_old_one_finished(api, org):
    draft = api.post(f"/orgs/{org.id}/periods", token=org.tokens["ketua"], json={
        "name": "Kabinet Harmoni 2026/2027", "starts_on": "2026-09-01", "ends_on": "2027-08-31",
        "ketua_user_id": org.user_ids["anggota"]})
    assert draft.status == 201 and draft.json["status"] == "draft"
    # the next ketua (an anggota today) prepares the new period's departments
    dept = api.post(f"/orgs/{org.id}/departments", token=org.tokens["anggota"],
                    json={"period_id": draft.json["id"], "name": "Departemen Humas", "code": "HUMAS"})
    assert dept.status == 201
    activated = api.post(f"/orgs/{org.id}/periods/{draft.json['id']}/activate", token=org.tokens["ketua"])
    assert activated.status == 200 and activated.json["status"] == "aktif"
    periods = api.get(f"/orgs/{org.id}/periods", token=org.tokens["ketua"]).json["items"]
    statuses = {p["id"]: p["status"] for p in periods}
    assert statuses == {org.period_id: "selesai", draft.json["id"]: "aktif"}
    # the finished period is history: its departments can no longer change
    old = api.request("PATCH", f"/orgs/{org.id}/departments/{org.department_id}", token=org.tokens["anggota"],
                      json={"name": "Riset"})
    assert old.status == 409
    again = api.post(f"/orgs/{org.id}/periods/{draft.json['id']}/activate", token=org.tokens["anggota"])
    assert again.status == 409


def test_period_dates_must_be_ordered(api, org):
    response = api.post(f"/orgs/{org.id}/periods", token=org.tokens["ketua"],
                        json={"name": "X", "starts_on": "2026-09-01", "ends_on": "2026-01-01"})
    assert response.status == 422 and response.json["errors"][0]["field"] == "body.ends_on"


def test_departments_crud_head_and_delete_only_when_empty(api, org, database):
    token = org.tokens["ketua"]
    created = api.post(f"/orgs/{org.id}/departments", token=token,
                       json={"name": "Badan Pengurus Harian", "code": "BPH", "is_core": True,
                             "head_user_id": org.user_ids["sekretaris"]})
    assert created.status == 201 and created.json["is_core"] and created.json["member_count"] == 0
    listed = api.get(f"/orgs/{org.id}/departments", token=org.tokens["anggota"]).json["items"]
    assert [d["code"] for d in listed] == ["BPH", "RISET"]
    riset = next(d for d in listed if d["code"] == "RISET")
    assert riset["member_count"] == 3
    taken = api.post(f"/orgs/{org.id}/departments", token=token, json={"name": "Dup", "code": "BPH"})
    assert taken.status == 409 and taken.json["errors"][0]["field"] == "body.code"
    not_member = api.request("PATCH", f"/orgs/{org.id}/departments/{created.json['id']}", token=token,
                             json={"head_user_id": org.user_ids["outsider"]})
    assert not_member.status == 422
    assert api.delete(f"/orgs/{org.id}/departments/{org.department_id}", token=token).status == 409
    assert api.delete(f"/orgs/{org.id}/departments/{created.json['id']}", token=token).status == 204
    assert api.get(f"/orgs/{org.id}/departments/{created.json['id']}", token=token).status == 404
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from organization_service.departments").fetchone()[0] == 1


def test_health(api, database):
    assert api.get("/orgs/health").json == {"status": "ok", "service": "orgs", "database": "ok"}


def test_members_are_filtered_and_paginated_with_a_cursor(api, org):
    token = org.tokens["anggota"]
    first = api.get(f"/orgs/{org.id}/members?limit=3", token=token)
    assert first.status == 200 and len(first.json["items"]) == 3 and first.json["next_cursor"]
    seen = [m["user_id"] for m in first.json["items"]]
    cursor = first.json["next_cursor"]
    while cursor:
        page = api.get(f"/orgs/{org.id}/members?limit=3&cursor={cursor}", token=token).json
        seen += [m["user_id"] for m in page["items"]]
        cursor = page["next_cursor"]
    assert sorted(seen) == sorted(v for k, v in org.user_ids.items() if k != "outsider")
    in_dept = api.get(f"/orgs/{org.id}/members?department_id={org.department_id}", token=token).json["items"]
    assert {m["role"] for m in in_dept} == {"kepala_departemen", "wakil_kepala_departemen", "anggota"}
    pembina = api.get(f"/orgs/{org.id}/members?role=pembina", token=token).json["items"]
    assert [m["user_id"] for m in pembina] == [org.user_ids["pembina"]]
    bad = api.get(f"/orgs/{org.id}/members?cursor=not-a-cursor", token=token)
    assert bad.status == 422 and bad.json["errors"][0]["field"] == "query.cursor"


def _membership(api, org, role):
    items = api.get(f"/orgs/{org.id}/members?role={role}", token=org.tokens["ketua"]).json["items"]
    return items[0]["id"]


def test_an_organization_never_loses_its_last_ketua(api, org):
    ketua = _membership(api, org, "ketua")
    for attempt in (
        api.request("PATCH", f"/orgs/{org.id}/members/{ketua}", token=org.tokens["wakil_ketua"],
                    json={"role": "anggota"}),
        api.post(f"/orgs/{org.id}/members/{ketua}/deactivate", token=org.tokens["wakil_ketua"]),
        api.post(f"/orgs/{org.id}/leave", token=org.tokens["ketua"]),
    ):
        assert attempt.status == 409, attempt.json
    # with a second ketua appointed, the first may step down
    wakil = _membership(api, org, "wakil_ketua")
    assert api.request("PATCH", f"/orgs/{org.id}/members/{wakil}", token=org.tokens["ketua"],
                       json={"role": "ketua"}).status == 200
    assert api.post(f"/orgs/{org.id}/leave", token=org.tokens["ketua"]).status == 200
    assert api.get(f"/orgs/{org.id}/members?role=ketua&active=true", token=org.tokens["wakil_ketua"]).json[
        "items"][0]["user_id"] == org.user_ids["wakil_ketua"]


def test_sekretaris_manages_members_but_not_the_board(api, org):
    anggota = _membership(api, org, "anggota")
    moved = api.request("PATCH", f"/orgs/{org.id}/members/{anggota}", token=org.tokens["sekretaris"],
                        json={"role": "bendahara", "position_title": "Bendahara II", "department_id": None})
    assert moved.status == 200
    assert (moved.json["role"], moved.json["position_title"], moved.json["department_id"]) == (
        "bendahara", "Bendahara II", None)
    promote = api.request("PATCH", f"/orgs/{org.id}/members/{anggota}", token=org.tokens["sekretaris"],
                          json={"role": "wakil_ketua"})
    assert promote.status == 403


def test_a_member_moves_only_into_a_department_of_their_period(api, org):
    draft = api.post(f"/orgs/{org.id}/periods", token=org.tokens["ketua"],
                     json={"name": "Next", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}).json
    other = api.post(f"/orgs/{org.id}/departments", token=org.tokens["ketua"],
                     json={"period_id": draft["id"], "name": "Humas", "code": "HUMAS"}).json
    anggota = _membership(api, org, "anggota")
    response = api.request("PATCH", f"/orgs/{org.id}/members/{anggota}", token=org.tokens["ketua"],
                           json={"department_id": other["id"]})
    assert response.status == 422 and response.json["errors"][0]["field"] == "body.department_id"


def test_a_member_who_left_is_a_former_member_who_no_longer_reads_the_organization(api, org):
    """docs/decisions/0013: a former member keeps their own account, membership rows and inbox; the
    organization is one they are not a member of (404, as for anyone outside it)."""
    assert api.post(f"/orgs/{org.id}/leave", token=org.tokens["anggota"]).json["active"] is False
    assert api.post(f"/orgs/{org.id}/leave", token=org.tokens["anggota"]).status == 404
    assert api.get(f"/orgs/{org.id}", token=org.tokens["anggota"]).status == 404


# ---- who the members are ----

def _profiles(database: str) -> dict[str, tuple[str, str]]:
    with psycopg.connect(database) as conn:
        return {str(user): (name, email) for user, name, email in
                conn.execute("select user_id, display_name, email from user_service.profiles")}


def test_the_member_list_shows_each_members_name_and_email(api, org, database):
    profiles = _profiles(database)
    items = api.get(f"/orgs/{org.id}/members?limit=100", token=org.tokens["anggota"]).json["items"]
    assert len(items) == len(org.user_ids) - 1
    for member in items:
        assert (member["display_name"], member["email"]) == profiles[member["user_id"]]
    bendahara = next(m for m in items if m["role"] == "bendahara")
    assert bendahara["display_name"] == "Bendahara" and bendahara["email"].startswith("bendahara.")


def test_a_member_without_a_profile_has_null_names(api, org, database):
    nobody = str(uuid.uuid4())  # a member whose account never made a profile (yet)
    add_member(database, org.id, nobody)
    response = api.get(f"/orgs/{org.id}/members?limit=100", token=org.tokens["ketua"])
    assert response.status == 200
    member = next(m for m in response.json["items"] if m["user_id"] == nobody)
    assert (member["display_name"], member["email"]) == (None, None)
    changed = api.request("PATCH", f"/orgs/{org.id}/members/{member['id']}", token=org.tokens["ketua"],
                          json={"position_title": "Staf"})
    assert changed.status == 200 and (changed.json["display_name"], changed.json["email"]) == (None, None)


def test_a_member_who_left_keeps_their_name_but_not_their_address_in_the_list(api, org):
    """As GET /users/{id}: the address is for those who share an active membership; the name stays
    readable to the organization, whose history names them."""
    assert api.post(f"/orgs/{org.id}/leave", token=org.tokens["anggota"]).status == 200
    items = api.get(f"/orgs/{org.id}/members?role=anggota", token=org.tokens["ketua"]).json["items"]
    assert [(m["display_name"], m["email"], m["active"]) for m in items] == [("Anggota", None, False)]
    assert api.get(f"/users/{org.user_ids['anggota']}", token=org.tokens["ketua"]).status == 404


def test_changing_a_member_answers_with_their_name(api, org):
    anggota = _membership(api, org, "anggota")
    moved = api.request("PATCH", f"/orgs/{org.id}/members/{anggota}", token=org.tokens["ketua"],
                        json={"position_title": "Staf Riset"})
    assert moved.status == 200 and moved.json["display_name"] == "Anggota" and moved.json["email"]


def test_the_member_list_runs_the_same_number_of_statements_whatever_the_page_size(api, org, database,
                                                                                    monkeypatch, register):
    for n in range(25):
        add_member(database, org.id, register(name=f"Anggota {n}")["user"]["id"])
    counted: list[str] = []
    original = db.Transaction.execute

    def counting(self: db.Transaction, query: Any, params: Any = None) -> Any:
        counted.append(str(query))
        return original(self, query, params)

    monkeypatch.setattr(db.Transaction, "execute", counting)
    counts = []
    for limit in (1, 10, 30):
        counted.clear()
        response = api.get(f"/orgs/{org.id}/members?limit={limit}", token=org.tokens["anggota"])
        assert len(response.json["items"]) == limit
        assert all(m["display_name"] and m["email"] for m in response.json["items"])
        counts.append(len(counted))
    assert counts[0] == counts[1] == counts[2], counts
