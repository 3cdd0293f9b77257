"""python -m didgah.persian display|key < in > out: filter stdin line by line."""

from __future__ import annotations

import io
import sys

from .text import display_text, search_key

USAGE = "usage: python -m didgah.persian {display|key} < input > output\n"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in ("display", "key"):
        sys.stderr.write(USAGE)
        return 2
    fn = display_text if argv[0] == "display" else search_key
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
    stdout = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", errors="replace", newline="")
    for line in stdin:
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        # a lone \r inside a line must not create a new line in the output
        out = fn(body).replace("\r", " ").replace("\n", " ")
        stdout.write(out + ending)
    stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
