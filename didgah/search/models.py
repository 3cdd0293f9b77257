from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """An article's text as the search index sees it: analysed terms, one row per article.

    Written by didgah.search.services in the transaction that writes the article. The
    engine-specific index is built in the migrations: on SQLite an FTS5
    external-content table over the *_terms/*_joins columns, kept in step by triggers;
    on PostgreSQL a GIN index over `tsv`, the same analysis as a tsvector (the text
    columns stay empty there: the tsvector alone serves matching, phrases and rank),
    and a trigram index on title_key. Drafts
    and scheduled articles are indexed too; a query keeps what is visible at that
    moment (SQLite from the article's row, PostgreSQL from `published_at` here), so a
    scheduled article appears on time with no write.
    """

    article = models.OneToOneField(
        "news.Article", on_delete=models.CASCADE, primary_key=True, related_name="+",
        verbose_name=_("خبر"),
    )
    # Space-separated keys (see didgah.search.analysis); order matters for phrases.
    title_terms = models.TextField(blank=True)
    title_joins = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    body_joins = models.TextField(blank=True)
    # The title's search key, unstemmed: for fuzzy (trigram) title matches.
    title_key = models.TextField(blank=True)
    # PostgreSQL only (NULL on SQLite): the analysed terms with positions and weights.
    tsv = SearchVectorField(null=True, blank=True)
    # From when readers may see the article (Article.listed_from: its publication time,
    # NULL for a draft), copied here so that PostgreSQL can walk the documents newest
    # first and stop after enough matches, and keep what is visible without reading
    # each match's article row.
    published_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("سند جست‌وجو")
        verbose_name_plural = _("سندهای جست‌وجو")
        indexes = [models.Index(fields=["-published_at", "-article"], name="search_doc_pub")]

    def __str__(self) -> str:
        # The article's title as written: title_key is folded for matching («ازمایشی»),
        # and this is what the admin's delete confirmation lists.
        return self.article.title[:80]
