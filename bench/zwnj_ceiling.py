"""What "no wrong insertion" can mean on published news text (issue 17).

    .venv/bin/python bench/zwnj_ceiling.py

The held-out news set is press text whose writers chose, word by word, between
spellings the written standard accepts both of («کشورها» / «کشور‌ها»: the Academy's
دستور خط allows the plural «ها» joined or apart).  A restorer sees the text with
every ZWNJ stripped, so it cannot know which one a writer chose.  This prints,
for each news set built into var/gold/ (gold/SOURCES.md):

* the plurals in «ها» after a stem that takes either spelling, written apart and
  written joined, and the stems the text writes both ways;
* the ceiling of an oracle that knows every word of the text itself: the share of
  its ZWNJs restorable with no wrong insertion by any restorer that spells one
  word one way (a word written both ways can only be restored by also inserting
  where the text joined it);
* a restorer that learns the press's own choice for each plural's stem from the
  same treebank's dev part (the best a restorer can learn short of the held-out
  text), with unseen stems apart or joined: ZWNJs restored, wrong and missed;
* display_text's wrong insertions by kind: before a plural «ها» (either way by the
  standard), in a spelling the project's licensed word lists write with that ZWNJ
  (hazm's lexicon, wordfreq's ZWNJ spellings, shekar's compounds, a word or its
  stem before an ending) where display_text only added ZWNJs to the text's
  word, and the rest, each listed.  The first two are spellings the text's
  writers could have chosen; only the rest are errors of display_text or of
  the text.

Results are also written to bench/results/zwnj-ceiling.txt.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from didgah.persian import display_text  # noqa: E402
from didgah.persian._chars import ZWNJ  # noqa: E402
from didgah.persian.data.build_gold import NEWS_DEV_GOLD, NEWS_GOLD, NEWS_TRAIN_GOLD  # noqa: E402
from didgah.persian.evaluate import PLURAL_HA, score_zwnj, zwnj_positions  # noqa: E402
from didgah.persian.zwnj import DIRECT_SUFFIXES, PLURAL_SUFFIXES, get_lexicon  # noqa: E402

GOLD_DIR = os.path.join(ROOT, "didgah", "persian", "tests", "gold")
OUT = os.path.join(ROOT, "bench", "results", "zwnj-ceiling.txt")
# (set, the dev set of the same press whose plurals a learning restorer reads)
SETS = [
    (NEWS_GOLD, NEWS_DEV_GOLD, "news, held-out (UD Persian-Seraji test)"),
    (NEWS_DEV_GOLD, None, "news, dev (UD Persian-Seraji dev)"),
    (NEWS_TRAIN_GOLD, None, "news, larger dev (UD Persian-PerDT dev + test)"),
]
_WORD = re.compile(f"[\u0621-\u06cc{ZWNJ}]+")
_PLURAL = re.compile(f"^([\u0621-\u06cc]{{2,}}?)({ZWNJ}?)({'|'.join(PLURAL_HA)})$")


def plurals(text: str):
    """(stem, written apart) for each word that is a plural in «ها» after a stem that
    takes it either way: not a silent ه (which always takes the ZWNJ), nor «آن»/«این»,
    which the lexicon keeps as the text shows them (EITHER_WAY), nor «تن» («تنها» is
    mostly "alone")."""
    for w in _WORD.findall(text):
        m = _PLURAL.match(w)
        if not m or ZWNJ in m.group(1) or m.group(1) in ("آن", "این", "تن"):
            continue
        stem = m.group(1)
        if stem.endswith("ه") and not stem.endswith(("اه", "وه")):
            continue
        yield stem, bool(m.group(2))


def oracle(text: str) -> tuple[int, int, list]:
    """ZWNJs, those an oracle spelling each word one way restores with no wrong
    insertion, and the (word, place, apart, joined) it cannot."""
    apart: collections.Counter = collections.Counter()
    seen: collections.Counter = collections.Counter()
    for w in _WORD.findall(text):
        s, pos = zwnj_positions(w)
        seen[s] += 1
        for p in pos:
            apart[(s, p)] += 1
    total = sum(apart.values())
    both = [(s, p, k, seen[s] - k) for (s, p), k in apart.items() if seen[s] > k]
    return total, total - sum(b[2] for b in both), both


def learned(dev: str, test: str, unseen_apart: bool) -> tuple[int, int, int]:
    """A restorer that spells each plural's stem as the dev text mostly did (ties and
    unseen stems: apart when unseen_apart): restored, wrong, missed on test."""
    votes: dict = collections.defaultdict(lambda: [0, 0])
    for stem, apart in plurals(dev):
        votes[stem][apart] += 1
    ok = wrong = missed = 0
    for stem, apart in plurals(test):
        joined_n, apart_n = votes.get(stem, (0, 0))
        choose = apart_n > joined_n if apart_n != joined_n else unseen_apart
        ok += choose and apart
        wrong += choose and not apart
        missed += apart and not choose
    return ok, wrong, missed


def attested(lex, word: str) -> bool:
    """The word, or its stem before a direct or plural ending, is spelled so in the
    licensed lists (with its ZWNJs)."""
    if word in lex.words or word in lex.spelled:
        return True
    for suf in DIRECT_SUFFIXES + PLURAL_SUFFIXES:
        stem = word[: -len(suf)].rstrip(ZWNJ)
        if word.endswith(suf) and ZWNJ in stem and (stem in lex.words or stem in lex.spelled):
            return True
    return False


def wrong_by_kind(text: str):
    """display_text's wrong insertions, each ZWNJ counted once, display_text run on
    each line as the scores run it: before a plural «ها» (a number), in a spelling the
    lists write where display_text only added ZWNJs to the text's word, and the
    others; the last two as (text's word, display_text's word)."""
    lex = get_lexicon()
    plural = 0
    listed, others = [], []
    for line in text.splitlines():
        stripped, gold_pos = zwnj_positions(line)
        _, our_pos = zwnj_positions(display_text(stripped))
        for m in re.finditer("[\u0621-\u06cc]+", stripped):
            a, b = m.span()
            gold_in = {q - a for q in gold_pos if a < q < b}
            ours_in = {q - a for q in our_pos if a < q < b}
            word = m.group()

            def spell(pos: set) -> str:
                return "".join(ZWNJ + ch if i in pos else ch for i, ch in enumerate(word))

            for p in sorted(ours_in - gold_in):
                # a plural's ZWNJ, unless the text put its own inside those letters («شکسته‌ای»)
                if word[p:] in PLURAL_HA and not any(q > p for q in gold_in):
                    plural += 1
                elif gold_in <= ours_in and attested(lex, spell(ours_in).replace("\u0654", "")):
                    listed.append((spell(gold_in), spell(ours_in)))
                else:
                    others.append((spell(gold_in), spell(ours_in)))
    return plural, listed, others


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args(argv)
    lines: list[str] = []

    def say(s: str = "") -> None:
        print(s)
        lines.append(s)

    say("# What 'no wrong insertion' can mean on published news text (issue 17)")
    say("(all ZWNJs stripped, as in bench/persian_bench.py; each news set as built by build_gold)")
    for name, dev_name, what in SETS:
        path = os.path.join(GOLD_DIR, name)
        if not os.path.exists(path):
            say(f"\n## {what}: not here (build_gold, gold/SOURCES.md)")
            continue
        text = open(path, encoding="utf-8").read()
        say(f"\n## {what}")
        pl = list(plurals(text))
        apart = sum(1 for _, a in pl if a)
        stems_apart = {s for s, a in pl if a}
        stems_joined = {s for s, a in pl if not a}
        say(f"plurals in «ها» after a stem that takes either spelling: {apart} written apart, "
            f"{len(pl) - apart} joined; {len(stems_apart & stems_joined)} stems written both ways")
        total, ceiling, both = oracle(text)
        say(f"oracle knowing this very text, no wrong insertion: {ceiling} of {total} ZWNJs "
            f"({ceiling / total:.4f}); {len(both)} words the text writes both with and without "
            f"a ZWNJ at one place, {total - ceiling} ZWNJs")
        if dev_name and os.path.exists(os.path.join(GOLD_DIR, dev_name)):
            dev = open(os.path.join(GOLD_DIR, dev_name), encoding="utf-8").read()
            for unseen_apart in (True, False):
                ok, wrong, missed = learned(dev, text, unseen_apart)
                say(f"plurals spelled as the same press's dev part mostly spells their stem, unseen "
                    f"stems {'apart' if unseen_apart else 'joined'}: restored {ok}, wrong {wrong}, missed {missed}")
        score = score_zwnj(text, display_text)
        plural, listed, others = wrong_by_kind(text)
        say(f"display_text: restored {score.restored} of {score.gold} ({score.recall:.4f}), wrong {score.wrong}: "
            f"{plural} before a plural «ها» the text joined; {len(listed)} in words the licensed lists write "
            f"with that ZWNJ where the text joined them; {len(others)} others")
        say("  lists' spelling: " + "  ".join(f"{g}→{o}" for g, o in listed))
        say("  other: " + "  ".join(f"{g}→{o}" for g, o in others))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
