"""display_text and search_key run in time linear in their input, whatever it holds.

Hostile text (one comment of a single huge word, a query of 200,000 letters) must not
cost more per character than ordinary prose: issue 16, item 1. Two checks:
- one 1 MB token (UTF-8 bytes) of each hostile shape runs under a generous bound;
- the time at 4N is compared with the time at N, which catches quadratic growth
  (x16) without depending on the machine's speed (linear is x4).
And since the fast paths replace slower code, they are compared with it.
"""

import gc
import multiprocessing
import random
import re
import time

import pytest

from didgah.persian import display_text, search_key, text
from didgah.persian import zwnj as zwnj_module
from didgah.persian._chars import DISPLAY_TABLE
from didgah.persian.evaluate import zwnj_positions
from didgah.persian.zwnj import get_lexicon

from .test_gold import _gold

Z = "\u200c"

# Each a unit repeated into one long token with no space in it: a Persian letter, a
# real word (the ZWNJ lexicon's work), words joined by ZWNJs, a Latin run with an «@»
# at its end (an e-mail's local part), dotted labels after an «@» (an e-mail's domain),
# unclosed comments, CDATA sections and script tags (markup kept verbatim), letters
# with marks, Persian digits with separators.
SHAPES = {
    "letter": ("ب", ""),
    "word": ("کتاب", ""),
    "zwnj-joined": ("بب" + Z, ""),
    "email-local": ("a", "@"),
    "email-domain": ("a.", "a@"),
    "comment": ("<!--", ""),
    "cdata": ("<![CDATA[", ""),
    "script": ("<script>", ""),
    "marks": ("ب\u064e", ""),
    "digits": ("۱٬", ""),
}
FUNCTIONS = [display_text, search_key]
MB = 1_000_000
# A bound no linear run comes near even on a busy shared machine; the quadratic code
# this replaced took minutes for one such token.
GENEROUS_SECONDS = 5.0
# Linear: t(4N) / t(N) near 4; quadratic: near 16. SLACK absorbs timer noise on the
# short runs.
MAX_RATIO = 10
SLACK_SECONDS = 0.02


def _token(shape: str, nbytes: int) -> str:
    unit, tail = SHAPES[shape]
    size = len(unit.encode("utf-8"))
    body = unit * (nbytes // size + 1)
    return (tail + body if tail.endswith("@") else body + tail) if tail else body


def _cpu_seconds(fn, s: str, repeat: int = 3) -> float:
    """Best CPU time of a few runs (other processes on the machine do not count);
    one run only when it is slow anyway."""
    best = float("inf")
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            get_lexicon()._cache.clear()
            started = time.process_time()
            fn(s)
            best = min(best, time.process_time() - started)
            if best > 0.5:
                break
    finally:
        if gc_was:
            gc.enable()
    return best


def _cpu_seconds_within(fn, s: str, wall_limit: float) -> float:
    """_cpu_seconds in a forked child, given up after wall_limit seconds (inf), so a
    superlinear version fails in seconds instead of running for hours."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=lambda: send.send(_cpu_seconds(fn, s, repeat=1)), daemon=True)
    child.start()
    try:
        return receive.recv() if receive.poll(wall_limit) else float("inf")
    finally:
        child.kill()
        child.join()


@pytest.fixture(scope="module", autouse=True)
def _lexicon_loaded():
    get_lexicon()


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", SHAPES)
def test_one_megabyte_token_is_fast(fn, shape):
    s = _token(shape, MB)
    assert len(s.encode("utf-8")) >= MB
    assert _cpu_seconds_within(fn, s, wall_limit=4 * GENEROUS_SECONDS) < GENEROUS_SECONDS


@pytest.mark.parametrize("fn", FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("shape", SHAPES)
def test_four_times_the_input_costs_about_four_times_the_time(fn, shape):
    n = 20_000  # bytes
    small = _cpu_seconds(fn, _token(shape, n), repeat=5)
    bound = MAX_RATIO * small + SLACK_SECONDS
    large = _cpu_seconds_within(fn, _token(shape, 4 * n), wall_limit=4 * bound + 2)
    assert large < bound, (small, large)


# --- the fast paths give what the code they replace gave ------------------------------

_PIECES = [
    "<", ">", "<!--", "-->", "<![CDATA[", "]]>", "<script>", "</script>", "<style a>",
    "</STYLE >", "<scrİpt>", "<ſcript>", "</ſcript>", "</scrıpt>", "<?", "?>", "<!DOCTYPE",
    "<a href='x'>", "</a>", "&amp;", "&#12;", "&#x1F;", "&", ";", "http://", "www.", "Www.",
    "://", "ftp", "a", "K", "ab", "b.c", "@", "x@y.com", ".", "-", "_", "%", "+", "1",
    " ", "\n", '"', "'", "«", "ب", "کتاب", "ſ", "İ", "ı",
]


def _reference_spans(s: str) -> list[tuple[int, int]]:
    return [m.span() for m in text._PROTECTED.finditer(s)]


@pytest.mark.parametrize(
    "s",
    [
        "",
        "<b>سلام</b>",
        "<!-- a --> <!-- b",
        "<script>x</script><script>y",
        "<script>x</style></script>",
        "<scrİpt>x</script>",
        "<ſcript>x</script><style>y</style>",
        "a@b.cc.d@e.ff",
        "x.www.a@b.ccx.www.a@b.cc",
        "<a href=http://x.y/z>http://x.y</a>",
        "&amp;&#12;&bogus &",
        "see www.example.com/ب, mail a.b@c.org.",
    ],
)
def test_protected_spans_match_the_regex(s):
    assert list(text._protected_spans(s)) == _reference_spans(s)


def test_protected_spans_match_the_regex_on_random_markup():
    rng = random.Random(16)
    for _ in range(5000):
        s = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 40)))
        assert list(text._protected_spans(s)) == _reference_spans(s), s


def _compound_every_split(lex, w: str) -> set[str]:
    """Lexicon._compound before it skipped the splits that cannot match."""
    outs = set()
    for i in range(3, len(w) - 2):
        a, b = w[:i], w[i:]
        if (
            a in lex.nouns
            and b in lex.stems
            and b not in zwnj_module.NOT_COMPOUND_HEAD
            and b not in zwnj_module.BOUND_HEADS
            and (b not in lex.present_stems or a[-1] == "ه")
            and (len(a) >= 5 or (a[-1] == "ه" and not a.endswith(zwnj_module.PRONOUNCED_H_ENDINGS)))
        ):
            outs.add(lex._join(a, b))
    return outs


def test_compound_splits_agree_with_trying_every_split():
    lex = get_lexicon()
    stripped, _ = zwnj_positions(_gold())
    words = set(re.findall(f"[^\\s{Z}]+", stripped)) | {"واشینگتنپست", "رئیسجمهور", "ب" * 60}
    for w in words:
        assert lex._compound(w) == _compound_every_split(lex, w), w


def test_letter_tables_agree_with_str_translate():
    chars = "".join(chr(c) for c in sorted(set(DISPLAY_TABLE) | set(text._KEY_TABLE)))
    rng = random.Random(16)
    samples = [chars, chars[::-1], "کتاب‌ها ۱۲٬۳۴۵ ي ك ـ"] + [
        "".join(rng.choice(chars + "ابپ ") for _ in range(50)) for _ in range(200)
    ]
    for s in samples:
        assert text._display_letters(s) == s.translate(DISPLAY_TABLE)
        assert text._key_letters(s) == s.translate(text._KEY_TABLE)
