"""The notifications' part in what the community and accounts report (their signals,
connected in NotificationsConfig.ready()): each receiver calls one service or selector.
They run inside the sender's transaction."""

from . import selectors, services, views


def comment_published(sender, *, comment, **kwargs) -> None:
    services.notifications_for_comment(comment=comment)


def comment_moderated(sender, *, comment, actor, approved, **kwargs) -> None:
    services.notification_for_moderation(comment=comment, actor=actor, approved=approved)


def comment_held(sender, *, comment, reason="", **kwargs) -> None:
    services.notification_for_hold(comment=comment, reason=str(reason))


def personal_state(sender, *, user, article=None, acted=True, **kwargs) -> dict:
    return selectors.personal_part(user=user, article=article, acted=acted)


def personal_articles(sender, *, user, **kwargs) -> list[int]:
    return selectors.followed_article_ids(user=user)


def profile_sections(sender, *, request, **kwargs):
    return views.profile_section(request)


def reader_data(sender, *, user, **kwargs) -> dict:
    return selectors.reader_data(user=user)
