"""Derive wordfreq_fa.txt from wordfreq's Persian frequency list (CC BY-SA 4.0).

Run once by hand (not at import time); msgpack is needed only here:

    cd /tmp && pip download --no-deps wordfreq==3.1.1 && unzip wordfreq-3.1.1-*.whl 'wordfreq/data/small_fa.msgpack.gz'
    pip install --target /tmp/pylib msgpack
    PYTHONPATH=/tmp/pylib python -m didgah.persian.data.build_wordfreq /tmp/wordfreq/data/small_fa.msgpack.gz
    PYTHONPATH=/tmp/pylib python -m didgah.persian.data.build_wordfreq joined /tmp/wordfreq/data/small_fa.msgpack.gz
    PYTHONPATH=/tmp/pylib python -m didgah.persian.data.build_wordfreq spelled /tmp/wordfreq/data/small_fa.msgpack.gz

wordfreq counts words in Wikipedia, subtitles, news and web text.  hazm's list
knows the written language's words; wordfreq knows how people spell the words
of today (loanwords, names, the plural of a brand).  Two things are taken:

* ``z``: a spelling with a ZWNJ that is at least as frequent as the same letters
  written joined: «وای‌فای», «گذرواژه‌ها».  It becomes a known compound.
* ``k``: a word written joined that no ZWNJ spelling outnumbers: «فیلتر»,
  «پلتفرم», «وبگاه».  It becomes a known word, which the rules never change
  (without it «فیلتر» reads as «فیل» + «تر»).  A joined word that the rules
  read as one regular form («میکنید», «سالها», «بزرگترین») is left out: the
  web writes those joined often enough, and restoring their ZWNJ is the point.

A second list, ``wordfreq_joined.txt`` (``build_wordfreq joined PATH``), names the
ZWNJ compounds of the lexicon (hazm's, above) that the web writes joined at least
ten times as often as with a ZWNJ (JOINED_MARGIN buckets: «لیلی» is a name far more
than «لی‌لی» the game, «پلتفرم» no «پلت‌فرم», «دستگیری», «بیشترین»): their joined
spelling becomes a known word, which the rules never change.

A third list, ``wordfreq_spelled.txt`` (``build_wordfreq spelled PATH``), keeps every
ZWNJ spelling in the list with its bucket: where a word reads two ways («شبهای»:
«شب‌های» or «شبه‌ای»), the reading people write wins, when they write it ten times
as often as the other or write only it.

The second column is the frequency bucket (wordfreq's centibels below one:
0 is the most frequent word), kept for the record and for later rules.
"""

from __future__ import annotations

import gzip
import os
import sys

from didgah.persian._chars import ZWNJ
from didgah.persian.zwnj import DATA_DIR, _fold_entry

# A bucket past this is a word seen a few times in a billion: too rare to vouch
# for a spelling (typos and run-together words live there).
MAX_BUCKET = 550
# wordfreq's buckets are centibels: 100 buckets are a factor of ten.  A ZWNJ
# spelling wordfreq never saw counts as bucket ABSENT_BUCKET.
JOINED_MARGIN = 100
ABSENT_BUCKET = 650


def read(path, max_bucket=MAX_BUCKET):
    import msgpack

    with gzip.open(path) as f:
        data = msgpack.load(f, raw=False)
    freq: dict[str, int] = {}
    for bucket, words in enumerate(data[1:]):
        if bucket > max_bucket:
            break
        for w in words:
            w = _fold_entry(w)
            w = ZWNJ.join(p for p in w.split(ZWNJ) if p)
            if len(w) < 3 or not all("\u0621" <= c <= "\u06cc" or c == ZWNJ for c in w):
                continue
            freq.setdefault(w, bucket)
    return freq


def main(path, out_dir=DATA_DIR):
    from didgah.persian.zwnj import Lexicon, load_data

    lex = Lexicon(*load_data(out_dir, wordfreq=False))

    def regular(w: str) -> bool:
        outs = lex._morph(w, 1)
        if w in lex.compounds:
            return True
        # a «می» verb, however many ways it could be read («میکردهاند»)
        if w.startswith(("می", "نمی")) and any(o.startswith(("می" + ZWNJ, "نمی" + ZWNJ)) for o in outs):
            return True
        if len(outs) != 1 or next(iter(outs)) == w:
            return False
        out = next(iter(outs))
        # a comparative counts only after a real adjective stem: «فیلتر» is no «فیل‌تر»
        stem, _, suffix = out.rpartition(ZWNJ)
        return not suffix.startswith("تر") or len(stem) >= 4 or stem not in lex.nouns

    freq = read(path)
    # the best (lowest) bucket of any ZWNJ spelling of the same letters
    best_zwnj: dict[str, int] = {}
    for w, b in freq.items():
        if ZWNJ in w:
            key = w.replace(ZWNJ, "")
            best_zwnj[key] = min(b, best_zwnj.get(key, 10**6))
    rows = []
    for w, b in sorted(freq.items()):
        if ZWNJ in w:
            joined = freq.get(w.replace(ZWNJ, ""))
            if joined is None or b <= joined:
                rows.append((w, b, "z"))
        elif best_zwnj.get(w, 10**6) > b and not regular(w):
            rows.append((w, b, "k"))
    with open(os.path.join(out_dir, "wordfreq_fa.txt"), "w", encoding="utf-8") as f:
        f.write(
            "# Derived from wordfreq 3.1.1 wordfreq/data/small_fa.msgpack.gz (CC BY-SA 4.0,\n"
            "# see LICENSE-wordfreq.txt) by build_wordfreq.py. word<TAB>bucket<TAB>kind;\n"
            "# kind z = a ZWNJ spelling at least as frequent as the joined one, k = a known joined word\n"
        )
        for w, b, kind in rows:
            f.write(f"{w}\t{b}\t{kind}\n")
    print(f"z={sum(r[2] == 'z' for r in rows)} k={sum(r[2] == 'k' for r in rows)}", file=sys.stderr)


def joined(path, out_dir=DATA_DIR):
    from didgah.persian.zwnj import Lexicon, load_data

    lex = Lexicon(*load_data(out_dir, joined=False))
    freq = read(path, max_bucket=ABSENT_BUCKET)
    rows = sorted(
        (k, freq[k], freq.get(v, ABSENT_BUCKET))
        for k, v in lex.compounds.items()
        if k in freq and freq.get(v, ABSENT_BUCKET) - freq[k] >= JOINED_MARGIN
    )
    with open(os.path.join(out_dir, "wordfreq_joined.txt"), "w", encoding="utf-8") as f:
        f.write(
            "# Derived from wordfreq 3.1.1 wordfreq/data/small_fa.msgpack.gz (CC BY-SA 4.0,\n"
            "# see LICENSE-wordfreq.txt) by build_wordfreq.py joined: compounds the lexicon knows\n"
            "# with a ZWNJ that the web writes joined ten times as often or more.\n"
            f"# joined word<TAB>its bucket<TAB>the ZWNJ spelling's bucket ({ABSENT_BUCKET}: not seen)\n"
        )
        for k, bj, bz in rows:
            f.write(f"{k}\t{bj}\t{bz}\n")
    print(f"joined={len(rows)}", file=sys.stderr)


def spelled(path, out_dir=DATA_DIR):
    """Every ZWNJ spelling in wordfreq's list with its bucket: between two readings
    of a word («شبهای»: «شب‌های» or «شبه‌ای») the one people write wins
    (zwnj.Lexicon._most_spelled).  A reading without a ZWNJ is the word as written
    joined, whose count is every reading's written without one: an upper bound."""
    from didgah.persian.zwnj import Lexicon, load_data

    lex = Lexicon(*load_data(out_dir))
    freq = read(path, max_bucket=ABSENT_BUCKET)

    def joined_reading(w: str) -> bool:
        """w, written joined, is one of its own readings among others («دخترهای»:
        a plural after «ر», or «دختره‌ای»): its count bounds that reading's."""
        if len(w) < 4 or w in lex.words:
            return False
        readings = lex._morph_scored(w, 1)
        return len(readings) >= 2 and w in readings

    rows = sorted((w, b) for w, b in freq.items() if ZWNJ in w or joined_reading(w))
    with open(os.path.join(out_dir, "wordfreq_spelled.txt"), "w", encoding="utf-8") as f:
        f.write(
            "# Derived from wordfreq 3.1.1 wordfreq/data/small_fa.msgpack.gz (CC BY-SA 4.0,\n"
            "# see LICENSE-wordfreq.txt) by build_wordfreq.py spelled: every ZWNJ spelling\n"
            "# in the list, and the joined words that are one reading of themselves among others.\n"
            "# word<TAB>bucket (centibels below one: 0 is the most frequent word)\n"
        )
        for w, b in rows:
            f.write(f"{w}\t{b}\n")
    print(f"spelled={len(rows)}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "joined":
        joined(sys.argv[2])
    elif sys.argv[1] == "spelled":
        spelled(sys.argv[2])
    else:
        main(sys.argv[1])
