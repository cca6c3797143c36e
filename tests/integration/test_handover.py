"""The handover between periods on real PostgreSQL, through the API: the next period takes the departments,
members and programs the board chooses; departments leave notes for the next board; activating the next period
leaves the old one read-only history (docs/decisions/0020-handover.md)."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest

from tests.support.programs import make_program, make_world, register_people

KEY = "Idempotency-Key"


@pytest.fixture
def world(api, database) -> dict[str, Any]:
    people = register_people(api, uuid.uuid4().hex[:6])
    ids = make_world(database, people)
    return {"people": people, "ids": ids, "ketua": people["ketua"]["token"]}


def next_period(api, world: dict[str, Any]) -> str:
    """The next kabinet, a draft led by the wakil ketua, made by the sitting ketua."""
    answer = api.post(f"/orgs/{world['ids']['org']}/periods", token=world["ketua"], json={
        "name": "Kabinet 2026/2027", "starts_on": "2026-09-01", "ends_on": "2027-08-31",
        "ketua_user_id": world["people"]["wakil_ketua"]["id"]})
    assert answer.status == 201, answer.json
    return answer.json["id"]


def hand_over(api, world: dict[str, Any], period: str, body: dict[str, Any], token: str | None = None):
    return api.post(f"/orgs/{world['ids']['org']}/periods/{period}/handover", token=token or world["ketua"],
                    json=body)


def members_of(api, world: dict[str, Any], period: str) -> dict[str, dict[str, Any]]:
    answer = api.get(f"/orgs/{world['ids']['org']}/members?period_id={period}&limit=100", token=world["ketua"])
    assert answer.status == 200, answer.json
    return {m["user_id"]: m for m in answer.json["items"]}


def test_the_next_period_takes_the_chosen_departments_and_members(api, database, world):
    ids, people = world["ids"], world["people"]
    with psycopg.connect(database, autocommit=True) as conn:
        for who, title in (("sekretaris", "Sekretaris Umum"), ("anggota", "Staf Riset")):
            conn.execute("update organization_service.memberships set position_title = %s"
                         " where period_id = %s and user_id = %s", (title, ids["period"], people[who]["id"]))
    period = next_period(api, world)
    answer = hand_over(api, world, period, {
        "departments": [{"department_id": ids["dept"], "head_user_id": people["anggota"]["id"]}],
        "members": [{"user_id": people["anggota"]["id"], "role": "kepala_departemen"},
                    {"user_id": people["pj"]["id"]},
                    {"user_id": people["sekretaris"]["id"], "role": "sekretaris"}]})
    assert answer.status == 200, answer.json
    result = answer.json
    assert (result["period_id"], result["from_period_id"]) == (period, ids["period"])
    assert (result["departments_added"], result["members_added"], result["already_there"]) == (1, 3, 0)
    [riset] = result["departments"]
    assert (riset["code"], riset["name"], riset["previous_department_id"]) == ("RISET", "Riset", ids["dept"])
    assert riset["id"] != ids["dept"] and riset["head_user_id"] == people["anggota"]["id"]

    members = members_of(api, world, period)
    # the new ketua (from the period's creation) and the three carried over; the anggota was in RISET, carried
    # with it; the pj's HUMAS stays behind, so they start without a department
    assert set(members) == {people[w]["id"] for w in ("wakil_ketua", "anggota", "pj", "sekretaris")}
    assert (members[people["anggota"]["id"]]["role"], members[people["anggota"]["id"]]["department_id"]) == (
        "kepala_departemen", riset["id"])
    assert (members[people["pj"]["id"]]["role"], members[people["pj"]["id"]]["department_id"]) == ("anggota", None)
    # a title goes with its role: the sekretaris stays "Sekretaris Umum", the staff member made head drops "Staf Riset"
    assert members[people["sekretaris"]["id"]]["position_title"] == "Sekretaris Umum"
    assert members[people["anggota"]["id"]]["position_title"] is None
    # their history in the period before is untouched
    before = members_of(api, world, ids["period"])
    assert (before[people["anggota"]["id"]]["role"], before[people["anggota"]["id"]]["department_id"]) == (
        "anggota", ids["dept"])

    again = hand_over(api, world, period, {
        "departments": [{"department_id": ids["dept"]}, {"department_id": ids["other_dept"]}],
        "members": [{"user_id": people["pj"]["id"], "role": "bendahara"},
                    {"user_id": people["kepala_lain"]["id"]}]})
    assert again.status == 200, again.json
    assert (again.json["departments_added"], again.json["members_added"], again.json["already_there"]) == (1, 1, 2)
    assert sorted(d["code"] for d in again.json["departments"]) == ["HUMAS", "RISET"]
    members = members_of(api, world, period)
    assert members[people["pj"]["id"]]["role"] == "anggota"  # already there: left as it was
    humas = next(d for d in again.json["departments"] if d["code"] == "HUMAS")
    assert members[people["kepala_lain"]["id"]]["department_id"] == humas["id"]


def test_a_handover_that_names_what_is_not_the_active_periods_changes_nothing(api, database, world):
    ids, people = world["ids"], world["people"]
    period = next_period(api, world)
    stranger = str(uuid.uuid4())
    answer = hand_over(api, world, period, {
        "departments": [{"department_id": ids["dept"]}, {"department_id": stranger}],
        "members": [{"user_id": people["anggota"]["id"]}, {"user_id": people["outsider"]["id"]}]})
    assert answer.status == 422, answer.json
    assert answer.header("content-type").startswith("application/problem+json")
    assert {e["field"] for e in answer.json["errors"]} == {"body.departments.1.department_id",
                                                          "body.members.1.user_id"}
    head = hand_over(api, world, period, {
        "departments": [{"department_id": ids["dept"], "head_user_id": people["kepala_lain"]["id"]}],
        "members": [{"user_id": people["anggota"]["id"]}]})
    assert head.status == 422 and head.json["errors"][0]["field"] == "body.departments.0.head_user_id", head.json
    bad_role = hand_over(api, world, period, {"members": [{"user_id": people["anggota"]["id"], "role": "raja"}]})
    assert bad_role.status == 422 and bad_role.json["errors"][0]["field"].startswith("body.members.0.role")
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from organization_service.departments where period_id = %s",
                            (period,)).fetchone()[0] == 0
        assert conn.execute("select count(*) from organization_service.memberships where period_id = %s",
                            (period,)).fetchone()[0] == 1  # its ketua


def test_only_the_board_hands_over_and_only_to_a_draft(api, database, world):
    ids, people = world["ids"], world["people"]
    period = next_period(api, world)
    body = {"members": [{"user_id": people["anggota"]["id"]}]}
    for who in ("sekretaris", "kepala_departemen", "anggota", "pembina"):
        answer = hand_over(api, world, period, body, token=people[who]["token"])
        assert answer.status == 403, (who, answer.json)
    assert hand_over(api, world, period, body, token=people["outsider"]["token"]).status == 404
    assert hand_over(api, world, str(uuid.uuid4()), body).status == 404
    active = hand_over(api, world, ids["period"], body)
    assert active.status == 409 and "draft" in active.json["detail"], active.json
    # the next period's own ketua may carry too
    assert hand_over(api, world, period, body, token=people["wakil_ketua"]["token"]).status == 200


def test_programs_carried_over_are_drafts_of_the_next_period_with_their_department(api, database, world):
    ids, people = world["ids"], world["people"]
    period = next_period(api, world)
    assert hand_over(api, world, period, {"departments": [{"department_id": ids["dept"]}]}).status == 200
    rutin = make_program(database, ids, people, "dalam_progres", name="Kajian Rutin", type="rutin", code="KAJIAN")
    lanjut = make_program(database, ids, people, "selesai", name="Bank Soal", type="berkelanjutan", code="BANK",
                          department_id=ids["other_dept"])
    event = make_program(database, ids, people, "selesai", name="Seminar", type="event", code="SEM")
    make_program(database, ids, people, "dibatalkan", name="Lomba", type="rutin", code="LOMBA")
    body = {"organization_id": ids["org"], "period_id": period}
    # programs of a period are its own board's to make (the sitting ketua is not a member of the next one)
    refused = api.post("/programs/carry-over", token=world["ketua"], json=body)
    assert refused.status == 422 and refused.json["errors"][0]["field"] == "body.period_id", refused.json
    new_ketua = people["wakil_ketua"]["token"]

    answer = api.post("/programs/carry-over", token=new_ketua, json=body, headers={KEY: "carry-1"})
    assert answer.status == 200, answer.json
    copies = {p["source_program_id"]: p for p in answer.json["programs"]}
    assert set(copies) == {rutin, lanjut} and answer.json["already_there"] == []
    riset = next(d["id"] for d in api.get(f"/orgs/{ids['org']}/departments?period_id={period}",
                                          token=world["ketua"]).json["items"])
    assert (copies[rutin]["status"], copies[rutin]["period_id"], copies[rutin]["department_id"]) == (
        "draft", period, riset)
    assert (copies[rutin]["name"], copies[rutin]["type"], copies[rutin]["code"]) == ("Kajian Rutin", "rutin", None)
    assert copies[lanjut]["department_id"] is None  # HUMAS was not carried over

    again = api.post("/programs/carry-over", token=new_ketua, json={**body, "program_ids": [rutin, event]})
    assert again.status == 200, again.json
    assert [p["source_program_id"] for p in again.json["programs"]] == [event]
    assert again.json["already_there"] == [rutin]
    listed = api.get(f"/programs?organization_id={ids['org']}&period_id={period}&limit=50", token=world["ketua"])
    assert sorted(p["name"] for p in listed.json["items"]) == ["Bank Soal", "Kajian Rutin", "Seminar"]


def test_carrying_over_refuses_what_is_not_the_callers_to_copy(api, database, world):
    ids, people = world["ids"], world["people"]
    period = next_period(api, world)
    program = make_program(database, ids, people, "selesai", type="rutin", code="R1")
    body = {"organization_id": ids["org"], "period_id": period}
    anggota = api.post("/programs/carry-over", token=people["anggota"]["token"], json=body)
    assert anggota.status == 422 and anggota.json["errors"][0]["field"] == "body.period_id"  # not in that period
    same = api.post("/programs/carry-over", token=world["ketua"], json={"organization_id": ids["org"],
                                                                       "period_id": ids["period"]})
    assert same.status == 422 and same.json["errors"][0]["code"] == "same_period", same.json
    outsider = api.post("/programs/carry-over", token=people["outsider"]["token"], json=body)
    assert outsider.status == 404
    unknown = api.post("/programs/carry-over", token=people["wakil_ketua"]["token"],
                       json={**body, "program_ids": [program, str(uuid.uuid4())]})
    assert unknown.status == 404
    with psycopg.connect(database) as conn:
        assert conn.execute("select count(*) from program_service.programs where period_id = %s",
                            (period,)).fetchone()[0] == 0


def note_path(world: dict[str, Any], department: str) -> str:
    return f"/orgs/{world['ids']['org']}/departments/{department}/handover-note"


def test_a_department_leaves_a_note_that_the_next_board_reads_after_the_handover(api, database, world):
    ids, people = world["ids"], world["people"]
    path = note_path(world, ids["dept"])
    empty = api.get(path, token=people["anggota"]["token"])
    assert empty.status == 200 and empty.header("etag") == '"0"', empty.json
    assert (empty.json["worked"], empty.json["version"], empty.json["may_edit"]) == ("", 0, False)
    assert api.get(path, token=people["kepala_departemen"]["token"]).json["may_edit"] is True

    note = {"worked": "Kajian mingguan ramai", "did_not_work": "Dana sponsor telat",
            "contacts": "Pak Budi (BAAK) 0812", "whereabouts": "Drive HIMA/Riset"}
    written = api.put(path, token=people["kepala_departemen"]["token"], json=note)
    assert written.status == 200, written.json
    assert written.header("etag") == '"1"' and written.json["updated_by"] == people["kepala_departemen"]["id"]
    refused = api.put(path, token=people["anggota"]["token"], json=note)
    assert refused.status == 403
    other_head = api.put(path, token=people["kepala_lain"]["token"], json=note)
    assert other_head.status == 403
    stale = api.put(path, token=world["ketua"], json={**note, "worked": "x"}, headers={"If-Match": '"0"'})
    assert stale.status == 412
    board = api.put(path, token=people["sekretaris"]["token"], json={**note, "contacts": ""},
                    headers={"If-Match": '"1"'})
    assert board.status == 200 and board.json["contacts"] == "" and board.json["version"] == 2
    too_long = api.put(path, token=world["ketua"], json={"worked": "x" * 5001})
    assert too_long.status == 422 and too_long.json["errors"][0]["field"] == "body.worked"

    period = next_period(api, world)
    carried = hand_over(api, world, period, {"departments": [{"department_id": ids["dept"]}]}).json
    assert api.post(f"/orgs/{ids['org']}/periods/{period}/activate", token=world["ketua"]).status == 200
    new_ketua = people["wakil_ketua"]["token"]
    previous = carried["departments"][0]["previous_department_id"]
    read = api.get(note_path(world, previous), token=new_ketua)
    assert read.status == 200 and read.json["worked"] == "Kajian mingguan ramai" and read.json["may_edit"] is False
    finished = api.put(note_path(world, previous), token=new_ketua, json=note)
    assert finished.status == 409 and "finished" in finished.json["detail"], finished.json
    assert api.get(note_path(world, ids["dept"]), token=people["outsider"]["token"]).status == 404
    assert api.get(note_path(world, str(uuid.uuid4())), token=new_ketua).status == 404


def test_after_activation_the_old_period_is_read_only_history(api, database, world):
    ids, people = world["ids"], world["people"]
    program = make_program(database, ids, people, "dalam_progres", type="rutin", code="KAJ")
    period = next_period(api, world)
    assert api.post(f"/orgs/{ids['org']}/periods/{period}/activate", token=world["ketua"]).status == 200
    periods = {p["id"]: p["status"] for p in api.get(f"/orgs/{ids['org']}/periods", token=world["ketua"]).json["items"]}
    assert periods == {ids["period"]: "selesai", period: "aktif"}
    new_ketua = people["wakil_ketua"]["token"]
    old = api.get(f"/programs?organization_id={ids['org']}&period_id={ids['period']}", token=new_ketua)
    assert old.status == 200 and [p["id"] for p in old.json["items"]] == [program]
    edit = api.patch(f"/programs/{program}", token=new_ketua, json={"name": "Ubah"})
    assert edit.status in (403, 409), edit.json
    # carried after the fact: from the period that is active now, so name the programs
    late = api.post("/programs/carry-over", token=new_ketua,
                    json={"organization_id": ids["org"], "period_id": period, "program_ids": [program]})
    assert late.status == 200 and late.json["programs"][0]["period_id"] == period, late.json
