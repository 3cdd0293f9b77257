"""Character classes and tables shared by the Persian text functions.

Pure standard library; no Django.
"""

ZWNJ = "\u200c"

# Arabic-script letters used in Persian text (and Arabic letters that may
# appear in captured text).  Marks are listed separately.
LETTERS = (
    "\u0621-\u063a"  # hamza .. ghain
    "\u0641-\u064a"  # feh .. yeh
    "\u066e-\u066f"
    "\u0671-\u06d3"  # alef wasla .. yeh barree with hamza
    "\u06d5"
    "\u06ee-\u06ef"
    "\u06fa-\u06fc"
    "\u06ff"
)
# Combining marks of the Arabic block (harakat, superscript alef, hamza
# above/below, Quranic marks).
MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"

# Letters that never join to the following letter: a ZWNJ after them is
# meaningless.
NON_JOINING = frozenset(
    "\u0621"  # ء
    "\u0622\u0623\u0624\u0625\u0627"  # آ أ ؤ إ ا
    "\u0629"  # ة
    "\u062f\u0630\u0631\u0632"  # د ذ ر ز
    "\u0648"  # و
    "\u0671\u0672\u0673\u0675"  # ٱ ...
    "\u0688-\u0699"  # dal/reh variants incl. ژ (0698)
    "\u06c0"  # ۀ
    "\u06c3-\u06cb"  # teh marbuta goal, waw variants
    "\u06cd\u06cf\u06d2\u06d3\u06d5"
    "\u06ee\u06ef"
)

# Diacritics dropped by search_key / slugify.
DIACRITICS = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E5)]
    + ["\u06e7", "\u06e8"]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
)

BIDI_CONTROLS = (
    "\u200e\u200f\u061c"  # LRM RLM ALM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings / overrides / PDF
    "\u2066\u2067\u2068\u2069"  # isolates
)
ZERO_WIDTH = "\u200b\u200d\u2060\ufeff"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"

ARABIC_DECIMAL_SEP = "\u066b"  # ٫
ARABIC_THOUSANDS_SEP = "\u066c"  # ٬

# display_text letter table: Arabic yeh/kaf variants -> Persian, tatweel out.
DISPLAY_TABLE = {
    0x064A: "\u06cc",  # ي -> ی
    0x0649: "\u06cc",  # ى -> ی
    0x0643: "\u06a9",  # ك -> ک
    0x0640: None,  # tatweel
}
