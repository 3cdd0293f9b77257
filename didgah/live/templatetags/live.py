"""{% live_script %}: the script that opens an article page's stream, and where to open it."""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from .. import conf

register = template.Library()


@register.simple_tag
def live_script():
    """The same for every page and reader (pages are cached for everyone): live.js
    finds the article on the page and opens its stream, on the page's own origin or,
    on the embedded default, on the stream server's port of the page's host."""
    prefix = reverse("live:article", args=[0]).replace("/0/", "/")
    return format_html('<script src="{}" data-stream="{}" data-port="{}" defer></script>',
                       static("js/live.js"), prefix, conf.public_port())
