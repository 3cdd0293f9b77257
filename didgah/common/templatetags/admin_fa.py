"""Template tags of the Persian admin (templates/admin/): the Solar Hijri date
drill-down."""

from django import template

from didgah.common import admin_jalali

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def jalali_date_hierarchy(cl):
    return admin_jalali.jalali_date_hierarchy(cl)
