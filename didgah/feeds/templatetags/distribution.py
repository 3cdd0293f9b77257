"""Tags for the article page's head: OpenGraph, Twitter card and NewsArticle JSON-LD."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from didgah.feeds.structured import absolute, json_for_script, news_article_data

register = template.Library()

# The site's share image (didgah/feeds/images.py draws it), and its size.
DEFAULT_IMAGE = "img/share-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)
# A library image's social crop (news.renditions.SOCIAL_SIZE).
SOCIAL_IMAGE_SIZE = (1200, 630)


@register.simple_tag(takes_context=True)
def article_meta(context, article) -> dict:
    """Absolute URLs and texts the head block needs, computed once."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    social = article.image.social_url if article.image_id else ""
    if social:
        # The library image's 1200x630 crop, made when it was uploaded.
        return {
            "url": url,
            "image": absolute(request.build_absolute_uri, social),
            "image_alt": article.image.alt,
            "image_size": SOCIAL_IMAGE_SIZE,
            "image_type": "image/jpeg",
            "site_url": request.build_absolute_uri("/"),
            "twitter_card": "summary_large_image",
        }
    image = absolute(request.build_absolute_uri, article.image_url)
    if image:
        image_alt = article.image_caption or article.title
    else:
        # Shared links without a picture are shown smaller and passed over; an article
        # without its own image is shown with the site's.
        image = request.build_absolute_uri(static(DEFAULT_IMAGE))
        image_alt = _("%(site)s: خبرهای منابع فارسی‌زبان") % {"site": settings.SITE_NAME}
    return {
        "url": url,
        "image": image,
        "image_alt": image_alt,
        # Known only for the site's own image.
        "image_size": None if article.image_url else DEFAULT_IMAGE_SIZE,
        "image_type": "image/png",
        "site_url": request.build_absolute_uri("/"),
        "twitter_card": "summary_large_image",
    }


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, meta) -> str:
    request = context["request"]
    data = news_article_data(
        article=article, url=meta["url"], image=meta["image"], site_name=str(settings.SITE_NAME),
        site_url=meta["site_url"], logo=request.build_absolute_uri(static("feeds/logo.png")),
    )
    # A data block, not a script: `script-src 'self'` does not apply to it.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(json_for_script(data)))
