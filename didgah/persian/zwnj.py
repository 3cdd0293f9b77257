"""Restore lost ZWNJs (U+200C) in Persian words, conservatively.

A word is only changed when the lexicon and a few morphological rules agree
on exactly one ZWNJ form, or, when readings disagree, only where all of them
put one.  A word that is itself in the lexicon is never changed; a word with
two possible readings («نامهای»: «نامه‌ای» or «نام‌های») is left alone.

The lexicon (data/): hazm's MIT word list (words.txt, verbs.txt), wordfreq's
CC BY-SA spellings of today (wordfreq_fa.txt) and the compounds the web writes
joined ten times as often as with a ZWNJ (wordfreq_joined.txt, kept joined),
shekar's MIT list of newer compounds (shekar_compounds.txt), and the project's
own words (house.txt).

Rules, in order:
1. known compound: the ZWNJ-less form of a lexicon entry that has a ZWNJ
   («رئیسجمهور» → «رئیس‌جمهور»), when that joined form is unambiguous;
2. morphology (all analyses are collected; exactly one distinct output wins):
   - «می/نمی» (after an optional preverb بر، در، باز، فرو، فرا، وا، ور) + a
     conjugated form of a known verb («میگوید» → «می‌گوید»): the verb list's,
     and the regular verbs whose infinitive the word list knows («میدمد»);
   - plural / comparative endings (ها، های، هایی، هایم ...، تر، ترین) after
     a known stem («گزارشها» → «گزارش‌ها», «بزرگترین» → «بزرگ‌ترین»), or a
     known noun + the diminutive «ک» («نقشکها» → «نقشک‌ها»); not after a verb's
     bare stem that is no noun («گرفت», «نویس»: «نویسهای» is «نویسه‌ای»);
   - enclitics ای، ام، ات، اش، ایم، اید، اند after a known stem ending in a
     silent ه or in ی («خانهاش» → «خانه‌اش», «گفتهاند» → «گفته‌اند»), and the
     perfect's endings after a participle with its preverb («بازگرفتهاند»);
   - a productive head after a known noun («گزارشدهی» → «گزارش‌دهی»), a prefix
     written apart before a known word («پیشگزیده» → «پیش‌گزیده»), the ezafe «ی»
     after a silent ه («پسزمینهی» → «پس‌زمینه‌ی»);
   - a plural after a final silent ه, known stem or not («افزارهها»);
   - family names: a word in «ی» + نژاد، زاده، نیا، پور، فر، راد («احمدی‌نژاد»);
   - a causative after «می» («می‌نمایانند»); an enclitic after a known compound
     in the derivational ی («نخست‌وزیری‌اش»); a plural or «‌اش» after a
     relational adjective in «ه‌ای» («حرفه‌ای‌ها», «هسته‌ای‌اش»);
   readings are then settled by the neighbours (text.py: no ezafe before «که»,
   a clause's end; one thing after «یک», «چنین», a number word; a plural after
   «یکی از», «کلیه»), by a participle + «‌ایم» over a plural + «م», by an acronym
   whose ZWNJs include a reading's, by the one reading wordfreq's list spells
   (alone, or ten times as often: «برگ‌های», not «برگه‌ای»);
3. two known nouns/adjectives written together, when there is exactly one
   such split and the second is no verb's present stem after a letter other
   than ه (a noun + a present stem is an agent noun the press writes joined,
   «گروگانگیر»; after ه it is written apart, «ذخیره‌ساز»)
   («واشینگتنپست» → «واشینگتن‌پست»);
4. an acronym spelled out in three or more Latin letter names («بی‌بی‌سی»);
5. when nothing else reads it, a plural after an unknown word in ی («حوثیها»).
Words the lists write with «أ» or «ؤ» are known without the hamza as well («رای»).
No ZWNJ is ever placed after a non-joining letter (ا د ذ ر ز ژ و ...).
"""

from __future__ import annotations

import os
import re
import threading

from ._chars import NON_JOINING, ZWNJ

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

# Plural / comparative endings: joined to a stem with a ZWNJ after a joining letter.
PLURAL_SUFFIXES = (
    "هایمان",
    "هایتان",
    "هایشان",
    "هایی",
    "هایم",
    "هایت",
    "هایش",
    "هاست",
    "های",
    "ها",
)
COMPARATIVE_SUFFIXES = ("ترینها", "ترین", "تری", "تر")
# Enclitics written with a ZWNJ after a silent final ه (and after ی).
ENCLITICS = ("ایم", "اید", "اند", "ای", "ام", "ات", "اش", "شان", "مان", "تان")
# The perfect's personal endings after a participle («گرفته‌اند», «رفته‌ای»).
VERB_ENCLITICS = ("ایم", "اید", "اند", "ای", "ام")
# Endings after a relational adjective in «ه‌ای» («حرفه‌ای‌ها», «هسته‌ای‌اش»).
RELATIONAL_ENDINGS = ("هایی", "های", "ها", "اش")
# After ی only these (a «ی» + «ای» is «ی‌ای»).
ENCLITICS_AFTER_YEH = ("ایم", "اید", "اند", "ای", "ام", "اش")

PREVERBS = ("", "بر", "در", "باز", "فرو", "فرا", "وا", "ور")

# Present-tense / past-tense personal endings.
PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
PAST_ENDINGS = ("", "م", "ی", "یم", "ید", "ند")
# The causative's mark after a present stem («رسان» of «رس», «نمایان» of «نما»).
CAUSATIVE = "ان"
# Present stems that are used bare after «می» (impersonal).
BARE_PRESENT = frozenset({"توان", "بایست", "شاید"})

# Inflections that may follow a known ZWNJ compound.
COMPOUND_INFLECTIONS = ("یان", "ان", "ی", "یی", "ای", "ش", "م", "ت", "مان", "تان", "شان")
# Heads that are written apart from a noun before them: participles and the productive
# verbal nouns and adjectives of newer compounds («گزارش‌دهی», «شبیه‌سازی», «امکان‌پذیر»);
# the old fused ones («بازسازی», «سرمایه‌گذاری») are in the lexicon as written.
SEPARATE_HEADS = ("کنندگان", "کنندگی", "کننده", "دهندگان", "دهندگی", "دهنده", "شدگان", "شده", "نشده",
                  "سازی", "دهی", "یافته", "پذیر", "پذیری", "گذاری", "کردن", "شدن", "نمودن",
                  "انگیز", "انگیزی", "آمیز", "آمیزی")

# Of those heads, the longer ones in a silent ه («کننده», «دهنده», «یافته»), which end a
# compound that takes the ezafe «‌ی».
HEADS_IN_HE = frozenset(h for h in SEPARATE_HEADS if h.endswith("ه") and len(h) >= 5)

# Of those heads, the ones that make adjectives, which take «تر/ترین» («تکان‌دهنده‌تر»).
COMPARABLE_HEADS = ("کننده", "دهنده", "یافته", "پذیر", "انگیز", "آمیز")

# Prefixes written apart from a word they make a new word with («پیش‌گزیده», «هم‌رسانی»,
# «تک‌خط», «تمام‌صفحه»). The words they long ago fused with («پیشنهاد», «همکار»,
# «تکرار», «تمامی») are in the lexicon and never changed; this reaches only the
# newer ones, which the lexicon lacks.
APART_PREFIXES = ("پیش", "هم", "تک", "تمام", "برون")

# Endings joined straight to a word (no ZWNJ), used to recognise inflected
# forms of known words.
DIRECT_SUFFIXES = ("ی", "یی", "ش", "م", "ت", "مان", "تان", "شان", "ان", "یان")
# Bound derivational heads: «پژوهشگر», «سخنگو», «دانشگاه» are written joined; so are
# «سرا» of a house («کاروانسرا», «مهمانسرا») and «قلی» of a name («امامقلی», «حسینقلی»).
BOUND_HEADS = frozenset(
    """گر گری گران گار گاری گاه گاهی ستان دان دانی مند مندی وار واره گین ناک سار زار
    یار گو گوی گویی جو جوی جویی خوش گی ان انه یون ین مین سرا سرای قلی""".split()
)

# Words that are never the second half of a compound (function words,
# copula): «خانهاست» is «خانه است», not a compound.
NOT_COMPOUND_HEAD = frozenset(
    """است هست نیست بود باشد شود شده کرد کند کرده این آن اینکه آنکه برای
    باید نباید همه هیچ چون چند چه چرا کجا اند ایم اید هایی های ترین تری
    را که از به با در تا بر یا اگر اما ولی پس نیز هم همین همان""".split()
)

# Written both ways by careful writers and publishers alike («آنها» / «آن‌ها»): either
# is right, so a text that shows its choice (it writes ZWNJs elsewhere) keeps it
# (text.py); in a text that has lost every ZWNJ they are restored like any plural.
EITHER_WAY = frozenset({"آنها", "اینها", "آنهایی", "اینهایی"})

# What a word's neighbours may say of a word in «های» or «هی» (Lexicon.analyse); also
# the prefix of its cache keys, which no word contains.  SINGLE: no ezafe can stand at
# its end and it is one thing, not a plural («یک نامهای» is «یک نامه‌ای», «دیهی است»
# is no «دیه‌ی»); PLURAL: it is a plural («یکی از چرخهای» is «چرخ‌های», never
# «چرخه‌ای»).
SINGLE = "\n"
PLURAL = "\r"
# The endings whose reading the neighbours may settle: the plural's ezafe «‌های» (or
# «ه‌ای»), and the ezafe «‌ی» after a silent ه.
CONTEXT_ENDINGS = ("های", "هی", "هایم")

# Stems ending in a pronounced ه (no ZWNJ before ای/اش...).
PRONOUNCED_H_ENDINGS = ("اه", "وه")

# Words whose final ه is pronounced although no «اه/وه» shows it: they take a
# bare «ی» («مشابهی», «فقهی»), never «‌ی».
PRONOUNCED_H_WORDS = frozenset(
    """مشابه شبه فقه فقیه توجیه تنبیه تشبیه تنزیه سفیه وجیه کریه نزیه ابله منزه توجه متوجه تنبه
    تفقه تشبه تنزه وجه موجه کنه گره زره فربه تبه مکروه مشتبه روبه""".split()
)
# «الله» (Allah) ends every name made with it in a pronounced ه: «عبداللهی», «فتح‌اللهی»
# take a bare «ی» like «فقهی».
ALLAH = "الله"
# ...also written with one lam at the head of such names («الهیاری» beside «اللهیاری»).
ALLAH_FORMS = frozenset({ALLAH, "اله"})
# ...and words in «وه» whose ه is silent all the same (the و a consonant): «شیوه‌ای», «میوه‌ها».
SILENT_VEH_WORDS = frozenset("شیوه میوه بیوه جلوه قهوه رشوه نحوه عشوه اسوه علاوه ذروه".split())


def silent_h(stem: str) -> bool:
    """Whether stem ends in a silent ه (which takes «‌ای», «‌اش», «‌ی» after a ZWNJ).

    A compound ends as its last word does; a word of two letters in ه is a
    pronounced one («ده», «مه», «به») or a particle («که», «نه», «چه»)."""
    stem = stem.rpartition(ZWNJ)[2]
    if stem[-1:] != "ه" or len(stem) <= 2 or stem in PRONOUNCED_H_WORDS or stem.endswith(ALLAH):
        return False
    if stem.endswith(PRONOUNCED_H_ENDINGS):
        return stem in SILENT_VEH_WORDS or stem.endswith(("یوه", "لوه"))
    return True

# A known compound («دستکم» → «دست‌کم») yields to a reading as a known word + an
# ending («دستک» + «م») only when that word is this long: shorter ones are mostly
# chance readings.
COMPOUND_OVER_INFLECTED = 5

# An unknown word in a silent ه takes the enclitic «‌ای» where its neighbours rule the
# plural out (Lexicon.analyse) only when it is this long: a shorter «Xهای» is as
# often a word of its own or a name.
UNKNOWN_STEM_MIN = 5

# Between a word's readings (Lexicon._most_spelled): a ZWNJ spelling wordfreq's list
# lacks counts as this bucket (its list ends at 599), and of two it has, the one
# SPELLED_MARGIN buckets more frequent (wordfreq's buckets are centibels: ten times)
# wins.
SPELLED_ABSENT = 650
SPELLED_MARGIN = 100

# wordfreq's joined words this long also serve as stems for plural and enclitic
# endings; shorter ones («تن», «آن») are too often the start of another word.
STEM_MIN_KNOWN = 4

# «به» written joined to a noun in fixed phrases, as editors write them
# («به‌عنوان», «به‌صورت»).  A closed list: «به» + any noun is usually a word of its
# own («بهار», «بهره», «بهبود»), and the lexicon's words are never changed.
BE_PHRASES = frozenset(
    """عنوان صورت طور ویژه خصوص دست نظر منظور وسیله وسیلهٔ دنبال هنگام روز روزرسانی
    کار کارگیری جای جز سوی زودی تازگی شدت ترتیب همراه رغم علاوه موقع راحتی سرعت
    سختی تدریج نوبه اندازه پایان خاطر طوری گونه گونه‌ای زور مثابه تنهایی شمار
    لحاظ سمت رسمیت درستی خوبی کلی یاد مراتب قدری آسانی اشتباه هرحال عبارت
    عبارتی تفصیل اختصار سادگی ندرت وضوح موازات نمایندگی نفع ضرر همین عمد
    دلیل علت سبب کمک شکل دقت صراحت آرامی راستی ظاهر یقین اجبار واسطه منزله
    حدی نحوی جد تمامی دلخواه مانند""".split()
)
# Numbers ending in a joining «ه», written apart from the noun they count into an
# adjective («سه‌بعدی», «ده‌ساله»); «نه» (no) is left, it is more often a negation.
NUMBERS_IN_HE = ("سه", "ده")

# A day of a month made an adjective for what happened on it («دوم‌خردادی», «سی‌تیری»):
# the day's number is written apart from the month.
MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن",
          "اسفند")
_UNITS = "یک دو سه چهار پنج شش هفت هشت نه ده یازده دوازده سیزده چهارده پانزده شانزده هفده هجده نوزده بیست سی".split()
DAY_NUMBERS = frozenset(_UNITS + [u + "م" for u in _UNITS if not u.endswith("ی")] + ["سوم", "سیام", "اول"]
                        + ["بیستو" + u for u in _UNITS[:9]] + ["بیستو" + u + "م" for u in _UNITS[:9]])

# Family names made of a name or an adjective in «ی» and one of these heads are
# written with a ZWNJ after the «ی» («احمدی‌نژاد», «کریمی‌فر», «تقی‌زاده»).
NAME_HEADS = ("نژاد", "زاده", "زادگان", "نیا", "پور", "فر", "فرد", "راد", "نسب")

# wordfreq's joined comparatives that the Academy's دستور خط writes apart («تر/ترین»
# are written apart except in بهتر، بیشتر، کمتر، مهتر، کهتر): not kept as known words.
COMPARATIVES_APART = frozenset({"مهمتر", "قویترین", "پیشتر"})

# Latin letters spelled out in Persian: acronyms are written name by name
# («بی‌بی‌سی», «وی‌پی‌ان», «اف‌بی‌آی»).  Only a word made of three or more of them
# that show apart (two ZWNJs), which no Persian word is, is split; two («آیتی»,
# «سیدی») may well be a word, and so may «یوپیکی» (after «یو» nothing shows).
LETTER_NAMES = frozenset(
    "ای بی سی دی اف جی اچ آی جی کی ال ام ان او پی کیو آر اس تی یو وی دبلیو ایکس وای زد".split()
)
ACRONYM_MIN_LETTERS = 3
_LETTER_STARTS = frozenset(n[:2] for n in LETTER_NAMES)


# «X‌به‌X» pairs («روزبه‌روز», «خودبه‌خود») and other «…به…» compounds.
BE_INFIX_PAIRS = frozenset({("راست", "چپ"), ("چپ", "راست"), ("جا", "جا"), ("رو", "رو"), ("دست", "دست")})


# The last one / two letters of each ending list: a word that ends otherwise skips
# the list (the same analyses, fewer endswith calls).
_ENDS1 = {t: frozenset(x[-1:] for x in t) for t in (COMPOUND_INFLECTIONS,)}
_ENDS2 = {t: frozenset(x[-2:] for x in t) for t in (COMPARATIVE_SUFFIXES, NAME_HEADS, ENCLITICS, SEPARATE_HEADS)}


# The per-token cache keeps real words only: a token longer than any word is
# hostile or junk, costs as much to hash as to analyse, and would pin its
# whole text in memory for the life of the process.
CACHE_MAX_WORD = 64
CACHE_MAX_ENTRIES = 200_000


_IDLE_ZWNJ = re.compile(f"(?<=[{re.escape(''.join(sorted(NON_JOINING)))}]){ZWNJ}")


def _drop_idle_zwnjs(z: str) -> str:
    """z without the ZWNJs that follow a non-joining letter."""
    return _IDLE_ZWNJ.sub("", z)


def _common_zwnjs(w: str, outputs) -> str:
    """w with the ZWNJs that all outputs (w with ZWNJs added) have in common."""
    common = None
    for out in outputs:
        pos = set()
        n = 0
        for ch in out:
            if ch == ZWNJ:
                pos.add(n)
            else:
                n += 1
        common = pos if common is None else common & pos
    if not common:
        return w
    return "".join(ZWNJ + ch if i in common else ch for i, ch in enumerate(w))


def _fold_entry(word: str) -> str:
    """Normalise a lexicon entry the way display_text normalises text."""
    import unicodedata

    from ._chars import DIACRITICS, DISPLAY_TABLE

    word = unicodedata.normalize("NFC", word).translate(DISPLAY_TABLE)
    for d in DIACRITICS:
        if d in word:
            word = word.replace(d, "")
    return word.strip()


class Lexicon:
    """Word sets the ZWNJ rules use.

    words:      every known word as written (never changed)
    stems:      words good enough to carry a plural / enclitic suffix
    adjectives: words that take تر / ترین
    compounds:  joined form -> ZWNJ form
    verbforms:  conjugated verb forms that may follow «می»
    participles: past participles («گفته») and their negatives
    """

    def __init__(
        self, words, stems, adjectives, zwnj_forms, verbs, blockers=(), nouns=None, weak=(), frequent=(),
        spelled=None,
    ):
        # ZWNJ spellings wordfreq has seen -> bucket (lower: more frequent); settles a
        # word that reads two ways (analyse)
        self.spelled = dict(spelled or {})
        self.weak = set(weak)
        self.frequent = set(frequent)
        self.words = set(words) | set(blockers)
        self.stems = set(stems)
        self.nouns = set(stems if nouns is None else nouns)
        self.adjectives = set(adjectives)
        # a ZWNJ after a non-joining letter does nothing («یو‌سی‌ال‌ای», «سعید‌بن‌عاص»): dropped
        zwnj_forms = [_drop_idle_zwnjs(z) for z in zwnj_forms]
        joined: dict[str, str | None] = {}
        for z in zwnj_forms:
            key = z.replace(ZWNJ, "")
            if key in self.words:
                continue
            prev = joined.get(key, z)
            joined[key] = z if prev == z else None  # None: ambiguous
        self.compounds = {k: v for k, v in joined.items() if v}
        # words with a ZWNJ count as known words/stems too
        for z in zwnj_forms:
            self.words.add(z)
        self.verbforms, self.participles = self._verb_forms(verbs)
        self.present_stems = {present for _, present in verbs if present}
        # the causative of a verb («نمایاندن» of «نمودن»: present «نمایان», past «نمایاند»),
        # which the verb list has for some verbs only; read after «می» alone, where no
        # other word starts («مینمایانند» → «می‌نمایانند»)
        self.causatives, _ = self._verb_forms(
            [(p + CAUSATIVE + "د", p + CAUSATIVE) for p in self.present_stems
             if len(p) >= 2 and not p.endswith(CAUSATIVE)])
        # a verb's past stem that is no noun («گرفت», «نوشت»; not «ساخت», «برداشت») takes
        # no plural: «گرفتهایم» is «گرفته‌ایم», never «گرفت‌هایم»
        self.verb_only_stems = {
            p[:-1] for p in self.participles if not p.startswith("ن") or p[1:] not in self.participles
        } - self.nouns
        # a verb's present stem that the lists call no noun or adjective («نویس», «گو») takes
        # no plural either: «نویسهای» is «نویسه‌ای»
        self.present_only_stems = self.present_stems - self.nouns - self.adjectives
        # «میکرده» is a verb written joined, not a stem for «اند»; «میکروفون», «میدان» are
        verbal = self.verbforms | self.participles
        self.stems -= {
            w for w in self.stems
            if (w.startswith("می") and w[2:] in verbal) or (w.startswith("نمی") and w[3:] in verbal)
        }
        # participles are fine stems for «اند/ام/ای ...»
        self.stems |= self.participles
        self.words_zwnj_free = {w for w in self.words if ZWNJ not in w}
        # known words that the lexicon also knows with a ZWNJ («تحلیلگر», «تحلیل‌گر»)
        self.joined_compounds = {z.replace(ZWNJ, "") for z in zwnj_forms} & self.words_zwnj_free
        # the sets are complete here and never change afterwards
        self._longest_stem = max(map(len, self.stems), default=0)
        self._longest_noun = max(map(len, self.nouns), default=0)
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _verb_forms(verbs):
        forms: set[str] = set()
        participles: set[str] = set()
        for past, present in verbs:
            if past:
                for e in PAST_ENDINGS:
                    forms.add(past + e)
                participles.add(past + "ه")
                # «نیامده», «نیاورده»: the negative's «ن» before «آ» is written «نیا»
                participles.add(("نیا" + past[1:] if past[0] == "آ" else "ن" + past) + "ه")
            if present:
                for e in PRESENT_ENDINGS:
                    forms.add(present + e)
                if present[-1] in "اوآ":
                    for e in ("یم", "ید", "یند", "یی"):
                        forms.add(present + e)
                    forms.add(present + "ید")
                if present in BARE_PRESENT:
                    forms.add(present)
        forms.discard("")
        return forms, participles

    def participle(self, stem: str) -> bool:
        """stem is a past participle, or one after a preverb («دریافته», «بازگرفته»)."""
        return any(stem.startswith(pv) and stem[len(pv):] in self.participles for pv in PREVERBS)

    # -- analysis -------------------------------------------------------
    def known(self, stem: str, depth: int = 1) -> str | None:
        """Return the written (ZWNJ) form of stem if it is a known word."""
        if stem in self.stems:
            if len(stem) > 2 or stem in self.nouns:
                return stem
            return None
        c = self.compounds.get(stem)
        if c is not None:
            return c
        # «بیماری», «آبادی»: a known stem + the derivational ی
        if len(stem) >= 4 and stem[-1] == "ی" and stem[-2] != "ی" and stem[:-1] in self.stems:
            return stem
        if depth > 0:
            # «بزرگترین» + «ها», «رئیسجمهور» + «های»
            outs = self._morph(stem, depth - 1, comparatives_only=True)
            if len(outs) == 1:
                out = next(iter(outs))
                if out != stem:
                    return out
        return None

    def _compound_yeh(self, stem: str) -> str | None:
        """The written form of a known compound + the derivational ی («نخست‌وزیری»),
        a stem for an enclitic («نخست‌وزیری‌اش»)."""
        if len(stem) < 5 or stem[-2] in "یه":
            return None
        c = self.compounds.get(stem[:-1])
        if c is None or c.rpartition(ZWNJ)[2] in PLURAL_SUFFIXES + ENCLITICS:
            return None
        return c + "ی"

    def _comparable(self, stem: str) -> str | None:
        """The written form of a stem that takes «تر/ترین» although the lists do not
        call it an adjective: a relational adjective in «ی» made from a known word
        («اقتصادی‌ترین»), or a compound adjective, known or made by a productive head
        («کم‌اهمیت‌تر», «تکان‌دهنده‌ترین»).  Nothing else: «دفتر», «کبوتر», «دختر»
        end in «تر» and are not comparatives."""
        if len(stem) < 4:
            return None
        if stem[-1] == "ی" and stem[-2] != "ی" and stem in self.words and stem[:-1] in self.stems:
            return stem
        c = self.compounds.get(stem)
        if c is not None:
            return c if c.rpartition(ZWNJ)[2] not in PLURAL_SUFFIXES + ENCLITICS else None
        for head in SEPARATE_HEADS:
            if head in COMPARABLE_HEADS and stem.endswith(head):
                a = stem[: -len(head)]
                if len(a) >= 3 and (a in self.nouns or a in self.adjectives):
                    return self._join(a, head)
        return None

    @staticmethod
    def _join(a: str, b: str) -> str:
        if not a:
            return b
        if a[-1] in NON_JOINING or a.endswith(ZWNJ):
            return a + b
        return a + ZWNJ + b

    def _morph(self, w: str, depth: int, comparatives_only: bool = False) -> set[str]:
        return set(self._morph_scored(w, depth, comparatives_only))

    def _morph_scored(self, w: str, depth: int, comparatives_only: bool = False) -> dict[str, str]:
        """All morphological analyses: output -> strength of its stem.

        strength: "weak" (a rare bound form such as «ساله»), "frequent", or "".
        """
        outs: dict[str, str] = {}

        def add(out: str, stem: str = "") -> None:
            if stem in self.weak:
                strength = "weak"
            elif stem in self.frequent:
                strength = "frequent"
            else:
                strength = ""
            prev = outs.get(out)
            if prev is None or prev == "weak":
                outs[out] = strength

        # comparatives after an adjective
        last1, last2 = w[-1:], w[-2:]
        for suf in (COMPARATIVE_SUFFIXES if last2 in _ENDS2[COMPARATIVE_SUFFIXES] else ()):
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                stem = w[: -len(suf)]
                if stem in self.adjectives:
                    if suf == "ترینها":
                        add(self._join(self._join(stem, "ترین"), "ها"), stem)
                    else:
                        add(self._join(stem, suf), stem)
                elif suf != "ترینها" and not comparatives_only:
                    k = self._comparable(stem)
                    if k is not None:
                        add(self._join(k, suf), stem)
        if comparatives_only:
            return outs
        # verbs: (preverb)(ن)می + form
        for pv in PREVERBS:
            if not w.startswith(pv):
                continue
            rest = w[len(pv):]
            for mi in ("نمی", "می"):
                if rest.startswith(mi):
                    form = rest[len(mi):]
                    if len(form) >= 1 and (form in self.verbforms or form in self.participles
                                           or form in self.causatives):
                        # a participle after «می» is the past continuous of reported speech
                        # («می‌برده است», «می‌زیسته»)
                        add(pv + mi + ZWNJ + form)
                    else:
                        # «میکردهاند» → «می‌کرده‌اند»
                        for suf in ("اند", "ام", "ای", "ایم", "اید"):
                            if form.endswith(suf) and form[: -len(suf)] in self.participles:
                                add(pv + mi + ZWNJ + form[: -len(suf)] + ZWNJ + suf)
        # plural endings
        if "ها" in w[-6:]:
            for suf in PLURAL_SUFFIXES:
                if w.endswith(suf) and len(w) - len(suf) >= 2:
                    stem = w[: -len(suf)]
                    if stem in self.verb_only_stems or stem in self.present_only_stems:
                        continue
                    k = self.known(stem, depth)
                    if k is None and stem[-1] == "ک" and len(stem) >= 4 and stem[:-1] in self.nouns:
                        # a known noun + the diminutive «ک» («نقشک», «نشانک», «ابزارک»)
                        k = stem
                    if k is not None:
                        add(self._join(k, suf), stem)
                    # after a final ه: «افزارهها» can only be «افزاره‌ها» (the ه
                    # before «ها» ends the stem, and a ZWNJ there is the standard after
                    # any ه), so the stem need not be known; a «هه» or a pronounced
                    # «اه/وه» ending is left to the lexicon
                    elif (
                        len(stem) >= 4
                        and stem[-1] == "ه"
                        and stem[-2] != "ه"
                        and (stem[-2] not in "او" or silent_h(stem))
                        and stem not in self.words
                    ):
                        add(stem + ZWNJ + suf, stem)

        # family names: «احمدینژاد» → «احمدی‌نژاد»
        for head in (NAME_HEADS if last2 in _ENDS2[NAME_HEADS] else ()):
            stem = w[: -len(head)]
            if w.endswith(head) and len(stem) >= (3 if len(head) >= 3 else 4) and stem[-1] == "ی":
                add(stem + ZWNJ + head, "")
        # enclitics after silent ه / ی
        for suf in (ENCLITICS if last2 in _ENDS2[ENCLITICS] else ()):
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                stem = w[: -len(suf)]
                last = stem[-1]
                if last == "ه":
                    if not silent_h(stem):
                        continue
                elif last == "ی":
                    # «روی»، «پای»: a consonantal ی takes the bare enclitic
                    if suf not in ENCLITICS_AFTER_YEH or stem[-2] in "اوآ":
                        continue
                elif suf == "اند" and stem in self.adjectives and len(stem) >= 3 and w not in self.verbforms:
                    # the copula «‌اند» after an adjective («مهم‌اند»): joined, «مهماند»
                    # would read as a word of its own
                    pass
                else:
                    continue
                k = self.known(stem, depth)
                if k is None and last == "ی":
                    k = self._compound_yeh(stem)
                if k is None and last == "ه" and suf in VERB_ENCLITICS and self.participle(stem):
                    # a verb with its preverb: «بازگرفته‌اند», «دررفته‌ام»
                    k = stem
                if k is not None:
                    add(k + ZWNJ + suf, stem)
        # a known ZWNJ compound + an inflection: «سرمایهگذاران», «ملیپوشان»,
        # «مصرفکنندگان», «گفتوگویی»
        for suf in (COMPOUND_INFLECTIONS if last1 in _ENDS1[COMPOUND_INFLECTIONS] else ()):
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                stem = w[: -len(suf)]
                c = self.compounds.get(stem)
                if c is not None and (c[-1] != "ه" or c.endswith(ALLAH)):
                    if suf in ("یی", "ای") and c[-1] not in "او":
                        continue
                    # an enclitic ends a word: «نشانه‌ای» takes no ending («نشانهایی» is
                    # «نشان‌هایی»); a plural takes «ی» before a possessive in writing
                    # («سال‌هایش»: «سال‌هاش» is speech, «سالهاش» is «ساله‌اش»)
                    last = c.rpartition(ZWNJ)[2]
                    if last in ENCLITICS or (last == "ها" and suf in ("ش", "م", "ت")):
                        continue
                    add(c + suf, "")
        if w.endswith("گان") and len(w) > 6:
            c = self.compounds.get(w[:-3] + "ه")
            if c is not None:
                add(c[:-1] + "گان", "")
        # productive heads always written apart: «تعقیبکنندگان», «اعلامشده»
        for head in (SEPARATE_HEADS if last2 in _ENDS2[SEPARATE_HEADS] else ()):
            if w.endswith(head) and len(w) - len(head) >= 3:
                stem = w[: -len(head)]
                k = self.known(stem, 0)
                # a noun, an adjective («مخفی‌کردن»), a noun in the derivational ی
                # («پشتیبانی‌نشده») or a known compound («زمان‌بندی‌شده»)
                if k is not None and (
                    stem in self.nouns or stem in self.adjectives or (stem[-1] == "ی" and stem[:-1] in self.nouns)
                    or ZWNJ in k
                ):
                    add(self._join(k, head), stem)
        # a relational adjective in «ه‌ای» + a plural or an enclitic: «حرفهایها» →
        # «حرفه‌ای‌ها», «هستهایاش» → «هسته‌ای‌اش» (a plural's ezafe takes no «‌اش» or «‌ها»)
        if "ای" in w[-9:-1]:
            for suf in RELATIONAL_ENDINGS:
                if w.endswith(suf):
                    stem = w[: -len(suf) - 2]
                    if w[-len(suf) - 2: -len(suf)] == "ای" and len(stem) >= 3 and stem in self.nouns and silent_h(stem):
                        k = self.known(stem, 0)
                        if k is not None:
                            add(k + ZWNJ + "ای" + ZWNJ + suf, stem)
                    break
        # «به» in a fixed phrase: «بهعنوان» → «به‌عنوان»
        if w.startswith("به") and w[2:] in BE_PHRASES:
            add("به" + ZWNJ + w[2:], "")
        # «X‌به‌X»: «روزبهروز», «خودبهخود», «راستبهچپ», «جابهجایی»
        i = w.find("به", 2)
        while i > 0:
            a, b = w[:i], w[i + 2:]
            if len(a) >= 2 and len(b) >= 2:
                head = b[: len(a)] if b.startswith(a) else b
                tail = b[len(head):]
                pair = (a, head)
                if (a == head and a in self.nouns) or pair in BE_INFIX_PAIRS:
                    if tail in ("", "ی", "ها", "های", "یی"):
                        add(self._join(self._join(a, "به"), head) + (tail if tail in ("", "ی") else ZWNJ + tail), "")
            i = w.find("به", i + 1)
        # the ezafe «ی» after a silent ه: «پروندهی» → «پرونده‌ی»
        if w.endswith("هی") and len(w) >= 4:
            stem = w[:-1]
            # A known compound ends in its last word's silent ه as well: «پس‌زمینه‌ی».
            compound = self.compounds.get(stem)
            if compound is not None and silent_h(compound):
                add(compound + ZWNJ + "ی", "")
            elif silent_h(stem) and stem in self.nouns:
                k = self.known(stem, 0)
                if k is not None:
                    add(k + ZWNJ + "ی", stem)
            elif silent_h(stem) and stem not in self.words:
                # an unknown compound whose last word is a known noun in silent ه
                # («سرصفحهی» → «سرصفحه‌ی»), or a productive head after a noun
                # («بارکنندهی»); «ده» is left but in those heads: «ـدهی» is mostly «دهی»
                # (giving), and «آموزشدهی» is no «آموزشده‌ی»
                for i in range(2, len(stem) - 3):
                    tail = stem[i:]
                    if tail in HEADS_IN_HE:
                        if stem[:i] in self.nouns:
                            add(stem + ZWNJ + "ی", "")
                        break
                    if tail in self.nouns and silent_h(tail) and stem[:i] in self.stems and not stem.endswith("ده"):
                        add(stem + ZWNJ + "ی", "")
                        break
        # «بی» + a known noun/adjective: «بیامکانات»; but not the subjunctive «ب» before a
        # verb in «آ» written without its madda («بیاغاز», «بیاموزد»)
        if w.startswith("بی") and len(w) >= 5:
            rest = w[2:]
            verb = "آ" + rest[1:] if rest[0] == "ا" else ""
            if (rest in self.stems and len(rest) >= 3 and rest not in BOUND_HEADS
                    and verb not in self.present_stems and verb not in self.verbforms):
                add("بی" + ZWNJ + rest, rest)
        # a number in «ه» before a noun it counts («سه‌فرسخی», «ده‌ساله»)
        for num in NUMBERS_IN_HE:
            if w.startswith(num) and len(w) - len(num) >= 4:
                rest = w[len(num):]
                if rest in self.nouns or (rest[-1] == "ی" and rest[:-1] in self.nouns):
                    add(num + ZWNJ + rest, "")
        # «بن/ابن» (son of) between two names: «عدی‌بن‌حاتم», «علی‌ابن‌ابیطالب»
        for son in ("ابن", "بن"):
            i = w.find(son, 3)
            if i > 0:
                a, b = w[:i], w[i + len(son):]
                # not where «بن» starts a word of its own: «امتیازبندی» is «امتیاز» + «بندی»
                # nor after a preverb, where «بن» is the imperative's «ب» + «ن…» («فروبنشان»)
                if (a in self.nouns and b in self.nouns and len(b) >= 2 and not (son == "بن" and a.endswith("ا"))
                        and son + b not in self.words and a not in PREVERBS):
                    add(self._join(self._join(a, son), b), "")
        # a date made an adjective: «دوم‌خردادی», «سی‌تیری‌ها»
        if "ی" in w[-4:]:
            for tail in ("ی", "یها", "یهای", "یان"):
                if w.endswith(tail):
                    date = w[: -len(tail)]
                    for month in MONTHS:
                        if date.endswith(month) and date[: -len(month)] in DAY_NUMBERS:
                            day = date[: -len(month)]
                            add(self._join(self._join(day, month) + "ی", tail[1:]) if len(tail) > 2
                                else self._join(day, month) + tail, "")
        for prefix in APART_PREFIXES:
            if w.startswith(prefix) and len(w) - len(prefix) >= 3:
                rest = w[len(prefix):]
                if rest in self.stems and rest not in BOUND_HEADS and rest not in NOT_COMPOUND_HEAD:
                    add(self._join(prefix, rest), rest)
        return outs

    @staticmethod
    def _acronym(w: str) -> set[str]:
        """The ways w splits into ACRONYM_MIN_LETTERS or more spelled-out Latin letters."""
        if len(w) > 30:
            return set()
        outs: set[str] = set()

        def walk(i: int, parts: list) -> None:
            if i == len(w):
                out = parts[0]
                for p in parts[1:]:
                    out = Lexicon._join(out, p)
                # three letters that show apart: «یوپی‌کی» (Yupik) is a word
                if out.count(ZWNJ) >= ACRONYM_MIN_LETTERS - 1:
                    outs.add(out)
                return
            for j in range(i + 2, min(len(w), i + 5) + 1):
                if w[i:j] in LETTER_NAMES:
                    walk(j, parts + [w[i:j]])

        walk(0, [])
        return outs

    def _compound(self, w: str) -> set[str]:
        """Splits of w into two known words (the first a noun)."""
        outs: set[str] = set()
        n = len(w)
        # Only split points where both halves could be in the word sets: a half
        # longer than the longest noun / stem can never match, and trying every
        # split of a long unbroken token would slice and hash it n times
        # (quadratic CPU for hostile input).
        lo = max(3, n - self._longest_stem)
        hi = min(n - 2, self._longest_noun + 1)
        for i in range(lo, hi):
            a, b = w[:i], w[i:]
            if (
                a in self.nouns
                and b in self.stems
                and b not in NOT_COMPOUND_HEAD
                and b not in BOUND_HEADS
                # a noun + a present stem is an agent noun, joined («گروگانگیر»), but after ه
                and (b not in self.present_stems or a[-1] == "ه")
                # a short first half only when it ends in a ه, which a ZWNJ follows (not «نه» nine)
                and (len(a) >= 5 or (len(a) >= 3 and a[-1] == "ه" and not a.endswith(PRONOUNCED_H_ENDINGS)))
                # «الله» / «اله» (Allah) open names written joined, its ه pronounced
                # («الهیاری», «الهوردی», «الهکرم»)
                and a not in ALLAH_FORMS
            ):
                outs.add(self._join(a, b))
        return outs

    def _inflected_known(self, w: str, compound: bool = False) -> bool:
        """w looks like a known ZWNJ-free word + a directly attached ending
        («بیشتری», «پژوهشگران», «ساختمانی») or a verb with the ب/ن prefix
        («بینجامد»): such a word needs no ZWNJ.

        With compound, w is also a known ZWNJ compound («دست‌کم», «بی‌نام»): only a
        known word long enough to be meant, or one the lexicon knows with a ZWNJ as
        well («تحلیلگر» / «تحلیل‌گر»: the text wrote the compound joined), still
        counts; a short one («دستک» + «م», «بینا» + «م») is a chance reading."""
        for suf in DIRECT_SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                k = w[: -len(suf)]
                if compound and len(k) < COMPOUND_OVER_INFLECTED and k not in self.joined_compounds:
                    continue
                # «کردها» + «م» / «ی» (a spoken «my Kurds», «Kurds of») does not stop «کرده‌ام», «کرده‌ای»
                if k.endswith("ها") and suf in ("م", "ت", "ش", "ی") and k[:-2] + "ه" in self.participles:
                    continue
                # a «می» verb in the first person («میدانم» is «می‌دانم»), not a noun in
                # «می» + «م» (my …)
                if suf == "م" and w.startswith("می") and w[2:] in self.verbforms:
                    continue
                if k[-1] != "ه" and k in self.words_zwnj_free:
                    return True
        # «بینجامد»; not «نمیزد», which is «نمی‌زد» before it is «ن» + «میزد» (of «میزیدن»)
        if w[0] in "بن" and w[1:] in self.verbforms and not (w.startswith("نمی") and w[3:] in self.verbforms):
            return True
        # «بیشترین»: a known comparative written joined + ین
        if w.endswith("ترین") and w[:-2] in self.words_zwnj_free:
            return True
        return False

    def analyse(self, w: str, context: str = "") -> str:
        """ZWNJ-restored form of a ZWNJ-free, diacritic-free letter run.

        context (text.py reads it off the neighbours of a word in «های»):
        SINGLE where the plural's ezafe «‌های» cannot stand: it joins its noun to a
        word after it, so «نامهای.» is «نامه‌ای.», never «نام‌های.»; PLURAL where
        the words before call for a plural («یکی از نامهای» is «نام‌های»)."""
        if len(w) < 4 or w in self.words:
            return w
        c = self.compounds.get(w)
        if c is not None and not self._inflected_known(w, compound=True):
            return c
        if self._inflected_known(w):
            return w
        if c is not None:
            return c
        scored = self._morph_scored(w, 1)
        if context == SINGLE and w.endswith("هی"):
            # the ezafe «‌ی» joins its word to one after it: none follows here
            # («دیهی است» is a village, not «دیه‌ی»)
            fit = {o: st for o, st in scored.items() if not o.endswith("ه" + ZWNJ + "ی")}
            if len(fit) < len(scored) and (not fit or w[:-1] in self.words):
                # nor is the ی then another word's end when the word in ه is known: it
                # is the derivational ی written joined («فرماندهی», «بازدهی»), not «فرمان‌دهی»
                return w
            scored = fit
        if context == PLURAL and len(scored) > 1:
            # the one reading that is not a plural: a word in silent ه + the enclitic «‌ای»
            # (or «‌ایم», we are: «لبهایم را» is «لب‌هایم را»)
            fit = {o: st for o, st in scored.items() if not o.endswith(("ه" + ZWNJ + "ای", "ه" + ZWNJ + "ایم"))}
            if fit:
                scored = fit
        elif context and len(scored) > 1:
            # an ending with «ی» or more after «ها» («هایی», «هایش») is not the ezafe
            # a plural reads «‌های» after a joining letter, «های» after one that does not («منظرهای»)
            fit = {o: st for o, st in scored.items() if not (o.endswith("های") and o[-4:-3] in NON_JOINING | {ZWNJ})}
            if fit:
                scored = fit
        if not scored and context == SINGLE and w.endswith("های") and len(w) - 2 >= UNKNOWN_STEM_MIN:
            # no word known in it, and no plural's ezafe here: an unknown word in a
            # silent ه + the enclitic «‌ای» («افراد ستمبارهای که»)
            stem = w[:-2]
            if silent_h(stem) and stem[:-1] not in self.words:
                return stem + ZWNJ + "ای"
        if scored and w[:2] in _LETTER_STARTS:
            # letter names read as a word + an ending («پیتی» + «‌ای»): the acronym
            # («پی‌تی‌ای») has that ZWNJ and the others, which the ending does not explain
            acronyms = self._acronym(w)
            if len(acronyms) == 1:
                acronym = next(iter(acronyms))
                if all(_common_zwnjs(w, (o, acronym)) == o for o in scored):
                    return acronym
        if scored:
            if len(scored) == 1:
                return next(iter(scored))
            # a past participle + «‌ایم» (we have …) beats a plural + «م» (my …): «بردهایم»
            # is «برده‌ایم», the plural's «‌هایم» is rare in writing
            if w.endswith("هایم") and self.participle(w[:-3]):
                perfect = self._join(w[:-3], "ایم")
                if perfect in scored:
                    return perfect
            # a rare bound form («ساله» in «سالهای») loses to a frequent stem
            if "frequent" in scored.values():
                strong = [o for o, st in scored.items() if st != "weak"]
                if len(strong) == 1:
                    return strong[0]
            # the one reading the web writes, or writes ten times as often as the others
            # («شب‌های», not «شبه‌ای»; «سیاره‌ای», not «سیار‌های»)
            spelled = self._most_spelled(scored)
            if spelled is not None:
                return spelled
            # the ZWNJs every reading puts in («شتابدهندهها»: «شتابدهنده‌ها» and
            # «شتاب‌دهنده‌ها» agree on the last); «نامهای» has none in common
            return self._settle(_common_zwnjs(w, scored))
        outs = self._compound(w)
        if len(outs) == 1:
            return next(iter(outs))
        if not outs and "ها" in w[-6:]:
            # two known words run together, then a plural: «انبوهکاریهای»
            for suf in PLURAL_SUFFIXES:
                if w.endswith(suf) and len(w) - len(suf) >= 6:
                    split = self._compound(w[: -len(suf)])
                    if len(split) == 1:
                        return self._join(next(iter(split)), suf)
                    break
        if not outs and w[:2] in _LETTER_STARTS:
            acronyms = self._acronym(w)
            if acronyms:
                return _common_zwnjs(w, acronyms)
        if not outs and "یها" in w[-6:]:
            # nothing else reads it: a plural after an unknown word in ی («حوثیها»,
            # «دایرکتوریهای»); «یها» ends no word of its own but Arabic's «علیها»,
            # «فیها», which are short
            for suf in PLURAL_SUFFIXES:
                if w.endswith(suf):
                    stem = w[: -len(suf)]
                    if len(stem) >= 4 and stem[-1] == "ی" and stem[-2] not in "یاو" and stem not in self.words:
                        return stem + ZWNJ + suf
                    break
        return w

    def _most_spelled(self, readings) -> str | None:
        """Of a word's readings, each with a ZWNJ, the one wordfreq has seen when it
        has seen no other, or the one it counts SPELLED_MARGIN buckets (ten times)
        more often than each other; None when that does not settle them.  A reading
        without a ZWNJ settles nothing: the count of its letters is every reading's."""
        (best, out), (second, _) = sorted((self.spelled.get(r, SPELLED_ABSENT), r) for r in readings)[:2]
        if best < SPELLED_ABSENT and (second == SPELLED_ABSENT or second - best >= SPELLED_MARGIN):
            return out
        return None

    def _settle(self, r: str) -> str:
        """r with its pieces between ZWNJs repaired as display_text would repair them
        on a second pass («شتابدهنده‌ها» → «شتاب‌دهنده‌ها»), so that the result is
        a fixed point."""
        for _ in range(len(r)):
            if ZWNJ not in r:
                return r
            nxt = ZWNJ.join(self.analyse_part(p) if len(p) >= 4 else p for p in r.split(ZWNJ))
            if nxt == r:
                return r
            r = nxt
        return r

    def analyse_part(self, w: str) -> str:
        """Restricted analysis for a piece of a word that already has ZWNJs:
        known compounds and plural / enclitic endings only."""
        if len(w) < 4 or w in self.words:
            return w
        c = self.compounds.get(w)
        if c is not None:
            return c
        if self._inflected_known(w):
            return w
        outs = set()
        for suf in PLURAL_SUFFIXES:
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                k = self.known(w[: -len(suf)], 0)
                if k is not None:
                    outs.add(self._join(k, suf))
        return next(iter(outs)) if len(outs) == 1 else w

    def repair_part(self, w: str) -> str:
        if len(w) > CACHE_MAX_WORD:
            return self.analyse_part(w)
        key = ZWNJ + w
        r = self._cache.get(key)
        if r is None:
            r = self.analyse_part(w)
            self._remember(key, r)
        return r

    def repair(self, w: str) -> str:
        """Cached analyse()."""
        if len(w) > CACHE_MAX_WORD:
            return self.analyse(w)
        r = self._cache.get(w)
        if r is None:
            r = self.analyse(w)
            self._remember(w, r)
        return r

    def repair_in(self, w: str, context: str) -> str:
        """Cached analyse(w, context)."""
        if len(w) > CACHE_MAX_WORD:
            return self.analyse(w, context)
        if not w.endswith(CONTEXT_ENDINGS):
            return self.repair(w)
        key = context + w
        r = self._cache.get(key)
        if r is None:
            r = self.analyse(w, context)
            self._remember(key, r)
        return r

    def _remember(self, key: str, r: str) -> None:
        if len(self._cache) > CACHE_MAX_ENTRIES:
            with self._lock:
                self._cache.clear()
        self._cache[key] = r


def load_data(data_dir: str = DATA_DIR, wordfreq: bool = True, joined: bool = True, shekar: bool = True):
    """Read data/words.txt and data/verbs.txt.

    words.txt (and house.txt, the project's own entries): one entry a line, ``word<TAB>flags``; flags: ``s`` usable as a
    stem, ``n`` noun, ``a`` adjective, ``r`` rare bound form, ``f`` frequent
    (corpus count >= 1M), ``b`` blocker only (a known word, not a
    stem); no flag: a known word only.
    verbs.txt: ``past#present`` a line.
    """
    words, stems, adjectives, zwnj_forms, blockers, nouns = [], [], [], [], [], []
    weak, frequent = [], []
    with open(os.path.join(data_dir, "words.txt"), encoding="utf-8") as f:
        lines = f.readlines()
    house = os.path.join(data_dir, "house.txt")
    if os.path.exists(house):
        with open(house, encoding="utf-8") as f:
            lines += f.readlines()
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        word, _, flags = line.rstrip("\n").partition("\t")
        if ZWNJ in word:
            zwnj_forms.append(word)
        if "b" in flags:
            blockers.append(word)
            continue
        words.append(word)
        if "s" in flags:
            stems.append(word)
        if "a" in flags:
            adjectives.append(word)
        if "n" in flags:
            nouns.append(word)
        if "r" in flags:
            weak.append(word)
        if "f" in flags:
            frequent.append(word)
    # wordfreq's spellings of today (build_wordfreq.py): ZWNJ compounds, and
    # joined words that no ZWNJ spelling outnumbers (known words, never changed;
    # the longer ones also carry a plural or an enclitic: «گذرواژه‌ای»).
    path = os.path.join(data_dir, "wordfreq_fa.txt")
    if wordfreq and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                word, _, rest = line.rstrip("\n").partition("\t")
                kind = rest.rpartition("\t")[2]
                if kind == "z":
                    zwnj_forms.append(word)
                    words.append(word)
                elif kind == "k":
                    if word in COMPARATIVES_APART:
                        continue
                    blockers.append(word)
                    if len(word) >= STEM_MIN_KNOWN:
                        stems.append(word)
    # newer compounds from shekar's list (build_shekar.py): «وای‌فای», «اسکرین‌شات»
    path = os.path.join(data_dir, "shekar_compounds.txt")
    if shekar and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#") and line.strip():
                    zwnj_forms.append(line.strip())
                    words.append(line.strip())
    # compounds the web writes joined ten times as often (build_wordfreq.py joined):
    # their joined spelling is a known word
    path = os.path.join(data_dir, "wordfreq_joined.txt")
    if wordfreq and joined and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            blockers.extend(line.partition("\t")[0] for line in f if not line.startswith("#"))
    # every ZWNJ spelling wordfreq lists, with its bucket (build_wordfreq.py spelled)
    spelled: dict[str, int] = {}
    path = os.path.join(data_dir, "wordfreq_spelled.txt")
    if wordfreq and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#"):
                    word, _, bucket = line.rstrip("\n").partition("\t")
                    spelled[word] = int(bucket)
    verbs = []
    with open(os.path.join(data_dir, "verbs.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            past, _, present = line.partition("#")
            verbs.append((past.strip(), present.strip()))
    # the regular verbs the verb list lacks, from the word list's infinitives
    # (build_words.py regular: _regular_verbs)
    path = os.path.join(data_dir, "verbs_regular.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("#"):
                    past, _, present = line.strip().partition("#")
                    verbs.append((past, present))
    lists = (words, stems, adjectives, zwnj_forms, blockers, nouns, weak, frequent)
    for entries in lists:
        entries.extend(_without_hamza(entries))
    return words, stems, adjectives, zwnj_forms, verbs, blockers, nouns, weak, frequent, spelled


def _regular_verbs(words, pasts) -> list[tuple[str, str]]:
    """(past, present) of the regular verbs whose infinitive the word lists know and
    the verb list lacks: «Xیدن» is past «Xید», present «X» («دمیدن», «چکیدن»); a
    causative «Xاندن» is «Xاند», «Xان» («رنجاندن», «خیساندن»).  The irregular ones
    («دیدن»: «بین», «شنیدن»: «شنو») are in the verb list, whose pasts are left alone."""
    out = []
    for w in words:
        if w.endswith("یدن") and len(w) >= 5:
            past, present = w[:-1], w[:-3]
        elif w.endswith("اندن") and len(w) >= 6:
            past, present = w[:-1], w[:-2]
        else:
            continue
        if past not in pasts and ZWNJ not in w:
            pasts.add(past)
            out.append((past, present))
    return sorted(out)


# A hamza on alef or waw that much of the press leaves out: «رأی» / «رای», «مؤلفه» /
# «مولفه», «تأثیر» / «تاثیر» are one word.
_HAMZA_FREE = str.maketrans({"\u0623": "\u0627", "\u0624": "\u0648"})


def _without_hamza(entries) -> list[str]:
    """The entries written with «أ» or «ؤ», spelled without the hamza."""
    return [w.translate(_HAMZA_FREE) for w in entries if "\u0623" in w or "\u0624" in w]


_LEXICON: Lexicon | None = None
_LEX_LOCK = threading.Lock()


def get_lexicon() -> Lexicon:
    global _LEXICON
    if _LEXICON is None:
        with _LEX_LOCK:
            if _LEXICON is None:
                _LEXICON = Lexicon(*load_data())
    return _LEXICON
