"""The admin's delete confirmations and list filters in Persian digits (issue 17).

Django writes the counts of a delete confirmation's summary, the names of the objects
it lists and the counts of a list's filters («(۳)» once «نمایش شمارش» is on) with Latin
digits, and lists the rows that only tie two things together (an article to its tags,
categories and authors) under the table's English name («Article_tags object (1)»).
Those rows go with the article and leave the tags as they were; an editor deciding
whether to delete has nothing to read in them, so they are left out here.
"""

import re
from functools import lru_cache

from django import template
from django.apps import apps
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from didgah.persian import format_number, persian_digits_in_html, to_persian_digits

register = template.Library()


@lru_cache(maxsize=1)
def _link_tables() -> tuple[frozenset[str], frozenset[str]]:
    """The names Django gives the tables it makes for many-to-many fields: singular (in
    a listed object's «name: object») and plural (in the summary)."""
    made = [model._meta for model in apps.get_models(include_auto_created=True) if model._meta.auto_created]
    return (frozenset(str(capfirst(opts.verbose_name)) for opts in made),
            frozenset(str(opts.verbose_name_plural) for opts in made))


def _is_link_row(item) -> bool:
    text = str(item)
    return any(text.startswith(f"{name}: ") for name in _link_tables()[0])


def _persian_items(items) -> list:
    out = []
    skip_children = False
    for item in items:
        if isinstance(item, (list, tuple)):
            if not skip_children:
                out.append(_persian_items(item))
            skip_children = False
            continue
        skip_children = _is_link_row(item)
        if not skip_children:
            # Plain text is escaped here as unordered_list would have; links are Django's markup.
            out.append(mark_safe(persian_digits_in_html(str(conditional_escape(item)))))  # noqa: S308
    return out


@register.filter
def fa_deleted_objects(items) -> list:
    """A delete confirmation's nested list of objects without the link-table rows, the
    digits of their names shown the Persian way (persian.persian_digits_in_html: an
    address or a Latin name keeps its own). For `unordered_list`, which keeps what is
    marked safe and escapes the rest."""
    return _persian_items(items or [])


@register.filter
def fa_model_count(model_count) -> list[tuple[str, str]]:
    """The summary's (name, count) pairs without the link tables, counts in Persian."""
    plural = _link_tables()[1]
    return [(name, format_number(count)) for name, count in (model_count or []) if str(name) not in plural]


# Django appends a facet's count to the choice's title: «منتشرشده (5)».
_FACET_COUNT = re.compile(r"\((\d+)\)$")


@register.filter
def fa_facet(display) -> str:
    """A list filter's choice with its count, if shown, in Persian digits; the title
    as it is (a source's name keeps its own digits)."""
    text = str(display)
    return _FACET_COUNT.sub(lambda m: f"({to_persian_digits(m.group(1))})", text)
