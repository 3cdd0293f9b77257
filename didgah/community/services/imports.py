"""Comments brought in from another system (a WordPress or Disqus export), and their
claiming by the readers who wrote them.

An imported comment was already published where it came from: it is written approved,
with its own date and place in its thread, and none of the live readers' rules (rate
limits, the moderation queue, the edit window) apply. Its writer has no account here,
so it carries the name it was signed with (`guest_name`) and, privately, the address
it gave (`guest_email`). The article's comment count follows from the rows at the next
fold (counters.counters_fold), which an import runs once at its end."""

from __future__ import annotations

import re
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from didgah import persian
from didgah.accounts.models import Profile
from didgah.common.personal import personal_changed
from didgah.news.models import Article

from .. import conf, rules
from ..models import Comment
from .counters import threads_touch

# Far longer than a reader may type here (conf.comment_max_length): an archive's long
# comments are kept whole rather than refused; only a runaway one is cut.
IMPORT_MAX_CHARS = 50_000
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def imported_text(raw: str) -> str:
    """Plain comment text as a live comment is stored (rules.clean_comment_text), without
    the limits that refuse a reader's comment: controls and direction overrides removed
    rather than refused, an over-long one cut."""
    text = (raw or "").replace("\r\n", "\n").replace("\r", "\n")
    text = persian.strip_controls(text).replace("\t", " ").replace("\x00", "")
    text = _INVISIBLE.sub("", text)
    text = persian.display_text(text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    return text[:IMPORT_MAX_CHARS]


def guest_email_key(email: str) -> str:
    """The one form a guest's address is stored and matched in."""
    email = (email or "").strip().lower()
    return email if 3 <= len(email) <= 254 and "@" in email and " " not in email else ""


def comment_import(*, article: Article, body: str, created_at: datetime, guest_name: str = "",
                   guest_email: str = "", parent: Comment | None = None) -> Comment | None:
    """Write one imported comment, approved, dated `created_at`, under `parent` (which
    must be on the same article). Past the depth cap a reply joins its parent's level,
    as a live reply does. None when nothing readable is left of the text."""
    text = imported_text(body)
    if not rules.clean_comment_text(text, max_length=IMPORT_MAX_CHARS)[0]:
        return None
    depth, root_id = 0, None
    if parent is not None:
        if parent.article_id != article.pk:
            parent = None
        else:
            if parent.depth >= conf.comment_max_depth() and parent.parent_id is not None:
                parent = Comment.objects.only("id", "depth", "root_id", "parent_id", "article_id").get(
                    pk=parent.parent_id)
            depth = parent.depth + 1
            root_id = parent.root_id or parent.pk
    name = " ".join(persian.display_text(persian.strip_controls(guest_name or "")).split())[:200]
    comment = Comment.objects.create(
        article=article, author=None, parent=parent, root_id=root_id, depth=depth, body=text,
        status=Comment.Status.APPROVED, guest_name=name, guest_email=guest_email_key(guest_email),
        # `updated_at` is now, not the comment's date: it tells the fold to recount.
        updated_at=timezone.now(),
    )
    # created_at is stamped on insert (auto_now_add); the original date replaces it.
    Comment.objects.filter(pk=comment.pk).update(created_at=created_at)
    comment.created_at = created_at
    return comment


@transaction.atomic
def comments_claim(*, user) -> int:
    """Give `user` the guest comments signed with their address (call once the address
    is verified). Their name and place then show on them, and their approved count grows
    as if they had written them here. The guest name and address go: from now on the
    comments are the reader's, and leave with their account like any other. The number
    claimed."""
    email = guest_email_key(getattr(user, "email", ""))
    if not email:
        return 0
    unclaimed = Comment.objects.select_for_update().filter(author__isnull=True, guest_email=email)
    rows = list(unclaimed.values_list("pk", "article_id", "status"))
    if not rows:
        return 0
    ids = [pk for pk, _article, _status in rows]
    Comment.objects.filter(pk__in=ids).update(author=user, guest_name="", guest_email="",
                                                  updated_at=timezone.now())
    approved = sum(1 for _pk, _article, status in rows if status == Comment.Status.APPROVED)
    if approved:
        Profile.objects.filter(user=user).update(approved_comments=F("approved_comments") + approved)
    threads_touch(article_ids={article for _pk, article, _status in rows})
    personal_changed(user_id=user.pk)
    return len(ids)


def verified_readers_claim() -> int:
    """Run the claim for every reader whose verified address signs unclaimed guest
    comments: for an import that comes after those readers verified (the claim
    otherwise runs at verification). The number claimed."""
    unclaimed = Comment.objects.filter(author__isnull=True).exclude(guest_email="")
    claimed, last = 0, ""
    while True:
        # A page of addresses at a time, after the last one seen: memory stays flat
        # however many guests an archive had.
        batch = list(unclaimed.filter(guest_email__gt=last).values_list("guest_email", flat=True)
                     .distinct().order_by("guest_email")[:500])
        if not batch:
            return claimed
        last = batch[-1]
        readers = (get_user_model().objects.annotate(email_key=Lower("email"))
                   .filter(email_key__in=batch, profile__email_verified_at__isnull=False))
        for user in readers:
            claimed += comments_claim(user=user)
