from django.db import models


class Row(models.Model):
    """One row per POST to the floor's insert view."""

    user_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "floor"
