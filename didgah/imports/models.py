from django.db import models
from django.utils.translation import gettext_lazy as _

from didgah.community.models import Comment
from didgah.news.models import Article


class ImportedItem(models.Model):
    """What an import brought in, under the id it had where it came from: a second run
    finds each post and comment here and adds nothing. The row stays if an editor later
    deletes the article or comment (its object becomes empty), so a rerun does not bring
    back what was deliberately removed."""

    class Kind(models.TextChoices):
        POST = "post", _("نوشته")
        COMMENT = "comment", _("دیدگاه")

    # `wxr:<the old site's host>` or `disqus:<forum>`.
    source = models.CharField(_("از کجا"), max_length=200)
    kind = models.CharField(_("نوع"), max_length=10, choices=Kind.choices)
    original_id = models.CharField(_("شناسهٔ اصلی"), max_length=200)
    article = models.ForeignKey(Article, verbose_name=_("خبر"), on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    comment = models.ForeignKey(Comment, verbose_name=_("دیدگاه"), on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+")
    created_at = models.DateTimeField(_("زمان درون‌ریزی"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("مورد درون‌ریخته")
        verbose_name_plural = _("موارد درون‌ریخته")
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "original_id"], name="imported_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.original_id}"
