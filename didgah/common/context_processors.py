from django.conf import settings

from didgah.news.selectors import categories_for_nav


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_categories": categories_for_nav,
        "FRAGMENT_SECONDS": settings.FRAGMENT_SECONDS,
    }
