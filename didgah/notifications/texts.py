"""What a notification says, in Persian (through gettext): one sentence for the list
page, the mail's subject and the digest's lines. No database work beyond the
notification's own related rows, which the caller has selected."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from didgah.community.models import Comment

from .models import Notification


def actor_name(notification: Notification) -> str:
    actor = notification.actor
    if actor is None:
        return _("کاربر حذف‌شده")
    profile = getattr(actor, "profile", None)
    return (profile.display_name if profile else "") or actor.get_username()


# Each kind's (sentence on the list page and in mail, mail subject); a hold is the rest.
_K = Notification.Kind
_TEXTS = {
    _K.REPLY: (gettext_lazy("%(actor)s به دیدگاه شما دربارهٔ «%(title)s» پاسخ داد."),
               gettext_lazy("%(actor)s به دیدگاه شما پاسخ داد")),
    _K.MENTION: (gettext_lazy("%(actor)s در دیدگاهی دربارهٔ «%(title)s» از شما نام برد."),
                 gettext_lazy("%(actor)s از شما نام برد")),
    _K.FOLLOW: (gettext_lazy("%(actor)s دیدگاه تازه‌ای دربارهٔ «%(title)s» نوشت."),
                gettext_lazy("دیدگاه تازه دربارهٔ «%(title)s»")),
    _K.APPROVED: (gettext_lazy("دیدگاه شما دربارهٔ «%(title)s» تأیید شد و برای همه نمایش داده می‌شود."),
                  gettext_lazy("دیدگاه شما تأیید شد")),
    _K.REJECTED: (gettext_lazy("دیدگاه شما دربارهٔ «%(title)s» پذیرفته نشد."),
                  gettext_lazy("دیدگاه شما پذیرفته نشد")),
}
_HELD = (gettext_lazy("دیدگاه شما دربارهٔ «%(title)s» برای بررسی در صف ماند."),
         gettext_lazy("دیدگاه شما در صف بررسی است"))


def _text(notification: Notification, which: int) -> str:
    values = {"actor": actor_name(notification), "title": notification.article.title}
    return str(_TEXTS.get(notification.kind, _HELD)[which]) % values


def sentence(notification: Notification) -> str:
    """«مریم به دیدگاه شما دربارهٔ «…» پاسخ داد.»"""
    return _text(notification, 0)


def subject(notification: Notification) -> str:
    return _text(notification, 1)


def excerpt(comment: Comment | None, chars: int) -> str:
    if comment is None or comment.is_deleted:
        return ""
    text = " ".join(comment.body.split())
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"
