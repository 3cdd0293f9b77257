"""The view-log reader: its place survives restarts, rotation and truncation; lines
count through the community's view rules."""

import json
import os

import pytest

from didgah.community.viewcount import clear_local_buffers, views_flush
from didgah.edge.viewlog import ViewLogTail, count_line, count_lines
from didgah.news.tests.factories import make_article


def _line(uri, ua="Mozilla/5.0 Firefox", ip="203.0.113.7"):
    return json.dumps({"t": 1.0, "ip": ip, "uri": uri, "ua": ua}, ensure_ascii=False) + "\n"


def _collect(tail):
    seen = []
    tail.poll(handle_lines=seen.extend)
    return seen


def test_reads_only_new_complete_lines_and_keeps_its_place_across_restarts(tmp_path):
    log = tmp_path / "views.log"
    log.write_text("a\nb\nc-partial")
    assert _collect(ViewLogTail(log)) == ["a", "b"]
    with open(log, "a") as f:
        f.write("-done\nd\n")
    # A new reader (a restart) goes on from the saved offset.
    assert _collect(ViewLogTail(log)) == ["c-partial-done", "d"]
    assert _collect(ViewLogTail(log)) == []


def test_rotation_finishes_the_old_file_then_reads_the_new_one(tmp_path):
    log = tmp_path / "views.log"
    log.write_text("a\n")
    tail = ViewLogTail(log)
    assert _collect(tail) == ["a"]
    with open(log, "a") as f:
        f.write("b\n")  # written before nginx reopened its log
    os.rename(log, tmp_path / "views.log.1")
    log.write_text("c\n")
    assert _collect(tail) == ["b", "c"]
    # The old file gone entirely: the new file is read from its start.
    (tmp_path / "views.log.1").unlink()
    os.rename(log, tmp_path / "elsewhere")
    log.write_text("d\n")
    assert _collect(tail) == ["d"]


def test_truncation_in_place_starts_again_from_the_beginning(tmp_path):
    log = tmp_path / "views.log"
    log.write_text("a\nb\n")
    tail = ViewLogTail(log)
    assert _collect(tail) == ["a", "b"]
    with open(log, "w") as f:  # copytruncate
        f.write("c\n")
    assert _collect(tail) == ["c"]


def test_missing_log_reads_nothing(tmp_path):
    assert _collect(ViewLogTail(tmp_path / "none.log")) == []


@pytest.mark.django_db
def test_lines_count_once_per_visitor_never_for_bots_or_other_pages():
    clear_local_buffers()
    article = make_article(title="خبر")
    url = article.get_absolute_url()
    assert count_line(_line(url))
    assert not count_line(_line(url))  # the same visitor within the hour
    assert count_line(_line(url, ip="198.51.100.1"))
    assert not count_line(_line(url, ua="Googlebot/2.1"))
    assert not count_line(_line(url, ua=""))
    assert not count_line(_line("/"))
    assert not count_line(_line("/news/999999/x/y/z"))
    assert not count_line("not json")
    assert not count_line('{"uri": "/"}')
    # A batch counts each viewer once, whatever the repeats and the noise around them.
    other = make_article(title="خبر دیگر")
    batch = [_line(other.get_absolute_url(), ip=f"192.0.2.{i % 3}") for i in range(30)] + ["", "junk"]
    assert count_lines(batch) == 3
    views_flush()
    article.refresh_from_db()
    other.refresh_from_db()
    assert (article.view_count, other.view_count) == (2, 3)
    clear_local_buffers()
