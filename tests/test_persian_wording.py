"""Every word a reader or an editor reads is Persian (issue 17).

The visible text of the reader pages and of the editors' admin is read through Django's
test client: text nodes outside script, style, code and pre, and the attributes a
person reads (title, alt, placeholder, aria-label, a button's value). Any Latin letter
or Latin digit there fails the test, except what ALLOWED lets through, each with its
reason. The data the pages show is made Persian here (names, titles) so that what
fails is the site's own wording or a date or number not written the Persian way.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db

# Elements whose text is not prose: program text, what the browser never shows, and a
# text box's content (what was typed or stored, such as the article body's HTML that
# the editor replaces with its own view).
SKIPPED = {"script", "style", "code", "pre", "template", "svg", "textarea"}
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}

# Latin that may stay, and why. Matched against the whole token.
ALLOWED = [
    # Addresses: an e-mail address or a URL is written as the mail system and the
    # browser need it.
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    re.compile(r"(https?://|www\.)\S+"),
    # Outside products named by their brand, as the reader finds them elsewhere:
    # the feed formats a reader's feed reader asks for.
    re.compile(r"\b(RSS|Atom)\b"),
    # File formats by the names the reader's and the editor's programs give them (the
    # account's data download, the video formats an upload may have).
    re.compile(r"\b(JSON|MP4|WebM)\b"),
    # The programming interface by the name the reader's own token page gives it
    # (didgah/api/templates/api/tokens.html: «توکن‌های API»), as the permission picker
    # of the editors' admin names its token model.
    re.compile(r"\bAPI\b"),
    # django-axes' stand-in for a request that sent no User-Agent header (a record's data).
    re.compile(r"<unknown>"),
]
LATIN = re.compile(r"[A-Za-z0-9]+")


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.stack: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        void = tag in {"input", "img", "br", "hr", "meta", "link", "source", "area", "col", "wbr", "track"}
        if not void:
            self.stack.append(tag)
            if tag in SKIPPED:
                self.skipping += 1
        if self.skipping:
            return
        attrs = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"} and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.stack and self.stack[-1] == tag:
            self.stack.pop()
            if tag in SKIPPED:
                self.skipping -= 1

    def handle_endtag(self, tag):
        if tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if top in SKIPPED:
                self.skipping -= 1
            if top == tag:
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def latin_in(html: str) -> list[str]:
    """The Latin words and digits in the visible text of `html`, ALLOWED aside."""
    parser = _Visible()
    parser.feed(html)
    found = []
    for text in parser.texts:
        for allowed in ALLOWED:
            text = allowed.sub(" ", text)
        found += [f"{word} ← «{text.strip()[:80]}»" for word in LATIN.findall(text)]
    return found


@pytest.mark.parametrize("html, expected", [
    ("<p>خبر</p>", []),
    ("<p>خبر ۱۲</p>", []),
    ("<p>خبر 12</p>", ["12"]),
    ("<p>Save</p>", ["Save"]),
    ("<script>var x = 1;</script><style>a{}</style><code>ls -l</code><pre>x</pre>", []),
    ('<img alt="photo">', ["photo"]),
    ('<input placeholder="۱۴۰۵/۰۹/۱۲">', []),
    ('<input type="submit" value="Go">', ["Go"]),
    ('<input type="hidden" value="abc">', []),
    ('<a href="/x" title="Home">خانه</a>', ["Home"]),
    ("<p>رایانامه: reader@example.org</p>", []),
    ("<p>https://example.com/a</p>", []),
    ("<p>خوراک RSS</p>", []),
    ("<pre><b>x</b></pre><p>y</p>", ["y"]),
])
def test_latin_in_reads_only_visible_text(html, expected):
    assert [hit.split(" ← ")[0] for hit in latin_in(html)] == expected


def _check(client, urls) -> list[str]:
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        problems += [f"{url}: {hit}" for hit in latin_in(response.content.decode())]
    return problems


def _report(problems: list[str]) -> str:
    """Each offending text once, with the first page it was found on."""
    seen = {}
    for problem in problems:
        seen.setdefault(problem.split(": ", 1)[1], problem)
    return "\n".join(seen.values())


@pytest.fixture
def site(settings, tmp_path):
    """A small site with Persian names throughout: a category, a source, a tag, an
    author, two articles (one with a comment and a report), a reader with a
    notification and an editor."""
    from didgah.community import services as community
    from didgah.community.tests.factories import make_reader
    from didgah.news.models import Author, Tag
    from didgah.news.tests.factories import make_article, make_category, make_source

    settings.MEDIA_ROOT = tmp_path / "media"
    category = make_category(name="سیاست", slug="سیاست")
    source = make_source(name="خبرگزاری نمونه", slug="نمونه", site_url="https://example.com")
    tag = Tag.objects.create(name="انتخابات", slug="انتخابات")
    author = Author.objects.create(name="مریم احمدی", slug="مریم-احمدی")
    article = make_article(title="گزارشی از بازار", categories=[category], tags=[tag], authors=[author])
    make_article(title="خبری از منبع", source=source, original_url="https://example.com/a",
                 published_at=timezone.now() - timedelta(days=40))
    reader = make_reader(username="خواننده", display_name="سارا")
    other = make_reader(username="پاسخگو", display_name="علی")
    comment = community.comment_create(article=article, author=reader, body="دیدگاهی دربارهٔ بازار",
                                       enforce_limits=False)
    community.comment_create(article=article, author=other, body="پاسخی به سارا", parent=comment,
                             enforce_limits=False)
    community.comment_report(comment=comment, reporter=other, reason="spam", note="")
    editor = get_user_model().objects.create_superuser("ویراستار", "editor@example.org", "x-Editor-Pass-41")
    return {"article": article, "category": category, "source": source, "tag": tag, "author": author,
            "reader": reader, "comment": comment, "editor": editor}


def test_reader_pages_are_persian(client, site):
    reader = site["reader"]
    uid = urlsafe_base64_encode(force_bytes(reader.pk))
    token = default_token_generator.make_token(reader)
    anonymous = [
        "/", "/latest/", site["article"].get_absolute_url(), site["category"].get_absolute_url(),
        site["source"].get_absolute_url(), site["tag"].get_absolute_url(), site["author"].get_absolute_url(),
        "/search/?q=بازار", "/search/?q=", "/accounts/login/", "/accounts/register/", "/accounts/password-reset/",
        "/accounts/password-reset/sent/", "/accounts/reset/done/", "/admin/login/",
    ]
    problems = _check(client, anonymous)
    # The reset link answers with a redirect to the form's own address (the token kept
    # in the session), then the form that asks for the new password twice.
    response = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    assert response.status_code == 200
    problems += [f"reset confirm: {hit}" for hit in latin_in(response.content.decode())]
    # Django's refusals: a reset form given two different passwords, a login that fails.
    response = client.post(response.redirect_chain[-1][0], {"new_password1": "abc", "new_password2": "abd"})
    problems += [f"reset mismatch: {hit}" for hit in latin_in(response.content.decode())]
    response = client.post("/accounts/login/", {"username": "خواننده", "password": "wrong"})
    problems += [f"login refused: {hit}" for hit in latin_in(response.content.decode())]
    response = client.post("/accounts/register/", {"username": "a", "email": "x", "password1": "1", "password2": "2"})
    problems += [f"register refused: {hit}" for hit in latin_in(response.content.decode())]

    client.force_login(reader)
    problems += _check(client, ["/accounts/profile/", "/notifications/", site["article"].get_absolute_url(),
                                "/admin/login/?next=/admin/"])
    assert not problems, _report(problems)


def test_admin_pages_are_persian(client, site):
    article, comment, source = site["article"], site["comment"], site["source"]
    client.force_login(site["editor"])
    # One change through the admin, so that the history has a line.
    from django.contrib.admin.models import CHANGE, LogEntry

    LogEntry.objects.log_actions(user_id=site["editor"].pk, queryset=[article], action_flag=CHANGE,
                                 change_message=[{"changed": {"fields": ["عنوان"]}}])
    # The date drill-down opened at this Solar Hijri year and at this month.
    from urllib.parse import urlencode

    import jdatetime

    from didgah.common.admin_jalali import _jalali_month_start, _span

    # The article's own Solar Hijri day (not today's: a run at midnight stays right).
    today = jdatetime.date.fromgregorian(date=timezone.localtime(article.published_at).date())
    year = urlencode(_span("published_at", _jalali_month_start(today.year, 1),
                           _jalali_month_start(today.year + 1, 1), True))
    month = urlencode(_span("published_at", _jalali_month_start(today.year, today.month),
                            _jalali_month_start(today.year, today.month + 1), True))
    urls = ["/admin/", "/admin/password_change/"]
    from django.contrib import admin

    urls += sorted({f"/admin/{model._meta.app_label}/" for model in admin.site._registry})
    # Every list, with its headers, filters and cells (axes' and Django's own too).
    urls += sorted(f"/admin/{model._meta.app_label}/{model._meta.model_name}/" for model in admin.site._registry)
    urls += [
        f"/admin/news/article/?{year}", f"/admin/news/article/?{month}",
        "/admin/news/article/add/", f"/admin/news/article/{article.pk}/change/",
        f"/admin/news/article/{article.pk}/history/",
        f"/admin/community/comment/{comment.pk}/change/", f"/admin/news/source/{source.pk}/change/",
    ]
    problems = _check(client, urls)
    # The drill-down at a year lists its Solar Hijri months, at a month its days.
    from didgah.persian import jalali_month_names, to_persian_digits

    this_month = to_persian_digits(f"{jalali_month_names[today.month - 1]} {today.year}")
    assert this_month in client.get(f"/admin/news/article/?{year}").content.decode()
    the_day = to_persian_digits(f"{today.day} {jalali_month_names[today.month - 1]}")
    assert the_day in client.get(f"/admin/news/article/?{month}").content.decode()
    client.logout()
    problems += _check(client, ["/admin/login/"])
    assert not problems, _report(problems)


def test_password_reset_mail_names_the_site_in_persian(client, settings, mailoutbox):
    """The reset mail says «دیدگاه», from «دیدگاه», never «Didgah» or only the host."""
    from didgah.accounts import services as accounts
    from didgah.community.tests.factories import make_reader

    reader = make_reader(username="خواننده")
    response = client.post("/accounts/password-reset/", {"email": reader.email})
    assert response.status_code == 302
    accounts.outgoing_mail_send_due()
    [mail] = mailoutbox
    assert "دیدگاه" in mail.subject and "دیدگاه" in mail.body
    assert mail.from_email.startswith("دیدگاه")
    assert "Didgah" not in mail.subject + mail.body + mail.from_email


def test_admin_confirmations_and_facets_are_persian(client, site):
    """What test_admin_pages_are_persian's lists do not open: the delete confirmations
    (one object, and the «delete selected» action with its summary of counts), a list
    with its filters' counts shown, and a list long enough for «نمایش همه»."""
    from didgah.news.tests.factories import make_article

    article, comment = site["article"], site["comment"]
    for _ in range(3):
        make_article()
    client.force_login(site["editor"])
    urls = [
        f"/admin/news/article/{article.pk}/delete/", f"/admin/community/comment/{comment.pk}/delete/",
        "/admin/news/article/?_facets=True", "/admin/community/comment/?_facets=True",
        "/admin/news/article/?all=",
    ]
    problems = _check(client, urls)
    from didgah.news.models import Article

    response = client.post("/admin/news/article/", {
        "action": "delete_selected", "_selected_action": list(Article.objects.values_list("pk", flat=True))})
    assert response.status_code == 200
    problems += [f"delete selected: {hit}" for hit in latin_in(response.content.decode())]
    assert not problems, _report(problems)


def test_admin_javascript_catalogue_is_persian(client, site):
    """Every string the admin's scripts ask Django's jsi18n for (the two-list picker,
    the action bar, the date and time shortcuts) has a Persian translation with no
    Latin word or digit: a missing one shows in English (locale/fa djangojs.po)."""
    import json
    from pathlib import Path

    import django
    from babel.messages.pofile import read_po

    client.force_login(site["editor"])
    script = client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.DOTALL).group(1))
    source = Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
    with source.open("rb") as po:
        wanted = [m for m in read_po(po) if m.id]
    problems = []
    for message in wanted:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        key = f"{message.context}\x04{msgid}" if message.context else msgid
        translated = catalogue.get(key)
        if not translated:
            problems.append(f"untranslated: {key!r}")
            continue
        for text in translated if isinstance(translated, list) else [translated]:
            # Placeholders are filled in by the script.
            text = re.sub(r"%(\(\w+\))?s", " ", text)
            problems += [f"{msgid!r}: {word}" for word in LATIN.findall(text)]
    assert not problems, "\n".join(problems)


def test_select2_speaks_the_sites_persian(client, site):
    """The article form's autocomplete boxes load Select2's Persian, and the file found
    at that path is the project's (static/admin/js/vendor/select2/i18n/fa.js): its texts
    in the glossary's words, counts through Persian digits."""
    from django.contrib.staticfiles import finders

    client.force_login(site["editor"])
    page = client.get("/admin/news/article/add/").content.decode()
    assert "admin/js/vendor/select2/i18n/fa.js" in page
    script = open(finders.find("admin/js/vendor/select2/i18n/fa.js"), encoding="utf-8").read()
    texts = re.findall(r'return "([^"]*)"', script) + re.findall(r'"([^"]*)" \+|\+ "([^"]*)"', script)
    texts = [t for group in texts for t in (group if isinstance(group, tuple) else (group,)) if t]
    assert len(texts) >= 8
    assert not [word for text in texts for word in LATIN.findall(text)]
    for word in ("کاراکتر", "آیتم", "جستجو"):
        assert word not in script.split("*/", 1)[1]
    assert "digits(args.maximum)" in script


# --- The editors' admin: accounts, permissions, lists, confirmations (review of issue 17) --

# Words the glossary (docs/glossary.md) writes otherwise, as they show in Django's own
# Persian: «فیلتر» for پالایه, «اقدام» for کار, «انتخاب» for برگزیدن (not «انتخابات»,
# elections, a word of the data), «جستجو» for جست‌وجو, «وبگاه» for وب‌گاه, «کارمند»
# for تحریریه, «اضافه کردن» for افزودن, «اشیاء» for موارد.
OFF_GLOSSARY = re.compile(r"فیلتر|اقدام|انتخاب(?!ات)|جستجو|وبگاه|کارمند|اضافه[ \u200c]?کردن|اشیاء|اشیای")


def off_glossary_in(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return [f"{m.group(0)} ← «{text.strip()[:80]}»" for text in parser.texts for m in OFF_GLOSSARY.finditer(text)]


def _check_all(client, urls) -> list[str]:
    """Latin and off-glossary words on each page."""
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        html = response.content.decode()
        problems += [f"{url}: {hit}" for hit in latin_in(html) + off_glossary_in(html)]
    return problems


@pytest.fixture
def rows(site):
    """One row in each table the reviewer found English, Latin digits or ids in: a poll's
    log, the two kinds of vote, a moderation log line, a feed state with skipped entries."""
    from didgah.community.models import ArticleVote, CommentVote, ModerationLog
    from didgah.ingest.models import FeedState, FetchLog

    article, comment, reader = site["article"], site["comment"], site["reader"]
    log = FetchLog.objects.create(source=site["source"], started_at=timezone.now(), outcome=FetchLog.Outcome.OK,
                                  status_code=200, entries_seen=12, entries_taken=3)
    # A stored error keeps the server's technical detail: shown as code, after the Persian.
    FeedState.objects.update_or_create(source=site["source"], defaults={
        "skip_reasons": {"duplicate_url": 1},
        "last_error": "not_a_feed: the address returned an HTML page, not an RSS/Atom feed"})
    article_vote = ArticleVote.objects.create(article=article, user=reader, value=1)
    comment_vote = CommentVote.objects.create(comment=comment, user=site["editor"], value=-1)
    ModerationLog.objects.create(action=ModerationLog.Action.APPROVE, actor=site["editor"], reader=reader,
                                 comment=comment, reason="")
    return {"fetch_log": log, "article_vote": article_vote, "comment_vote": comment_vote}


def test_admin_accounts_votes_and_logs_are_persian(client, site, rows):
    """The user's add, change and password pages, a group's add page (its permission
    picker), the poll log and vote lists with a row each, the profile and source forms
    and a tag's delete confirmation: no Latin, no word the glossary writes otherwise."""
    from django.contrib.auth.models import Group

    from didgah.community.models import ArticleVote

    reader, editor = site["reader"], site["editor"]
    group = Group.objects.first() or Group.objects.create(name="دبیران")
    vote = rows["article_vote"]
    client.force_login(editor)
    urls = [
        "/admin/auth/user/", "/admin/auth/user/add/", f"/admin/auth/user/{reader.pk}/change/",
        f"/admin/auth/user/{reader.pk}/password/", "/admin/auth/group/add/",
        f"/admin/auth/group/{group.pk}/change/",
        "/admin/ingest/fetchlog/", f"/admin/ingest/fetchlog/{rows['fetch_log'].pk}/change/",
        "/admin/community/articlevote/", f"/admin/community/articlevote/{vote.pk}/change/",
        "/admin/community/commentvote/", "/admin/community/moderationlog/",
        f"/admin/accounts/profile/{reader.profile.pk}/change/", f"/admin/news/source/{site['source'].pk}/change/",
        f"/admin/news/tag/{site['tag'].pk}/delete/", f"/admin/news/article/{site['article'].pk}/delete/",
        f"/admin/community/articlevote/{vote.pk}/delete/",
        "/admin/news/article/", "/admin/news/article/add/", f"/admin/news/article/{site['article'].pk}/change/",
        "/admin/community/comment/",
    ]
    problems = _check_all(client, urls)
    # A user who signs in by other means only: the password page that turns it on.
    reader.set_unusable_password()
    reader.save()
    problems += _check_all(client, [f"/admin/auth/user/{reader.pk}/password/", f"/admin/auth/user/{reader.pk}/change/"])
    # The «delete selected» confirmation of the votes.
    response = client.post("/admin/community/articlevote/", {
        "action": "delete_selected", "_selected_action": list(ArticleVote.objects.values_list("pk", flat=True))})
    assert response.status_code == 200
    html = response.content.decode()
    problems += [f"delete selected votes: {hit}" for hit in latin_in(html) + off_glossary_in(html)]
    # Refusals on the add form: a short password, its length said in Persian digits.
    response = client.post("/admin/auth/user/add/", {"username": "تازه", "usable_password": "true",
                                                     "password1": "a1", "password2": "a1"})
    html = response.content.decode()
    problems += [f"user add refused: {hit}" for hit in latin_in(html) + off_glossary_in(html)]
    assert not problems, _report(problems)
    assert "۸" in html


def test_user_password_summary_is_persian_for_each_hasher(client, site, settings):
    """The hashed password's summary on the user form: Persian labels, the iteration count
    in Persian digits, the hash's own characters kept as code (MD5 in tests, PBKDF2 in
    production)."""
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    reader = site["reader"]
    client.force_login(site["editor"])
    for hasher in ("md5", "pbkdf2_sha256"):
        reader.password = make_password("x-Some-Pass-77", hasher=hasher)
        reader.save(update_fields=["password"])
        html = client.get(f"/admin/auth/user/{reader.pk}/change/").content.decode()
        assert not latin_in(html), (hasher, latin_in(html))
        for english in ("salt:", "hash:", ">salt<", ">hash<", ">iterations<"):
            assert english not in html, (hasher, english)
    assert "۱٬۰۰۰٬۰۰۰" in html or "۱۰۰۰۰۰۰" in html


def test_admin_pager_in_persian_digits_with_a_singular_count(client, site):
    """The pager's page numbers in Persian digits, links to «?p=2» as Django reads them,
    and the count with the singular after a number: «۵۲ دیدگاه», not «۵۲ دیدگاه‌ها»."""
    from didgah.community.models import Comment
    from didgah.persian import to_persian_digits

    article = site["article"]
    Comment.objects.bulk_create(Comment(article=article, author=site["reader"], body=f"دیدگاه {to_persian_digits(n)}",
                                        status=Comment.Status.APPROVED) for n in range(50))
    client.force_login(site["editor"])
    html = client.get("/admin/community/comment/").content.decode()
    pager = re.search(r'<p class="paginator">(.*?)</p>', html, re.DOTALL).group(1)
    assert not latin_in(pager), latin_in(pager)
    assert "۵۲ دیدگاه" in pager and "دیدگاه‌ها" not in pager
    assert 'href="?p=2"' in pager
    assert ">۲</a>" in pager
    assert not latin_in(html), latin_in(html)
    # One row: the singular too.
    html = client.get("/admin/news/tag/").content.decode()
    assert "۱ برچسب" in re.search(r'<p class="paginator">(.*?)</p>', html, re.DOTALL).group(1)


def test_changelist_speaks_the_glossary(client, site):
    """«پالایه», «کار:», «برگزیده» on a list, never «فیلتر», «اقدام» or «انتخاب شده»."""
    from didgah.news.tests.factories import make_article

    for _ in range(3):
        make_article()
    client.force_login(site["editor"])
    html = client.get("/admin/news/article/").content.decode()
    assert not off_glossary_in(html), off_glossary_in(html)
    for word in ("فیلتر", "اقدام", "انتخاب شده", "انتخاب‌شده"):
        assert word not in html, word
    assert "پالایه" in html and "کار:" in html and "برگزیده" in html
    # The add page's title and its breadcrumb name the same thing the same way.
    html = client.get("/admin/news/article/add/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    breadcrumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.DOTALL).group(1)
    assert "افزودن خبر" in title and "افزودن خبر" in breadcrumbs
    # The related-field icons' titles.
    html = client.get(f"/admin/news/article/{site['article'].pk}/change/").content.decode()
    assert "منبعهای" not in html and "جستجو" not in html
    assert "ویرایش منبع برگزیده" in html


def test_delete_confirmation_quotes_the_name_in_persian(client, site):
    client.force_login(site["editor"])
    html = client.get(f"/admin/news/tag/{site['tag'].pk}/delete/").content.decode()
    assert "برچسب «انتخابات» را حذف کنید؟" in html
    assert "·" not in html and "&quot;انتخابات&quot;" not in html and '"انتخابات"' not in html
    from didgah.news.tests.factories import make_article

    make_article()
    from didgah.news.models import Article

    response = client.post("/admin/news/article/", {
        "action": "delete_selected", "_selected_action": list(Article.objects.values_list("pk", flat=True))})
    html = response.content.decode()
    assert "انتخاب" not in html.replace("انتخابات", "")
    assert "برگزیده" in html


def test_permission_picker_names_permissions_in_persian(client, site):
    """The group and user forms list «خبرها | افزودن خبر», not «Can add article»; the
    names stored in the database stay as Django made them."""
    from django.contrib.auth.models import Permission

    client.force_login(site["editor"])
    for url in ("/admin/auth/group/add/", f"/admin/auth/user/{site['reader'].pk}/change/"):
        html = client.get(url).content.decode()
        assert "Can add" not in html and "Can change" not in html and "Can view" not in html
        assert "افزودن خبر" in html and "ویرایش دیدگاه" in html and "حذف برچسب" in html
        assert "دیدن کاربر" in html
        assert "انتشار و زمان‌بندی خبر" in html  # a permission of the site's own, by its own name
    assert Permission.objects.get(codename="add_article").name.startswith("Can add")


def test_profile_form_hides_the_internal_keys(client, site):
    reader = site["reader"]
    client.force_login(site["editor"])
    html = client.get(f"/admin/accounts/profile/{reader.profile.pk}/change/").content.decode()
    assert "display_key" not in html and "username_key" not in html
    assert reader.profile.display_key not in html
    # Saving the form keeps the keys the services computed.
    key = reader.profile.display_key
    response = client.post(f"/admin/accounts/profile/{reader.profile.pk}/change/",
                           {"display_name": "سارا", "city": "شیراز", "country": "IR"})
    assert response.status_code == 302, response.content.decode()[:2000]
    reader.profile.refresh_from_db()
    assert reader.profile.city == "شیراز" and reader.profile.display_key == key


def test_admin_date_box_takes_a_one_digit_minute(client, site):
    """«۱۴۰۵/۹/۵ ۸:۵» as «۱۴۰۵/۰۹/۰۵ ۰۸:۰۵», through the article form; minutes above ۵۹ refused."""
    from django.core.exceptions import ValidationError

    from didgah.common.admin_jalali import JalaliDateTimeField

    field = JalaliDateTimeField()
    assert field.clean("۱۴۰۵/۹/۵ ۸:۵") == field.clean("۱۴۰۵/۰۹/۰۵ ۰۸:۰۵")
    for wrong in ("۱۴۰۵/۹/۵ ۸:۶۰", "۱۴۰۵/۹/۵ ۸:"):
        with pytest.raises(ValidationError):
            field.clean(wrong)


def test_record_names_are_persian(site, rows):
    """What the admin's titles, breadcrumbs, delete pages and history call a record."""
    from didgah.community.models import FoldMark, ModerationLog, ThreadVersion, ViewHour

    article = site["article"]
    names = [str(rows["fetch_log"]), str(rows["article_vote"]), str(rows["comment_vote"]),
             str(ModerationLog.objects.first()),
             str(FoldMark(name="counters", folded_until=timezone.now())),
             str(ViewHour(article=article, hour=timezone.now(), views=12)),
             str(ThreadVersion(article=article, version=202563100084780290))]
    from django.contrib import admin as django_admin

    from didgah.news.admin_newsroom import ImageAdmin
    from didgah.news.models import ArticleRevision, Image

    names.append(str(ArticleRevision(article=article, number=12)))
    names.append(ImageAdmin(Image, django_admin.site).dimensions(Image(width=1600, height=1000)))
    assert names[-2:] == ["نسخهٔ ۱۲", "۱۶۰۰×۱۰۰۰"]
    for name in names:
        assert not LATIN.findall(name), name
        assert "→" not in name and "@" not in name and "#" not in name, name
    assert "موفق" in names[0]
    assert "سارا" in names[1] or "خواننده" in names[1]
    assert article.title in names[1]
