"""Build the held-out ZWNJ gold sets from published Persian text in packages.

Run by hand (not at import time, not in tests); the sets it writes are kept in
didgah/persian/tests/gold/ with their sources' licences (gold/SOURCES.md):

    mkdir -p /tmp/gold && cd /tmp/gold
    apt-get download gnome-user-docs firefox-esr-l10n-fa
    for d in *.deb; do dpkg-deb -x "$d" x; done
    unzip -o -q x/usr/lib/firefox-esr/browser/extensions/langpack-fa@*.xpi -d ff
    python -m didgah.persian.data.build_gold /tmp/gold/x/usr/share/help/fa/gnome-help \\
        /tmp/gold/ff /usr/share/locale/fa/LC_MESSAGES

The news set alone (its source is a public repository, not a package: the
Universal Dependencies Persian treebank UD_Persian-Seraji, release files
``fa_seraji-ud-test.conllu``):

    python -m didgah.persian.data.build_gold news /path/to/fa_seraji-ud-test.conllu

and the dev sets of press text the rules may be grown on, beside it in var/gold/:

    python -m didgah.persian.data.build_gold news-dev /path/to/fa_seraji-ud-dev.conllu
    python -m didgah.persian.data.build_gold news-train FILE.conllu [FILE.conllu ...]

news-train takes the treebank's train part (fa_seraji-ud-train.conllu) where it can
be had, or other CoNLL-U files of Persian press text (see gold/SOURCES.md).

It is press text, an outlet's, which the project does not ship: it goes to
var/gold/news_test.txt (or the file DIDGAH_NEWS_GOLD names), where the bench and
test_heldout.py look for it, and is scored only when there.

Sets (one paragraph or one interface string a line):

* prose_dev / prose_test: the paragraphs of GNOME's user help in Persian
  (gnome-user-docs, CC BY-SA 3.0), pages alternately to dev and test by their
  sorted file names, so both halves cover the same kind of pages.
* ui_dev: the Persian messages of the GNOME/GTK libraries installed on a Debian
  system (.mo files under /usr/share/locale/fa, LGPL) and of Django and the
  libraries in the project's virtualenv (BSD/MIT .po files).
* ui_test: Firefox ESR's Persian language pack (MPL 2.0), every second string
  (the whole pack would only repeat the same words at ten times the size).
* news_test: the sentences (``# text =`` lines) of the test part of the
  Persian UD treebank (Seraji's UPDT, from the Uppsala Persian Corpus built on
  the Bijankhan corpus: newspaper articles and editorials of around 2000, with
  some fiction, culture and technical pages), CC BY-SA 4.0.  Only scored.
* news_dev: the same treebank's dev part, built the same way (``news-dev``).
* news_train: a larger dev set of press text (``news-train``).  The treebank's
  train part is the natural one, but its file (about 10 MB) could not be had
  here; it was built from the dev and test parts of the other Persian UD
  treebank, UD_Persian-PerDT (``fa_perdt-ud-dev.conllu``, ``fa_perdt-ud-test.conllu``:
  contemporary news, magazine, academic and fiction text, CC BY-SA 4.0), whose
  ZWNJs follow today's standard closely.  Not shipped either.

Dev sets are the ones the rules and lexicon were grown on; test sets are only
scored.  The texts are taken as published: letters normalised as display_text
normalises them (ي → ی, ك → ک ...), markup, placeholders and access keys
removed; ZWNJs exactly as their translators wrote them, except for the words
in gold/corrections.tsv, where the source breaks the written standard (the
Academy of Persian Language's rules: «می» joined to its verb, a silent «ه»
joined to what follows) and the line says so.  A source's spelling that the
standard also accepts («آنها», «بیشتر», «انتخابگر») is kept, so inserting a
ZWNJ there counts as a wrong insertion.
"""

from __future__ import annotations

import glob
import html
import os
import re
import subprocess
import sys
import unicodedata

from didgah.persian._chars import NON_JOINING, ZWNJ
from didgah.persian.text import _display_letters, _tidy_zwnj

GOLD_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "gold")

_PERSIAN_LETTER = re.compile("[\u0621-\u06cc]")
NON_JOINING_CLASS = re.escape("".join(sorted(NON_JOINING)))
_TAG = re.compile(r"<[^<>]*>")
# printf / Python / Fluent / Qt placeholders
_PLACEHOLDER = re.compile(r"%(\(\w+\))?[-+ #0-9.]*[sdifuxXcl]|%\d|\{[^{}]*\}|\$\w+")
# Fluent variant selectors «[one]», «*[other]» at the start of a line
_SELECTOR = re.compile(r"^\*?\[[\w-]+\]\s*")
# A string needs this many Persian letters to be worth scoring.
MIN_LETTERS = 4


def normalise(s: str) -> str | None:
    """One published string as a gold line, or None when it is not Persian text."""
    s = html.unescape(_TAG.sub(" ", s))
    s = _PLACEHOLDER.sub(" ", s)
    s = s.replace("_", "").replace("&", "").replace("~", "")
    s = unicodedata.normalize("NFC", s)
    s = _display_letters(s)
    if ZWNJ in s:
        s = _tidy_zwnj(s)
    s = unicodedata.normalize("NFC", s)
    s = " ".join(_SELECTOR.sub("", s).split())
    # ZWJ and other joiners make the ZWNJ positions meaningless
    if "\u200d" in s or len(_PERSIAN_LETTER.findall(s)) < MIN_LETTERS:
        return None
    return s


def _po_strings(text: str):
    """msgstr texts of a .po file (msgunfmt output has the same form)."""
    cur = None
    for line in text.splitlines():
        if line.startswith("msgstr"):
            if cur is not None:
                yield "".join(cur)
            cur = []
            line = line.split(" ", 1)[1] if " " in line else '""'
        elif not line.startswith('"'):
            if cur is not None:
                yield "".join(cur)
            cur = None
            continue
        if cur is not None and line.startswith('"'):
            cur.append(line[1:-1].replace('\\"', '"').replace("\\n", " ").replace("\\t", " "))
    if cur is not None:
        yield "".join(cur)


def prose(help_dir: str):
    dev, test = [], []
    from lxml import etree

    mal = "{http://projectmallard.org/1.0/}"
    for i, path in enumerate(sorted(glob.glob(os.path.join(help_dir, "*.page")))):
        tree = etree.parse(path)
        # a key sequence reads «Ctrl+Alt+Tab»: its keys' texts are not one word
        for key in tree.iter(mal + "key"):
            nxt = key.getnext()
            if nxt is not None and nxt.tag == mal + "key" and key.getparent().tag == mal + "keyseq":
                key.tail = "+" + (key.tail or "")
        for p in tree.iter(mal + "p"):
            s = normalise("".join(p.itertext()))
            if s is not None:
                (dev if i % 2 == 0 else test).append(s)
    return dev, test


def ui_dev(mo_dir: str):
    out = []
    for path in sorted(glob.glob(os.path.join(mo_dir, "*.mo"))):
        text = subprocess.run(["msgunfmt", path], capture_output=True, text=True, check=True).stdout
        out.extend(_po_strings(text))
    venv = os.path.dirname(os.path.dirname(sys.executable))
    for path in sorted(glob.glob(os.path.join(venv, "lib", "python3*", "site-packages", "**", "locale", "fa", "LC_MESSAGES", "*.po"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            out.extend(_po_strings(f.read()))
    return [s for s in map(normalise, out) if s is not None]


def ui_test(langpack_dir: str):
    out = []
    for path in sorted(glob.glob(os.path.join(langpack_dir, "**", "*.ftl"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                m = re.match(r"^\.?[\w.-]+\s*=\s*(.*)$", line)
                out.append(m.group(1) if m else line)
    for path in sorted(glob.glob(os.path.join(langpack_dir, "**", "*.properties"), recursive=True)):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#") and "=" in line:
                    out.append(line.split("=", 1)[1].replace("\\n", " "))
    lines = [s for s in map(normalise, out) if s is not None]
    return _unique(lines)[::2]


def _unique(lines):
    seen = set()
    return [s for s in lines if not (s in seen or seen.add(s))]


def news(conllu_path: str):
    """The sentences of a CoNLL-U file, one a line."""
    out = []
    with open(conllu_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# text = "):
                out.append(line[len("# text = "):].strip())
    return [s for s in map(normalise, out) if s is not None]


def read_corrections(path: str) -> dict[str, str]:
    """source word -> corrected word (tab-separated, «#» starts a comment)."""
    fixes = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                src, _, fixed = line.partition("\t")
                assert src.replace(ZWNJ, "") == fixed.strip().replace(ZWNJ, ""), line
                # a ZWNJ after a letter that does not join shows nothing, and no repair puts one there
                assert not re.search(f"[{NON_JOINING_CLASS}]{ZWNJ}", fixed), line
                fixes[src] = fixed.strip()
    return fixes


def apply_corrections(line: str, fixes: dict[str, str]) -> str:
    if not fixes:
        return line
    # a word: letters, marks and ZWNJs (not the Arabic comma or question mark after it)
    return re.sub(f"[\u0621-\u065f\u0670-\u06d3{ZWNJ}]+", lambda m: fixes.get(m.group(), m.group()), line)


def main(help_dir: str, langpack_dir: str, mo_dir: str, out_dir: str = GOLD_DIR) -> None:
    pdev, ptest = prose(help_dir)
    write_sets(
        {
            "prose_dev": pdev,
            "prose_test": ptest,
            "ui_dev": _unique(ui_dev(mo_dir)),
            "ui_test": ui_test(langpack_dir),
        },
        out_dir,
    )


def write_sets(sets: dict, out_dir: str = GOLD_DIR) -> None:
    fixes = read_corrections(os.path.join(out_dir, "corrections.tsv"))
    for name, lines in sets.items():
        lines = [apply_corrections(s, fixes) for s in _unique(lines)]
        with open(os.path.join(out_dir, f"{name}.txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{name}: {len(lines)} lines, {sum(s.count(ZWNJ) for s in lines)} ZWNJs", file=sys.stderr)


# The news set is press text (an outlet's), which the project does not ship: it is built
# outside the repository, here unless DIDGAH_NEWS_GOLD names the file, and scored when present.
NEWS_GOLD = os.environ.get("DIDGAH_NEWS_GOLD") or os.path.abspath(
    os.path.join(GOLD_DIR, "..", "..", "..", "..", "var", "gold", "news_test.txt"))


# The dev sets of press text, built the same way beside it: the treebank's dev part
# (news_dev) and a larger one (news_train: the treebank's train part, or any CoNLL-U
# files of Persian press text given), which the rules may be grown on.
NEWS_DEV_GOLD = os.path.join(os.path.dirname(NEWS_GOLD), "news_dev.txt")
NEWS_TRAIN_GOLD = os.path.join(os.path.dirname(NEWS_GOLD), "news_train.txt")


def write_news(conllu_paths, out_path: str) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    fixes = read_corrections(os.path.join(GOLD_DIR, "corrections.tsv"))
    lines = [apply_corrections(s, fixes) for s in _unique([s for p in conllu_paths for s in news(p)])]
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{os.path.basename(out_path)}: {len(lines)} lines, {sum(s.count(ZWNJ) for s in lines)} ZWNJs -> {out_path}",
          file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "news":
        write_news(sys.argv[2:3], NEWS_GOLD)
    elif sys.argv[1] == "news-dev":
        write_news(sys.argv[2:], NEWS_DEV_GOLD)
    elif sys.argv[1] == "news-train":
        write_news(sys.argv[2:], NEWS_TRAIN_GOLD)
    elif sys.argv[1] == "prose":
        pdev, ptest = prose(sys.argv[2])
        write_sets({"prose_dev": pdev, "prose_test": ptest})
    else:
        main(*sys.argv[1:4])
