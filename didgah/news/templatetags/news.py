from django import template

register = template.Library()


@register.filter
def attr_metric(obj, name: str):
    return getattr(obj, name, "")
