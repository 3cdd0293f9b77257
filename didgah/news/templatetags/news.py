from django import template

from didgah.news import selectors

register = template.Library()


@register.simple_tag
def sidebar_lists():
    return selectors.sidebar_lists()


@register.filter
def attr_metric(obj, name: str):
    return getattr(obj, name, "")
