"""Article revisions: what a revision keeps, and how two of them are told apart.

A revision (models.ArticleRevision) is a snapshot of the fields editors care about,
taken by services.revision_record at the end of every save through the services or
the admin, once the article's tags and categories are in place. The reads here
(`revision_list`, `revision_compare`) are the history pages' selectors; the rest are
pure functions from snapshots to a readable diff:

- text fields word by word (persian.diff: a ZWNJ never splits a word, punctuation is
  its own word), deletions in <del> and insertions in <ins>, each announced to screen
  readers by hidden words, since neither element is read out by most of them;
- the body compared as text with its markup as tokens of their own: each block starts
  a new line (a paragraph as «¶», a heading or list item as its tag), links, images and
  embeds show the tag with the attributes that matter (href, src, alt), so a changed
  link shows as a changed tag and a split paragraph as an inserted «¶»;
- lists (categories, tags) item by item, other fields as old value and new value.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from didgah import persian
from didgah.persian.diff import DELETE, EQUAL, INSERT, coalesce, diff_tokens, words

from .models import Article, ArticleRevision, Category, Image

# The fields a revision keeps, in the order the diff shows them; the restore brings back
# all of them but status and publication time (services.revision_restore says why).
SNAPSHOT_FIELDS = ("title", "lead", "body", "categories", "tags", "image", "image_caption", "video_url",
                   "status", "published_at")
TEXT_FIELDS = ("title", "lead", "image_caption", "video_url")
LIST_FIELDS = ("categories", "tags")


def snapshot(article: Article) -> dict:
    """The article's state as a revision keeps it (JSON types only). Its categories and
    tags are read afresh: the instance may hold a list cached before they were set."""
    image = None
    if article.image_id:
        alt = Image.objects.filter(pk=article.image_id).values_list("alt", flat=True).first()
        image = {"id": article.image_id, "alt": alt or ""}
    return {
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "categories": [{"id": pk, "name": name} for pk, name in
                       article.categories.order_by("position", "name").values_list("id", "name")],
        "tags": list(article.tags.order_by("name").values_list("name", flat=True)),
        "image": image,
        "image_url": article.image_url,
        "image_caption": article.image_caption,
        "video_url": article.video_url,
        "status": article.status,
        "published_at": article.published_at.isoformat() if article.published_at else None,
    }


# --- The body as tokens ---------------------------------------------------------------

@dataclass(frozen=True)
class Markup:
    """A tag in the body, shown as itself; `block` ones start a new line."""
    text: str
    block: bool = False


# Tags that start a line of their own; their closing tags are dropped (the next block
# starts the next line), and a paragraph shows as «¶» rather than <p>.
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figure", "figcaption",
                        "pre", "table", "tr", "ul", "ol", "hr", "div", "iframe", "video", "audio"})
# Attributes whose change an editor needs to see; the allow-list drops the rest anyway.
SHOWN_ATTRIBUTES = ("href", "src", "alt", "title")
PARAGRAPH_MARK = "¶"


class _BodyTokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list = []

    def _tag(self, tag: str, attrs, *, closing: bool = False) -> None:
        if closing:
            if tag not in BLOCK_TAGS:
                self.tokens.append(Markup(f"</{tag}>"))
            return
        if tag == "p":
            self.tokens.append(Markup(PARAGRAPH_MARK, block=True))
            return
        shown = "".join(f' {name}="{value}"' for name, value in attrs if name in SHOWN_ATTRIBUTES and value)
        self.tokens.append(Markup(f"<{tag}{shown}>", block=tag in BLOCK_TAGS))

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)

    def handle_endtag(self, tag):
        self._tag(tag, (), closing=True)

    def handle_data(self, data):
        self.tokens.extend(words(re.sub(r"\s+", " ", data)))


def body_tokens(html: str) -> list:
    """The body as words, spaces and Markup tokens; the spaces the HTML's layout puts
    between blocks are dropped, so re-indented markup shows no change."""
    parser = _BodyTokens()
    parser.feed(html or "")
    parser.close()
    tokens = parser.tokens
    kept = []
    for i, token in enumerate(tokens):
        if isinstance(token, str) and token.isspace():
            before = tokens[i - 1] if i else None
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if before is None or after is None or getattr(before, "block", False) or getattr(after, "block", False):
                continue
        kept.append(token)
    return kept


def _blocks(tokens: list) -> list[tuple]:
    """The tokens cut before each block's Markup: one tuple per paragraph, heading, item."""
    blocks, current = [], []
    for token in tokens:
        if getattr(token, "block", False) and current:
            blocks.append(tuple(current))
            current = []
        current.append(token)
    if current:
        blocks.append(tuple(current))
    return blocks


def body_runs(old_html: str, new_html: str) -> list[tuple[str, list]]:
    """The body's diff runs: blocks matched first, then words within the blocks that
    differ, paragraph against paragraph where as many were replaced as put in. An edit
    of a few words then costs the blocks it touched, not the whole body's words against
    each other (difflib is quadratic in a token as common as the space)."""
    old_blocks, new_blocks = _blocks(body_tokens(old_html)), _blocks(body_tokens(new_html))
    runs: list[tuple[str, list]] = []
    matcher = difflib.SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append((EQUAL, [t for block in old_blocks[i1:i2] for t in block]))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            for old_block, new_block in zip(old_blocks[i1:i2], new_blocks[j1:j2]):
                runs.extend(diff_tokens(old_block, new_block))
        else:
            runs.extend(diff_tokens([t for b in old_blocks[i1:i2] for t in b],
                                    [t for b in new_blocks[j1:j2] for t in b]))
    return coalesce(runs)


# --- Rendering ------------------------------------------------------------------------

def _render_tokens(tokens, *, first_line: list[bool]) -> str:
    out = []
    for token in tokens:
        if isinstance(token, Markup):
            if token.block and not first_line[0]:
                out.append("<br>")
            first_line[0] = False
            out.append(format_html('<code class="rev-markup" dir="ltr">{}</code>', token.text))
        else:
            first_line[0] = False
            out.append(escape(token))
    return "".join(out)


def render_runs(runs) -> SafeString:
    """Runs of (op, tokens) as HTML: <del> and <ins> with hidden words for screen readers."""
    first_line = [True]
    out = []
    for op, tokens in runs:
        inner = _render_tokens(tokens, first_line=first_line)
        if op == EQUAL:
            out.append(inner)
        elif op == DELETE:
            out.append(format_html(
                '<del class="rev-del"><span class="visually-hidden">{}</span>{}<span class="visually-hidden">{}</span></del>',
                _("آغاز حذف:"), mark_safe(inner), _("پایان حذف"),
            ))
        else:
            out.append(format_html(
                '<ins class="rev-ins"><span class="visually-hidden">{}</span>{}<span class="visually-hidden">{}</span></ins>',
                _("آغاز افزوده:"), mark_safe(inner), _("پایان افزوده"),
            ))
    return mark_safe("".join(out))


def _list_items(field: str, data: dict) -> list[str]:
    values = data.get(field) or []
    return [v["name"] if isinstance(v, dict) else str(v) for v in values]


def _list_tokens(items: list[str]) -> list[str]:
    # Items apart by «، » so an added tag is one inserted word and its separator.
    tokens: list[str] = []
    for n, item in enumerate(items):
        if n:
            tokens.append("، ")
        tokens.append(item)
    return tokens


def _status_label(value) -> str:
    try:
        return str(Article.Status(value).label)
    except ValueError:
        return value or ""


def _time_label(value) -> str:
    if not value:
        return ""
    moment = datetime.fromisoformat(value)
    return persian.format_jalali(moment, tz=timezone.get_current_timezone_name())


def _image_label(value) -> str:
    if not value:
        return ""
    return f"{value.get('alt') or ''} (#{persian.to_persian_digits(value['id'])})"


def field_label(field: str) -> str:
    return str(Article._meta.get_field(field).verbose_name)


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    html: SafeString


def field_runs(field: str, old: dict, new: dict) -> list[tuple[str, list]]:
    """The diff runs of one field between two snapshots (an empty dict is no article)."""
    if field == "body":
        return body_runs(old.get("body", ""), new.get("body", ""))
    if field in TEXT_FIELDS:
        return diff_tokens(words(old.get(field) or ""), words(new.get(field) or ""))
    if field in LIST_FIELDS:
        return diff_tokens(_list_tokens(_list_items(field, old)), _list_tokens(_list_items(field, new)))
    show = {"status": _status_label, "published_at": _time_label, "image": _image_label}[field]
    before, after = show(old.get(field)), show(new.get(field))
    if before == after:
        return [(EQUAL, [after])]
    return [(op, [text]) for op, text in ((DELETE, before), (INSERT, after)) if text]


def compare(old: dict | None, new: dict) -> list[FieldDiff]:
    """The fields that differ between two snapshots, each with its diff as HTML;
    `old` None (the first revision) shows everything as inserted."""
    old = old or {}
    diffs = []
    for field in SNAPSHOT_FIELDS:
        if old.get(field) == new.get(field):
            continue
        runs = field_runs(field, old, new)
        if all(op == EQUAL for op, _tokens in runs):
            continue
        diffs.append(FieldDiff(field, field_label(field), render_runs(runs)))
    return diffs


def _shown_differently(field: str, old: dict, new: dict) -> bool:
    if (old.get(field) or None) == (new.get(field) or None):
        return False
    if field in ("status", "published_at", "image"):
        # What the diff shows (a time to the minute, an image by its name) may be alike.
        return any(op != EQUAL for op, _tokens in field_runs(field, old, new))
    return True


def changed_fields(old: dict | None, new: dict) -> list[str]:
    """The labels of the fields that differ as the diff shows them (the history's summary)."""
    old = old or {}
    return [field_label(f) for f in SNAPSHOT_FIELDS if _shown_differently(f, old, new)]


# --- Selectors ------------------------------------------------------------------------

@dataclass(frozen=True)
class RevisionRow:
    revision: ArticleRevision
    changed: list[str]


def revision_list(*, article: Article) -> list[RevisionRow]:
    """The article's revisions, newest first, each with the fields it changed."""
    revisions = list(ArticleRevision.objects.filter(article=article).select_related("user").order_by("number"))
    rows, previous = [], None
    for revision in revisions:
        rows.append(RevisionRow(revision, changed_fields(previous, revision.data)))
        previous = revision.data
    return rows[::-1]


def revision_get(*, article: Article, number: int) -> ArticleRevision | None:
    return ArticleRevision.objects.filter(article=article, number=number).select_related("user").first()


def revision_compare(*, article: Article, number: int, against: int | None = None) -> dict | None:
    """Revision `number` beside revision `against` (by default the one before it):
    {"revision", "base" (None for the first), "fields": [FieldDiff], "numbers": all}.
    None when either revision does not exist."""
    revision = revision_get(article=article, number=number)
    if revision is None:
        return None
    if against is None:
        base = (ArticleRevision.objects.filter(article=article, number__lt=number)
                .select_related("user").order_by("-number").first())
    else:
        base = revision_get(article=article, number=against)
        if base is None:
            return None
    numbers = list(ArticleRevision.objects.filter(article=article).order_by("-number").values_list("number", flat=True))
    return {"revision": revision, "base": base, "numbers": numbers,
            "fields": compare(base.data if base else None, revision.data)}


def restorable_categories(data: dict) -> list[Category]:
    """The revision's categories that still exist."""
    ids = [c["id"] for c in data.get("categories") or [] if isinstance(c, dict) and "id" in c]
    return list(Category.objects.filter(pk__in=ids))
