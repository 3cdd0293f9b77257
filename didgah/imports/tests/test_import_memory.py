"""Memory stays flat however large the export: one post in memory at a time."""

import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from didgah.imports import services

from .wxrdocs import comment, item, wxr

pytestmark = pytest.mark.django_db


def _export(path: Path, megabytes: float) -> str:
    """A generated export of about `megabytes`, written a post at a time."""
    head, tail = wxr("@@ITEMS@@").split("@@ITEMS@@")
    body = "<p>" + "متن بلند یک خبر قدیمی از بایگانی وب‌گاه. " * 30 + "</p>"
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        n = 0
        while out.tell() < megabytes * 1024 * 1024:
            n += 1
            out.write(item(n, title=f"خبر شمارهٔ {n}", content=body,
                           comments=comment(1, content="دیدگاه نخست") + comment(2, parent=1, content="پاسخ")))
        out.write(tail)
    return str(path)


def _peak(path: str) -> int:
    tracemalloc.start()
    try:
        report = services.wxr_import(path=path, dry_run=True, images=False)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.imported["published"] > 100
    return peak


def test_python_memory_does_not_grow_with_the_file(tmp_path):
    small = _peak(_export(tmp_path / "small.xml", 0.5))
    large = _peak(_export(tmp_path / "large.xml", 3))
    # Six times the posts, the same peak give or take noise; both far below the file.
    assert large < 4 * 1024 * 1024
    assert large < small * 1.5 + 256 * 1024


SCRIPT = """
import resource, sys
from didgah.imports import wxr
from didgah.imports.xmlstream import XmlFile
site = wxr.Site()
n = sum(1 for _ in wxr.read(XmlFile(sys.argv[1]), site))
print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _rss_kb(path: str) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", SCRIPT, path], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[3])
    n, rss = done.stdout.split()
    return int(n), int(rss)


def test_parser_memory_outside_python_does_not_grow_either(tmp_path):
    # libxml2's own allocations are not traced by tracemalloc: the whole process is measured.
    n_small, small = _rss_kb(_export(tmp_path / "small.xml", 2))
    n_large, large = _rss_kb(_export(tmp_path / "large.xml", 24))
    assert n_large > 10 * n_small
    assert large - small < 12 * 1024  # KB: well under half the difference in file size
