"""The newsroom's roles in the demo: one account of each (news/roles.py), sharing one
password written to DATA_DIR/demo-staff-password.txt, and a writer's draft with two
revisions, handed to the editors. Rerun-safe: accounts that exist are left alone."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from didgah.news import roles, services
from didgah.news.models import Article, Category

# username, first name, last name, role group
ACCOUNTS = (
    ("writer", "نیلوفر", "رحیمی", roles.WRITERS),
    ("deskeditor", "کاوه", "مرادی", roles.EDITORS),
    ("moderator", "لیلا", "صادقی", roles.MODERATORS),
)


class Command(BaseCommand):
    help = "Makes one demo account for each newsroom role (writer, editor, moderator) once."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(username=ACCOUNTS[0][0]).exists():
            self.stdout.write("newsroom roles' demo accounts already present; nothing to do")
            return
        services.roles_sync()
        password = secrets.token_urlsafe(12)
        with transaction.atomic():
            users = {}
            for username, first, last, group in ACCOUNTS:
                user = User.objects.create_user(username, f"{username}@didgah.example", password,
                                                first_name=first, last_name=last, is_staff=True)
                user.groups.add(Group.objects.get(name=group))
                users[username] = user
            self._draft(users["writer"])
        path = settings.DATA_DIR / "demo-staff-password.txt"
        path.write_text(password + "\n")
        path.chmod(0o600)
        self.stdout.write(f"newsroom roles: writer, deskeditor, moderator / {password} (also in {path})")

    def _draft(self, writer):
        """A draft as a writer leaves it for the desk: written, revised, sent for review."""
        article = services.article_create(
            title="کتابخانه‌های محله‌ای شب‌ها هم باز می‌مانند",
            lead="شهرداری می‌گوید از ماه آینده سه کتابخانهٔ محله‌ای تا نیمه‌شب باز است.",
            body="<p>به گفتهٔ مدیر فرهنگی شهرداری، این طرح از ماه آینده آغاز می‌شود.</p>",
            status=Article.Status.DRAFT, author=writer,
            categories=list(Category.objects.order_by("position")[:1]), tags=["کتابخانه"],
        )
        services.article_update(
            article=article, user=writer,
            lead="شهرداری می‌گوید از ماه آینده سه کتابخانهٔ محله‌ای تا نیمه‌شب باز می‌مانند؛ دانشجویان خواستار آن بودند.",
            body="<p>به گفتهٔ مدیر فرهنگی شهرداری، این طرح از ماه آینده و به‌طور آزمایشی آغاز می‌شود.</p>"
                 "<p>اگر استقبال شود، کتابخانه‌های دیگر هم به آن می‌پیوندند.</p>",
            tags=["کتابخانه", "شهرداری"],
        )
        services.article_submit(article=article, user=writer)
