import pytest

from didgah.ingest.localserver import LocalServer


@pytest.fixture
def allow_private(settings):
    settings.INGEST_ALLOW_PRIVATE = True


@pytest.fixture
def server(allow_private):
    with LocalServer() as s:
        yield s


def rss(items: str, *, title: str = "خبرگزاری نمونه", link: str = "https://outlet.example/") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>{link}</link><description>d</description>"
        f"{items}</channel></rss>"
    ).encode("utf-8")


def item(n: int, *, link: str | None = None, title: str | None = None, body: str = "",
         guid: str | None = None, extra: str = "", date: str = "Mon, 03 Nov 2025 08:00:00 GMT") -> str:
    link = link if link is not None else f"https://outlet.example/news/{n}"
    title = title if title is not None else f"خبر شمارهٔ {n}"
    guid_xml = f"<guid>{guid}</guid>" if guid else ""
    date_xml = f"<pubDate>{date}</pubDate>" if date else ""
    return (f"<item><title>{title}</title><link>{link}</link>{guid_xml}{date_xml}"
            f"<description><![CDATA[{body or f'<p>متن خبر {n}</p>'}]]></description>{extra}</item>")
