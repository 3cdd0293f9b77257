"""ZWNJ restoration measured on a hand-written gold text.

gold/zwnj_gold.txt is original news-style prose written for this test with
correct ZWNJs.  All ZWNJs are stripped, display_text runs, and every ZWNJ it
puts back must stand where the gold has one (precision 1.0); it must restore
at least RECALL_MIN of them.  The lexicon comes from hazm's word list only;
no gold word was added to it.  (Where a word has two accepted spellings, e.g.
«خشک‌سالی/خشکسالی», «دست‌خوش/دستخوش», the gold uses the lexicon's ZWNJ
spelling.)
"""

import os

from didgah.persian import display_text
from didgah.persian.evaluate import score_zwnj, zwnj_positions

GOLD = os.path.join(os.path.dirname(__file__), "gold", "zwnj_gold.txt")
# «آنها» is kept in a text that writes ZWNJs (both spellings are standard) and
# restored in one that lost them, as here.
RECALL_MIN = 0.96


def _gold():
    with open(GOLD, encoding="utf-8") as f:
        return f.read()


def test_gold_size():
    text = _gold()
    assert len(text.splitlines()) >= 80
    assert len(text.split()) >= 2500
    assert text.count("\u200c") >= 300


def test_gold_text_unchanged():
    text = _gold()
    assert display_text(text) == text


def test_gold_precision_and_recall():
    score = score_zwnj(_gold(), display_text)
    assert score.wrong == 0, f"wrong insertions: {score.wrong_words}"
    assert score.recall >= RECALL_MIN, f"recall {score.recall:.3f}; missed {score.missed_words}"


def test_stripped_gold_is_idempotent():
    stripped, _ = zwnj_positions(_gold())
    once = display_text(stripped)
    assert display_text(once) == once
