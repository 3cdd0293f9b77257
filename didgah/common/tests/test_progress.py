"""The demo loaders' progress (issue 21): a bar that rewrites its line on a terminal, one
summary line elsewhere, never fragments glued into one line."""

import io

from django.core.management.base import OutputWrapper

from didgah.common.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def _run(stream, total=3, summary=""):
    with Progress(OutputWrapper(OutputWrapper(stream)), "articles", total) as bar:
        for _ in range(total):
            bar.advance()
        bar.summary = summary
    return stream.getvalue()


def test_not_a_terminal_one_summary_line():
    assert _run(io.StringIO()) == "articles: 3/3\n"
    assert _run(io.StringIO(), summary="8 new") == "articles: 3/3 (8 new)\n"


def test_on_a_terminal_the_bar_rewrites_its_line_and_ends_it():
    out = _run(Terminal(), total=2)
    frames = out.split("\r")
    assert frames[0] == "" and out.endswith("\n") and out.count("\n") == 1
    assert frames[1].startswith("articles: [....") and frames[1].endswith("0/2")
    assert frames[-2].startswith("articles: [####") and frames[-2].endswith("2/2")
    # The closing line covers the bar's whole width, so no tail of it is left.
    assert frames[-1].rstrip("\n").rstrip() == "articles: 2/2"
    assert len(frames[-1].rstrip("\n")) >= len(frames[-2])


def test_an_empty_step_still_says_so():
    assert _run(io.StringIO(), total=0) == "articles: 0/0\n"
