"""Moving in: a WordPress export's posts and comments, and a Disqus export's comments.

Each post comes in with its comments in one transaction (a stopped run leaves no half
article), its text through `news.services.article_save` like any other article's, its
comments through `community.services.comment_import`. Every post and comment is
recorded under the id it had (`ImportedItem`), so a second run of the same file, or of
a later export of the same site, adds only what is new and says so. The file is read as
a stream (xmlstream): memory holds one post at a time.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from django.db import DatabaseError, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from didgah import persian
from didgah.common.html import strip_tags
from didgah.community import services as community_services
from didgah.community.models import Comment
from didgah.ingest.fetch import ERROR_MESSAGES, FetchError, url_checked
from didgah.news import services as news_services
from didgah.news.models import Article, Category
from didgah.redirects import services as redirect_services
from didgah.redirects.models import Redirect

from . import content, disqus, wxr
from .media import ImageCopier
from .models import ImportedItem
from .report import ImportReport, Progress, parse_error_text, reason_labels
from .xmlstream import XmlFile

log = logging.getLogger(__name__)

_DRAFT_STATUSES = {"draft", "pending", "private"}
_SKIPPED_STATUSES = {"trash": "trash", "auto-draft": "auto_draft", "inherit": "revision", "spam": "spam"}
_UNCATEGORIZED = {"uncategorized", "بدون-دسته", "دسته-بندی-نشده", "دسته‌بندی-نشده"}


# --- Which file it is ------------------------------------------------------------------

class ImportRefused(Exception):
    """The file is not the export the command reads (or not XML at all): nothing was
    read or written. The message is a Persian sentence for the person who ran it."""


def _is_wxr(root) -> bool:
    # WordPress declares its namespace (wp:, export/1.0 to 1.2) on the root: what tells
    # its export apart from any RSS feed.
    return root.name == "rss" and any("wordpress.org/export/" in ns for ns in root.namespaces)


def _file_checked(path: str, *, want: str) -> None:
    """Raise ImportRefused unless `path` is a WordPress export (want="wxr") or a Disqus
    export (want="disqus"), looking only at its first elements. Refused up front, so a
    wrong file is not read through and reported post by post as damage it does not have."""
    xml = XmlFile(path)
    if not xml.size:
        raise ImportRefused(_("این پرونده خالی است."))
    root, errors = xml.root()
    if root is None:
        message = (_("این پرونده XML نیست، پس برون‌بری وردپرس (WXR) هم نیست.") if want == "wxr"
                   else _("این پرونده XML نیست، پس برون‌بری Disqus هم نیست."))
        if errors:
            message += " " + _("نخستین خطا: %(error)s") % {"error": parse_error_text(errors[0])}
        raise ImportRefused(message)
    if want == "wxr" and not _is_wxr(root):
        if root.name == "disqus":
            raise ImportRefused(_("این پرونده برون‌بری وردپرس (WXR) نیست؛ برون‌بری Disqus است و با import_disqus "
                                  "درون‌ریزی می‌شود."))
        if root.name in ("rss", "feed", "RDF"):
            raise ImportRefused(_("این پرونده برون‌بری وردپرس (WXR) نیست، خوراک است. برون‌بری را در پیشخوان وردپرس "
                                  "از «ابزارها ← برون‌بری ← همهٔ محتوا» بگیرید."))
        raise ImportRefused(_("این پرونده برون‌بری وردپرس (WXR) نیست."))
    if want == "disqus" and root.name != "disqus":
        if _is_wxr(root):
            raise ImportRefused(_("این پرونده برون‌بری Disqus نیست؛ برون‌بری وردپرس (WXR) است و با import_wxr "
                                  "درون‌ریزی می‌شود."))
        raise ImportRefused(_("این پرونده برون‌بری Disqus نیست."))


# --- WordPress ------------------------------------------------------------------------

class _WxrRun:
    def __init__(self, *, path: str, dry_run: bool, images: bool, progress: Progress | None):
        self.path = path
        self.dry_run = dry_run
        self.report = ImportReport(dry_run=dry_run)
        self.progress = progress
        self.copier = ImageCopier(enabled=images, dry_run=dry_run)
        self.started = timezone.now()
        self.site = wxr.Site()
        self.source = ""
        self.old_base = ""
        self.old_host = ""
        self.attachments: wxr.Attachments | None = None
        self._categories: dict[str, Category | None] = {}
        self.whole_items = 0

    # the site ----------------------------------------------------------------------
    def _site_known(self) -> None:
        base = self.site.base_blog_url or self.site.link
        try:
            host = (urlsplit(base).hostname or "").lower()
        except ValueError:
            host = ""
        self.old_base = base.rstrip("/") + "/" if base else ""
        self.old_host = host
        self.source = f"wxr:{host or 'wordpress'}"
        if not self.dry_run:
            # The old site's own feeds lead to ours.
            for old, name in (("/feed/", "feeds:rss"), ("/feed/rss2/", "feeds:rss"), ("/feed/atom/", "feeds:atom"),
                              ("/?feed=rss2", "feeds:rss"), ("/?feed=atom", "feeds:atom")):
                redirect_services.redirect_add(old_url=old, target=reverse(name), note=self.source,
                                               kind=Redirect.Kind.URL)

    # one item ---------------------------------------------------------------------------
    def item(self, item: wxr.Item) -> None:
        if not self.source:
            self._site_known()
        kind, status = item.type, item.status
        label = item.title or item.link or item.id
        if kind != "post" or status in _SKIPPED_STATUSES:
            # The comments of what is left out are left out with it, and counted.
            for _comment in item.comments:
                self.report.skip("comment", "post_not_imported")
        if item.cut:
            self.report.skip("item", "incomplete", label)
            return
        self.whole_items += 1
        if kind == "attachment":
            self.report.skip("attachment", "attachment")
            return
        if kind == "page":
            self.report.skip("page", "page", label)
            return
        if kind != "post":
            self.report.skip("item", "revision", kind)
            return
        if status in _SKIPPED_STATUSES:
            self.report.skip("post", _SKIPPED_STATUSES[status], label)
            return
        key = item.id or "guid-" + _digest(item.guid or item.link or item.title)
        existing = None if self.dry_run else self._existing(key)
        if existing is not None and existing.created_at >= self.started:
            # A second post under an id this run already used: the same post listed
            # twice, or another one (exports merged from two sites) under its own key.
            if existing.article is not None and existing.article.guid == item.guid[:1000]:
                self.report.skip("post", "duplicate_id", label)
                return
            key = f"{key}~{_digest(item.guid or item.link or item.title + item.content[:200])}"
            existing = self._existing(key)
            if existing is not None and existing.created_at >= self.started:
                self.report.skip("post", "duplicate_id", label)
                return
        elif self.dry_run:
            # A trial run writes nothing, so it cannot tell a post listed twice in the
            # file from two posts; it counts both (the real run reports the duplicate).
            if ImportedItem.objects.filter(source=self.source, kind=ImportedItem.Kind.POST, original_id=key).exists():
                self.report.skip("post", "already_imported", label)
                return
        if existing is not None:
            if existing.article is None:
                self.report.skip("post", "deleted_since_import", label)
                return
            self.report.skip("post", "already_imported", label)
            # A later export of the same site brings the comments written since.
            self._write_comments_only(item, key, existing.article)
            return
        self._new_post(item, key)

    def _existing(self, key: str) -> ImportedItem | None:
        return (ImportedItem.objects.select_related("article")
                .filter(source=self.source, kind=ImportedItem.Kind.POST, original_id=key).first())

    def _new_post(self, item: wxr.Item, key: str) -> None:
        status = Article.Status.DRAFT if item.status in _DRAFT_STATUSES or item.password else Article.Status.PUBLISHED
        body = content.body_html(item.content, content.Shortcodes(
            gallery=lambda ids: self.attachments.gallery(ids=ids, parent=item.id) if self.attachments else [],
            labels={"audio": _("پرونده صوتی")}))
        body = self._images(body)
        title = " ".join(strip_tags(item.title).split())
        if not title:
            title = content.title_from_text(body) or _("بی‌عنوان")
            self.report.add("untitled")
        image = ""
        thumbnail = item.meta.get("_thumbnail_id", "")
        if thumbnail and self.attachments is not None:
            image = self._image(self.attachments.url(thumbnail))
        if item.password:
            self.report.add("password_draft")
        kind = "draft" if status == Article.Status.DRAFT else (
            "scheduled" if item.published and item.published > timezone.now() else "published")
        if self.dry_run:
            self.report.add(kind)
            self._comments(item, key, article=None, existing=False)
            return
        try:
            with transaction.atomic():
                article = news_services.article_create(
                    title=title, lead=strip_tags(item.excerpt).strip(), body=body, status=status,
                    published_at=item.published or (None if status == Article.Status.DRAFT else timezone.now()),
                    guid=item.guid[:1000], byline=self.site.authors.get(item.creator, item.creator),
                    image_url=image, categories=self._categories_for(item.categories),
                    tags=[t for t in item.tags if t.strip()],
                )
                ImportedItem.objects.create(source=self.source, kind=ImportedItem.Kind.POST, original_id=key,
                                            article=article)
                self._redirects(item, article)
                self._comments(item, key, article=article, existing=False)
        except DatabaseError as exc:
            # Categories made in the rolled-back transaction are gone with it.
            self._categories.clear()
            log.warning("import of post %s failed", key, exc_info=True)
            self.report.skip("post", "failed", f"{title}: {exc}")
            return
        self.report.add(kind)

    def _write_comments_only(self, item: wxr.Item, key: str, article: Article) -> None:
        if not item.comments:
            return
        try:
            with transaction.atomic():
                self._comments(item, key, article=article, existing=True)
        except DatabaseError as exc:
            self.report.skip("comment", "failed", str(exc))

    # the parts of a post -----------------------------------------------------------------
    def _absolute(self, url: str) -> str:
        url = (url or "").strip()
        if not url:
            return ""
        try:
            return urljoin(self.old_base, url) if self.old_base else url
        except ValueError:
            return ""

    def _image(self, url: str) -> str:
        """Our copy's address, else the original if readers' browsers may be sent there
        (the ingest's check for feed images: no private networks), else ""."""
        absolute = self._absolute(url)
        if not absolute:
            return ""
        local = self.copier.local_url(absolute)
        if local:
            return local
        try:
            return url_checked(absolute)
        except FetchError:
            return ""

    def _images(self, body: str) -> str:
        found = {src: self._image(src) for src in content.image_sources(body)}
        return content.urls_replaced(body, found, old_host=self.old_host)

    def _categories_for(self, entries: Iterable[tuple[str, str]]) -> list[Category]:
        found = []
        for name, nicename in entries:
            name = name or self.site.categories.get(nicename, "") or nicename
            if not name or (nicename or "").lower() in _UNCATEGORIZED or persian.slugify(name) in _UNCATEGORIZED:
                continue
            cache_key = nicename or name
            if cache_key not in self._categories:
                if len(self._categories) > 10_000:
                    self._categories.clear()
                category = news_services.category_get_or_create(name=name, slug_hint=nicename)
                self._categories[cache_key] = category
                if category is not None and nicename:
                    for old, view in ((f"/category/{nicename}/", "news:category"),
                                      (f"/category/{nicename}/feed/", "feeds:category_rss")):
                        redirect_services.redirect_add(old_url=old, target=reverse(view, kwargs={"slug": category.slug}),
                                                       kind=Redirect.Kind.URL, note=self.source)
            if self._categories[cache_key] is not None:
                found.append(self._categories[cache_key])
        return found

    def _redirects(self, item: wxr.Item, article: Article) -> None:
        entries = []
        links = [item.link]
        if item.guid.startswith(("http://", "https://")) and item.guid != item.link:
            links.append(item.guid)
        for link in links:
            key = redirect_services.path_key(link)
            if not key or key == "/":
                continue
            entries.append((link, Redirect.Kind.ARTICLE))
            if "?" not in key:
                entries.append((key.rstrip("/") + "/feed/", Redirect.Kind.COMMENTS_FEED))
        if item.id.isdigit():
            entries.append((f"/?p={item.id}", Redirect.Kind.ARTICLE))
        self.report.add("redirect", redirect_services.redirects_add(article=article, entries=entries,
                                                                     note=self.source))

    def _comments(self, item: wxr.Item, key: str, *, article: Article | None, existing: bool) -> None:
        kept, by_id = [], {}
        for c in item.comments:
            if c.id in by_id:
                self.report.skip("comment", "duplicate_id", c.author)
                continue
            by_id[c.id] = c
            reason = _comment_skip(c)
            if reason:
                self.report.skip("comment", reason)
                continue
            kept.append(c)
        kept_ids = {c.id for c in kept}

        def parent_of(c: wxr.WxrComment) -> str:
            # Up the thread past comments that were not kept, to the nearest that was.
            seen, parent = {c.id}, c.parent
            while parent and parent != "0" and parent not in kept_ids:
                if parent in seen or parent not in by_id:
                    return ""
                seen.add(parent)
                parent = by_id[parent].parent
            return "" if parent in ("", "0") or parent in seen else parent

        written: dict[str, Comment] = {}
        for c in _thread_order(kept, parent_of):
            comment_key = f"{key}:{c.id}"
            if article is None:  # dry run
                self.report.add("comment")
                continue
            if existing:
                found = (ImportedItem.objects.select_related("comment")
                         .filter(source=self.source, kind=ImportedItem.Kind.COMMENT, original_id=comment_key).first())
                if found is not None:
                    if found.comment is not None:
                        written[c.id] = found.comment
                    self.report.skip("comment", "already_imported")
                    continue
            parent = written.get(parent_of(c))
            comment = community_services.comment_import(
                article=article, body=content.comment_text(c.content), created_at=c.date or article.published_at
                or timezone.now(), guest_name=c.author or _("ناشناس"), guest_email=c.email, parent=parent)
            if comment is None:
                self.report.skip("comment", "empty")
                continue
            ImportedItem.objects.create(source=self.source, kind=ImportedItem.Kind.COMMENT, original_id=comment_key,
                                        comment=comment, article=article)
            written[c.id] = comment
            self.report.add("comment")

    def finish(self, xml: XmlFile) -> None:
        if self.attachments is not None:
            self.attachments.close()
        _file_notes(self.report, xml)
        if self.copier.copied or self.copier.reused:
            self.report.add("image", self.copier.copied + self.copier.reused)
        reasons = reason_labels()
        for why, n in self.copier.failed.items():
            self.report.skipped.setdefault("image", Counter())["kept_original_url"] += n
            self.report.examples.setdefault("image:kept_original_url", []).append(
                reasons.get(why) or ERROR_MESSAGES.get(why, why))


def _digest(text: str) -> str:
    return hashlib.sha1((text or "").encode("utf-8", "surrogatepass")).hexdigest()[:12]  # noqa: S324 - a name


def _comment_skip(c: wxr.WxrComment) -> str:
    if c.type in ("pingback", "trackback"):
        return "pingback"
    if c.approved == "spam":
        return "spam"
    if c.approved in ("trash", "post-trashed"):
        return "trash"
    if c.approved != "1":
        return "unapproved"
    return ""


def _thread_order(comments: list, parent_of) -> list:
    """Parents before their replies, each level by date: the order comments are written in."""
    def when(c):
        return (c.date or timezone.now(), c.id.zfill(20))

    children: dict[str, list] = {}
    roots = []
    for c in comments:
        parent = parent_of(c)
        (children.setdefault(parent, []) if parent else roots).append(c)
    ordered, stack = [], sorted(roots, key=when, reverse=True)
    while stack:
        c = stack.pop()
        ordered.append(c)
        stack.extend(sorted(children.pop(c.id, []), key=when, reverse=True))
    # Whatever a cycle of parents left unreached comes in at the top level.
    for rest in children.values():
        ordered.extend(sorted(rest, key=when))
    return ordered


def _file_notes(report: ImportReport, xml: XmlFile) -> None:
    if xml.encoding_note:
        what, encoding = xml.encoding_note
        report.notes.append({
            "fallback": _("بایت‌هایی از پرونده UTF-8 نبود و با رمزگذاری %(enc)s خوانده شد."),
            "utf8_not_declared": _("پرونده رمزگذاری %(enc)s را نام برده بود اما بایت‌هایش UTF-8 بود و چنین خوانده شد."),
            "unknown": _("رمزگذاری نام‌برده در پرونده (%(enc)s) شناخته نیست؛ UTF-8 خوانده شد."),
        }[what] % {"enc": encoding})
    if xml.repaired:
        report.notes.append(_("%(n)s نویسهٔ نامعتبر در پرونده اصلاح یا حذف شد.") % {
            "n": persian.format_number(xml.repaired)})
    if xml.error_count:
        report.notes.append(_("پرونده %(n)s خطای ساختاری داشت که تا جای ممکن نادیده گرفته شد؛ نخستین‌ها: %(first)s") % {
            "n": persian.format_number(xml.error_count),
            "first": "، ".join(dict.fromkeys(parse_error_text(e) for e in xml.errors[:3]))})


def wxr_import(*, path: str, dry_run: bool = False, images: bool = True,
               progress: Progress | None = None) -> ImportReport:
    """Import a WordPress export file (see the module's docstring); the report of what
    came in and what was left out, and why. Raises ImportRefused, having read nothing,
    for a file that is not a WordPress export."""
    _file_checked(path, want="wxr")
    started = time.monotonic()
    run = _WxrRun(path=path, dry_run=dry_run, images=images, progress=progress)
    run.attachments = wxr.attachments_gather(path)
    xml = XmlFile(path, on_progress=progress.bytes if progress else None)
    for item in wxr.read(xml, run.site):
        run.item(item)
        if progress:
            progress.item(_("%(posts)s نوشته، %(comments)s دیدگاه") % {
                "posts": persian.format_number(sum(run.report.imported[k] for k in ("published", "draft", "scheduled"))),
                "comments": persian.format_number(run.report.imported["comment"])})
    run.finish(xml)
    run.report.unreadable = bool(xml.error_count) and not run.whole_items
    if not dry_run:
        _after_import(run.report)
    if progress:
        progress.done()
    run.report.seconds = time.monotonic() - started
    return run.report


def _after_import(report: ImportReport) -> None:
    # The comment counts and hot scores of the articles that got comments, from the rows.
    community_services.counters_fold()
    claimed = community_services.verified_readers_claim()
    if claimed:
        report.add("claimed", claimed)


# --- Disqus ---------------------------------------------------------------------------

def _article_for_thread(*, link: str, identifier: str) -> int | None:
    """The imported article a Disqus thread was about: by its page's old address (the
    redirect table), by a WordPress post id in its identifier (the WordPress plugin's
    "123 https://…/?p=123"), or by an address that already is one of our articles."""
    for candidate in (link, identifier):
        if not candidate:
            continue
        key = redirect_services.path_key(candidate)
        if key and key != "/":
            found = (Redirect.objects.filter(old_path=key, kind=Redirect.Kind.ARTICLE)
                     .values_list("article_id", flat=True).first())
            if found:
                return found
            try:
                match = resolve(key.split("?", 1)[0].rstrip("/") + "/")
            except Resolver404:
                match = None
            if match is not None and match.view_name in ("news:article", "news:article_short"):
                pk = match.kwargs.get("pk")
                if Article.objects.filter(pk=pk).exists():
                    return pk
    head = identifier.split(" ", 1)[0].strip() if identifier else ""
    if head.isdigit():
        ids = list(ImportedItem.objects.filter(source__startswith="wxr:", kind=ImportedItem.Kind.POST,
                                               original_id=head, article__isnull=False)
                   .values_list("article_id", flat=True)[:2])
        if len(ids) == 1:
            return ids[0]
    return None


def disqus_import(*, path: str, dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Import a Disqus export's comments onto the articles they were written under.
    Raises ImportRefused, having read nothing, for a file that is not a Disqus export."""
    _file_checked(path, want="disqus")
    started = time.monotonic()
    report = ImportReport(dry_run=dry_run)
    threads = disqus.Threads()
    whole = 0
    try:
        first = XmlFile(path)
        for thread in disqus.read_threads(first):
            if thread.cut:
                report.skip("thread", "incomplete", thread.link or thread.identifier or thread.id)
                continue
            whole += 1
            article_id = _article_for_thread(link=thread.link, identifier=thread.identifier)
            threads.add(thread, article_id)
            if article_id is None:
                report.skip("thread", "no_article", thread.link or thread.identifier or thread.id)
        xml = XmlFile(path, on_progress=progress.bytes if progress else None)
        run = _DisqusRun(report=report, threads=threads, dry_run=dry_run)
        for post in disqus.read_posts(xml):
            if post.cut:
                report.skip("comment", "incomplete", post.author_name or post.username)
                continue
            whole += 1
            run.post(post)
            if progress:
                progress.item(_("%(n)s دیدگاه") % {"n": persian.format_number(report.imported["comment"])})
        run.leftovers()
        _file_notes(report, xml)
        report.unreadable = bool(xml.error_count or first.error_count) and not whole
    finally:
        threads.close()
    if not dry_run:
        _after_import(report)
    if progress:
        progress.done()
    report.seconds = time.monotonic() - started
    return report


class _DisqusRun:
    # Replies that came before their parent in the file wait here; exports are written
    # oldest first, so this stays small.
    MAX_WAITING = 100_000

    def __init__(self, *, report: ImportReport, threads: disqus.Threads, dry_run: bool):
        self.report = report
        self.threads = threads
        self.dry_run = dry_run
        self.waiting: dict[str, list[disqus.Post]] = {}
        self.n_waiting = 0

    def post(self, post: disqus.Post) -> None:
        if post.deleted or post.spam:
            self.threads.skipped(post.id, post.parent)
            self.report.skip("comment", "deleted" if post.deleted else "spam")
            self._release(post.id)
            return
        thread = self.threads.get(post.thread)
        if thread is None or thread[0] is None:
            self.threads.seen(post.id)
            self.report.skip("comment", "no_thread" if thread is None else "no_article", post.author_name)
            self._release(post.id)
            return
        article_id, forum = thread
        source = f"disqus:{forum or 'disqus'}"
        parent = None
        if post.parent:
            parent_id = self.threads.kept_ancestor(post.parent)
            if parent_id:
                parent = self._written(source, parent_id)
                if parent is None and not self.threads.known(parent_id) and self.n_waiting < self.MAX_WAITING:
                    self.waiting.setdefault(parent_id, []).append(post)
                    self.n_waiting += 1
                    return
        self._write(post, source, article_id, parent)

    def _written(self, source: str, original_id: str) -> Comment | None:
        found = (ImportedItem.objects.select_related("comment")
                 .filter(source=source, kind=ImportedItem.Kind.COMMENT, original_id=original_id).first())
        return found.comment if found is not None else None

    def _write(self, post: disqus.Post, source: str, article_id: int, parent: Comment | None) -> None:
        self.threads.seen(post.id)
        if self.dry_run:
            self.report.add("comment")
            self._release(post.id)
            return
        if ImportedItem.objects.filter(source=source, kind=ImportedItem.Kind.COMMENT, original_id=post.id).exists():
            self.report.skip("comment", "already_imported")
            self._release(post.id)
            return
        article = Article.objects.only("id", "published_at").get(pk=article_id)
        try:
            with transaction.atomic():
                comment = community_services.comment_import(
                    article=article, body=content.comment_text(post.message),
                    created_at=post.created or article.published_at or timezone.now(),
                    guest_name=post.author_name or post.username or _("ناشناس"), guest_email=post.email,
                    parent=parent)
                if comment is None:
                    self.report.skip("comment", "empty")
                else:
                    ImportedItem.objects.create(source=source, kind=ImportedItem.Kind.COMMENT,
                                                original_id=post.id, comment=comment, article=article)
                    self.report.add("comment")
        except DatabaseError as exc:
            self.report.skip("comment", "failed", str(exc))
        self._release(post.id)

    def _release(self, post_id: str) -> None:
        for child in self.waiting.pop(post_id, []):
            self.n_waiting -= 1
            self.post(child)

    def leftovers(self) -> None:
        """Replies whose parent never came: they join the thread at the top level."""
        while self.waiting:
            _parent, posts = self.waiting.popitem()
            for post in posts:
                self.n_waiting -= 1
                thread = self.threads.get(post.thread)
                if thread is None or thread[0] is None:
                    continue
                self._write(post, f"disqus:{thread[1] or 'disqus'}", thread[0], None)
