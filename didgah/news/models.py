import re

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from didgah.persian import to_persian_digits

# A label the editor typed before an image's credit: one short word and a colon
# («نقشه:», «عکس:»).
CREDIT_LABEL = re.compile(r"^[^\s:：]{1,12}\s*[:：]")


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

    def get_absolute_url(self) -> str:
        return reverse("news:tag", kwargs={"slug": self.slug})


class StoryCluster(models.Model):
    """Reports of one story from several outlets («این خبر در منابع دیگر»)."""

    created_at = models.DateTimeField(_("زمان ایجاد"), auto_now_add=True)

    class Meta:
        verbose_name = _("خوشهٔ خبر")
        verbose_name_plural = _("خوشه‌های خبر")

    def __str__(self) -> str:
        return f"#{to_persian_digits(self.pk)}"


class Image(models.Model):
    """A picture in the library, reused by any number of articles and authors.

    Its renditions (WebP and a JPEG or PNG fallback at a few widths, and the 1200x630
    social card) are made once, when it is saved through `services.image_save`, and kept
    on the default storage beside the original: the filesystem in the embedded default,
    any Django storage (S3 through django-storages) in production."""

    file = models.ImageField(
        _("پرونده"), upload_to="images/%Y/%m/", width_field="width", height_field="height",
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp", "gif"])],
    )
    width = models.PositiveIntegerField(_("پهنا"), default=0, editable=False)
    height = models.PositiveIntegerField(_("بلندا"), default=0, editable=False)
    alt = models.CharField(
        _("متن جایگزین"), max_length=300,
        help_text=_("آنچه در تصویر دیده می‌شود، برای کسی که آن را نمی‌بیند."),
    )
    caption = models.CharField(_("زیرنویس"), max_length=500, blank=True)
    credit = models.CharField(
        _("عکاس یا منبع تصویر"), max_length=200, blank=True,
        help_text=_("نام عکاس یا منبع؛ زیر تصویر با «عکس:» می‌آید، مگر آنکه خودتان برچسبی بنویسید "
                    "(«نقشه: …»، «گرافیک: …»)."),
    )
    # {"webp": [[width, name], ...], "fallback": [[width, name], ...], "fallback_type": "image/jpeg",
    #  "social": name}: names on the default storage.
    renditions = models.JSONField(_("نسخه‌ها"), default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("بارگذار"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("زمان بارگذاری"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("تصویر")
        verbose_name_plural = _("کتابخانهٔ تصویر")

    def __str__(self) -> str:
        return self.alt

    @property
    def credit_line(self) -> str:
        """The credit under the picture: «عکس: …», unless the editor wrote a label of
        their own («نقشه: …», or «عکس: …» itself, which would otherwise show twice)."""
        credit = self.credit.strip()
        if not credit or CREDIT_LABEL.match(credit):
            return credit
        return _("عکس: %(credit)s") % {"credit": credit}

    @property
    def social_url(self) -> str:
        """The 1200x630 crop's address on the storage ("" before renditions exist)."""
        name = (self.renditions or {}).get("social")
        return default_storage.url(name) if name else ""


class Author(models.Model):
    """A byline with a page of its own: the newsroom's writers (outlets' reports credit
    the outlet instead)."""

    name = models.CharField(_("نام"), max_length=200)
    slug = models.SlugField(_("نامک"), max_length=100, unique=True, allow_unicode=True)
    role = models.CharField(_("سمت"), max_length=200, blank=True)
    bio = models.TextField(_("زندگی‌نامه"), blank=True)
    photo = models.ForeignKey(
        Image, verbose_name=_("عکس"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("حساب کاربری"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("نویسنده")
        verbose_name_plural = _("نویسندگان")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("news:author", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see. A scheduled article is visible once its time has come,
        so publishing at a set time needs no cron job."""
        now = now or timezone.now()
        return self.filter(status__in=Article.LISTED_STATUSES, published_at__lte=now)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("پیش‌نویس")
        SCHEDULED = "scheduled", _("زمان‌بندی‌شده")
        PUBLISHED = "published", _("منتشرشده")

    # What readers may see, each from its publication time on (a draft never).
    LISTED_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)

    title = models.CharField(_("تیتر"), max_length=300)
    slug = models.SlugField(_("نامک"), max_length=120, allow_unicode=True, blank=True)
    lead = models.TextField(_("لید"), blank=True)
    body = models.TextField(_("متن"), blank=True)
    image_url = models.CharField(_("نشانی تصویر اصلی"), max_length=1000, blank=True)
    image_caption = models.CharField(_("زیرنویس تصویر"), max_length=500, blank=True)
    image = models.ForeignKey(
        Image, verbose_name=_("تصویر اصلی"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="articles",
    )
    video_url = models.CharField(
        _("نشانی ویدیو"), max_length=1000, blank=True,
        help_text=_("پیوند یوتیوب، آپارات یا ویمئو، یا نشانی مستقیم پروندهٔ ویدیو."),
    )
    video_file = models.FileField(
        _("پروندهٔ ویدیو"), upload_to="video/%Y/%m/", blank=True,
        validators=[FileExtensionValidator(["mp4", "webm"])],
        help_text=_("MP4 یا WebM؛ تصویر اصلی خبر پوستر آن می‌شود."),
    )

    source = models.ForeignKey(
        Source, verbose_name=_("منبع"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="articles",
    )
    original_url = models.URLField(
        _("نشانی اصلی خبر"), max_length=1000, null=True, blank=True, unique=True,
    )
    guid = models.CharField(_("شناسهٔ خوراک"), max_length=1000, blank=True)
    byline = models.CharField(_("نام نویسنده (متن)"), max_length=200, blank=True)
    authors = models.ManyToManyField(Author, verbose_name=_("نویسندگان"), blank=True, related_name="articles")
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
    simhash = models.BigIntegerField(_("اثر انگشت متن"), null=True, blank=True, editable=False)

    # The front page: pinned stories in this order (the first is the lead), then picks.
    front_position = models.PositiveSmallIntegerField(
        _("جایگاه در صفحهٔ اول"), null=True, blank=True,
        help_text=_("خالی: به ترتیب زمان. ۱ خبر اول صفحه است."),
    )
    is_pick = models.BooleanField(_("پیشنهاد سردبیر"), default=False)

    status = models.CharField(_("وضعیت"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("زمان انتشار"), null=True, blank=True)
    # A writer's draft handed to the editors (services.article_submit); it stays a draft,
    # so nothing else that reads the status has to know about reviews.
    submitted_at = models.DateTimeField(_("فرستاده برای بازبینی"), null=True, blank=True, editable=False)
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
            models.Index(fields=["front_position"], name="article_front_position",
                         condition=Q(front_position__isnull=False)),
            models.Index(fields=["-published_at"], name="article_pick", condition=Q(is_pick=True)),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]
        # What the roles (news/roles.py) are made of beyond Django's add/change/delete/view.
        permissions = [
            ("publish_article", _("انتشار و زمان‌بندی خبر")),
            ("edit_any_article", _("ویرایش خبرهای دیگران و خبرهای منتشرشده")),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:article", kwargs={"pk": self.pk, "slug": self.slug or "-"})

    def listed_from(self):
        """The time from which readers may see the article, None for a draft: the rule of
        ArticleQuerySet.published for one article, for copies that must keep it (the
        search documents)."""
        return self.published_at if self.status in self.LISTED_STATUSES else None

    @cached_property
    def category_list(self) -> list:
        """The categories, read once per instance (prefetched ones are reused)."""
        return list(self.categories.all())

    @cached_property
    def tag_list(self) -> list:
        return list(self.tags.all())

    @cached_property
    def author_list(self) -> list:
        return list(self.authors.all())

    @property
    def is_video(self) -> bool:
        return bool(self.video_url or self.video_file)

    @property
    def is_visible(self) -> bool:
        return (
            self.status != self.Status.DRAFT
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class BreakingQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, expires_at__gt=now)


class Breaking(models.Model):
    """A line in the breaking-news bar, shown until it expires."""

    headline = models.CharField(_("تیتر فوری"), max_length=200)
    article = models.ForeignKey(
        Article, verbose_name=_("خبر"), on_delete=models.CASCADE, null=True, blank=True, related_name="+",
    )
    starts_at = models.DateTimeField(_("آغاز نمایش"), default=timezone.now)
    expires_at = models.DateTimeField(_("پایان نمایش"))

    objects = BreakingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("خبر فوری")
        verbose_name_plural = _("خبرهای فوری")
        indexes = [models.Index(fields=["expires_at"], name="breaking_expires")]

    def __str__(self) -> str:
        return self.headline


class ArticleRevision(models.Model):
    """One saved state of an article: who saved it, when, and the fields editors care
    about (news/revisions.py, SNAPSHOT_FIELDS), written by services.revision_record in
    the transaction of the save.

    A model of our own rather than django-reversion: the one write path (services) knows
    exactly when an article and its tags are complete, and a snapshot of a few named
    fields stays readable after the Article model's columns change, where reversion
    keeps a serialized copy of every column, counters included."""

    article = models.ForeignKey(Article, verbose_name=_("خبر"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("شمارهٔ نسخه"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("کاربر"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    note = models.CharField(_("یادداشت"), max_length=200, blank=True)
    data = models.JSONField(_("داده‌ها"), default=dict)
    created_at = models.DateTimeField(_("زمان"), default=timezone.now)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("نسخهٔ خبر")
        verbose_name_plural = _("نسخه‌های خبر")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="article_revision_number"),
        ]
        permissions = [("restore_articlerevision", _("بازگرداندن نسخهٔ پیشین خبر"))]

    def __str__(self) -> str:
        # Listed under its article (the article's delete page): its number is what tells
        # one revision from another there.
        return _("نسخهٔ %(number)s") % {"number": to_persian_digits(str(self.number))}
