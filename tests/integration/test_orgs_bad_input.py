"""Bad input on every organization endpoint: a clear 4xx problem naming the field, nothing changed."""

from __future__ import annotations

import psycopg
import pytest

from tests.support.orgs import build_org

TABLES = ("organizations", "periods", "departments", "memberships", "invitations", "invitation_responses")
NOBODY = "00000000-0000-0000-0000-000000000000"
PERIOD = {"name": "K", "starts_on": "2025-09-01", "ends_on": "2026-08-31"}

CASES = [
    ("POST", "/orgs", {"type": "hima", "period": PERIOD}, "body.name"),
    ("POST", "/orgs", {"name": "X", "type": "club", "period": PERIOD}, "body.type"),
    ("POST", "/orgs", {"name": "X", "type": "hima"}, "body.period"),
    ("POST", "/orgs", {"name": "X", "type": "hima", "period": {**PERIOD, "starts_on": "1 Sept"}},
     "body.period.starts_on"),
    ("POST", "/orgs", {"name": "X", "type": "hima", "period": {**PERIOD, "ends_on": "2024-01-01"}},
     "body.period.ends_on"),
    ("POST", "/orgs", {"name": "X", "type": "hima", "period": PERIOD, "logo_url": "not a url"}, "body.logo_url"),
    ("POST", "/orgs", {"name": "X", "type": "hima", "period": PERIOD, "owner": "me"}, "body.owner"),
    ("PATCH", "/orgs/{org}", {"name": ""}, "body.name"),
    ("PATCH", "/orgs/{org}", {"slack_webhook_url": "ftp://x"}, "body.slack_webhook_url"),
    ("PATCH", "/orgs/not-a-uuid", {"name": "X"}, "path.org_id"),
    ("POST", "/orgs/{org}/periods", {"name": "K", "starts_on": "2026-09-01"}, "body.ends_on"),
    ("POST", "/orgs/{org}/periods", {**PERIOD, "ketua_user_id": "nobody"}, "body.ketua_user_id"),
    ("POST", "/orgs/{org}/periods/not-a-uuid/activate", None, "path.period_id"),
    ("GET", "/orgs/{org}/departments?period_id=yesterday", None, "query.period_id"),
    ("POST", "/orgs/{org}/departments", {"name": "Humas"}, "body.code"),
    ("POST", "/orgs/{org}/departments", {"name": "Humas", "code": "has space"}, "body.code"),
    ("POST", "/orgs/{org}/departments", {"name": "Humas", "code": "HUMAS", "is_core": "maybe"}, "body.is_core"),
    ("PATCH", "/orgs/{org}/departments/{dept}", {"head_user_id": 12}, "body.head_user_id"),
    ("DELETE", "/orgs/{org}/departments/42", None, "path.department_id"),
    ("GET", "/orgs/{org}/members?limit=0", None, "query.limit"),
    ("GET", "/orgs/{org}/members?limit=1000", None, "query.limit"),
    ("GET", "/orgs/{org}/members?role=raja", None, "query.role"),
    ("GET", "/orgs/{org}/members?active=maybe", None, "query.active"),
    ("PATCH", "/orgs/{org}/members/{member}", {"role": "raja"}, "body.role"),
    ("PATCH", "/orgs/{org}/members/{member}", {"position_title": "x" * 201}, "body.position_title"),
    ("POST", "/orgs/{org}/members/nobody/deactivate", None, "path.membership_id"),
    ("POST", "/orgs/{org}/invitations", {"email": "a@hima.example"}, "body.role"),
    ("POST", "/orgs/{org}/invitations", {"role": "raja"}, "body.role"),
    ("POST", "/orgs/{org}/invitations", {"email": "not an address", "role": "anggota"}, "body.email"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "expires_in_days": 31}, "body.expires_in_days"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "expires_in_days": 0}, "body.expires_in_days"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "expires_in_days": "7"}, "body.expires_in_days"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "max_uses": 0}, "body.max_uses"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "max_uses": 1001}, "body.max_uses"),
    ("POST", "/orgs/{org}/invitations", {"email": "a@hima.example", "role": "anggota", "max_uses": 3},
     "body.max_uses"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "department_id": NOBODY}, "body.department_id"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "period_id": "current"}, "body.period_id"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "position_title": "x" * 201}, "body.position_title"),
    ("POST", "/orgs/{org}/invitations", {"role": "anggota", "code": "mine"}, "body.code"),
    ("GET", "/orgs/{org}/invitations?status=maybe", None, "query.status"),
    ("GET", "/orgs/{org}/invitations?cursor=not-a-cursor", None, "query.cursor"),
    ("GET", "/orgs/{org}/invitations?limit=101", None, "query.limit"),
    ("POST", "/orgs/{org}/invitations/nope/revoke", None, "path.invitation_id"),
    ("POST", "/orgs/invitations/accept", {}, "body.code"),
    ("POST", "/orgs/invitations/accept", {"code": "has spaces inside"}, "body.code"),
    ("POST", "/orgs/invitations/accept", {"code": 12345678}, "body.code"),
    ("POST", "/orgs/invitations/nope/accept", None, "path.invitation_id"),
    ("POST", "/orgs/invitations/nope/decline", None, "path.invitation_id"),
]


def snapshot(database_url: str) -> dict[str, list]:
    with psycopg.connect(database_url) as conn:
        return {t: conn.execute(f"select * from organization_service.{t} order by 1").fetchall() for t in TABLES}


@pytest.fixture
def org(api, register, database):
    return build_org(api, register, database, roles=("ketua",))


@pytest.mark.parametrize(("method", "path", "body", "field"), CASES)
def test_bad_input_is_a_clear_problem_and_changes_nothing(api, database, org, method, path, body, field):
    before = snapshot(database)
    member = api.get(f"/orgs/{org.id}/members", token=org.tokens["ketua"]).json["items"][0]["id"]
    response = api.request(method, path.format(org=org.id, dept=org.department_id, member=member),
                           token=org.tokens["ketua"], json=body)
    assert response.status == 422, response.json
    assert response.header("content-type") == "application/problem+json"
    assert field in [e["field"] for e in response.json["errors"]], response.json
    assert snapshot(database) == before


def test_unknown_ids_are_404(api, org):
    missing = NOBODY
    token = org.tokens["ketua"]
    assert api.get(f"/orgs/{missing}", token=token).status == 404
    assert api.get(f"/orgs/{org.id}/departments/{missing}", token=token).status == 404
    assert api.post(f"/orgs/{org.id}/periods/{missing}/activate", token=token).status == 404
    assert api.post(f"/orgs/{org.id}/invitations/{missing}/revoke", token=token).status == 404
    assert api.post(f"/orgs/{org.id}/invitations", token=token,
                    json={"role": "anggota", "period_id": missing}).status == 404
    assert api.post(f"/orgs/invitations/{missing}/accept", token=token).status == 404
