"""The pure rules of live threads, as tables."""

import json

import pytest

from didgah.live import events
from didgah.live.events import COMMENT, EVERYONE, OWN, REMOVE, UPDATE, Audience

AUTHOR = 7

PLANS = [
    # change, status after, deleted, events
    ("posted", "approved", False, [(COMMENT, EVERYONE)]),
    ("posted", "pending", False, [(OWN, Audience(to=AUTHOR))]),
    ("approved", "approved", False, [(COMMENT, EVERYONE)]),
    ("rejected", "rejected", False, [(REMOVE, EVERYONE)]),
    ("edited", "approved", False, [(UPDATE, EVERYONE)]),
    # An edit with a suspect word sends a shown comment back to the queue: off others'
    # pages, still on its author's.
    ("edited", "pending", False, [(REMOVE, Audience(skip=AUTHOR)), (OWN, Audience(to=AUTHOR))]),
    ("held", "pending", False, [(REMOVE, Audience(skip=AUTHOR)), (OWN, Audience(to=AUTHOR))]),
    ("deleted", "approved", True, [(UPDATE, EVERYONE)]),
    ("deleted", "pending", True, [(REMOVE, Audience(skip=AUTHOR)), (REMOVE, Audience(to=AUTHOR))]),
]


@pytest.mark.parametrize(("change", "status", "deleted", "expected"), PLANS)
def test_plan(change, status, deleted, expected):
    assert events.plan(change=change, status=status, is_deleted=deleted, author_id=AUTHOR) == expected


def test_plan_refuses_an_unknown_change():
    with pytest.raises(ValueError):
        events.plan(change="liked", status="approved", is_deleted=False, author_id=AUTHOR)


@pytest.mark.parametrize(("audience", "user_id", "expected"), [
    (EVERYONE, None, True),
    (EVERYONE, 3, True),
    (Audience(to=3), 3, True),
    (Audience(to=3), 4, False),
    (Audience(to=3), None, False),
    (Audience(skip=3), 3, False),
    (Audience(skip=3), 4, True),
    (Audience(skip=3), None, True),
])
def test_delivers(audience, user_id, expected):
    assert events.delivers(audience, user_id) is expected


@pytest.mark.parametrize(("origin", "host", "expected"), [
    ("http://127.0.0.1:8000", "127.0.0.1:8001", "http://127.0.0.1:8000"),
    ("https://didgah.example", "didgah.example", "https://didgah.example"),
    ("http://localhost:8000", "127.0.0.1:8001", None),
    ("http://evil.example", "127.0.0.1:8001", None),
    ("http://127.0.0.1.evil.example", "127.0.0.1:8001", None),
    ("null", "127.0.0.1:8001", None),
    ("", "127.0.0.1:8001", None),
])
def test_allowed_origin(origin, host, expected):
    assert events.allowed_origin(origin, host) == expected


def test_an_event_is_one_data_line_whatever_the_text():
    data = {"id": 1, "html": "<p>یک\nدو\r\nسه</p>"}
    wire = events.sse("comment", data).decode()
    assert wire.endswith("\n\n") and wire.count("\n") == 3
    kind, line = wire.split("\n")[:2]
    assert kind == "event: comment" and json.loads(line.removeprefix("data: ")) == data


def test_an_envelope_round_trips():
    payload = events.sse("counts", {"article": {"score": "+۳"}})
    message = events.envelope(article_id=5, audience=Audience(skip=2), payload=payload)
    assert events.unwrap(message) == (5, Audience(skip=2), payload)
