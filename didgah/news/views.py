from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from didgah.common.pagecache import mark_shared, shared_page

from . import selectors
from .models import Author, Category, Source, Tag


def _page(request, queryset):
    return Paginator(queryset, settings.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))


@require_safe
@shared_page
def home(request):
    """The front page, arranged by the editors; its later pages and the hot order are
    the plain list."""
    order = "hot" if request.GET.get("order") == "hot" else "latest"
    if order == "latest" and request.GET.get("page") in (None, "", "1"):
        return render(request, "news/front.html", selectors.front_page())
    page = _page(request, selectors.article_list(order=order))
    return render(request, "news/home.html", {"page": page, "order": order,
                                              "extra_query": "order=hot" if order == "hot" else ""})


@require_safe
def article_detail(request, pk: int, slug: str | None = None):
    """The article page: the same for everyone, so cached for everyone (the reader's own
    part comes from community's personal request). Only staff opening an unpublished
    article's preview get a page of their own, never stored."""
    article = selectors.article_for_reader(pk=pk, user=None)
    shared = article is not None
    if article is None:
        article = selectors.article_for_reader(pk=pk, user=request.user)
    if article is None:
        raise Http404
    # Any slug (an old title's, a truncated one, none) leads to the current address:
    # the one get_absolute_url gives, so an article stored without a slug still has
    # an address that answers instead of redirecting to itself.
    if slug != (article.slug or "-"):
        return redirect(article, permanent=True)
    response = render(
        request,
        "news/article.html",
        {"article": article, "same_story": selectors.article_same_story(article=article),
         # Chosen only when the related stories' fragment is not in the cache (the
         # template calls it inside {% cache %}): the search behind it runs once per
         # FRAGMENT_SECONDS and edit, not on every miss of the page.
         "related_stories": lambda: selectors.article_related(article=article)},
    )
    if shared:
        return mark_shared(response)
    add_never_cache_headers(response)
    return response


@require_safe
@shared_page
def category_detail(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    page = _page(request, selectors.article_list(category=category))
    return render(request, "news/list.html", {"page": page, "heading": category.name, "category": category})


@require_safe
@shared_page
def source_detail(request, slug: str):
    source = get_object_or_404(Source, slug=slug)
    page = _page(request, selectors.article_list(source=source))
    return render(request, "news/list.html", {"page": page, "heading": source.name, "source": source})


@require_safe
@shared_page
def latest(request):
    page = _page(request, selectors.article_list())
    return render(request, "news/home.html", {"page": page, "order": "latest", "extra_query": ""})


@require_safe
@shared_page
def author_detail(request, slug: str):
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    page = _page(request, selectors.article_list(author=author))
    return render(request, "news/author.html", {"page": page, "author": author})


@require_safe
@shared_page
def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    page = _page(request, selectors.article_list(tag=tag))
    return render(request, "news/list.html", {"page": page, "heading": tag.name, "tag": tag})
