"""Reading a large export file as a stream of small elements, safely.

- The bytes are decoded as they are read and handed to the parser as clean UTF-8: a file
  that says UTF-8 but carries Windows-1256 bytes (the commonest fault of Persian sites'
  exports) has those bytes read as Windows-1256, one that names another encoding is
  decoded with it, unless its bytes are plainly UTF-8 full of Persian letters; characters
  XML forbids (control bytes that old editors pasted into posts) are dropped. What was
  repaired is counted for the report.
- The parser (lxml's iterparse) never resolves an entity, never loads a DTD and never
  touches the network: `<!ENTITY x SYSTEM "file:///etc/passwd">` stays an unexpanded
  reference, and so does an entity bomb. It recovers from what damage remains rather
  than stopping halfway through an archive; the errors it met go into the report.
- Each finished top-level element is handed over and then cleared with everything
  before it, so memory holds one post at a time however large the file.
- What the parser met is kept as (kind, line, column), libxml's own English left out:
  the report words it in Persian (report.parse_error_text).
"""

from __future__ import annotations

import codecs
import html
import io
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml import etree

CHUNK = 256 * 1024
_XML_DECL = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")
_UNICODE = {"utf-8", "utf8", "utf_8", "us-ascii", "ascii"}
# Characters XML 1.0 does not allow, which libxml2 refuses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FALLBACK = "windows-1256"


_repairs = threading.local()


def _cp1256_errors(exc: UnicodeDecodeError):
    bad = exc.object[exc.start:exc.end]
    _repairs.count = getattr(_repairs, "count", 0) + len(bad)
    return bad.decode(FALLBACK, errors="replace"), exc.end


codecs.register_error("didgah.imports.cp1256", _cp1256_errors)


def _arabic_share(text: str) -> float:
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff") / len(letters)


class Utf8Stream(io.RawIOBase):
    """A binary file read through a decoder and handed on as UTF-8 (declaration rewritten).

    `position` is how far into the source file reading has got, for progress."""

    def __init__(self, raw):
        super().__init__()
        self.raw = raw
        self.position = 0
        self.repaired = 0  # bytes or characters changed on the way
        self.exhausted = False  # the parser has been told the file is over
        # What was decided about the encoding, for the report: (what, encoding named).
        self.note: tuple[str, str] | None = None
        head = self._read_raw(CHUNK)
        codec, errors = self._choose(head)
        self._decoder = codecs.getincrementaldecoder(codec)(errors)
        self._errors = errors
        self._buffer = b""
        self._eof = False
        self._first = True
        self._pending_raw = head

    def _read_raw(self, n: int) -> bytes:
        data = self.raw.read(n)
        self.position += len(data)
        return data

    def _choose(self, head: bytes) -> tuple[str, str]:
        for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                           (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                           (codecs.BOM_UTF16_BE, "utf-16")):
            if head.startswith(bom):
                return codec, "replace"
        match = _XML_DECL.match(head[:300].decode("ascii", errors="replace"))
        declared = match.group(2).lower() if match else ""
        try:
            codecs.lookup(declared or "utf-8")
        except LookupError:
            self.note = ("unknown", declared)
            declared = ""
        if declared and declared not in _UNICODE:
            try:
                text = head.decode("utf-8")
            except UnicodeDecodeError as exc:
                # A cut multi-byte character at the end of the sample is not a fault.
                text = head[:exc.start].decode("utf-8") if exc.start > len(head) - 4 else None
            if text is not None and not text.isascii() and _arabic_share(text) > 0.5:
                self.note = ("utf8_not_declared", declared)
                return "utf-8", "didgah.imports.cp1256"
            return declared, "replace"
        return "utf-8", "didgah.imports.cp1256"

    def readable(self) -> bool:
        return True

    def _fill(self) -> None:
        data = self._pending_raw if self._pending_raw is not None else self._read_raw(CHUNK)
        self._pending_raw = None
        final = not data
        _repairs.count = 0
        text = self._decoder.decode(data, final)
        if _repairs.count:
            self.repaired += _repairs.count
            self.note = self.note or ("fallback", FALLBACK)
        if self._first:
            self._first = False
            text = _XML_DECL.sub(r"\1UTF-8\3", text.lstrip("\ufeff"), count=1)
        cleaned = _NOT_XML.sub("", text)
        self.repaired += len(text) - len(cleaned)
        self._buffer += cleaned.encode("utf-8")
        if final:
            self._eof = True

    def readinto(self, b) -> int:
        while not self._buffer and not self._eof:
            self._fill()
        n = min(len(b), len(self._buffer))
        b[:n] = self._buffer[:n]
        self._buffer = self._buffer[n:]
        if not n:
            self.exhausted = True
        return n


@dataclass(frozen=True)
class ParseError:
    kind: str  # libxml's error type, e.g. "ERR_TAG_NOT_FINISHED"
    line: int = 0
    column: int = 0


# libxml's word for "the file ended inside this element": every element finished after
# it was closed by recovery, not by the file.
_CUT = {"ERR_TAG_NOT_FINISHED", "ERR_CDATA_NOT_FINISHED", "ERR_COMMENT_NOT_FINISHED", "ERR_PI_NOT_FINISHED"}


@dataclass
class Root:
    """The first things a file says about itself: its root element and the namespaces
    declared before its first `item` (or its first few hundred elements)."""

    name: str
    namespaces: set[str] = field(default_factory=set)


def local(tag) -> str:
    """An element's name without its namespace ('' for comments and entities)."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(tag) -> str:
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def text_of(elem) -> str:
    """An element's text with its unexpanded entity references dropped, except the
    character entities HTML names (`&nbsp;`), which are only characters. Nothing is
    ever fetched or expanded from a DTD."""
    if elem is None:
        return ""
    parts = [elem.text or ""]
    for child in elem:
        if isinstance(child, etree._Entity):  # noqa: SLF001 - lxml's own node type
            parts.append(html.entities.html5.get(f"{child.name};", ""))
        elif isinstance(child.tag, str):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


class XmlFile:
    """`for parent_name, elem in XmlFile(path).elements({"channel"})`: each element whose
    parent is named one of `parents`, finished; it is cleared after the caller's turn."""

    def __init__(self, path: str, *, on_progress: Callable[[int, int], None] | None = None):
        self.path = path
        self.size = os.path.getsize(path)
        self.on_progress = on_progress
        self.errors: list[ParseError] = []
        self.error_count = 0
        self.repaired = 0
        self.encoding_note: tuple[str, str] | None = None
        # While an element is handed over: whether the file ended inside it, so that what
        # recovery salvaged of it is not taken for the whole.
        self.cut = False

    def root(self, *, look_ahead: int = 500) -> tuple[Root | None, list[ParseError]]:
        """(the root, the errors met on the way) without reading the file through; the
        root is None when the file has no element at all (it is not XML)."""
        found: Root | None = None
        namespaces: set[str] = set()
        errors: list[ParseError] = []
        with open(self.path, "rb") as raw:
            context = _safe_iterparse(Utf8Stream(raw), events=("start", "start-ns"))
            seen = 0
            try:
                for event, value in context:
                    if event == "start-ns":
                        namespaces.add(value[1])
                        continue
                    if found is None:
                        found = Root(name=local(value.tag), namespaces=namespaces)
                    seen += 1
                    if local(value.tag) == "item" or seen >= look_ahead:
                        break
            except etree.XMLSyntaxError as exc:
                errors.append(_syntax_error(exc))
            errors.extend(_first_logged(context.error_log))
        return found, errors

    def elements(self, parents: set[str]) -> Iterator[tuple[str, etree._Element]]:
        with open(self.path, "rb") as raw:
            stream = Utf8Stream(raw)
            context = _safe_iterparse(stream, events=("end",), remove_comments=True, remove_pis=True)
            try:
                for _event, elem in context:
                    parent = elem.getparent()
                    if parent is None or local(parent.tag) not in parents or not isinstance(elem.tag, str):
                        continue
                    # Only once the file is over can recovery be closing what it cut;
                    # the log is looked at then only, as it is copied on each look.
                    if not self.cut and stream.exhausted:
                        self.cut = any(e.type_name in _CUT for e in context.error_log)
                    yield local(parent.tag), elem
                    # Everything up to here is done with: memory keeps one element.
                    elem.clear(keep_tail=False)
                    while elem.getprevious() is not None:
                        del parent[0]
                    if self.on_progress is not None:
                        self.on_progress(stream.position, self.size)
            except etree.XMLSyntaxError as exc:
                # Beyond what recovery can mend (a file cut short before its first
                # element, say): what was read stands, the rest is reported.
                self.errors.append(_syntax_error(exc))
                self.error_count += 1
            finally:
                log = context.error_log
                self.error_count += len(log)
                self.errors.extend(_first_logged(log))
                self.repaired = stream.repaired
                self.encoding_note = stream.note


def _safe_iterparse(stream, *, events: tuple[str, ...], **options):
    """lxml's iterparse as every read of an import file runs it: no entity resolved, no
    DTD, no network, no huge tree; recovering past what it can mend."""
    return etree.iterparse(stream, events=events, resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, recover=True, **options)


def _first_logged(log) -> list[ParseError]:
    return [ParseError(e.type_name, e.line, e.column) for e in list(log)[:5]]


def _syntax_error(exc: etree.XMLSyntaxError) -> ParseError:
    # Not exc.error_log: lxml's exception may carry errors of earlier parses with it.
    try:
        kind = etree.ErrorTypes._getName(exc.code) or ""  # noqa: SLF001 - lxml's name lookup
    except (AttributeError, TypeError):
        kind = ""
    line, column = exc.position if exc.position else (0, 0)
    return ParseError(kind, line or 0, column or 0)
