"""End to end over HTTP, the README's flow: create an organization -> invite -> accept -> put the
new member in a department."""

from __future__ import annotations

from typing import Any

from tests.conftest import STRONG_PASSWORD

INVITEE = "dina@kampus.example"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def register(http: Any, email: str, name: str) -> dict:
    response = http.post("/auth/register", json={"email": email, "password": STRONG_PASSWORD, "name": name})
    assert response.status_code == 201, response.text
    return response.json()


def test_create_invite_accept_and_place_in_a_department(http):
    ketua = bearer(register(http, "ketua@hima.example", "Raka")["access_token"])
    org = http.post("/orgs", headers=ketua, json={
        "name": "HIMA Informatika", "type": "hima",
        "period": {"name": "Kabinet Sinergi 2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}})
    assert org.status_code == 201, org.text
    org_id = org.json()["id"]
    department = http.post(f"/orgs/{org_id}/departments", headers=ketua,
                           json={"name": "Departemen Riset", "code": "RISET"}).json()

    invitation = http.post(f"/orgs/{org_id}/invitations", headers=ketua,
                           json={"email": INVITEE, "role": "anggota", "position_title": "Staf"})
    assert invitation.status_code == 201, invitation.text

    dina = bearer(register(http, INVITEE, "Dina")["access_token"])
    mine = http.get("/orgs/invitations/mine", headers=dina)
    assert mine.status_code == 200, mine.text
    [pending] = mine.json()["items"]
    assert (pending["id"], pending["organization_name"], pending["role"]) == (
        invitation.json()["id"], "HIMA Informatika", "anggota")
    accepted = http.post(f"/orgs/invitations/{pending['id']}/accept", headers=dina)
    assert accepted.status_code == 200, accepted.text
    membership_id = accepted.json()["id"]

    placed = http.patch(f"/orgs/{org_id}/members/{membership_id}", headers=ketua,
                        json={"department_id": department["id"]})
    assert placed.status_code == 200, placed.text
    in_department = http.get(f"/orgs/{org_id}/members", headers=dina,
                             params={"department_id": department["id"]}).json()["items"]
    assert [(m["id"], m["role"], m["position_title"]) for m in in_department] == [(membership_id, "anggota", "Staf")]
    assert http.get(f"/orgs/{org_id}/departments/{department['id']}", headers=dina).json()["member_count"] == 1
    assert http.get("/orgs/invitations/mine", headers=dina).json()["items"] == []


def test_join_with_a_code_and_the_gateway_routes_literal_segments_first(http):
    ketua = bearer(register(http, "ketua@hima.example", "Raka")["access_token"])
    org_id = http.post("/orgs", headers=ketua, json={
        "name": "UKM Musik", "type": "ukm",
        "period": {"name": "2025/2026", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}}).json()["id"]
    code = http.post(f"/orgs/{org_id}/invitations", headers=ketua, json={"role": "anggota", "max_uses": 1}).json()
    guest = bearer(register(http, "tamu@kampus.example", "Tamu")["access_token"])
    joined = http.post("/orgs/invitations/accept", headers=guest, json={"code": code["code"]})
    assert joined.status_code == 200 and joined.json()["organization_id"] == org_id
    late = bearer(register(http, "telat@kampus.example", "Telat")["access_token"])
    used_up = http.post("/orgs/invitations/accept", headers=late, json={"code": code["code"]})
    assert used_up.status_code == 410 and used_up.headers["content-type"] == "application/problem+json"
    # /orgs/invitations/mine is its own route, not /orgs/{org_id} with org_id "invitations"
    assert http.get("/orgs/invitations/mine", headers=late).json() == {"items": []}
    assert http.get("/orgs/invitations/mine").status_code == 401
