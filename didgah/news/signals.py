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
