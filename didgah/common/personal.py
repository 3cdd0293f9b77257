"""A reader's personal part of the pages (what community.views.personal answers), kept
in Django's cache between the writes that change it.

Every page view asks for it, and most views fall between two actions of the same
reader: so the part is kept under the reader's version, and each service that changes
what it shows (the reader's votes, comments, standing, notifications, follows, profile)
calls personal_changed() for that reader. A version lost from the cache is replaced by
a new random one, never by an old one, so a stale part is never found again.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

# How long a part is kept even when nothing reports a change: what no service reports
# (an administrator making a reader staff in the admin) shows within this time.
PERSONAL_SECONDS = 120
# Versions outlive every part kept under them; after this they are made anew.
VERSION_SECONDS = 30 * 24 * 3600


def _version_key(user_id: int) -> str:
    return f"personal-v:{user_id}"


def _new_version(user_id: int) -> None:
    cache.set(_version_key(user_id), secrets.token_hex(8), VERSION_SECONDS)


def personal_version(user_id: int) -> str:
    key = _version_key(user_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), VERSION_SECONDS)
        version = cache.get(key)
    return version


def personal_changed(*, user_id: int) -> None:
    """The reader's personal part is to be made anew. Call where the change is written,
    inside its transaction or outside any: the version changes at once and again after
    the commit, so that a part read between the two (before the change was visible) is
    never kept under the version that follows it."""
    _new_version(user_id)
    transaction.on_commit(lambda: _new_version(user_id))


def personal_parts(*, user_id: int, builds: dict[str, Callable[[], tuple[Any, float]]]) -> dict[str, Any]:
    """The reader's parts for several scopes (what every page shows them, an article's
    part, or what the caller keeps beside them), {scope: part}: from the cache under their
    version, in one read of the version and one of the parts, each missing one made by
    its `build()`, which returns the part and how many seconds it stays true with nothing
    written (a comment's edit window closing, say)."""
    version = personal_version(user_id)
    keys = {scope: f"personal:{user_id}:{version}:{scope}" for scope in builds}
    found = cache.get_many(list(keys.values()))
    parts = {}
    for scope, build in builds.items():
        part = found.get(keys[scope])
        if part is None:
            part, seconds = build()
            seconds = int(min(PERSONAL_SECONDS, seconds))
            if seconds > 0:
                cache.set(keys[scope], part, seconds)
        parts[scope] = part
    return parts


def personal_part(*, user_id: int, scope: str, build: Callable[[], tuple[Any, float]]) -> Any:
    """One of the reader's parts (personal_parts)."""
    return personal_parts(user_id=user_id, builds={scope: build})[scope]
