"""What a notification says, in Persian (through gettext): one sentence for the list
page, the mail's subject and the digest's lines. No database work beyond the
notification's own related rows, which the caller has selected."""

from __future__ import annotations

from django.utils.translation import gettext as _

from didgah.community.models import Comment

from .models import Notification


def actor_name(notification: Notification) -> str:
    actor = notification.actor
    if actor is None:
        return _("کاربر حذف‌شده")
    profile = getattr(actor, "profile", None)
    return (profile.display_name if profile else "") or actor.get_username()


def sentence(notification: Notification) -> str:
    """«مریم به دیدگاه شما دربارهٔ «…» پاسخ داد.»"""
    values = {"actor": actor_name(notification), "title": notification.article.title}
    kind = notification.kind
    if kind == Notification.Kind.REPLY:
        return _("%(actor)s به دیدگاه شما دربارهٔ «%(title)s» پاسخ داد.") % values
    if kind == Notification.Kind.MENTION:
        return _("%(actor)s در دیدگاهی دربارهٔ «%(title)s» از شما نام برد.") % values
    if kind == Notification.Kind.FOLLOW:
        return _("%(actor)s دیدگاه تازه‌ای دربارهٔ «%(title)s» نوشت.") % values
    if kind == Notification.Kind.APPROVED:
        return _("دیدگاه شما دربارهٔ «%(title)s» تأیید شد و برای همه نمایش داده می‌شود.") % values
    if kind == Notification.Kind.REJECTED:
        return _("دیدگاه شما دربارهٔ «%(title)s» پذیرفته نشد.") % values
    return _("دیدگاه شما دربارهٔ «%(title)s» برای بررسی در صف ماند.") % values


def subject(notification: Notification) -> str:
    values = {"actor": actor_name(notification), "title": notification.article.title}
    kind = notification.kind
    if kind == Notification.Kind.REPLY:
        return _("%(actor)s به دیدگاه شما پاسخ داد") % values
    if kind == Notification.Kind.MENTION:
        return _("%(actor)s از شما نام برد") % values
    if kind == Notification.Kind.FOLLOW:
        return _("دیدگاه تازه دربارهٔ «%(title)s»") % values
    if kind == Notification.Kind.APPROVED:
        return _("دیدگاه شما تأیید شد")
    if kind == Notification.Kind.REJECTED:
        return _("دیدگاه شما پذیرفته نشد")
    return _("دیدگاه شما در صف بررسی است")


def excerpt(comment: Comment | None, chars: int) -> str:
    if comment is None or comment.is_deleted:
        return ""
    text = " ".join(comment.body.split())
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"
