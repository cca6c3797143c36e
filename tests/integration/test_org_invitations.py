"""Invitations of the organization service through their functions, on real PostgreSQL: by e-mail
(the addressee sees, accepts or declines) and by code (anyone signed in who has it accepts), each
way an invitation refuses (nothing changed), and two accepts of a one-use code at once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest

from functions.orgs.errors import InvitationUsedUp
from functions.orgs.invitations import accept_invitation_code
from functions.orgs.repository import org_store
from shared.identity import user_transaction, verify_access_token
from tests.support.orgs import Org, build_org

INVITEE = "calon.anggota@hima.example"


@pytest.fixture
def org(api, register, database) -> Org:
    return build_org(api, register, database)


def invite(api: Any, org: Org, by: str = "ketua", **body: Any) -> Any:
    return api.post(f"/orgs/{org.id}/invitations", token=org.tokens[by], json={"role": "anggota", **body})


def invitations(api: Any, org: Org, by: str = "ketua", query: str = "") -> list[dict]:
    response = api.get(f"/orgs/{org.id}/invitations{query}", token=org.tokens[by])
    assert response.status == 200, response.json
    return response.json["items"]


def members(api: Any, org: Org, query: str = "") -> list[dict]:
    return api.get(f"/orgs/{org.id}/members{query}", token=org.tokens["ketua"]).json["items"]


def state(database: str) -> list[tuple]:
    """Everything an answer may change."""
    with psycopg.connect(database) as conn:
        return [conn.execute(f"select * from organization_service.{table} order by 1, 2").fetchall()
                for table in ("memberships", "invitations", "invitation_responses")]


def set_expiry(database: str, invitation_id: str, expires_at: datetime) -> None:
    with psycopg.connect(database, autocommit=True) as conn:
        conn.execute("update organization_service.invitations set created_at = %s - interval '7 days',"
                     " expires_at = %s where id = %s", (expires_at, expires_at, invitation_id))


# ---- by e-mail ----

def test_an_invited_address_registers_sees_and_accepts_the_invitation(api, register, org):
    created = invite(api, org, email="Calon.Anggota@HIMA.example", role="anggota",
                     department_id=org.department_id, position_title="Staf Riset")
    assert created.status == 201, created.json
    invitation = created.json
    assert (invitation["kind"], invitation["email"], invitation["code"], invitation["status"]) == (
        "email", INVITEE, None, "pending")
    expires = datetime.fromisoformat(invitation["expires_at"]) - datetime.fromisoformat(invitation["created_at"])
    assert expires == timedelta(days=7)

    invitee = register(email=INVITEE)["access_token"]
    mine = api.get("/orgs/invitations/mine", token=invitee)
    assert mine.status == 200
    [seen] = mine.json["items"]
    assert seen["id"] == invitation["id"]
    assert (seen["organization_name"], seen["organization_short_name"], seen["period_name"],
            seen["department_name"], seen["role"], seen["position_title"]) == (
        "HIMA Informatika", "HMIF", "Kabinet Sinergi 2025/2026", "Departemen Riset", "anggota", "Staf Riset")

    accepted = api.post(f"/orgs/invitations/{invitation['id']}/accept", token=invitee)
    assert accepted.status == 200, accepted.json
    member = accepted.json
    assert (member["organization_id"], member["period_id"], member["role"], member["department_id"],
            member["position_title"], member["active"]) == (
        org.id, org.period_id, "anggota", org.department_id, "Staf Riset", True)
    assert member["id"] in [m["id"] for m in members(api, org, f"?department_id={org.department_id}")]
    assert api.get(f"/orgs/{org.id}", token=invitee).json["my_role"] == "anggota"
    assert api.get("/orgs/invitations/mine", token=invitee).json["items"] == []
    [listed] = invitations(api, org)
    assert (listed["status"], listed["uses"]) == ("accepted", 1)


def test_declining_leaves_no_membership_and_cannot_be_undone(api, register, org, database):
    invitation = invite(api, org, email=INVITEE).json
    invitee = register(email=INVITEE)["access_token"]
    declined = api.post(f"/orgs/invitations/{invitation['id']}/decline", token=invitee)
    assert declined.status == 204
    assert api.get("/orgs/invitations/mine", token=invitee).json["items"] == []
    assert invitations(api, org)[0]["status"] == "declined"
    before = state(database)
    for answer in ("accept", "decline"):
        again = api.post(f"/orgs/invitations/{invitation['id']}/{answer}", token=invitee)
        assert again.status == 409, again.json
        assert again.header("content-type") == "application/problem+json"
    assert state(database) == before
    assert api.get(f"/orgs/{org.id}", token=invitee).status == 404


def test_accepting_twice_is_a_conflict(api, register, org, database):
    invitation = invite(api, org, email=INVITEE).json
    invitee = register(email=INVITEE)["access_token"]
    assert api.post(f"/orgs/invitations/{invitation['id']}/accept", token=invitee).status == 200
    before = state(database)
    again = api.post(f"/orgs/invitations/{invitation['id']}/accept", token=invitee)
    assert again.status == 409 and "already been answered" in again.json["detail"]
    assert state(database) == before


def test_an_email_invitation_does_not_exist_for_another_address(api, register, org, database):
    invitation = invite(api, org, email=INVITEE).json
    someone = register(email="someone.else@hima.example")["access_token"]
    assert api.get("/orgs/invitations/mine", token=someone).json["items"] == []
    before = state(database)
    for answer in ("accept", "decline"):
        response = api.post(f"/orgs/invitations/{invitation['id']}/{answer}", token=someone)
        assert response.status == 404, response.json
    # nor does a member of the organization see it as theirs
    assert api.post(f"/orgs/invitations/{invitation['id']}/accept", token=org.tokens["anggota"]).status == 404
    assert state(database) == before


def test_an_invitee_joins_only_by_answering(api, register, org):
    """RLS alone: holding an e-mail invitation, one cannot insert one's membership or answer directly."""
    invitation = invite(api, org, email=INVITEE).json
    invitee = verify_access_token(register(email=INVITEE)["access_token"])
    for statement in (
        "insert into organization_service.memberships (organization_id, period_id, user_id, role)"
        " values (%(org)s, %(period)s, (select auth.uid()), 'anggota')",
        "insert into organization_service.invitation_responses (invitation_id, user_id, response)"
        " values (%(invitation)s, (select auth.uid()), 'accepted')",
        "update organization_service.invitations set uses = 1 where id = %(invitation)s",
    ):
        with user_transaction(invitee) as tx, pytest.raises(psycopg.errors.InsufficientPrivilege):
            tx.execute(statement, {"org": org.id, "period": org.period_id, "invitation": invitation["id"]})


def test_one_pending_invitation_per_address_and_period(api, org):
    assert invite(api, org, email=INVITEE).status == 201
    again = invite(api, org, email=INVITEE, role="bendahara")
    assert again.status == 409 and again.json["errors"][0]["field"] == "body.email"


def test_an_invitation_into_a_draft_period_makes_a_member_of_that_period(api, register, org):
    draft = api.post(f"/orgs/{org.id}/periods", token=org.tokens["ketua"],
                     json={"name": "Kabinet Harmoni 2026/2027", "starts_on": "2026-09-01",
                           "ends_on": "2027-08-31"}).json
    created = invite(api, org, email=INVITEE, role="sekretaris", period_id=draft["id"], expires_in_days=30)
    assert created.status == 201 and created.json["period_id"] == draft["id"]
    invitee = register(email=INVITEE)["access_token"]
    member = api.post(f"/orgs/invitations/{created.json['id']}/accept", token=invitee).json
    assert (member["period_id"], member["role"]) == (draft["id"], "sekretaris")
    assert api.get(f"/orgs/{org.id}", token=invitee).json["my_role"] is None  # not in the active period


def test_a_former_member_of_the_period_is_made_active_again(api, register, org):
    assert api.post(f"/orgs/{org.id}/leave", token=org.tokens["bendahara"]).status == 200
    code = invite(api, org, role="anggota", department_id=org.department_id).json["code"]
    back = api.post("/orgs/invitations/accept", token=org.tokens["bendahara"], json={"code": code})
    assert back.status == 200, back.json
    assert (back.json["role"], back.json["active"], back.json["left_at"], back.json["department_id"]) == (
        "anggota", True, None, org.department_id)
    assert members(api, org, "?role=bendahara") == []
    assert [m["id"] for m in members(api, org) if m["user_id"] == org.user_ids["bendahara"]] == [back.json["id"]]


# ---- by code ----

def test_a_code_is_accepted_by_anyone_signed_in_until_it_is_used_up(api, register, org, database):
    created = invite(api, org, role="anggota", max_uses=2, expires_in_days=3)
    assert created.status == 201, created.json
    code = created.json["code"]
    assert created.json["kind"] == "code" and created.json["email"] is None and len(code) >= 24
    joined = []
    for n in range(2):
        token = register(email=f"peserta{n}@kampus.example")["access_token"]
        response = api.post("/orgs/invitations/accept", token=token, json={"code": f"  {code} "})
        assert response.status == 200, response.json
        joined.append(response.json["user_id"])
    assert set(joined) <= {m["user_id"] for m in members(api, org, "?role=anggota")}
    [listed] = invitations(api, org)
    assert (listed["code"], listed["uses"], listed["status"]) == (code, 2, "used_up")

    before = state(database)
    late = api.post("/orgs/invitations/accept", token=register(email="telat@kampus.example")["access_token"],
                    json={"code": code})
    assert late.status == 410 and late.header("content-type") == "application/problem+json"
    assert state(database) == before


def test_an_unknown_code_is_404_and_a_member_of_the_period_gets_409(api, org, database):
    code = invite(api, org).json["code"]
    before = state(database)
    unknown = api.post("/orgs/invitations/accept", token=org.tokens["outsider"], json={"code": "x" * 24})
    assert unknown.status == 404
    member = api.post("/orgs/invitations/accept", token=org.tokens["anggota"], json={"code": code})
    assert member.status == 409 and "already a member" in member.json["detail"]
    assert state(database) == before


@pytest.mark.parametrize("reason", ["expired", "revoked", "period finished", "archived"])
def test_an_invitation_that_ended_is_410_and_changes_nothing(api, register, org, database, reason):
    by_mail = invite(api, org, email=INVITEE).json
    code = invite(api, org).json
    if reason == "expired":
        for invitation in (by_mail, code):
            set_expiry(database, invitation["id"], datetime.now(UTC) - timedelta(minutes=1))
    elif reason == "revoked":
        for invitation in (by_mail, code):
            revoked = api.post(f"/orgs/{org.id}/invitations/{invitation['id']}/revoke", token=org.tokens["ketua"])
            assert revoked.status == 200 and revoked.json["status"] == "revoked"
    elif reason == "period finished":
        draft = api.post(f"/orgs/{org.id}/periods", token=org.tokens["ketua"], json={
            "name": "Next", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}).json
        assert api.post(f"/orgs/{org.id}/periods/{draft['id']}/activate", token=org.tokens["ketua"]).status == 200
    else:
        assert api.post(f"/orgs/{org.id}/archive", token=org.tokens["ketua"]).status == 200
    invitee = register(email=INVITEE)["access_token"]
    assert api.get("/orgs/invitations/mine", token=invitee).json["items"] == []
    before = state(database)
    for response in (api.post(f"/orgs/invitations/{by_mail['id']}/accept", token=invitee),
                     api.post(f"/orgs/invitations/{by_mail['id']}/decline", token=invitee),
                     api.post("/orgs/invitations/accept", token=invitee, json={"code": code["code"]})):
        assert response.status == 410, response.json
        assert response.header("content-type") == "application/problem+json"
    assert state(database) == before


# ---- the board's side ----

def test_who_may_invite_into_which_role(api, org):
    assert invite(api, org, by="sekretaris", email="staf@hima.example", role="bendahara").status == 201
    board = invite(api, org, by="sekretaris", email="wakil@hima.example", role="wakil_ketua")
    assert board.status == 403
    assert invite(api, org, by="wakil_ketua", email="wakil@hima.example", role="wakil_ketua").status == 201
    assert invite(api, org, by="anggota", email="x@hima.example").status == 403
    assert invite(api, org, by="kepala_departemen", email="x@hima.example").status == 403
    assert invite(api, org, by="outsider", email="x@hima.example").status == 404


def test_sekretaris_neither_sees_nor_revokes_invitations_into_the_board(api, org, database):
    into_board = invite(api, org, role="ketua").json
    staff = invite(api, org, role="anggota").json
    assert [i["id"] for i in invitations(api, org, by="sekretaris")] == [staff["id"]]
    assert {i["id"] for i in invitations(api, org, by="wakil_ketua")} == {staff["id"], into_board["id"]}
    before = state(database)
    refused = api.post(f"/orgs/{org.id}/invitations/{into_board['id']}/revoke", token=org.tokens["sekretaris"])
    assert refused.status == 404
    assert api.post(f"/orgs/{org.id}/invitations/{staff['id']}/revoke", token=org.tokens["anggota"]).status == 403
    assert state(database) == before
    assert api.post(f"/orgs/{org.id}/invitations/{staff['id']}/revoke",
                    token=org.tokens["sekretaris"]).status == 200


def test_only_a_pending_invitation_is_revoked(api, register, org, database):
    invitation = invite(api, org, email=INVITEE).json
    assert api.post(f"/orgs/invitations/{invitation['id']}/accept",
                    token=register(email=INVITEE)["access_token"]).status == 200
    before = state(database)
    refused = api.post(f"/orgs/{org.id}/invitations/{invitation['id']}/revoke", token=org.tokens["ketua"])
    assert refused.status == 409 and "'accepted'" in refused.json["detail"]
    missing = api.post(f"/orgs/{org.id}/invitations/00000000-0000-0000-0000-000000000000/revoke",
                       token=org.tokens["ketua"])
    assert missing.status == 404
    assert state(database) == before


def test_no_invitations_into_a_finished_period_or_an_archived_organization(api, org):
    draft = api.post(f"/orgs/{org.id}/periods", token=org.tokens["ketua"], json={
        "name": "Next", "starts_on": "2026-09-01", "ends_on": "2027-08-31"}).json
    staff = invite(api, org).json
    assert api.post(f"/orgs/{org.id}/periods/{draft['id']}/activate", token=org.tokens["ketua"]).status == 200
    finished = invite(api, org, period_id=org.period_id)
    assert finished.status == 409, finished.json
    revoke = api.post(f"/orgs/{org.id}/invitations/{staff['id']}/revoke", token=org.tokens["ketua"])
    assert revoke.status == 409
    assert api.post(f"/orgs/{org.id}/archive", token=org.tokens["ketua"]).status == 200
    assert invite(api, org).status == 409


def test_the_list_is_newest_first_filtered_and_paginated(api, org):
    created = [invite(api, org, email=f"orang{n}@hima.example").json["id"] for n in range(5)]
    code = invite(api, org, role="pembina").json
    api.post(f"/orgs/{org.id}/invitations/{created[0]}/revoke", token=org.tokens["ketua"])
    seen, cursor = [], None
    while True:
        page = api.get(f"/orgs/{org.id}/invitations?limit=2" + (f"&cursor={cursor}" if cursor else ""),
                       token=org.tokens["sekretaris"]).json
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [code["id"], *reversed(created)]
    pending = invitations(api, org, query="?status=pending")
    assert [i["id"] for i in pending] == [code["id"], *reversed(created[1:])]
    assert [i["id"] for i in invitations(api, org, query="?status=revoked")] == [created[0]]
    assert invitations(api, org, query=f"?period_id={org.period_id}&status=expired") == []
    assert api.get(f"/orgs/{org.id}/invitations", token=org.tokens["anggota"]).status == 403
    assert api.get(f"/orgs/{org.id}/invitations", token=org.tokens["outsider"]).status == 404


# ---- concurrency ----

def test_two_accepts_of_a_one_use_code_at_once_make_one_member(api, register, org, database):
    code = invite(api, org, max_uses=1).json["code"]
    actors = [verify_access_token(register(email=f"cepat{n}@kampus.example")["access_token"]) for n in range(2)]
    barrier = threading.Barrier(len(actors))

    def accept(actor: Any) -> str:
        barrier.wait()
        with org_store(actor) as store:
            try:
                accept_invitation_code(store, code)
            except InvitationUsedUp:
                return "used_up"
        return "joined"

    with ThreadPoolExecutor(len(actors)) as pool:
        outcomes = list(pool.map(accept, actors))
    assert sorted(outcomes) == ["joined", "used_up"]
    [listed] = invitations(api, org)
    assert (listed["uses"], listed["status"]) == (1, "used_up")
    joined = {m["user_id"] for m in members(api, org)} & {str(a.user_id) for a in actors}
    assert len(joined) == 1


def test_the_invitation_row_is_locked_while_an_accept_is_in_progress(api, register, org):
    """The second accept waits for the first to commit, then finds the code used up."""
    code = invite(api, org, max_uses=1).json["code"]
    first, second = (verify_access_token(register(email=f"p{n}@kampus.example")["access_token"]) for n in range(2))
    with org_store(first) as store:
        assert store.answer_invitation(None, code, "accepted")["outcome"] == "accepted"  # not committed yet
        with ThreadPoolExecutor(1) as pool:
            def accept_second() -> str:
                with org_store(second) as other:
                    try:
                        accept_invitation_code(other, code)
                    except InvitationUsedUp:
                        return "used_up"
                return "joined"

            waiting = pool.submit(accept_second)
            with pytest.raises(TimeoutError):
                waiting.result(timeout=0.5)  # blocked on the invitation's row lock
            store.commit()
            assert waiting.result(timeout=10) == "used_up"
