"""The API's OpenAPI 3.1 document, generated from the code.

    python -m infra.openapi      # (make openapi) writes docs/api/openapi.json

``template.yaml`` names the routes and their handlers. Each handler module's ``router`` is included
into one Powertools resolver, which documents the operations from the routes' type hints (request
and response models, path parameters, success status). Then the builder adds what Powertools cannot
know: the bearer JWT scheme on every route the template does not make public, and the problem+json
(RFC 9457) error responses ``shared.api`` sends, in place of Powertools' own 422 body (which is not
what we send).
"""

from __future__ import annotations

import argparse
import importlib
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer, Server

from infra.local.template import Route, Template
from shared import idempotency
from shared.api import PROBLEM_JSON, PUBLIC, SERVICE_TOKEN_SCHEME, Problem

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "api" / "openapi.json"
TITLE = "Proker Tracker API"
LOCAL_SERVER = "http://127.0.0.1:3000"
BEARER = "bearerAuth"
SCHEMAS = "#/components/schemas/"

DESCRIPTION = """\
Backend of Proker Tracker: plan and track the work programs of student organizations.

**Authentication.** `POST /auth/register` and `POST /auth/login` return a short-lived access token (a
JWT) and a refresh token; send the access token as `Authorization: Bearer <token>`
and renew it with `POST /auth/refresh`.

**Updates** answer with an `ETag`; send it back as `If-Match` and a change made meanwhile by someone else is
not overwritten (412).

**Errors** are `application/problem+json` (RFC 9457): `type`, `title`, `status`, a `detail` safe to
show to users, and, when particular fields are at fault, `errors` naming each field.

**Retries.** The requests that create something take an optional `Idempotency-Key` header: send the same
key again with the same request (a retry after a lost answer) and you get the first answer again
(`Idempotent-Replayed: true`) instead of a second copy.

Generated from the code by `make openapi`; do not edit by hand.
"""

# What every route may answer: the factory in shared/api.py maps these, whatever the route.
COMMON_PROBLEMS: dict[int, str] = {
    400: "Malformed request: the body is not valid JSON.",
    404: "Not found: no such route, or nothing with this id for the caller.",
    413: "The request body is larger than the function accepts (64 KiB).",
    422: "Invalid input: `errors` names each field at fault and why.",
    500: "Unexpected error on our side; it has been logged.",
    503: "Temporarily unavailable (the database or the identity provider); try again shortly.",
}
UNAUTHENTICATED = "The access token is missing, not valid, expired, or its session has ended."
SERVICE_UNAUTHENTICATED = "The service token is missing, not valid, expired, or meant for another service."
SERVICE_FORBIDDEN = "A user's access token (this route is for our services only), or a service that may not call it."
UNSUPPORTED_MEDIA_TYPE = "The request body is not JSON (`Content-Type` must be `application/json`)."

# What a route answers beyond that, from its own domain errors (functions/<domain>/errors.py), with
# either identity provider (the built-in one, or Supabase Auth when SUPABASE_URL is set).
_NOT_CONFIRMED = "Supabase Auth only: the e-mail address is not confirmed yet (follow the link sent to it)."
_PROVIDER_BUSY = "Supabase Auth only: too many requests to it right now; wait `Retry-After` seconds."
# A program's committee, milestones, budget items and activity log (functions/programs/parts_service.py).
_NO_PROGRAM = "No program with this id among your organizations' programs."
_PROGRAM_EDITORS = ("Your role may not change this program's {} (the board, the heads of its department and its PJ "
                    "may).")
_READ_ONLY = ("The program is in a final status (selesai, dibatalkan, ditolak) or its period is finished: it takes no "
              "changes.")
_BUDGET_HIDDEN = ("Your role may not see this program's budget (anggota, heads of other departments); the board, "
                  "sekretaris, bendahara, pembina, the heads of its department and its PJ may.")
_NO_BUDGET_ITEM = "No budget item with this id among your organizations' programs."
_BUDGET_ENTERERS = ("Your role may not {} budget items: the heads of the program's department and its PJ enter them "
                    "(the board, sekretaris and pembina only see them); or you may not see this program's budget.")
_BUDGET_CLOSED = ("The program is dibatalkan or ditolak, or its period is finished; or it is selesai, when its "
                  "budget items take only their actual amount, receipt and verification (for its LPJ).")
_STALE = "`If-Match` names a version of the {} that is no longer the current one; nothing was saved."
_CHANGED_MEANWHILE = "The program or your role in it changed while the request ran; read it again and retry."
_PROGRAM_PROBLEMS: dict[str, dict[int, str]] = {
    "POST /programs": {
        403: "Your role may not create programs (the board may, in any department; a head of department in theirs).",
        404: "No organization with this id among your organizations.",
        409: "Another program of the period already has this code (`errors` names `body.code`).",
        422: "Invalid input, or a period, department or person in charge that is not the organization's (`errors` "
             "names the field).",
    },
    "PATCH /programs/{program_id}": {
        403: _PROGRAM_EDITORS.format("fields"),
        404: _NO_PROGRAM,
        409: f"{_READ_ONLY} Or another program of the period has this code. Or, without If-Match, it changed "
             "at the same moment.",
        412: _STALE.format("program"),
        422: "Invalid input, or a department or person in charge that is not of the program's period.",
    },
    "DELETE /programs/{program_id}": {
        403: _PROGRAM_EDITORS.format("existence"),
        404: _NO_PROGRAM,
        409: "Only a draft without tasks is deleted; cancel a program that went further.",
        412: _STALE.format("program"),
    },
    "POST /programs/{program_id}/transitions": {
        403: "Your role may not make this change (deciding on a submitted program is the board's; the others are "
             "its editors').",
        404: _NO_PROGRAM,
        409: f"The lifecycle does not allow this change (`detail` lists the allowed ones, `errors` names `body.to`). "
             f"Or: {_READ_ONLY}",
        412: _STALE.format("program"),
        422: "Invalid input, or cancelling without a reason in `note`.",
    },
}
_PROGRAM_PARTS_PROBLEMS: dict[str, dict[int, str]] = {
    "GET /programs/{program_id}/committee": {404: _NO_PROGRAM},
    "PUT /programs/{program_id}/committee/{user_id}": {
        403: _PROGRAM_EDITORS.format("committee"),
        404: _NO_PROGRAM,
        409: f"{_READ_ONLY} {_CHANGED_MEANWHILE}",
        422: "Invalid input, or the user is not an active member of the program's period (`errors` names "
             "`path.user_id`).",
    },
    "DELETE /programs/{program_id}/committee/{user_id}": {
        403: _PROGRAM_EDITORS.format("committee"),
        404: f"{_NO_PROGRAM} Or the user is not on its committee.",
        409: _READ_ONLY,
    },
    "GET /programs/{program_id}/milestones": {404: _NO_PROGRAM},
    "POST /programs/{program_id}/milestones": {
        403: _PROGRAM_EDITORS.format("milestones"),
        404: _NO_PROGRAM,
        409: _READ_ONLY,
    },
    "PATCH /milestones/{milestone_id}": {
        403: _PROGRAM_EDITORS.format("milestones"),
        404: "No milestone with this id among your organizations' programs.",
        409: _READ_ONLY,
        412: _STALE.format("milestone"),
    },
    "DELETE /milestones/{milestone_id}": {
        403: _PROGRAM_EDITORS.format("milestones"),
        404: "No milestone with this id among your organizations' programs.",
        409: _READ_ONLY,
        412: _STALE.format("milestone"),
    },
    "GET /programs/{program_id}/budget-items": {403: _BUDGET_HIDDEN, 404: _NO_PROGRAM},
    "POST /programs/{program_id}/budget-items": {
        403: _BUDGET_ENTERERS.format("add"),
        404: _NO_PROGRAM,
        409: _BUDGET_CLOSED,
        422: "Invalid input, or quantity x unit price larger than a budget item holds (`errors` names "
             "`body.quantity` and `body.unit_price`).",
    },
    "PATCH /budget-items/{item_id}": {
        403: _BUDGET_ENTERERS.format("change"),
        404: _NO_BUDGET_ITEM,
        409: f"{_BUDGET_CLOSED} A `selesai` program's planned fields (kind, category, description, quantity, unit, "
             "unit price) no longer change.",
        412: _STALE.format("budget item"),
        422: "Invalid input, a required field set to null, or quantity x unit price larger than a budget item "
             "holds (`errors` names each field).",
    },
    "DELETE /budget-items/{item_id}": {
        403: _BUDGET_ENTERERS.format("remove"),
        404: _NO_BUDGET_ITEM,
        409: _BUDGET_CLOSED,
        412: _STALE.format("budget item"),
    },
    **{route: {
        403: "Only the bendahara of the program's period verifies its budget items; or you may not see them.",
        404: _NO_BUDGET_ITEM,
        409: "The program is dibatalkan or ditolak, or its period is finished (a selesai program's items are "
             "still verified).",
        412: _STALE.format("budget item"),
    } for route in ("POST /budget-items/{item_id}/verification", "DELETE /budget-items/{item_id}/verification")},
    "GET /programs/{program_id}/activity": {404: _NO_PROGRAM},
}
# Tasks (functions/tasks/service.py): who manages, moves and reopens them is in docs/api.md.
_NO_TASK = "No task with this id among your organizations' tasks."
_TASK_READ_ONLY = ("The task's program is in a final status (selesai, dibatalkan, ditolak) or its period is finished: "
                   "its tasks are read-only.")
_TASK_MANAGERS = ("Your role may not {} (ketua, wakil ketua and sekretaris may; the heads of the program's department "
                  "and its PJ may in their program).")
_TASK_STALE = "`If-Match` names a version of the task that is no longer the current one; nothing was saved."
_TASK_DATES = ("Invalid input: due before start, a date outside the program's planned dates without "
               "`outside_program_dates: true`, a milestone of another program, or an assignee who is not an active "
               "member of the program's period (or is its pembina); `errors` names each field.")
_TASK_PROBLEMS: dict[str, dict[int, str]] = {
    "POST /programs/{program_id}/tasks": {
        403: _TASK_MANAGERS.format("create tasks in this program"),
        404: "No program with this id among your organizations' programs.",
        409: _TASK_READ_ONLY,
        422: _TASK_DATES,
    },
    "GET /programs/{program_id}/tasks": {404: "No program with this id among your organizations' programs."},
    "GET /tasks/{task_id}": {404: _NO_TASK},
    "PATCH /tasks/{task_id}": {
        403: _TASK_MANAGERS.format("edit this task"),
        404: _NO_TASK,
        409: _TASK_READ_ONLY,
        412: _TASK_STALE,
        422: _TASK_DATES,
    },
    "DELETE /tasks/{task_id}": {
        403: _TASK_MANAGERS.format("delete this task"),
        404: _NO_TASK,
        409: _TASK_READ_ONLY,
        412: _TASK_STALE,
    },
    "PUT /tasks/{task_id}/assignees": {
        403: _TASK_MANAGERS.format("assign this task"),
        404: _NO_TASK,
        409: _TASK_READ_ONLY,
        412: _TASK_STALE,
        422: "Invalid input, or an assignee who is not an active member of the program's period or is its pembina "
             "(`errors` names `body.assignees.<n>`).",
    },
    "POST /tasks/{task_id}/transitions": {
        403: "Your role may not change this task's status (its assignees and those who manage the program's tasks "
             "may), or may not reopen it (the board, the heads of the program's department and its PJ may).",
        404: _NO_TASK,
        409: f"The lifecycle does not allow this change (`detail` lists the allowed ones, `errors` names `body.to`). "
             f"Or: {_TASK_READ_ONLY}",
        412: _TASK_STALE,
    },
    "POST /tasks/bulk-transitions": {
        403: "Nothing changed: your role does not allow the change to the tasks `errors` names "
             "(`body.task_ids.<n>`, each with its reason).",
        404: "Nothing changed: the tasks `errors` names (`body.task_ids.<n>`) are not among your organizations'.",
        409: "Nothing changed: some tasks cannot make the change; `errors` names each (`body.task_ids.<n>`) with its "
             "reason and code (`not_found`, `not_allowed`, `illegal_transition`, `read_only`). Or a task changed "
             "meanwhile: retry.",
    },
    "GET /tasks/{task_id}/history": {404: _NO_TASK},
    "POST /tasks/{task_id}/comments": {
        403: "You are not an active member of the task's period (former members read, they do not comment).",
        404: _NO_TASK,
        409: _TASK_READ_ONLY,
    },
    "GET /tasks/{task_id}/comments": {404: _NO_TASK},
}
# Notifications (functions/notifications/service.py): the inbox is the caller's own; webhooks are the board's.
_NO_WEBHOOK = ("No webhook with this id among your organizations' (only the board of its active period sees an "
               "organization's webhooks).")
_NOT_BOARD = "Only the board (ketua, wakil ketua) of the organization's active period manages its webhooks."
_NOTIFICATION_PROBLEMS: dict[str, dict[int, str]] = {
    "POST /notifications/{notification_id}/read": {404: "No notification with this id among yours."},
    "POST /notifications/webhooks": {
        403: _NOT_BOARD,
        404: "No organization with this id among yours.",
        409: "The organization has the most webhooks it may have (10); delete one first. Or your role changed "
             "meanwhile.",
        422: "Invalid input, or a URL that does not lead outside: not https, a private, loopback or reserved "
             "address, a local host name, or credentials in it (`errors` names `body.url`).",
    },
    "GET /notifications/webhooks": {403: _NOT_BOARD, 404: "No organization with this id among yours."},
    "DELETE /notifications/webhooks/{webhook_id}": {404: _NO_WEBHOOK},
    "GET /notifications/webhooks/{webhook_id}/deliveries": {404: _NO_WEBHOOK},
}
# Reports (functions/reports/service.py): every member reads; storing is for the roles that write them.
_NO_REPORT_PROGRAM = "No program with this id among your organizations' programs."
_NO_REPORT_ORGANIZATION = ("No organization with this id among yours, or no such period in it (`period_id`: the "
                           "active one when omitted).")
_NO_REPORT = "No report with this id among your organizations' reports."
_REPORT_PROBLEMS: dict[str, dict[int, str]] = {
    "GET /programs/{program_id}/report": {404: _NO_REPORT_PROGRAM},
    "GET /programs/{program_id}/lpj": {404: _NO_REPORT_PROGRAM},
    "GET /orgs/{org_id}/reports/summary": {
        404: _NO_REPORT_ORGANIZATION,
        422: "Invalid input, or no `period_id` while the organization has no active period.",
    },
    "POST /programs/{program_id}/reports": {
        403: "Your role may not store this program's reports (its PJ, the heads of its department, the sekretaris "
             "and the board, active in its period, may).",
        404: _NO_REPORT_PROGRAM,
    },
    "POST /orgs/{org_id}/reports": {
        403: "Only the sekretaris and the board (ketua, wakil ketua) of the period store an organization's reports.",
        404: _NO_REPORT_ORGANIZATION,
        422: "Invalid input, or no `period_id` while the organization has no active period.",
    },
    "GET /reports": {404: "No organization with this id among yours."},
    "GET /reports/{report_id}": {404: _NO_REPORT},
    "GET /reports/{report_id}/files/{file_format}": {404: f"{_NO_REPORT} Or it has no file of this format."},
}
# The personal calendar feed (functions/tasks/calendar_service.py; docs/decisions/0017-calendar-feeds.md).
_CALENDAR_PROBLEMS: dict[str, dict[int, str]] = {
    "DELETE /me/calendar": {404: "You have no calendar feed to revoke."},
    "GET /calendar/{feed}": {
        404: "No feed at this address: an unknown token, or one replaced or revoked (the same answer for each).",
        422: "Not a feed's address (`errors` names `path.feed`), or `lang` is neither `id` nor `en`.",
    },
}
# Error statuses a route answers with a body of its own, not a problem: status -> (description, schema).
ROUTE_BODIES: dict[str, dict[int, tuple[str, str]]] = {
    "GET /health": {503: ("A part is degraded or down; the body names it and says why.", "SystemHealth")},
}

ROUTE_PROBLEMS: dict[str, dict[int, str]] = {
    "POST /auth/register": {
        403: _NOT_CONFIRMED,
        409: "An account with this e-mail address already exists (`errors` names `body.email`).",
        422: "Invalid input, or a password too weak (`errors` says why).",
        429: _PROVIDER_BUSY,
    },
    "POST /auth/login": {
        401: "The e-mail address or password is not correct.",
        403: _NOT_CONFIRMED,
        429: "Too many failed log-ins for this account or from this address (or, with Supabase Auth, too many "
             "requests to it); wait `Retry-After` seconds.",
    },
    "POST /auth/refresh": {
        401: "The refresh token is not valid, was already used (which ends its session), or its session ended.",
        429: _PROVIDER_BUSY,
    },
    "PUT /auth/password": {
        422: "Invalid input, a new password too weak, or a wrong current password (`errors` says which).",
    },
    "DELETE /auth/sessions/{session_id}": {
        404: "No active session with this id belongs to you.",
    },
    "POST /orgs/{org_id}/invitations": {
        403: "Your role may not invite (the board and sekretaris invite; only the board into ketua or wakil ketua).",
        404: "No such organization among yours, or no such period in it.",
        409: "The organization is archived, the period finished, or the address already has a pending invitation "
             "into that period (`errors` names `body.email`).",
        422: "Invalid input, `max_uses` with `email`, or a department of another period (`errors` says which).",
    },
    "GET /orgs/{org_id}/invitations": {
        403: "Your role may not see invitations (the board and sekretaris do).",
    },
    "POST /orgs/{org_id}/invitations/{invitation_id}/revoke": {
        403: "Your role may not revoke invitations (the board and sekretaris do; only the board those into it).",
        404: "No invitation with this id in this organization (that you may see).",
        409: "The invitation is not pending (already answered, used up, expired or revoked), the period is "
             "finished, or the organization archived.",
    },
    **{route: {
        404: "No such invitation for you: an unknown code, or an e-mail invitation sent to another address.",
        409: "You already answered this invitation, or you are already an active member of its period.",
        410: "The invitation expired, was revoked, is used up, its period has ended or its organization is "
             "archived; nobody can accept it any more.",
    } for route in ("POST /orgs/invitations/{invitation_id}/accept", "POST /orgs/invitations/{invitation_id}/decline",
                    "POST /orgs/invitations/accept")},
    "PATCH /users/me": {
        412: "`If-Match` names a version of the profile that is no longer the current one; nothing was saved.",
    },
    "PUT /users/me/settings": {
        412: "`If-Match` names a version of the settings that is no longer the current one; nothing was saved.",
    },
    "GET /users/{user_id}": {
        404: "No user with this id shares an organization with you.",
    },
    "GET /users": {
        404: "You are not a member of an organization with this id.",
    },
    "POST /events/wake": {
        403: "The `X-Proker-Signature` header is missing or is not `sha256=` and the HMAC-SHA256 of the raw body "
             "with the wake-up secret; or no wake-up secret is configured here.",
    },
    **_PROGRAM_PROBLEMS,
    **_PROGRAM_PARTS_PROBLEMS,
    **_TASK_PROBLEMS,
    **_NOTIFICATION_PROBLEMS,
    **_REPORT_PROBLEMS,
    **_CALENDAR_PROBLEMS,
}

_RETRY_AFTER = {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}

# The routes that create something (``lambda_handler(router, idempotent=True)``; shared/idempotency.py).
IDEMPOTENCY_KEY_PARAMETER: dict[str, Any] = {
    "name": idempotency.HEADER, "in": "header", "required": False,
    "description": f"A key of your choice for this request (a UUID, say). Sent again with the same request within "
                   f"{idempotency.KEEP_HOURS} hours, it gets the first answer again (2xx, or a 4xx other than 401, "
                   "408, 409, 412, 425 and 429) and nothing runs twice. Keys are yours and this operation's.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": f"^{idempotency.KEY.pattern}$"},
}
IDEMPOTENCY_PROBLEMS: dict[int, str] = {
    409: f"A request with this `{idempotency.HEADER}` is still running; retry after `Retry-After` seconds.",
    422: f"`{idempotency.HEADER}` is not 1 to 255 printable ASCII characters, or was used with another request "
         f"(method, path or body) in the last {idempotency.KEEP_HOURS} hours (`errors` names "
         "`header.idempotency-key`).",
}
IDEMPOTENT_REPLAY_HEADER = {idempotency.REPLAYED_HEADER: {
    "description": f"`true` when this is the kept answer to an earlier request with the same `{idempotency.HEADER}`.",
    "schema": {"type": "string", "enum": ["true"]}}}
PROBLEM_HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {"description": "The `Bearer` challenge.", "required": True,
                               "schema": {"type": "string"}}},
    429: {"Retry-After": {**_RETRY_AFTER, "required": True}},
    503: {"Retry-After": _RETRY_AFTER},
}


def project_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


def handler_module(route: Route) -> Any:
    module_name, _, _ = route.handler.rpartition(".")
    return importlib.import_module(module_name)


def build_resolver(routes: list[Route]) -> APIGatewayHttpResolver:
    """One resolver with every endpoint function's router, as the template lists them."""
    app = APIGatewayHttpResolver(enable_validation=True)
    seen: set[str] = set()
    for route in routes:
        module = handler_module(route)
        if module.__name__ not in seen:
            seen.add(module.__name__)
            app.include_router(module.router)
    return app


def problem_response(status: int, description: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": f"{SCHEMAS}Problem"}}},
    }
    if status in PROBLEM_HEADERS:
        response["headers"] = PROBLEM_HEADERS[status]
    return response


def service_only(operation: dict[str, Any]) -> bool:
    """Public at the gateway, but the function admits only service tokens (the route says
    ``security=SERVICE_ONLY``)."""
    return any(SERVICE_TOKEN_SCHEME in requirement for requirement in operation.get("security", []))


def problems_of(route: Route, operation: dict[str, Any]) -> dict[int, str]:
    problems = dict(COMMON_PROBLEMS)
    if not route.public:
        problems[401] = UNAUTHENTICATED
    if service_only(operation):
        problems[401], problems[403] = SERVICE_UNAUTHENTICATED, SERVICE_FORBIDDEN
    if "requestBody" in operation:
        problems[415] = UNSUPPORTED_MEDIA_TYPE
    problems.update(ROUTE_PROBLEMS.get(route.route_key, {}))
    if idempotent(route):
        for status, text in IDEMPOTENCY_PROBLEMS.items():
            problems[status] = f"{problems[status]} Or: {text}" if status in problems else text
    return problems


def idempotent(route: Route) -> bool:
    """Whether the route's function takes an ``Idempotency-Key`` (``lambda_handler(..., idempotent=True)``)."""
    return bool(getattr(handler_module(route).handler, "idempotent", False))


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _document_operation(operation: dict[str, Any], route: Route) -> None:
    responses: dict[str, Any] = operation["responses"]
    responses.pop("422", None)  # Powertools' HTTPValidationError: not what shared.api sends
    for code, response in responses.items():  # a 204 or 304, or a 2xx that returns `Response[None]`: no body at all
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        if code in ("204", "304") or (code.startswith("2") and schema.get("type") == "null"):
            response.pop("content", None)
    for status, description in problems_of(route, operation).items():
        responses[str(status)] = problem_response(status, description)
    for status, (description, schema) in ROUTE_BODIES.get(route.route_key, {}).items():
        responses[str(status)] = {"description": description,
                                  "content": {"application/json": {"schema": {"$ref": f"{SCHEMAS}{schema}"}}}}
    if idempotent(route):
        operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY_PARAMETER)
        responses["409"]["headers"] = {"Retry-After": _RETRY_AFTER}
        for success in (code for code in responses if code.startswith("2")):
            responses[success].setdefault("headers", {}).update(IDEMPOTENT_REPLAY_HEADER)
    if not route.public:
        operation["security"] = [{BEARER: []}]
    elif operation.get("security") == PUBLIC:  # "no credential" is what no `security` says already
        del operation["security"]


def _problem_schemas() -> dict[str, Any]:
    schema = Problem.model_json_schema(ref_template=SCHEMAS + "{model}")
    definitions = schema.pop("$defs", {})
    return {**definitions, "Problem": schema}


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str) and item.startswith(SCHEMAS):
                yield item.removeprefix(SCHEMAS)
            else:
                yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def _drop_unreferenced_schemas(document: dict[str, Any]) -> None:
    """Keep only the component schemas the operations use (Powertools adds its validation error models)."""
    schemas = document["components"]["schemas"]
    used: set[str] = set()
    pending = list(_references(document["paths"]))
    while pending:
        name = pending.pop()
        if name not in used:
            used.add(name)
            pending.extend(_references(schemas[name]))
    document["components"]["schemas"] = {name: schema for name, schema in schemas.items() if name in used}


def build_document(template: Template | None = None) -> dict[str, Any]:
    """The OpenAPI document of every ``HttpApi`` route in ``template.yaml``."""
    template = template or Template.load()
    routes = {route.route_key: route for route in template.routes()}
    unknown = set(ROUTE_PROBLEMS) - set(routes)
    if unknown:
        raise ValueError(f"ROUTE_PROBLEMS names routes template.yaml does not have: {sorted(unknown)}")
    app = build_resolver(list(routes.values()))
    generated = app.get_openapi_json_schema(
        title=TITLE,
        version=project_version(),
        description=DESCRIPTION,
        servers=[Server(url=LOCAL_SERVER, description="The local gateway (make dev)")],
        security_schemes={
            BEARER: HTTPBearer(
                bearerFormat="JWT",
                description="The access token from POST /auth/login, /auth/register or /auth/refresh.",
            ),
            SERVICE_TOKEN_SCHEME: HTTPBearer(
                bearerFormat="JWT",
                description="A service token: a JWT our services mint for each other (shared.service_client; "
                            "`role: service`, `aud` the called service, 60 seconds). Not for users.",
            ),
        },
    )
    document: dict[str, Any] = json.loads(generated)
    operations = dict(_operations(document))
    if set(operations) != set(routes):
        raise ValueError(
            "the handlers' routes differ from template.yaml: "
            f"only in template.yaml {sorted(set(routes) - set(operations))}, "
            f"only in handlers {sorted(set(operations) - set(routes))}",
        )
    for key, operation in operations.items():
        _document_operation(operation, routes[key])
    document["components"]["schemas"].update(_problem_schemas())
    _drop_unreferenced_schemas(document)
    return document


def render(document: dict[str, Any]) -> str:
    """Pretty, sorted and stable: the same code gives the same bytes."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the API's OpenAPI document, generated from the code.")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(build_document()))
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
