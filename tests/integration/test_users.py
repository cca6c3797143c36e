"""The users endpoints, called in-process with API Gateway events against real PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from tests.support.memberships import add_member, make_organization


@pytest.fixture
def people(api, register, database):
    """Three registered users: ketua and anggota share an organization, the outsider shares none."""
    ketua = register(email="ketua@hima.example", name="Ketua HIMA")
    anggota = register(email="siti.rahma@hima.example", name="Siti Rahma")
    outsider = register(email="outsider@elsewhere.example", name="Orang Luar")
    org = make_organization(database, {ketua["user"]["id"]: "ketua", anggota["user"]["id"]: "anggota"})
    return {"ketua": ketua, "anggota": anggota, "outsider": outsider, "org": org}


# ---- GET/PATCH /users/me ----

def test_my_profile_after_registering(api, register):
    tokens = register(email="budi@hima.example", name="Budi Santoso")
    response = api.get("/users/me", token=tokens["access_token"])
    assert response.status == 200
    profile = response.json
    assert profile["user_id"] == tokens["user"]["id"]
    assert (profile["display_name"], profile["email"], profile["phone"]) == ("Budi Santoso", "budi@hima.example", None)
    assert response.header("etag") == '"1"'


def test_patch_changes_what_is_sent_and_gives_the_new_etag(api, register):
    token = register()["access_token"]
    response = api.request("PATCH", "/users/me", token=token, json={
        "display_name": " Budi S. ", "phone": "+62 812-3456-7890", "student_number": "2106123456",
        "faculty": "FMIPA", "study_program": "Ilmu Komputer", "avatar_url": "https://cdn.example/budi.png",
        "bio": "Staf Departemen Riset"})
    assert response.status == 200, response.json
    assert response.header("etag") == '"2"'
    body = response.json
    assert (body["display_name"], body["phone"], body["student_number"]) == ("Budi S.", "+6281234567890", "2106123456")
    assert body["student_number_on_documents"] is False  # the NIM is mine alone until I choose otherwise
    cleared = api.request("PATCH", "/users/me", token=token, json={"phone": None, "bio": None,
                                                                   "student_number_on_documents": True})
    assert (cleared.json["phone"], cleared.json["bio"], cleared.json["faculty"]) == (None, None, "FMIPA")
    assert (cleared.json["student_number"], cleared.json["student_number_on_documents"]) == ("2106123456", True)
    assert api.get("/users/me", token=token).json == cleared.json


def test_patch_with_a_stale_if_match_is_412_and_changes_nothing(api, register):
    token = register()["access_token"]
    etag = api.get("/users/me", token=token).header("etag")
    first = api.request("PATCH", "/users/me", token=token, json={"bio": "satu"}, headers={"If-Match": etag})
    assert first.status == 200
    stale = api.request("PATCH", "/users/me", token=token, json={"bio": "dua"}, headers={"If-Match": etag})
    assert stale.status == 412
    assert stale.header("content-type") == "application/problem+json"
    assert api.get("/users/me", token=token).json["bio"] == "satu"
    weak = api.request("PATCH", "/users/me", token=token, json={"bio": "dua"}, headers={"If-Match": 'W/"2"'})
    assert weak.status == 412


def test_without_a_token_or_with_an_ended_session_it_is_401(api, register):
    assert api.get("/users/me").status == 401
    tokens = register()
    assert api.post("/auth/logout", token=tokens["access_token"]).status == 204
    assert api.get("/users/me", token=tokens["access_token"]).status == 401


# ---- settings ----

def test_settings_are_the_defaults_then_what_i_put(api, register):
    token = register()["access_token"]
    first = api.get("/users/me/settings", token=token)
    assert first.status == 200 and first.header("etag") == '"0"'
    settings = first.json
    assert (settings["language"], settings["time_zone"], settings["daily_digest"]) == ("id", "Asia/Jakarta", False)
    settings["language"], settings["time_zone"] = "en", "Asia/Makassar"
    settings["notifications"]["comment"]["email"] = True
    put = api.put("/users/me/settings", token=token, json=settings, headers={"If-Match": '"0"'})
    assert put.status == 200 and put.header("etag") == '"1"'
    assert put.json == settings
    again = api.get("/users/me/settings", token=token)
    assert again.json == settings and again.header("etag") == '"1"'
    stale = api.put("/users/me/settings", token=token, json={**settings, "language": "id"},
                    headers={"If-Match": '"0"'})
    assert stale.status == 412
    assert api.get("/users/me/settings", token=token).json["language"] == "en"


def test_settings_from_a_client_that_does_not_know_the_report_kind_are_accepted(api, register):
    # `report` came later: a client that PUTs the kinds it knows keeps working, and gets the default
    token = register()["access_token"]
    settings = api.get("/users/me/settings", token=token).json
    settings["notifications"]["report"] = {"in_app": False, "email": False, "chat": True}
    assert api.put("/users/me/settings", token=token, json=settings).status == 200
    older = {**settings, "notifications": {k: v for k, v in settings["notifications"].items() if k != "report"}}
    put = api.put("/users/me/settings", token=token, json=older)
    assert put.status == 200, put.json
    assert put.json["notifications"]["report"] == {"in_app": True, "email": True, "chat": False}


def test_my_settings_are_mine(api, register):
    alice, bob = register()["access_token"], register()["access_token"]
    settings = api.get("/users/me/settings", token=alice).json
    assert api.put("/users/me/settings", token=alice, json={**settings, "daily_digest": True}).status == 200
    assert api.get("/users/me/settings", token=bob).json["daily_digest"] is False


# ---- GET /users/{id} ----

def test_a_fellow_member_sees_my_public_profile_only(api, people):
    anggota = people["anggota"]
    api.request("PATCH", "/users/me", token=anggota["access_token"],
                json={"phone": "081234567890", "student_number": "2106123456", "faculty": "FMIPA"})
    response = api.get(f"/users/{anggota['user']['id']}", token=people["ketua"]["access_token"])
    assert response.status == 200
    assert response.json == {"user_id": anggota["user"]["id"], "display_name": "Siti Rahma",
                             "email": "siti.rahma@hima.example", "avatar_url": None, "faculty": "FMIPA",
                             "study_program": None, "bio": None}


def test_someone_sharing_no_organization_is_not_found(api, people):
    for token, user in [(people["outsider"], people["anggota"]), (people["anggota"], people["outsider"])]:
        response = api.get(f"/users/{user['user']['id']}", token=token["access_token"])
        assert response.status == 404
        assert response.header("content-type") == "application/problem+json"
    assert api.get(f"/users/{uuid.uuid4()}", token=people["ketua"]["access_token"]).status == 404


def test_i_see_my_own_public_profile(api, people):
    me = people["outsider"]
    assert api.get(f"/users/{me['user']['id']}", token=me["access_token"]).json["display_name"] == "Orang Luar"


def test_an_inactive_membership_shares_nothing(api, people, database):
    gone = people["outsider"]
    add_member(database, people["org"], gone["user"]["id"], active=False)
    assert api.get(f"/users/{gone['user']['id']}", token=people["ketua"]["access_token"]).status == 404


# ---- GET /users?organization_id= ----

def test_members_are_found_by_name_or_email_in_any_case(api, people):
    token, org = people["ketua"]["access_token"], people["org"]
    everyone = api.get(f"/users?organization_id={org}", token=token)
    assert everyone.status == 200
    assert [p["display_name"] for p in everyone.json["items"]] == ["Ketua HIMA", "Siti Rahma"]
    assert everyone.json["next_cursor"] is None
    by_name = api.get(f"/users?organization_id={org}&q=RAHMA", token=token).json["items"]
    by_email = api.get(f"/users?organization_id={org}&q=siti.r", token=token).json["items"]
    assert [p["display_name"] for p in by_name] == [p["display_name"] for p in by_email] == ["Siti Rahma"]
    assert api.get(f"/users?organization_id={org}&q=orang", token=token).json["items"] == []  # not a member
    assert api.get(f"/users?organization_id={org}&q=%25", token=token).json["items"] == []  # % is literal


def test_member_search_pages_with_an_opaque_cursor(api, register, people, database):
    for i in range(5):
        member = register(email=f"staff{i}@hima.example", name=f"Staf {i}")
        add_member(database, people["org"], member["user"]["id"])
    token, org = people["anggota"]["access_token"], people["org"]
    names, cursor, pages = [], None, 0
    while True:
        url = f"/users?organization_id={org}&limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(url, token=token).json
        names += [p["display_name"] for p in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert names == ["Ketua HIMA", "Siti Rahma", "Staf 0", "Staf 1", "Staf 2", "Staf 3", "Staf 4"]


def test_only_members_may_search_an_organization(api, people):
    response = api.get(f"/users?organization_id={people['org']}", token=people["outsider"]["access_token"])
    assert response.status == 404
    assert api.get(f"/users?organization_id={uuid.uuid4()}", token=people["ketua"]["access_token"]).status == 404


def test_health(api, database):
    response = api.get("/users/health")
    assert response.status == 200
    assert response.json == {"status": "ok", "service": "users", "database": "ok"}
