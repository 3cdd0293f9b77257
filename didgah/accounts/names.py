"""Rules for readers' names: pure functions, no database.

A name is compared on a key so that look-alikes collide. The key is the Persian search
key («علي» and «علی», «علی‌رضا» and «علیرضا» agree there) without spaces, taken to its
confusables skeleton (Unicode TR39, from the table confusable-homoglyphs ships): a
Cyrillic «а» in a Latin name, «ھ» for «ه» give the same key as the name they imitate,
so nobody can register a second account that reads the same as someone else's.

What no key can make safe is refused outright, with a Persian message: invisible and
filler characters (a name of Hangul fillers looks empty, a filler after a name looks
like the name), fullwidth and other decorated forms of letters, and words that mix
scripts.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from confusable_homoglyphs import categories, confusables
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from didgah import persian

DISPLAY_NAME_MIN = 2
# Forty characters fit «نام - شهر، کشور» on one line of a phone.
DISPLAY_NAME_MAX = 40
CITY_MAX = 60
_HAS_LETTER = re.compile(r"[^\W\d_]")
# Letters, digits, marks, spaces, ZWNJ and a little punctuation; nothing that could
# imitate site chrome («مدیر <تحریریه>») or carry markup.
_DISPLAY_ALLOWED = re.compile(r"^[\w\s\u200c\u064b-\u0652\u0670.\-'()]+$")
ZWNJ = "\u200c"

# Characters that show nothing, or nothing but blank space, yet count as letters or
# are kept by the text functions: Unicode's default-ignorable code points (ZWNJ aside:
# Persian is spelled with it) and the blank letters (Hangul fillers, the Braille blank).
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b\u200d-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
# Unicode categories nobody types in a name: controls, formats (ZWNJ aside), private
# use, surrogates, unassigned, line and paragraph separators.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
# Compatibility forms that imitate ordinary letters and digits: fullwidth and
# halfwidth, mathematical and other font variants, circled, squared, super- and
# subscript, small and vertical forms.
_DECORATED = ("<wide>", "<narrow>", "<font>", "<circle>", "<square>", "<super>", "<sub>", "<small>",
              "<vertical>")
# Look-alikes in the Persian alphabet that TR39's table keeps apart: «ې» and «ۑ»
# (Pashto, Uyghur) read as «ی».
_PERSIAN_LOOKALIKES = str.maketrans({"\u06d0": "\u06cc", "\u06d1": "\u06cc"})
_SCRIPTLESS = {"COMMON", "INHERITED"}

_username_validator = UnicodeUsernameValidator()


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character → one representative of its class of look-alikes.

    The package's table lists, for each character, the characters it can be mistaken
    for; classes are those links closed over, and each is represented by its most
    linked member (TR39's prototype, to which the others map), ties by code point."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links: dict[str, int] = {}
    for char, glyphs in confusables.confusables_data.items():
        char = char.replace("\u200e", "")  # the table wraps right-to-left entries in LRMs
        for glyph in glyphs:
            other = glyph["c"].replace("\u200e", "")
            if not char or not other:
                continue
            parent[find(char)] = find(other)
            links[char] = links.get(char, 0) + 1
            links[other] = links.get(other, 0) + 1
    classes: dict[str, list[str]] = {}
    for member in parent:
        classes.setdefault(find(member), []).append(member)
    prototypes = {}
    for members in classes.values():
        prototype = max(members, key=lambda m: (links.get(m, 0), [-ord(c) for c in m]))
        prototypes.update({m: prototype for m in members if len(m) == 1 and m != prototype})
    return prototypes


def skeleton(value: str) -> str:
    """TR39's skeleton: decomposed, each character replaced by its look-alike class's
    representative, decomposed again. Equal skeletons read the same."""
    table = _prototypes()
    text = unicodedata.normalize("NFD", value.translate(_PERSIAN_LOOKALIKES))
    return unicodedata.normalize("NFD", "".join(table.get(c, c) for c in text))


def name_key(value: str) -> str:
    """The uniqueness key of a name: the skeleton of its Persian search key, spaces out."""
    return skeleton("".join(persian.search_key(value).split()))


def clean_display_name(value: str) -> str:
    """The stored form of a display name: Persian display text, single spaces."""
    return " ".join(persian.display_text(value or "").split())


def _invisible(value: str) -> bool:
    return persian.has_forbidden_controls(value) or bool(_INVISIBLE.search(value)) or any(
        c != ZWNJ and unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in value)


def _decorated(value: str) -> bool:
    return any(unicodedata.decomposition(c).startswith(_DECORATED) for c in value)


def _mixed_scripts(value: str) -> bool:
    """Whether one word has letters of two scripts (a Cyrillic «а» in «Sara»); digits,
    punctuation and marks belong to none."""
    for word in value.split():
        scripts = {categories.alias(c) for c in word} - _SCRIPTLESS
        if len(scripts) > 1:
            return True
    return False


def _lookalike_problem(value: str, what: str) -> str | None:
    """The Persian refusal shared by every kind of name; `what` names the field."""
    if _invisible(value):
        return _("%(what)s نمی‌تواند نویسه‌های نامرئی، پرکننده یا کنترل جهت متن داشته باشد.") % {"what": what}
    if _decorated(value):
        return _("%(what)s نمی‌تواند حروف تمام‌عرض یا تزئینی داشته باشد؛ حروف معمولی را به کار ببرید.") % {
            "what": what}
    if _mixed_scripts(value):
        return _("در %(what)s، حروف یک واژه باید همه از یک خط باشند (مثلاً همه فارسی یا همه لاتین).") % {
            "what": what}
    return None


def display_name_problem(value: str) -> str | None:
    """A Persian error message if `value` cannot be a display name, else None.

    Bidi overrides, zero-width characters (ZWJ, ZWSP, BOM…) and fillers are refused
    outright rather than stripped: a name that needs them is trying to look like
    something it is not. ZWNJ is allowed because Persian names are spelled with it.
    """
    problem = _lookalike_problem(value or "", _("نام نمایشی"))
    if problem:
        return problem
    cleaned = clean_display_name(value)
    if len(cleaned) < DISPLAY_NAME_MIN:
        return _("نام نمایشی دست‌کم باید دو نویسه داشته باشد.")
    if len(cleaned) > DISPLAY_NAME_MAX:
        return _("نام نمایشی حداکثر می‌تواند ۴۰ نویسه داشته باشد.")
    if not _DISPLAY_ALLOWED.match(cleaned) or not _HAS_LETTER.search(cleaned):
        return _("نام نمایشی فقط می‌تواند حرف، عدد، فاصله و نشانه‌های ساده داشته باشد.")
    return None


def city_problem(value: str) -> str | None:
    problem = _lookalike_problem(value or "", _("نام شهر"))
    if problem:
        return problem
    cleaned = clean_display_name(value)
    if len(cleaned) > CITY_MAX:
        return _("نام شهر بیش از اندازه بلند است.")
    if cleaned and (not _DISPLAY_ALLOWED.match(cleaned) or not _HAS_LETTER.search(cleaned)):
        return _("نام شهر فقط می‌تواند حرف، فاصله و نشانه‌های ساده داشته باشد.")
    return None


def username_problem(value: str) -> str | None:
    """Django's username rule (letters, digits and @ . + - _) after the look-alike rules."""
    value = value or ""
    problem = _lookalike_problem(value, _("نام کاربری"))
    if problem:
        return problem
    if ZWNJ in value:
        return _("نام کاربری نمی‌تواند نیم‌فاصله داشته باشد.")
    try:
        _username_validator(value)
    except ValidationError:
        return _("نام کاربری فقط می‌تواند حرف، عدد و نشانه‌های ‎@ . + - _‎ داشته باشد، بی‌فاصله.")
    return None
