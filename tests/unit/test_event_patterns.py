"""The local dispatcher's EventBridge event patterns (infra/local/events.py), on the cases AWS documents."""

from __future__ import annotations

import pytest

from infra.local.events import TemplateError, matches

EVENT = {"source": "proker.task", "detail-type": "task.assigned",
         "detail": {"type": "task.assigned", "organization_id": None,
                    "payload": {"priority": "tinggi", "tags": ["a", "b"]}}}


@pytest.mark.parametrize(("pattern", "expected"), [
    ({"detail-type": ["task.assigned"]}, True),
    ({"detail-type": ["task.created", "task.assigned"]}, True),
    ({"detail-type": ["task.created"]}, False),
    ({"source": ["proker.task"], "detail-type": ["task.assigned"]}, True),
    ({"source": ["proker.program"], "detail-type": ["task.assigned"]}, False),
    ({"detail-type": [{"prefix": "task."}]}, True),
    ({"detail-type": [{"suffix": ".assigned"}]}, True),
    ({"detail-type": [{"anything-but": ["task.created"]}]}, True),
    ({"detail-type": [{"anything-but": "task.assigned"}]}, False),
    ({"detail-type": [{"anything-but": {"prefix": "program."}}]}, True),
    ({"detail-type": [{"equals-ignore-case": "TASK.ASSIGNED"}]}, True),
    ({"detail": {"payload": {"priority": ["tinggi", "kritis"]}}}, True),
    ({"detail": {"payload": {"priority": ["rendah"]}}}, False),
    ({"detail": {"payload": {"tags": ["b"]}}}, True),  # an array matches when one element does
    ({"detail": {"organization_id": [None]}}, True),
    ({"detail": {"payload": {"missing": [{"exists": False}]}}}, True),
    ({"detail": {"payload": {"priority": [{"exists": True}]}}}, True),
    ({"detail": {"payload": {"missing": ["x"]}}}, False),
    ({"detail": {"nothing": {"deeper": ["x"]}}}, False),
])
def test_patterns(pattern, expected):
    assert matches(pattern, EVENT) is expected


def test_what_it_does_not_know_is_refused_rather_than_guessed():
    with pytest.raises(TemplateError):
        matches({"detail-type": [{"wildcard": "task.*"}]}, EVENT)
    with pytest.raises(TemplateError):
        matches({"detail-type": "task.assigned"}, EVENT)
