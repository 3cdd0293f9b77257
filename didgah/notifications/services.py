"""Writes of the notifications: making them when the community reports an event (its
signals, received in receivers.py), marking them read, the reader's settings, following
threads, unsubscribing, and the daily digest.

Mail is never sent here: it is written to accounts' queue (OutgoingMail) in the same
transaction as the notification, and accounts' periodic sender delivers it, retrying
without duplicates. The digest is a periodic job of its own (digest_send_due)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from didgah import persian
from didgah.accounts.models import Profile
from didgah.accounts.names import name_key
from didgah.accounts.services import outgoing_mail_queue
from didgah.common.personal import personal_changed
from didgah.community.models import Comment
from didgah.news.models import Article

from . import conf, texts
from .mentions import mention_candidates
from .models import Choice, Notification, NotificationSettings, ThreadFollow

User = get_user_model()
logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "didgah.notifications.unsubscribe"
# An unsubscribe token names what it stops: one group's mail at once, or every mail.
SCOPE_ALL = "all"


# --- settings ---------------------------------------------------------------------------
def settings_of(*, user_ids) -> dict[int, NotificationSettings]:
    """Each reader's settings; the defaults (unsaved) for a reader without a row."""
    ids = list(user_ids)
    rows = {s.user_id: s for s in NotificationSettings.objects.filter(user_id__in=ids)}
    return {pk: rows.get(pk) or NotificationSettings(user_id=pk) for pk in ids}


@transaction.atomic
def notification_settings_update(*, user, replies: str, mentions: str, follows: str,
                                 moderation: str) -> NotificationSettings:
    """Save a reader's choices (each one of models.Choice). Notifications waiting for a
    digest the reader no longer wants stay in the site only."""
    values = {"replies": replies, "mentions": mentions, "follows": follows, "moderation": moderation}
    for field, value in values.items():
        if value not in Choice.values:
            raise ValueError(f"{field}={value!r}")
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(user_id=user.pk)
    for field, value in values.items():
        setattr(row, field, value)
    row.save(update_fields=list(values))
    _digest_withdraw(user_id=user.pk, row=row)
    return row


def _digest_withdraw(*, user_id: int, row: NotificationSettings) -> None:
    kinds = [kind for kind, field in NotificationSettings.GROUPS.items() if getattr(row, field) != Choice.DIGEST]
    Notification.objects.filter(recipient_id=user_id, delivery=Notification.Delivery.DIGEST, emailed_at__isnull=True,
                                kind__in=kinds).update(delivery=Notification.Delivery.SITE)


# --- unsubscribing (RFC 8058) -------------------------------------------------------------
def unsubscribe_token(*, user, scope: str = SCOPE_ALL) -> str:
    """A token that stops the reader's notification mail (`scope`: a settings field,
    or SCOPE_ALL). Signed, not stored, and never expiring: a mail read a year later
    must still unsubscribe in one click."""
    return signing.dumps({"u": user.pk, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(*, user, scope: str = SCOPE_ALL) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe",
                                       kwargs={"token": unsubscribe_token(user=user, scope=scope)})


def unsubscribe_read(*, token: str) -> tuple[User, str] | None:
    """The reader and scope a token names, or None for a token that is not ours."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    scope = data.get("s") if isinstance(data, dict) else None
    if scope != SCOPE_ALL and scope not in NotificationSettings.FIELDS:
        return None
    user = User.objects.filter(pk=data.get("u")).first()
    return (user, scope) if user is not None else None


@transaction.atomic
def mail_unsubscribe(*, token: str) -> tuple[User, str] | None:
    """Stop the mail a token names: those groups go back to the site only. None when the
    token is not valid. Doing it twice changes nothing."""
    found = unsubscribe_read(token=token)
    if found is None:
        return None
    user, scope = found
    row, _created = NotificationSettings.objects.select_for_update().get_or_create(user_id=user.pk)
    fields = NotificationSettings.FIELDS if scope == SCOPE_ALL else (scope,)
    for field in fields:
        if getattr(row, field) in (Choice.INSTANT, Choice.DIGEST):
            setattr(row, field, Choice.SITE)
    row.save(update_fields=list(NotificationSettings.FIELDS))
    _digest_withdraw(user_id=user.pk, row=row)
    return user, scope


# --- following a thread ---------------------------------------------------------------------
def thread_follow(*, user, article: Article) -> ThreadFollow:
    """Follow an article's comments (`article` through community.selectors.article_access)."""
    follow, _created = ThreadFollow.objects.get_or_create(user_id=user.pk, article_id=article.pk)
    personal_changed(user_id=user.pk)
    return follow


def thread_unfollow(*, user, article: Article) -> None:
    ThreadFollow.objects.filter(user_id=user.pk, article_id=article.pk).delete()
    personal_changed(user_id=user.pk)


# --- reading ------------------------------------------------------------------------------
def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the reader's notifications read: these ids, or all of them. How many."""
    queryset = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    personal_changed(user_id=user.pk)
    return queryset.update(read_at=timezone.now())


# --- making notifications -----------------------------------------------------------------
def _mentioned_user_ids(text: str, *, limit: int) -> list[int]:
    candidates = mention_candidates(text)
    if not candidates:
        return []
    keys = {}
    for names in candidates:
        for name in names:
            key = name_key(name)
            if key:
                keys.setdefault(key, None)
    rows = Profile.objects.filter(Q(display_key__in=list(keys)) | Q(username_key__in=list(keys)))
    by_key = {}
    for user_id, display_key, username_key in rows.values_list("user_id", "display_key", "username_key"):
        by_key.setdefault(display_key, user_id)
        by_key.setdefault(username_key, user_id)
    found = []
    for names in candidates:  # the longest run that is somebody's name
        for name in names:
            user_id = by_key.get(name_key(name))
            if user_id is not None:
                if user_id not in found:
                    found.append(user_id)
                break
        if len(found) >= limit:
            break
    return found


def notifications_for_comment(*, comment: Comment) -> list[Notification]:
    """A comment is shown to everyone: tell the author of the comment it answers, the
    readers it mentions and those following the article's thread; each reader once
    (a reply above a mention above a follow), never its own author."""
    author_id = comment.author_id
    recipients: dict[int, str] = {}
    if comment.parent_id:
        parent_author = Comment.objects.filter(pk=comment.parent_id).values_list("author_id", flat=True).first()
        if parent_author:
            recipients[parent_author] = Notification.Kind.REPLY
    for user_id in _mentioned_user_ids(comment.body, limit=conf.max_mentions()):
        recipients.setdefault(user_id, Notification.Kind.MENTION)
    for user_id in ThreadFollow.objects.filter(article_id=comment.article_id).values_list("user_id", flat=True):
        recipients.setdefault(user_id, Notification.Kind.FOLLOW)
    recipients.pop(author_id, None)
    if not recipients:
        return []
    already = set(Notification.objects.filter(comment_id=comment.pk, recipient_id__in=list(recipients),
                                              kind__in=Notification.ONCE_PER_COMMENT)
                  .values_list("recipient_id", flat=True))
    return _notify({pk: kind for pk, kind in recipients.items() if pk not in already}, comment=comment,
                   actor_id=author_id)


def notification_for_moderation(*, comment: Comment, actor, approved: bool, reason: str = "") -> list[Notification]:
    """A moderator approved or rejected a comment: tell its author (not a moderator
    acting on their own comment)."""
    if not comment.author_id or (actor is not None and actor.pk == comment.author_id):
        return []
    kind = Notification.Kind.APPROVED if approved else Notification.Kind.REJECTED
    return _notify({comment.author_id: kind}, comment=comment, actor_id=actor.pk if actor else None,
                   reason=reason or comment.moderation_note)


def notification_for_hold(*, comment: Comment, reason: str = "") -> list[Notification]:
    """A rule took a comment to the moderators' queue: tell its author why it is not shown."""
    if not comment.author_id:
        return []
    return _notify({comment.author_id: Notification.Kind.HELD}, comment=comment, actor_id=None, reason=reason)


def _notify(recipients: dict[int, str], *, comment: Comment, actor_id: int | None,
            reason: str = "") -> list[Notification]:
    """Write the notifications each reader's settings allow, and queue the mail of
    those who want it at once (in the caller's transaction: the comment and its mail
    commit together or not at all)."""
    if not recipients:
        return []
    choices = settings_of(user_ids=recipients)
    rows = []
    for user_id, kind in recipients.items():
        choice = choices[user_id].choice_for(kind)
        if choice == Choice.NONE:
            continue
        delivery = {Choice.INSTANT: Notification.Delivery.INSTANT,
                    Choice.DIGEST: Notification.Delivery.DIGEST}.get(choice, Notification.Delivery.SITE)
        rows.append(Notification(recipient_id=user_id, kind=kind, actor_id=actor_id, comment_id=comment.pk,
                                 article_id=comment.article_id, reason=reason[:300], delivery=delivery))
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)
    for row in rows:
        personal_changed(user_id=row.recipient_id)
    instant = [n.pk for n in created if n.delivery == Notification.Delivery.INSTANT]
    if instant:
        _mail_at_once(ids=instant)
    return created


def _mailable(queryset):
    return queryset.select_related("recipient__profile", "actor__profile", "article", "comment")


def _may_mail(user) -> bool:
    """Mail goes only to an address the reader has confirmed."""
    profile = getattr(user, "profile", None)
    return bool(user.email) and user.is_active and profile is not None and profile.email_verified


def _link(notification: Notification) -> str:
    if notification.comment_id and notification.kind != Notification.Kind.REJECTED:
        return settings.SITE_URL + reverse("notifications:go", args=[notification.comment_id])
    return settings.SITE_URL + notification.article.get_absolute_url()


def _mail_headers(*, unsubscribe: str) -> dict[str, str]:
    # RFC 2369 and RFC 8058: one click in the mail program unsubscribes, by a POST
    # to this address without anything else (views.unsubscribe).
    return {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated"}


def _mail_at_once(*, ids: list[int]) -> None:
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        for notification in _mailable(Notification.objects.filter(pk__in=ids)):
            user = notification.recipient
            if not _may_mail(user):
                continue
            scope = NotificationSettings.GROUPS[notification.kind]
            unsubscribe = unsubscribe_url(user=user, scope=scope)
            context = {
                "name": user.profile.display_name, "sentence": texts.sentence(notification),
                "excerpt": texts.excerpt(notification.comment, conf.excerpt_chars()),
                "reason": notification.reason if notification.kind != Notification.Kind.FOLLOW else "",
                "link": _link(notification), "unsubscribe": unsubscribe, "site_name": settings.SITE_NAME,
                "settings_url": settings.SITE_URL + reverse("accounts:profile") + "#notification-settings",
            }
            outgoing_mail_queue(
                to=user.email, subject=f"{texts.subject(notification)} - {settings.SITE_NAME}",
                body=render_to_string("notifications/mail_one.txt", context),
                html_body=render_to_string("notifications/mail_one.html", context),
                headers=_mail_headers(unsubscribe=unsubscribe))
    Notification.objects.filter(pk__in=ids).update(emailed_at=now)


# --- the daily digest ---------------------------------------------------------------------
def _digest_due(*, now: datetime):
    return Notification.objects.filter(delivery=Notification.Delivery.DIGEST, emailed_at__isnull=True,
                                       created_at__lte=now)


def digest_send_due(*, now: datetime | None = None, limit: int = 200) -> int:
    """Queue each reader's daily digest of the notifications they chose to get that way;
    the number of digests queued. The scheduler's periodic job (apps.py).

    From conf.digest_hour() of the site's day on, each reader with notifications
    waiting gets one digest a day. Per reader, one transaction locks their settings row
    (SKIP LOCKED on PostgreSQL, so two schedulers take different readers), checks and
    sets the day of their last digest, claims the waiting rows (emailed_at) and queues
    the mail: the marker, the claim and the mail commit together, so a second run, or a
    second scheduler, finds nothing to send and no notification is mailed twice."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < conf.digest_hour():
        return 0
    today = local.date()
    readers = list(
        _digest_due(now=now).exclude(recipient__notification_settings__last_digest_on__gte=today)
        .order_by().values_list("recipient_id", flat=True).distinct()[:limit])
    sent = 0
    for user_id in readers:
        with transaction.atomic():
            queryset = NotificationSettings.objects.filter(user_id=user_id)
            if connection.features.has_select_for_update_skip_locked:
                queryset = queryset.select_for_update(skip_locked=True)
            else:
                queryset = queryset.select_for_update()
            row = queryset.first()
            if row is None or (row.last_digest_on is not None and row.last_digest_on >= today):
                continue
            items = list(_mailable(_digest_due(now=now).filter(recipient_id=user_id)).order_by("created_at", "id"))
            if not items:
                continue
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
            row.last_digest_on = today
            row.save(update_fields=["last_digest_on"])
            user = items[0].recipient
            if _may_mail(user):
                _digest_queue(user=user, items=items)
                sent += 1
    return sent


def _digest_queue(*, user, items: list[Notification]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        unsubscribe = unsubscribe_url(user=user, scope=SCOPE_ALL)
        context = {
            "name": user.profile.display_name, "site_name": settings.SITE_NAME, "unsubscribe": unsubscribe,
            "items": [{"sentence": texts.sentence(n), "excerpt": texts.excerpt(n.comment, conf.excerpt_chars()),
                       "link": _link(n), "when": persian.format_jalali(n.created_at, tz=settings.TIME_ZONE)}
                      for n in items],
            "count": persian.to_persian_digits(len(items)),
            "list_url": settings.SITE_URL + reverse("notifications:list"),
            "settings_url": settings.SITE_URL + reverse("accounts:profile") + "#notification-settings",
        }
        outgoing_mail_queue(
            to=user.email, subject=_("%(count)s اعلان تازه در %(site)s") % {"count": context["count"],
                                                                          "site": settings.SITE_NAME},
            body=render_to_string("notifications/mail_digest.txt", context),
            html_body=render_to_string("notifications/mail_digest.html", context),
            headers=_mail_headers(unsubscribe=unsubscribe))
