"""Small WordPress and Disqus exports written by the tests, hostile ones included."""

from __future__ import annotations

from html import escape

CORPUS_WXR = "/work/shared/corpora/wordpress/themeunittestdata.wordpress.xml"
CORPUS_DISQUS = "/work/shared/corpora/disqus/disqus.xml"
SITE = "https://old.example"


def comment(cid, *, parent=0, author="مهمان", email="guest@example.org", content="دیدگاهی از بایگانی",
            approved="1", ctype="comment", date="2019-05-01 10:00:00") -> str:
    return (f"<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
            f"<wp:comment_author><![CDATA[{author}]]></wp:comment_author>"
            f"<wp:comment_author_email>{escape(email)}</wp:comment_author_email>"
            f"<wp:comment_date_gmt>{date}</wp:comment_date_gmt>"
            f"<wp:comment_content><![CDATA[{content}]]></wp:comment_content>"
            f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>{ctype}</wp:comment_type>"
            f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>")


def item(pid, *, title="نوشته‌ای از بایگانی", content="<p>متن نوشته</p>", status="publish", ptype="post",
         slug=None, date="2019-04-30 08:30:00", comments="", extra="", link=None, guid=None,
         title_raw=None) -> str:
    slug = slug or f"post-{pid}"
    link = link if link is not None else f"{SITE}/2019/04/30/{slug}/"
    guid = guid if guid is not None else f"{SITE}/?p={pid}"
    title_xml = title_raw if title_raw is not None else f"<![CDATA[{title}]]>"
    return (f"<item><title>{title_xml}</title><link>{escape(link)}</link>"
            f"<dc:creator><![CDATA[editor]]></dc:creator><guid isPermaLink=\"false\">{escape(guid)}</guid>"
            f"<content:encoded><![CDATA[{content}]]></content:encoded>"
            f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
            f"<wp:post_id>{pid}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>"
            f"<wp:post_name>{slug}</wp:post_name><wp:status>{status}</wp:status>"
            f"<wp:post_parent>0</wp:post_parent><wp:post_type>{ptype}</wp:post_type>"
            f"<wp:post_password></wp:post_password>"
            f"<category domain=\"category\" nicename=\"siasi\"><![CDATA[سیاسی]]></category>"
            f"<category domain=\"post_tag\" nicename=\"tehran\"><![CDATA[تهران]]></category>"
            f"{extra}{comments}</item>")


def wxr(items: str, *, head: str = '<?xml version="1.0" encoding="UTF-8"?>', doctype: str = "") -> str:
    return (f"{head}\n{doctype}"
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
            f"<channel><title>بایگانی</title><link>{SITE}</link><wp:wxr_version>1.2</wp:wxr_version>"
            f"<wp:base_blog_url>{SITE}</wp:base_blog_url>"
            "<wp:author><wp:author_login>editor</wp:author_login>"
            "<wp:author_display_name><![CDATA[سردبیر پیشین]]></wp:author_display_name></wp:author>"
            f"{items}</channel></rss>")


def write(tmp_path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return str(path)
