"""Readers and comments for tests, made through the same services the site uses."""

from itertools import count

from django.utils import timezone

from didgah.accounts.models import Profile
from didgah.accounts.services import reader_register
from didgah.community import services

_n = count(1)
PASSWORD = "x-Test-Password-93"


def make_reader(*, display_name=None, username=None, city="تهران", country="IR", verified=True,
                approved=10, password=PASSWORD):
    n = next(_n)
    user = reader_register(
        username=username or f"reader{n}", email=f"reader{n}@example.org", password=password,
        display_name=display_name or f"خواننده {n}", city=city, country=country,
    )
    Profile.objects.filter(user=user).update(
        email_verified_at=timezone.now() if verified else None, approved_comments=approved,
    )
    user.profile.refresh_from_db()
    return user


def make_comment(*, article, author=None, body=None, parent=None):
    author = author or make_reader()
    return services.comment_create(article=article, author=author, body=body or f"دیدگاه شمارهٔ {next(_n)}",
                                   parent=parent, enforce_limits=False)


def fold():
    """What the scheduler process does every second: counters and thread versions
    follow the rows."""
    return services.counters_fold()
