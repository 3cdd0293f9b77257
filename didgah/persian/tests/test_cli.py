"""python -m didgah.persian display|key as a line filter."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def run(mode, data: bytes):
    env = dict(os.environ)
    env["PYTHONPATH"] = ROOT + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "didgah.persian", mode],
        input=data,
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )


INPUT = "رئیسجمهور گفت\nنامههایی\n\nكتاب ۱۲۳\n<b>كتابها</b>\n".encode("utf-8") + b"bad \xff\xfe bytes\n\x00nul\nlast line"


@pytest.mark.parametrize("mode", ["display", "key"])
def test_cli_keeps_line_count(mode):
    res = run(mode, INPUT)
    assert res.returncode == 0, res.stderr
    assert res.stdout.count(b"\n") == INPUT.count(b"\n")
    res.stdout.decode("utf-8")  # valid UTF-8


def test_cli_display_output():
    lines = run("display", INPUT).stdout.decode("utf-8").split("\n")
    assert lines[0] == "رئیس‌جمهور گفت"
    assert lines[1] == "نامه‌هایی"
    assert lines[2] == ""
    assert lines[3] == "کتاب ۱۲۳"
    assert lines[4] == "<b>کتاب‌ها</b>"
    assert lines[-1] == "last line"


def test_cli_key_output():
    lines = run("key", INPUT).stdout.decode("utf-8").split("\n")
    assert lines[0] == "رییس جمهور گفت"
    assert lines[3] == "کتاب 123"


def test_cli_bad_usage():
    assert run("nope", b"").returncode == 2
