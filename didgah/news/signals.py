"""What news tells the apps built on it. News is the bottom layer: it imports none of
them, so the search index (and anything else derived from an article) listens here,
connecting its receivers in its own AppConfig.ready().

Sent by the publishing services (services.article_save / article_delete) inside the
writer's transaction, so a receiver's writes commit or roll back with the article's.
Saves that bypass the services (counter updates, `QuerySet.update`) send nothing: they
do not change the text anything is derived from.
"""

from django.dispatch import Signal

# article=: saved (it has a pk), its text normalized and sanitized.
article_saved = Signal()
# article=: about to be deleted, still in the database.
article_deleting = Signal()

# now=: the editors' dashboard is being built (news.dashboard). Each receiver returns
# a news.dashboard.Panel, or a list of them, of its app's figures (the community's
# views and comments waiting, ingest's feed health), read through its own selectors;
# None to show nothing.
dashboard_panels = Signal()
# article=, limit=: an article page's related stories are being chosen
# (selectors.article_related). Each receiver returns ids of published articles like it,
# most alike first (the search index's matches for its title); news ranks them with
# shared tags and categories. Reads only.
related_candidates = Signal()
