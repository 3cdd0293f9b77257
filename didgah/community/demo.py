"""Demo readers, comments and votes for `manage.py load_demo`, so `make run` shows
scores, threads and the sidebar's ranked lists. Written through the services (so every
counter is what the rows say), with limits off because this is a trusted bulk writer."""

from __future__ import annotations

import io
import random
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from didgah.accounts.models import Profile
from didgah.accounts.services import reader_register
from didgah.common.progress import Progress
from didgah.news.models import Article

from . import services
from .errors import CommunityError
from .models import Comment

READERS = [
    ("مریم احمدی", "تهران", "IR"), ("علی رضایی", "مشهد", "IR"), ("سارا کریمی", "اصفهان", "IR"),
    ("حسین محمدی", "تبریز", "IR"), ("نرگس حسینی", "شیراز", "IR"), ("رضا موسوی", "تورنتو", "CA"),
    ("فاطمه قاسمی", "برلین", "DE"), ("امید جعفری", "لندن", "GB"), ("لیلا صادقی", "کابل", "AF"),
    ("مهدی نوری", "هرات", "AF"), ("زهرا یوسفی", "دوشنبه", "TJ"), ("کاوه بهرامی", "لس‌آنجلس", "US"),
    ("پریسا فرهادی", "استکهلم", "SE"), ("بهرام نیکزاد", "کرج", "IR"), ("شیرین امینی", "رشت", "IR"),
    ("آرش کاظمی", "کرمان", "IR"), ("نازنین طاهری", "ونکوور", "CA"), ("سینا مرادی", "همبورگ", "DE"),
    ("الهام شریفی", "قم", "IR"), ("پدرام سلطانی", "دبی", "AE"), ("یاسمن رحیمی", "آمستردام", "NL"),
    ("کیوان اکبری", "سیدنی", "AU"), ("مینا عباسی", "اهواز", "IR"), ("بابک زمانی", "پاریس", "FR"),
    ("هانیه حیدری", "یزد", "IR"), ("فرهاد ملکی", "استانبول", "TR"), ("رویا سبحانی", "ارومیه", "IR"),
    ("جواد فتحی", "زاهدان", "IR"), ("ترانه شکوهی", "وین", "AT"), ("مسعود پاکزاد", "سنندج", "IR"),
]
COMMENTS = [
    "گزارش دقیقی بود؛ ممنون از تحریریه.\n\nکاش دربارهٔ پیامدهایش برای شهرهای کوچک هم می‌نوشتید.",
    "من هم همین را تجربه کرده‌ام. امیدوارم این بار پیگیری شود.",
    "منبع اصلی این خبر را هم ببینید: https://example.org/report",
    "به نظرم تیتر کمی اغراق‌آمیز است، ولی متن خبر منصفانه است.",
    "این موضوع سال‌هاست مطرح است و هنوز راه‌حلی برایش پیدا نشده.",
    "خبر خوبی بود. دست‌مریزاد.",
    "آمارها را از کجا آورده‌اید؟ لطفاً منبع را ذکر کنید.",
    "کاملاً موافقم؛ باید از تجربهٔ کشورهای دیگر استفاده کرد.",
    "ای کاش مسئولان هم این گزارش‌ها را بخوانند.",
    "برای ما که خارج از کشوریم، این خبرها خیلی ارزشمند است.",
]
REPLIES = [
    "با شما موافقم.", "نه لزوماً؛ شرایط هر شهر فرق می‌کند.", "منبع در متن خبر آمده است.",
    "ممنون از توضیحتان.", "دقیقاً همین‌طور است.",
]


def _readers() -> list:
    User = get_user_model()
    password = secrets.token_urlsafe(12)
    users = []
    for n, (name, city, country) in enumerate(READERS, start=1):
        # Hashing one password thirty times costs seconds: hash it once, copy the hash.
        user = reader_register(username=f"reader{n}", email=f"reader{n}@didgah.example",
                               password=password if n == 1 else None,
                               display_name=name, city=city, country=country)
        users.append(user)
    User.objects.filter(pk__in=[u.pk for u in users[1:]]).update(password=users[0].password)
    # Demo readers are trusted: their addresses count as verified and their comments
    # skip the first-comments queue.
    Profile.objects.filter(user__in=users).update(email_verified_at=timezone.now(), approved_comments=10)
    path = settings.DATA_DIR / "demo-reader-password.txt"
    path.write_text(f"reader1 … reader{len(users)}: {password}\n")
    path.chmod(0o600)
    return list(User.objects.filter(pk__in=[u.pk for u in users]).select_related("profile"))


def load_community_demo(stdout=None) -> bool:
    """Add readers, comments and votes once; False if they are already there."""
    if Profile.objects.filter(user__username="reader1").exists():
        return False
    rng = random.Random(1404)
    with transaction.atomic():
        readers = _readers()
        articles = list(Article.objects.published().order_by("-published_at")[:40])
        with Progress(stdout if stdout is not None else io.StringIO(), "community", len(articles)) as bar:
            for index, article in enumerate(articles):
                # Earlier (newer) articles get more attention, with noise, so the ranked
                # lists differ from the latest list.
                interest = rng.random() * (1.0 if index % 3 else 1.6)
                voters = rng.sample(readers, k=min(len(readers), int(len(readers) * interest)))
                for reader in voters:
                    value = 1 if rng.random() < 0.8 else -1
                    services.article_vote(article=article, user=reader, value=value, enforce_limits=False)
                posted = []
                for _ in range(rng.randint(0, 2 + int(6 * interest))):
                    author = rng.choice(readers)
                    parent = rng.choice(posted) if posted and rng.random() < 0.35 else None
                    body = rng.choice(REPLIES if parent else COMMENTS)
                    try:
                        comment = services.comment_create(article=article, author=author, body=body, parent=parent,
                                                          enforce_limits=False)
                    except CommunityError:
                        continue  # the duplicate rule: same reader, same text
                    posted.append(comment)
                    for voter in rng.sample(readers, k=rng.randint(0, 8)):
                        if voter.pk != author.pk:
                            services.comment_vote(comment=comment, user=voter, value=1 if rng.random() < 0.75 else -1,
                                                  enforce_limits=False)
                # Spread comment times over the hours after publication.
                for n, comment in enumerate(posted):
                    when = min(timezone.now(), article.published_at + timedelta(minutes=20 + 37 * n))
                    Comment.objects.filter(pk=comment.pk).update(created_at=when)
                bar.advance()
        # The counters shown beside each article and comment, from the rows just written.
        services.counters_fold(everything=True)
        # A few views so «پربازدیدترین‌ها» has something to show before real readers come.
        for index, article in enumerate(articles):
            Article.objects.filter(pk=article.pk).update(view_count=rng.randint(40, 400) * (3 if index < 5 else 1))
    if stdout is not None:
        stdout.write(f"demo readers: reader1 … reader{len(readers)} (password in "
                     f"{settings.DATA_DIR / 'demo-reader-password.txt'})")
    return True
