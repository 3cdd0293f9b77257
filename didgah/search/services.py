"""Keeping the search index in step with articles.

Placeholder-free minimal version: the index is owned by the search room; until it
exists these calls have nothing to update."""

from __future__ import annotations


def index_article(*, article) -> None:
    """Call inside the transaction that wrote `article`."""


def unindex_article(*, article_id: int) -> None:
    """Call inside the transaction that deletes the article."""
