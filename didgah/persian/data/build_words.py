"""Derive words.txt / verbs.txt from hazm's MIT-licensed data files.

Run once by hand (not at import time):

    cd /tmp && pip download --no-deps hazm==0.10.0 && unzip hazm-0.10.0-*.whl 'hazm/data/*'
    python -m didgah.persian.data.build_words /tmp/hazm/data/words.dat /tmp/hazm/data/verbs.dat
    python -m didgah.persian.data.build_words regular

The second writes verbs_regular.txt: the regular verbs verbs.txt lacks whose
infinitive words.txt has («دمیدن» → «دمید#دم»).

hazm's words.dat has two parts: ~35,700 tagged entries (word, frequency,
POS tags) and ~158,000 untagged dictionary entries (tag "0").  The untagged
part mixes archaic dictionary words with ZWNJ-less spellings of inflected
forms («کتابها», «میگوید»), so it is not shipped whole:

* every tagged entry is kept (flag ``s``: usable as a stem; ``a``: adjective);
* untagged entries that contain a ZWNJ are kept (they name compounds);
* an untagged ZWNJ-free entry is kept as a *blocker* (flag ``b``: a known word
  that is never changed, but not used as a stem) only when the ZWNJ rules
  would otherwise change it by splitting it into two words, or by mapping
  it to an untagged compound; entries that are a regular inflection (plural,
  «می» verb, comparative, enclitic after ه/ی) or the joined spelling of a
  tagged ZWNJ compound are dropped, since restoring their ZWNJ is the point;
* all other untagged entries are not needed and not shipped.
"""

from __future__ import annotations

import os
import sys

from didgah.persian._chars import ZWNJ
from didgah.persian.zwnj import DATA_DIR, Lexicon, _fold_entry


# Tags whose words may carry a plural ending or be half of a compound.
STEM_TAGS = {"N", "AJ", "PRO"}


def read_words(path):
    tagged: dict[str, set[str]] = {}
    freq: dict[str, int] = {}
    untagged: set[str] = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            word = _fold_entry(parts[0])
            word = ZWNJ.join(p for p in word.split(ZWNJ) if p)
            if not word or " " in word:
                continue
            tags = parts[2]
            if tags == "0":
                untagged.add(word)
            else:
                tagged.setdefault(word, set()).update(tags.split(","))
                try:
                    freq[word] = max(freq.get(word, 0), int(parts[1]))
                except ValueError:
                    pass
    untagged -= set(tagged)
    return tagged, untagged, freq


def read_verbs(path):
    verbs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or "#" not in line:
                continue
            past, _, present = line.partition("#")
            past, present = _fold_entry(past), _fold_entry(present)
            if " " in past or " " in present:
                continue
            verbs.append((past, present))
    return verbs


def main(words_path, verbs_path, out_dir=DATA_DIR):
    tagged, untagged, freq = read_words(words_path)
    weak = {w for w, t in tagged.items() if "RES" in t and freq.get(w, 0) < 2000}
    frequent = {w for w in tagged if freq.get(w, 0) >= 1_000_000}
    verbs = read_verbs(verbs_path)
    untagged_zwnj = {w for w in untagged if ZWNJ in w}
    tagged_zwnj = {w for w in tagged if ZWNJ in w}
    adjectives = [w for w, t in tagged.items() if "AJ" in t]
    stems = [w for w, t in tagged.items() if t & STEM_TAGS]
    nouns = [w for w, t in tagged.items() if "N" in t]
    lex = Lexicon(
        nouns=nouns,
        words=list(tagged) + list(untagged_zwnj),
        stems=stems,
        weak=weak,
        frequent=frequent,
        adjectives=adjectives,
        zwnj_forms=list(tagged_zwnj) + list(untagged_zwnj),
        verbs=verbs,
    )
    blockers = []
    dropped = []
    for u in sorted(untagged - untagged_zwnj):
        if len(u) < 4:
            continue
        morph = lex._morph(u, 1)
        regular = len(morph) == 1 and next(iter(morph)) != u
        comp = lex.compounds.get(u)
        if regular or (comp is not None and comp in tagged_zwnj):
            dropped.append(u)
        elif comp is not None:
            blockers.append(u)
        elif not morph and len(lex._compound(u)) == 1:
            blockers.append(u)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "words.txt"), "w", encoding="utf-8") as f:
        f.write(
            "# Derived from hazm 0.10.0 hazm/data/words.dat (MIT, see LICENSE-hazm.txt)\n"
            "# by build_words.py. word<TAB>flags; s=stem, n=noun, a=adjective, r=rare bound form, f=frequent, b=blocker only\n"
        )
        for w in sorted(tagged):
            t = tagged[w]
            flags = ("s" if t & STEM_TAGS else "") + ("n" if "N" in t else "") + ("a" if "AJ" in t else "")
            flags += ("r" if w in weak else "") + ("f" if w in frequent else "")
            f.write(f"{w}\t{flags}\n")
        for w in sorted(untagged_zwnj):
            f.write(f"{w}\t\n")
        for w in blockers:
            f.write(f"{w}\tb\n")
    with open(os.path.join(out_dir, "verbs.txt"), "w", encoding="utf-8") as f:
        f.write("// Derived from hazm 0.10.0 hazm/data/verbs.dat (MIT, see LICENSE-hazm.txt): past#present\n")
        for past, present in verbs:
            f.write(f"{past}#{present}\n")
    print(
        f"tagged={len(tagged)} untagged_zwnj={len(untagged_zwnj)} blockers={len(blockers)} "
        f"dropped={len(dropped)} verbs={len(verbs)}",
        file=sys.stderr,
    )
    return dropped, blockers


def regular(out_dir=DATA_DIR):
    """verbs_regular.txt: the regular verbs verbs.txt lacks whose infinitive words.txt
    knows («دمیدن» → «دمید#دم», «رنجاندن» → «رنجاند#رنجان»; zwnj._regular_verbs)."""
    from didgah.persian.zwnj import _regular_verbs

    with open(os.path.join(out_dir, "words.txt"), encoding="utf-8") as f:
        words = [line.partition("\t")[0] for line in f if not line.startswith("#") and line.strip()]
    with open(os.path.join(out_dir, "verbs.txt"), encoding="utf-8") as f:
        pasts = {line.strip().partition("#")[0] for line in f if line.strip() and not line.startswith("//")}
    rows = _regular_verbs(words, pasts)
    with open(os.path.join(out_dir, "verbs_regular.txt"), "w", encoding="utf-8") as f:
        f.write(
            "# Derived from hazm 0.10.0 hazm/data/words.dat (MIT, see LICENSE-hazm.txt) by\n"
            "# build_words.py regular: past#present of the regular verbs («Xیدن», «Xاندن») whose\n"
            "# infinitive words.txt has and verbs.txt lacks\n"
        )
        for past, present in rows:
            f.write(f"{past}#{present}\n")
    print(f"regular verbs: {len(rows)}", file=sys.stderr)


if __name__ == "__main__":
    if sys.argv[1] == "regular":
        regular()
    else:
        main(*sys.argv[1:3])
