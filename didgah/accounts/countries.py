"""Countries a reader may choose, with their Persian names.

ISO 3166-1 alpha-2 codes are stored; the Persian name is only for display. The list
starts with the countries most Persian-speaking readers live in, then the rest in
Persian alphabetical order, so the common choices are near the top of the menu.
"""

from django.utils.translation import gettext_lazy as _

FIRST = [
    ("IR", _("ایران")),
    ("AF", _("افغانستان")),
    ("TJ", _("تاجیکستان")),
]
OTHERS = [
    ("DE", _("آلمان")),
    ("US", _("ایالات متحده آمریکا")),
    ("AR", _("آرژانتین")),
    ("AZ", _("آذربایجان")),
    ("AU", _("استرالیا")),
    ("ES", _("اسپانیا")),
    ("AM", _("ارمنستان")),
    ("AT", _("اتریش")),
    ("AE", _("امارات متحده عربی")),
    ("ID", _("اندونزی")),
    ("GB", _("بریتانیا")),
    ("UZ", _("ازبکستان")),
    ("IT", _("ایتالیا")),
    ("IE", _("ایرلند")),
    ("BR", _("برزیل")),
    ("BH", _("بحرین")),
    ("BE", _("بلژیک")),
    ("PK", _("پاکستان")),
    ("TH", _("تایلند")),
    ("TR", _("ترکیه")),
    ("TM", _("ترکمنستان")),
    ("CZ", _("جمهوری چک")),
    ("DK", _("دانمارک")),
    ("RU", _("روسیه")),
    ("JP", _("ژاپن")),
    ("SE", _("سوئد")),
    ("CH", _("سوئیس")),
    ("SY", _("سوریه")),
    ("CN", _("چین")),
    ("IQ", _("عراق")),
    ("SA", _("عربستان سعودی")),
    ("OM", _("عمان")),
    ("FR", _("فرانسه")),
    ("FI", _("فنلاند")),
    ("CY", _("قبرس")),
    ("QA", _("قطر")),
    ("KZ", _("قزاقستان")),
    ("KG", _("قرقیزستان")),
    ("CA", _("کانادا")),
    ("KR", _("کره جنوبی")),
    ("KW", _("کویت")),
    ("GE", _("گرجستان")),
    ("LB", _("لبنان")),
    ("PL", _("لهستان")),
    ("MY", _("مالزی")),
    ("EG", _("مصر")),
    ("MX", _("مکزیک")),
    ("NO", _("نروژ")),
    ("NZ", _("نیوزیلند")),
    ("NL", _("هلند")),
    ("IN", _("هند")),
    ("HU", _("مجارستان")),
    ("GR", _("یونان")),
    ("UA", _("اوکراین")),
]
COUNTRY_CHOICES = FIRST + sorted(OTHERS, key=lambda item: str(item[1]))
COUNTRY_NAMES = dict(COUNTRY_CHOICES)


def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, "")) if code else ""
