from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "didgah.search"
    label = "search"

    def ready(self):
        from didgah.news import signals as news_signals

        from . import receivers, related

        news_signals.article_saved.connect(receivers.article_saved, dispatch_uid="search.index_article")
        news_signals.article_deleting.connect(receivers.article_deleting, dispatch_uid="search.unindex_article")
        news_signals.related_candidates.connect(related.related_candidates, dispatch_uid="search.related")
