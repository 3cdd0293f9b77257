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


# The plural «ها» and its inflections.  The Academy of Persian Language's دستور خط
# accepts it written joined or apart after a stem that does not end in a silent ه
# («کتابها» / «کتاب‌ها», «کوهها» / «کوه‌ها»); a text of one period may do both.
PLURAL_HA = ("هایمان", "هایتان", "هایشان", "هامان", "هاتان", "هاشان", "هایی", "هایم", "هایت", "هایش",
             "هاست", "های", "ها")


@dataclass
class ZwnjScore:
    gold: int
    restored: int
    wrong: int
    missed_words: list
    wrong_words: list
    # wrong insertions before a plural «ها» the published text joined to a stem that
    # takes it either way (PLURAL_HA): counted in wrong, set apart here
    either: int = 0

    @property
    def wrong_std(self) -> float:
        """Wrong insertions the written standard does not accept either."""
        return self.wrong - self.either

    @property
    def precision_std(self) -> float:
        total = self.restored + self.wrong_std
        return self.restored / total if total else 1.0

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

    def either_way(p):
        """A ZWNJ at p would stand before a plural «ها» that the stem takes joined too."""
        b = p
        while b < len(stripped) and "\u0621" <= stripped[b] <= "\u06cc":
            b += 1
        if stripped[p:b] not in PLURAL_HA:
            return False
        # the text put its ZWNJ inside those letters («تیمنه‌ای»): another word, not a plural
        if any(p < q < b for q in gold_pos):
            return False
        a = p
        while a > 0 and "\u0621" <= stripped[a - 1] <= "\u06cc":
            a -= 1
        stem = stripped[a:p]
        return len(stem) >= 2 and (not stem.endswith("ه") or stem.endswith(("اه", "وه")))

    return ZwnjScore(
        gold=len(gold_pos),
        restored=len(ok),
        wrong=len(wrong),
        missed_words=[word_at(p) for p in sorted(missed)],
        wrong_words=[word_at(p) for p in sorted(wrong)],
        either=sum(1 for p in wrong if either_way(p)),
    )
