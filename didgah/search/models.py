from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """An article's text as the search index sees it: analysed terms, one row per article.

    Written by didgah.search.services in the transaction that writes the article. The
    engine-specific index is built over these columns in the migrations: an FTS5
    external-content table kept in step by triggers on SQLite, a generated tsvector
    column with a GIN index (and a trigram index on title_key) on PostgreSQL. Drafts
    and scheduled articles are indexed too; the query joins news_article and keeps
    what is visible at that moment, so a scheduled article appears on time with no write.
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
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("سند جست‌وجو")
        verbose_name_plural = _("سندهای جست‌وجو")

    def __str__(self) -> str:
        return self.title_key[:80]
