"""A reader's personal part of the pages (what community.views.personal answers), kept
in Django's cache between the writes that change it.

Every page view asks for it, and most views fall between two actions of the same
reader: so the part is kept with the reader's version, and each service that changes
what it shows (the reader's votes, comments, standing, notifications, follows, profile)
calls personal_changed() for that reader. A version lost from the cache is replaced by
a new random one, never by an old one, so a stale part is never found again.

A reader has two versions: one for everything, and one for their acts on articles
(votes), which change the parts about articles but not what every page shows them
(their name, their standing, their notifications): a vote leaves that part kept, for
their next page and for the standing their next vote is checked against.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

# How long a part is kept even when nothing reports a change. Every service that changes
# what a part shows reports it, and so does any save of an account's row; this bounds
# only what nothing reports (a bulk update from a shell). Long enough to outlast a
# reader's reading of an article between two of their requests (the page's own
# request, then a vote or a comment), since making their part anew reads their
# account, profile and notifications.
PERSONAL_SECONDS = 15 * 60
# Versions outlive every part kept with them; after this they are made anew.
VERSION_SECONDS = 30 * 24 * 3600


def _version_keys(user_id: int) -> tuple[str, str]:
    return f"personal-v:{user_id}", f"personal-a:{user_id}"


def _new_version(key: str) -> None:
    cache.set(key, secrets.token_hex(8), VERSION_SECONDS)


def personal_changed(*, user_id: int, acts_only: bool = False) -> None:
    """The reader's personal part is to be made anew (`acts_only`: only the parts their
    acts on articles change, as a vote does). Call where the change is written, inside
    its transaction or outside any: the version changes at once and again after the
    commit, so that a part read between the two (before the change was visible) is
    never kept under the version that follows it."""
    key = _version_keys(user_id)[1 if acts_only else 0]
    if transaction.get_connection().in_atomic_block:  # else on_commit runs at once
        _new_version(key)
    transaction.on_commit(lambda: _new_version(key))


def personal_parts(*, user_id: int, builds: dict[str, Callable[[], tuple[Any, float]] | None],
                   beyond_acts: frozenset[str] = frozenset(), also: tuple[str, ...] = ()) -> dict[str, Any]:
    """The reader's parts for several scopes (what every page shows them, an article's
    part, or what the caller keeps beside them), {scope: part}: from the cache, read in
    one round trip with the reader's versions, each kept with the versions it was made
    under and taken only while they are still the reader's; each missing or outdated
    one made by its `build()`, which returns the part and how many seconds it stays
    true with nothing written (a comment's edit window closing, say); a scope without a
    build is only read (None when it is not kept). The scopes in `beyond_acts` are kept
    across the reader's acts (personal_changed(acts_only=True)); every other is made anew.
    `also`: other cache keys the caller reads in the same round trip; their values (None
    when missing) come back under those keys."""
    version_keys = _version_keys(user_id)
    keys = {scope: f"personal:{user_id}:{scope}" for scope in builds}
    found = cache.get_many([*version_keys, *keys.values(), *also])
    missing = [key for key in version_keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, secrets.token_hex(8), VERSION_SECONDS)
        found.update(cache.get_many(missing))
    version, acts = found[version_keys[0]], found[version_keys[1]]
    parts = {}
    for scope, build in builds.items():
        made_under = (version, "-" if scope in beyond_acts else acts)
        kept = found.get(keys[scope])
        part = kept[1] if kept is not None and kept[0] == made_under else None
        if part is None and build is not None:
            part, seconds = build()
            seconds = int(min(PERSONAL_SECONDS, seconds))
            if seconds > 0:
                cache.set(keys[scope], (made_under, part), seconds)
        parts[scope] = part
    parts.update((key, found.get(key)) for key in also)
    return parts


def personal_part(*, user_id: int, scope: str, build: Callable[[], tuple[Any, float]]) -> Any:
    """One of the reader's parts (personal_parts)."""
    return personal_parts(user_id=user_id, builds={scope: build})[scope]
