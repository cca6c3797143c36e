"""`make demo` loads a realistic organization through the API's own functions, and only once."""

from __future__ import annotations

from collections import Counter

from infra.demo import DEMO_PASSWORD, load


def test_the_demo_organization(api, database):
    first = load(api)
    assert first["created"]
    org_id = first["organization"]["id"]
    login = api.post("/auth/login", json={"email": "pembina@hima-informatika.example", "password": DEMO_PASSWORD})
    assert login.status == 200
    token = login.json["access_token"]
    members = api.get(f"/orgs/{org_id}/members?limit=100", token=token).json["items"]
    assert len(members) == 30
    assert Counter(m["role"] for m in members) == {
        "ketua": 1, "wakil_ketua": 1, "sekretaris": 1, "bendahara": 1, "kepala_departemen": 5,
        "wakil_kepala_departemen": 5, "anggota": 15, "pembina": 1}
    departments = api.get(f"/orgs/{org_id}/departments", token=token).json["items"]
    assert len(departments) == 6 and sum(d["is_core"] for d in departments) == 1
    assert all(d["head_user_id"] for d in departments)
    assert api.get(f"/orgs/{org_id}", token=token).json["my_role"] == "pembina"

    again = load(api)
    assert not again["created"] and again["organization"]["id"] == org_id
    assert len(api.get(f"/orgs/{org_id}/members?limit=100", token=token).json["items"]) == 30
