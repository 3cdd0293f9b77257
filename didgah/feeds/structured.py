"""schema.org NewsArticle data and the escaping that makes JSON safe inside <script>."""

from __future__ import annotations

import json

# The characters that could end the <script> element or open a comment or CDATA
# section inside it; escaped the way django.utils.html.json_script does.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026",
                        ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def json_for_script(data) -> str:
    """JSON text safe to place between <script ...> and </script>: no '<', '>' or '&'
    survive, so '</script>' or '<!--' in a headline cannot end or disturb the block.
    Persian letters stay as they are (ensure_ascii=False); they need no escaping."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)


def absolute(build_absolute_uri, url: str) -> str:
    """An absolute http(s) URL for a stored one, which may be site-relative."""
    if not url:
        return ""
    if url.startswith("/") and not url.startswith("//"):
        return build_absolute_uri(url)
    return url


def news_article_data(*, article, url: str, image: str, site_name: str, site_url: str,
                      logo: str = "") -> dict:
    """The NewsArticle object for one article.

    `url` and `image` must already be absolute. A republished report (one with a source)
    names the outlet as author when it has no byline, and points `isBasedOn` at the
    original report's address."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "inLanguage": "fa",
    }
    if article.lead:
        data["description"] = article.lead
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.updated_at:
        data["dateModified"] = max(article.updated_at, article.published_at or article.updated_at).isoformat()
    if image:
        data["image"] = [image]
    source = article.source
    if article.byline:
        data["author"] = [{"@type": "Person", "name": article.byline}]
    elif source is not None:
        data["author"] = [{"@type": "Organization", "name": source.name, **({"url": source.site_url} if source.site_url else {})}]
    else:
        data["author"] = [{"@type": "Organization", "name": site_name, "url": site_url}]
    publisher = {"@type": "Organization", "name": site_name, "url": site_url}
    if logo:
        publisher["logo"] = {"@type": "ImageObject", "url": logo}
    data["publisher"] = publisher
    if article.original_url:
        data["isBasedOn"] = article.original_url
    if source is not None:
        data["sourceOrganization"] = {"@type": "NewsMediaOrganization", "name": source.name,
                                      **({"url": source.site_url} if source.site_url else {})}
    sections = [c.name for c in article.category_list]
    if sections:
        data["articleSection"] = sections
    return data
