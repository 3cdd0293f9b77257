"""The search index follows the articles news publishes: news sends its signals
(didgah/news/signals.py) from inside the writer's transaction, and these keep the
article's search document in step in that same transaction. Connected in
SearchConfig.ready()."""

from . import services


def article_saved(sender, *, article, **kwargs) -> None:
    services.index_article(article=article)


def article_deleting(sender, *, article, **kwargs) -> None:
    services.unindex_article(article_id=article.pk)
