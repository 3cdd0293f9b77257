"""The wrong file, a file that is not XML, a file too damaged to read: each command
stops with a Persian sentence and a failing exit status, and what the parser said is
reported in Persian, never in libxml's own English."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from didgah.community.models import Comment
from didgah.imports import services
from didgah.news.models import Article

from .wxrdocs import CORPUS_DISQUS, SITE, item, write, wxr

pytestmark = pytest.mark.django_db

PLAIN_RSS = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>خبرگزاری</title>'
             '<link>https://outlet.example/</link>'
             '<item><title>خبر یک</title><link>https://outlet.example/1</link></item>'
             '<item><title>خبر دو</title><link>https://outlet.example/2</link></item></channel></rss>')
# Latin that may appear in what the commands say: the formats' and commands' own names,
# and the path of the file given (tmp_path holds Latin letters and digits).
NAMES = re.compile(r"WXR|XML|RSS|Disqus|import_wxr|import_disqus|--[a-z-]+")


def _run(command, path):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(command, path, "--quiet", stdout=out, stderr=err)
    return str(refused.value), out.getvalue()


def _persian(text: str, path: str = "") -> None:
    rest = NAMES.sub("", text.replace(path, ""))
    assert not re.search(r"[A-Za-z0-9]", rest), text


def test_import_wxr_refuses_a_plain_rss_feed(tmp_path):
    path = write(tmp_path, "feed.xml", PLAIN_RSS)
    message, out = _run("import_wxr", path)
    assert "WXR" in message and "نیست" in message
    _persian(message, path)
    # Stopped before reading a single item: nothing was called incomplete.
    assert "ناقص" not in out and not Article.objects.exists()


def test_each_command_refuses_the_others_file(tmp_path):
    disqus = write(tmp_path, "disqus.xml", Path(CORPUS_DISQUS).read_text())
    message, _out = _run("import_wxr", disqus)
    assert "WXR" in message and "import_disqus" in message
    _persian(message, disqus)
    wordpress = write(tmp_path, "site.xml", wxr(item(1)))
    message, _out = _run("import_disqus", wordpress)
    assert "Disqus" in message and "import_wxr" in message
    _persian(message, wordpress)
    assert not Article.objects.exists() and not Comment.objects.exists()


@pytest.mark.parametrize("content", [b"", b"hello, this is plain text\n", b"\x00\x01\x02\xff binary",
                                     b'{"posts": []}'])
@pytest.mark.parametrize("command", ["import_wxr", "import_disqus"])
def test_a_file_that_is_not_xml_stops_the_command(tmp_path, command, content):
    path = write(tmp_path, "export.xml", content)
    message, _out = _run(command, path)
    assert ("XML نیست" in message) if content else ("خالی" in message)
    _persian(message, path)


def test_a_file_with_nothing_readable_fails(tmp_path):
    text = wxr(item(1, title="نیمه‌کاره"))
    path = write(tmp_path, "cut.xml", text[:text.index("نیمه‌کاره") + 4])
    message, out = _run("import_wxr", path)
    assert "خوانده نشد" in message
    _persian(message, path)
    # The report still says what was found and where the file broke off.
    assert "ناقص" in out and not Article.objects.exists()


def test_parser_errors_are_reported_in_persian(tmp_path):
    text = wxr(item(1, title="کامل") + item(2, title="نیمه‌کاره"))
    report = services.wxr_import(path=write(tmp_path, "cut.xml", text[:text.index("نیمه‌کاره") + 4]), images=False)
    rendered = report.render()
    assert "خطای ساختاری" in rendered
    note = next(n for n in report.notes if "خطای ساختاری" in n)
    assert re.search("سطر [۰-۹]+، ستون [۰-۹]+", note), note
    _persian(note)


def test_a_cut_wxr_file_still_imports_what_was_whole_and_exits_well(tmp_path):
    text = wxr(item(1, title="کامل") + item(2, title="نیمه‌کاره"))
    path = write(tmp_path, "cut.xml", text[:text.index("نیمه‌کاره") + 4])
    out = StringIO()
    call_command("import_wxr", path, "--quiet", "--no-images", stdout=out, stderr=StringIO())
    assert list(Article.objects.values_list("title", flat=True)) == ["کامل"]
    assert "ناقص" in out.getvalue()
    call_command("import_wxr", path, "--quiet", "--no-images", stdout=out, stderr=StringIO())
    assert Article.objects.count() == 1


def test_a_disqus_file_cut_inside_a_post_calls_it_incomplete(tmp_path):
    services.wxr_import(path=write(tmp_path, "site.xml", wxr(item(7, title="خبر هفتم"))), images=False)
    text = Path(CORPUS_DISQUS).read_text().replace("http://example.org/", f"{SITE}/2019/04/30/post-7/")
    # Post 5 is a reply on the thread of post 7; the file ends inside its message.
    cut = text[:text.index("Hello, World.</p>") + 5]
    report = services.disqus_import(path=write(tmp_path, "disqus.xml", cut))
    assert report.skipped_count("comment", "incomplete") == 1
    assert report.skipped_count("comment", "no_thread") == 0
    assert Comment.objects.count() == 1  # post 4, whole, came in
    assert "Hello" not in Comment.objects.get().body
