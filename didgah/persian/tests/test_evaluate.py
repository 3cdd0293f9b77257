"""score_zwnj: positions compared, and wrong insertions before a joined plural «ها» set apart."""

import pytest

from didgah.persian.evaluate import score_zwnj

Z = "\u200c"


def _fixed(out):
    return lambda s: out


@pytest.mark.parametrize(
    "gold, repaired, restored, wrong, either",
    [
        (f"می{Z}گوید", f"می{Z}گوید", 1, 0, 0),
        (f"می{Z}گوید", "میگوید", 0, 0, 0),
        # joined plural after a stem that takes it both ways: wrong, and set apart
        ("گروهها کتابهای", f"گروه{Z}ها کتاب{Z}های", 0, 2, 2),
        # the same after a silent ه or inside a compound: plainly wrong
        ("خانهها", f"خانه{Z}ها", 0, 1, 0),
        ("خوشبین", f"خوش{Z}بین", 0, 1, 0),
        # «هایی» / «هاست» are plurals too; «هار» is not
        ("سالهایی، بحثهاست", f"سال{Z}هایی، بحث{Z}هاست", 0, 2, 2),
        ("سگهار", f"سگ{Z}هار", 0, 1, 0),
        # the text's ZWNJ inside the «های» letters: another word («نامه‌ای»), plainly wrong
        (f"نامه{Z}ای", f"نام{Z}های", 0, 1, 0),
    ],
)
def test_score(gold, repaired, restored, wrong, either):
    score = score_zwnj(gold, _fixed(repaired))
    assert (score.restored, score.wrong, score.either) == (restored, wrong, either)
    assert score.wrong_std == wrong - either
