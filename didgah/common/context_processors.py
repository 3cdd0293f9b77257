from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "FRAGMENT_SECONDS": settings.FRAGMENT_SECONDS,
    }
