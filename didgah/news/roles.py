"""Who may do what in the newsroom: the roles and the one place each permission is decided.

Three roles, each a Django group whose permissions are written here and put in place by
`services.roles_sync`, which runs after every `migrate` (post_migrate, NewsConfig.ready)
and so also on a fresh test database; a data migration could not, since Django creates
permissions only after the migrations have run. Members still need `is_staff` to reach
the admin.

- writers: write and edit their own drafts and hand them to the editors
  (services.article_submit); they cannot publish, schedule, or edit anyone else's
  article or anything already published;
- editors: publish, schedule, edit any article, restore revisions, run the front page;
- moderators: comments, reports and word rules only (the community app's models).

The admin (news/admin.py) and the preview link ask the functions below, never
`has_perm` directly, so each rule is written once. A superuser passes every check, as
everywhere in Django.
"""

from __future__ import annotations

from dataclasses import dataclass

# Group names are stored data naming the role (what migrate restores and the admin's
# user form shows), so they are plain Persian, not translated at run time.
WRITERS = "نویسندگان"
EDITORS = "دبیران"
MODERATORS = "ناظران دیدگاه‌ها"


@dataclass(frozen=True)
class Role:
    group: str
    permissions: tuple[str, ...]  # "app_label.codename"


_READ_NEWSROOM = (
    # Seeing the lists and the autocompletes the article form uses.
    "news.view_article", "news.view_category", "news.view_tag", "news.view_author",
    "news.view_image", "news.view_articlerevision",
)

ROLES: tuple[Role, ...] = (
    Role(WRITERS, _READ_NEWSROOM + (
        "news.add_article", "news.change_article", "news.delete_article",
        # Writers bring their own pictures and tags.
        "news.add_image", "news.change_image", "news.add_tag",
    )),
    Role(EDITORS, _READ_NEWSROOM + (
        "news.add_article", "news.change_article", "news.delete_article",
        "news.publish_article", "news.edit_any_article", "news.restore_articlerevision",
        "news.add_image", "news.change_image", "news.add_tag", "news.change_tag",
        "news.add_category", "news.change_category", "news.add_author", "news.change_author",
        "news.view_breaking", "news.add_breaking", "news.change_breaking", "news.delete_breaking",
    )),
    Role(MODERATORS, (
        "community.view_comment", "community.change_comment",
        "community.view_report", "community.change_report",
        "community.view_wordrule", "community.add_wordrule", "community.change_wordrule",
        "community.delete_wordrule", "community.view_moderationlog",
    )),
)


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def can_publish(user) -> bool:
    """Publish, schedule, unpublish; set the front page's order and picks."""
    return _active(user) and user.has_perm("news.publish_article")


def can_create_article(user) -> bool:
    return _active(user) and user.has_perm("news.add_article")


def _own_draft(user, article) -> bool:
    return article.pk is not None and article.author_id == user.pk and article.status == article.Status.DRAFT


def can_edit_article(user, article) -> bool:
    """Editors anything; writers their own articles while they are drafts."""
    if not (_active(user) and user.has_perm("news.change_article")):
        return False
    return user.has_perm("news.edit_any_article") or _own_draft(user, article)


def can_delete_article(user, article) -> bool:
    if not (_active(user) and user.has_perm("news.delete_article")):
        return False
    return user.has_perm("news.edit_any_article") or _own_draft(user, article)


def can_submit_article(user, article) -> bool:
    """Hand a draft to the editors: for those who may edit it but not publish it."""
    return (article.status == article.Status.DRAFT and can_edit_article(user, article)
            and not can_publish(user))


def can_view_history(user, article) -> bool:
    return _active(user) and user.has_perm("news.view_articlerevision") and (
        user.has_perm("news.edit_any_article") or article.author_id == user.pk
    )


def can_restore_revision(user, article) -> bool:
    return (_active(user) and user.has_perm("news.restore_articlerevision")
            and can_edit_article(user, article))


def can_preview_article(user, article) -> bool:
    """Open on the site an article readers cannot see yet: whoever may edit it (editors
    any, writers their own drafts), not every member of staff (moderators)."""
    return can_edit_article(user, article)


def can_share_preview(user, article) -> bool:
    """A signed preview link to an article readers cannot see yet."""
    return not article.is_visible and can_edit_article(user, article)
