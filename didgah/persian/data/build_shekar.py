"""Derive shekar_compounds.txt from shekar's MIT-licensed compound list.

Run once by hand (not at import time):

    cd /tmp && pip download --no-deps shekar==1.7.0 && unzip shekar-1.7.0-*.whl 'shekar/data/files/compound_words.csv'
    python -m didgah.persian.data.build_shekar /tmp/shekar/data/files/compound_words.csv

shekar (Ahmad Amirivojdan, MIT, see LICENSE-shekar.txt) lists ~10,000 words
written with a ZWNJ.  Most are already in hazm's and wordfreq's lists; the rest
are newer words («وای‌فای», «اسکرین‌شات», «دانش‌بنیان», «آب‌وهوا») and are taken as
known compounds, except:

* entries whose last piece is an inflection («چرخه‌ای», «آبگینه‌ای», «‌ها»): such a
  form is a reading of an ambiguous joined word («چرخهای»: «چرخ‌های» or
  «چرخه‌ای»), which the rules leave alone, and not a compound;
* entries with a one-letter piece, or a space;
* entries the rules already read, one way or another («می‌دانی», a «می» verb,
  and «میدانی», of a square, are the rules' to tell apart or leave alone).
"""

from __future__ import annotations

import os
import sys

from didgah.persian._chars import ZWNJ
from didgah.persian.zwnj import DATA_DIR, Lexicon, _fold_entry, load_data

INFLECTIONS = frozenset("ای ها های هایی ی یی ام اش ات ایم اید اند تر ترین".split())


def main(path, out_dir=DATA_DIR):
    lex = Lexicon(*load_data(out_dir, shekar=False))
    rows = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            word = _fold_entry(line.strip())
            parts = [p for p in word.split(ZWNJ) if p]
            if len(parts) < 2 or " " in word or parts[-1] in INFLECTIONS or min(map(len, parts)) < 2:
                continue
            word = ZWNJ.join(parts)
            key = word.replace(ZWNJ, "")
            # known already, or a form the rules read («می‌دانی», «کتاب‌ها»)
            if key in lex.words or key in lex.compounds or lex._morph(key, 1) or parts[0] in ("می", "نمی"):
                continue
            rows.add(word)
    with open(os.path.join(out_dir, "shekar_compounds.txt"), "w", encoding="utf-8") as f:
        f.write(
            "# Derived from shekar 1.7.0 shekar/data/files/compound_words.csv (MIT, see\n"
            "# LICENSE-shekar.txt) by build_shekar.py: words written with a ZWNJ that the other lists lack\n"
        )
        for word in sorted(rows):
            f.write(word + "\n")
    print(f"compounds={len(rows)}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
