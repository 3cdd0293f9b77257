from django import template

from didgah.community import render
from didgah.community.rules import comment_html as _comment_html

register = template.Library()


@register.inclusion_tag("community/_section.html", takes_context=True)
def community_section(context, article):
    """The article's vote box and comments, for the article page."""
    from didgah.community.views import section_context

    request = context["request"]
    data = section_context(request, article, order=request.GET.get("corder"), page=request.GET.get("cpage"))
    data["csrf_token"] = context.get("csrf_token")
    return data


@register.filter
def comment_html(text: str):
    return _comment_html(text)


@register.filter
def author_line(comment) -> str:
    """«نام - شهر، کشور», or «کاربر حذف‌شده» once the account is gone."""
    return render.author_line(comment)


@register.simple_tag(takes_context=True)
def comment_vote_box(context, comment, vote_error=None):
    return render.comment_vote_html(comment, user=context.get("user"), csrf_token=_token(context),
                                    vote_error=vote_error)


def _token(context):
    from django.middleware.csrf import get_token

    request = context.get("request")
    return get_token(request) if request is not None else context.get("csrf_token")
