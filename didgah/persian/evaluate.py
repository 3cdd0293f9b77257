"""Score ZWNJ restoration against a text with correct ZWNJs (used by tests and bench)."""

from __future__ import annotations

from dataclasses import dataclass

from ._chars import ZWNJ


def zwnj_positions(text: str) -> tuple[str, set[int]]:
    """Text without ZWNJs, and the offsets (in that text) where ZWNJs stood."""
    out = []
    pos: set[int] = set()
    n = 0
    for ch in text:
        if ch == ZWNJ:
            pos.add(n)
        else:
            out.append(ch)
            n += 1
    return "".join(out), pos


@dataclass
class ZwnjScore:
    gold: int
    restored: int
    wrong: int
    missed_words: list
    wrong_words: list

    @property
    def recall(self) -> float:
        return self.restored / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        total = self.restored + self.wrong
        return self.restored / total if total else 1.0


def score_zwnj(gold_text: str, repair) -> ZwnjScore:
    """Strip every ZWNJ from gold_text, run repair, compare ZWNJ positions.

    repair must only add ZWNJs (display_text on ZWNJ-free text with Persian
    letters already normalised does exactly that).
    """
    stripped, gold_pos = zwnj_positions(gold_text)
    repaired = repair(stripped)
    back, pred_pos = zwnj_positions(repaired)
    if back != stripped:
        raise ValueError("repair changed more than ZWNJs")
    ok = gold_pos & pred_pos
    wrong = pred_pos - gold_pos
    missed = gold_pos - pred_pos

    def word_at(p):
        a = p
        while a > 0 and not stripped[a - 1].isspace():
            a -= 1
        b = p
        while b < len(stripped) and not stripped[b].isspace():
            b += 1
        return stripped[a:b]

    return ZwnjScore(
        gold=len(gold_pos),
        restored=len(ok),
        wrong=len(wrong),
        missed_words=[word_at(p) for p in sorted(missed)],
        wrong_words=[word_at(p) for p in sorted(wrong)],
    )
