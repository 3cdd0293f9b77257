from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class Source(models.Model):
    """An outlet whose reports we republish, always with credit and a link back."""

    name = models.CharField(_("نام"), max_length=200)
    slug = models.SlugField(_("نامک"), max_length=100, unique=True, allow_unicode=True)
    site_url = models.URLField(_("نشانی وب‌گاه"), max_length=500, blank=True)
    feed_url = models.URLField(_("نشانی خوراک"), max_length=1000, blank=True)
    logo_url = models.URLField(_("نشانی نشان"), max_length=1000, blank=True)
    description = models.TextField(_("توضیح"), blank=True)
    is_active = models.BooleanField(_("فعال"), default=True)
    created_at = models.DateTimeField(_("زمان ایجاد"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("منبع")
        verbose_name_plural = _("منابع")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:source", kwargs={"slug": self.slug})


class Category(models.Model):
    name = models.CharField(_("نام"), max_length=100, unique=True)
    slug = models.SlugField(_("نامک"), max_length=100, unique=True, allow_unicode=True)
    position = models.PositiveSmallIntegerField(_("ترتیب"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("دسته")
        verbose_name_plural = _("دسته‌ها")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(_("نام"), max_length=100, unique=True)
    slug = models.SlugField(_("نامک"), max_length=100, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("برچسب")
        verbose_name_plural = _("برچسب‌ها")

    def __str__(self) -> str:
        return self.name


class StoryCluster(models.Model):
    """Reports of one story from several outlets («این خبر در منابع دیگر»)."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("خوشهٔ خبر")
        verbose_name_plural = _("خوشه‌های خبر")

    def __str__(self) -> str:
        return f"#{self.pk}"


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see. A scheduled article is visible once its time has come,
        so publishing at a set time needs no cron job."""
        now = now or timezone.now()
        return self.filter(
            status__in=[Article.Status.PUBLISHED, Article.Status.SCHEDULED],
            published_at__lte=now,
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        SCHEDULED = "scheduled", _("زمان‌بندی‌شده")
        PUBLISHED = "published", _("منتشرشده")

    title = models.CharField(_("تیتر"), max_length=300)
    slug = models.SlugField(_("نامک"), max_length=120, allow_unicode=True, blank=True)
    lead = models.TextField(_("لید"), blank=True)
    body = models.TextField(_("متن (HTML)"), blank=True)
    image_url = models.CharField(_("نشانی تصویر اصلی"), max_length=1000, blank=True)
    image_caption = models.CharField(_("زیرنویس تصویر"), max_length=500, blank=True)
    video_url = models.CharField(_("نشانی ویدیو"), max_length=1000, blank=True)

    source = models.ForeignKey(
        Source, verbose_name=_("منبع"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="articles",
    )
    original_url = models.URLField(
        _("نشانی اصلی خبر"), max_length=1000, null=True, blank=True, unique=True,
    )
    guid = models.CharField(_("شناسهٔ خوراک"), max_length=1000, blank=True)
    byline = models.CharField(_("نویسنده"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ویراستار"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    categories = models.ManyToManyField(Category, verbose_name=_("دسته‌ها"), blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, verbose_name=_("برچسب‌ها"), blank=True, related_name="articles")
    cluster = models.ForeignKey(
        StoryCluster, verbose_name=_("خوشهٔ خبر"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="articles",
    )
    simhash = models.BigIntegerField(null=True, blank=True, editable=False)

    status = models.CharField(_("وضعیت"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("زمان انتشار"), null=True, blank=True)
    created_at = models.DateTimeField(_("زمان ایجاد"), auto_now_add=True)
    updated_at = models.DateTimeField(_("زمان ویرایش"), auto_now=True)

    # Counters kept by the community services in the transaction that changes them.
    votes_up = models.PositiveIntegerField(_("رأی موافق"), default=0, editable=False)
    votes_down = models.PositiveIntegerField(_("رأی مخالف"), default=0, editable=False)
    score = models.IntegerField(_("امتیاز"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("دیدگاه‌ها"), default=0, editable=False)
    view_count = models.PositiveIntegerField(_("بازدید"), default=0, editable=False)
    hot = models.FloatField(_("داغی"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("خبر")
        verbose_name_plural = _("خبرها")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_pub"),
            models.Index(fields=["-hot"], name="article_hot"),
            models.Index(fields=["source", "-published_at"], name="article_source_pub"),
            models.Index(fields=["guid"], name="article_guid"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article", kwargs={"pk": self.pk, "slug": self.slug or "-"})

    @cached_property
    def category_list(self) -> list:
        """The categories, read once per instance (prefetched ones are reused)."""
        return list(self.categories.all())

    @cached_property
    def tag_list(self) -> list:
        return list(self.tags.all())

    @property
    def is_visible(self) -> bool:
        return (
            self.status != self.Status.DRAFT
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )
