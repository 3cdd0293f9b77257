from django import template

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
    from django.utils.translation import gettext as _

    author = comment.author
    if author is None:
        return _("کاربر حذف‌شده")
    profile = getattr(author, "profile", None)
    if profile is None:
        return author.get_username()
    place = profile.place
    return f"{profile.display_name} - {place}" if place else profile.display_name
