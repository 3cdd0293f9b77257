"""Text that XML 1.0 can carry. Articles are stripped of control characters when they
are saved, but feeds also carry readers' comments and names: one stray control
character would make the feed generator raise, so everything passes through here."""

import re

# XML 1.0 allows TAB, LF and CR among the C0 controls, and nothing in the surrogate
# range or U+FFFE/U+FFFF.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value) -> str:
    return _INVALID_XML.sub("", str(value or ""))
