"""One progress bar per step of a management command (the demo loaders).

On a terminal the bar rewrites its own line (`\\r`) as the step advances and ends with a
newline; anywhere else (a pipe, a log file, CI) nothing is written until the step ends,
then one summary line, so a log never holds `\\r`-glued fragments.
"""

from __future__ import annotations

WIDTH = 24


def _stream(out):
    """The stream under Django's OutputWrapper, which call_command may nest (each adds its
    own line ending, which would break a bar that rewrites its line)."""
    while hasattr(out, "_out"):
        out = out._out
    return out


class Progress:
    """`with Progress(self.stdout, "articles", total) as bar: ... bar.advance()`.

    `stdout` is a command's stdout (an OutputWrapper) or any text stream; `summary`, if
    set before the step ends, is added to its closing line."""

    def __init__(self, stdout, label: str, total: int):
        self.out = _stream(stdout)
        self.label = label
        self.total = max(0, total)
        self.done = 0
        self.summary = ""
        isatty = getattr(self.out, "isatty", None)
        self.live = bool(isatty and isatty())

    def __enter__(self) -> Progress:
        if self.live:
            self._draw()
        return self

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self.live:
            self._draw()

    def __exit__(self, exc_type, exc, tb) -> None:
        line = f"{self.label}: {self.done}/{self.total}" + (f" ({self.summary})" if self.summary else "")
        if self.live:
            # Over the bar, padded so no tail of it is left on the line.
            self._raw("\r" + line.ljust(len(self._bar())) + "\n")
        elif exc_type is None or self.done:
            self._raw(line + "\n")

    def _bar(self) -> str:
        filled = WIDTH * self.done // self.total if self.total else WIDTH
        return f"{self.label}: [{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total}"

    def _draw(self) -> None:
        self._raw("\r" + self._bar())

    def _raw(self, text: str) -> None:
        self.out.write(text)
        flush = getattr(self.out, "flush", None)
        if flush:
            flush()
