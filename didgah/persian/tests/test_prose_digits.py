"""Latin digits in Persian prose shown as Persian digits: persian_digits_in_text and
persian_digits_in_html (issue 17). Each row is what a Persian editor expects to read."""

import pytest

from didgah.persian.digits import persian_digits_in_html, persian_digits_in_text

Z = "\u200c"


@pytest.mark.parametrize(
    "raw, shown",
    [
        # Persian sentences: the number in Persian digits, its separators Persian too.
        ("بودجهٔ سال 1404 تصویب شد", "بودجهٔ سال ۱۴۰۴ تصویب شد"),
        ("بیش از 1,200 نفر آمدند", "بیش از ۱٬۲۰۰ نفر آمدند"),
        ("تورم 3.5 درصد شد", "تورم ۳٫۵ درصد شد"),
        ("رشد 12,500.75 میلیارد", "رشد ۱۲٬۵۰۰٫۷۵ میلیارد"),
        ("تورم 45% بود", "تورم ۴۵٪ بود"),
        ("ساعت 10:30 صبح", "ساعت ۱۰:۳۰ صبح"),
        ("در تاریخ 1404/05/12 منتشر شد", "در تاریخ ۱۴۰۴/۰۵/۱۲ منتشر شد"),
        ("سال‌های 1404-1405", "سال‌های ۱۴۰۴-۱۴۰۵"),
        ("دمای -5 درجه", "دمای -۵ درجه"),
        ("تلفن 021-88776655", "تلفن ۰۲۱-۸۸۷۷۶۶۵۵"),
        (f"برای 5{Z}امین بار", f"برای ۵{Z}امین بار"),
        ("سال2024 بود", "سال۲۰۲۴ بود"),
        # A sentence that opens with a number: the next word says it is Persian.
        ("2 نفر کشته شدند", "۲ نفر کشته شدند"),
        ("(2024) سال خوبی بود", "(۲۰۲۴) سال خوبی بود"),
        ("گفت: 300 نفر", "گفت: ۳۰۰ نفر"),
        ("«1404» سال بودجه است", "«۱۴۰۴» سال بودجه است"),
        # A Latin name ends at «،»: the number after it is the sentence's.
        ("قیمت iPhone، 1200 دلار است", "قیمت iPhone، ۱۲۰۰ دلار است"),
        ("در سال 2024 Apple سود برد", "در سال ۲۰۲۴ Apple سود برد"),
        ("حجم 3 GB است", "حجم ۳ GB است"),
        # A comma that is not a thousands separator stays a comma.
        ("اعداد 1,2,3", "اعداد ۱,۲,۳"),
        # A sentence ending after the number: the full stop is no decimal point.
        ("در سال 1404.", "در سال ۱۴۰۴."),
    ],
)
def test_persian_prose_gets_persian_digits(raw, shown):
    assert persian_digits_in_text(raw) == shown


@pytest.mark.parametrize(
    "text",
    [
        # Numbers that belong to a Latin name, touching it or right after it.
        "عرضهٔ iPhone 15 Pro آغاز شد",
        "همه‌گیری COVID-19 در ایران",
        "جنگندهٔ F-35 فرود آمد",
        "شبکهٔ 5G راه افتاد",
        "نمایشگر 15-inch",
        "مولکول H2O",
        "ویندوز یعنی Windows 11 که",
        "جام Euro 2024",
        # Addresses: as the browser and the mail system need them.
        "به نشانی https://example.com/news/2024/05/12 بروید",
        "به www.site.ir/1404 بروید",
        "رایانامه: info2024@example.org",
        "سایت example.com/2024 را ببینید",
        # Identifiers: versions and IP addresses are copied, not read.
        "نسخهٔ 1.2.3 منتشر شد",
        "نشانی 192.168.1.1 در شبکه",
        # A Latin sentence keeps Latin digits.
        "He said 5 people were hurt.",
        "2 Fast 2 Furious",
        # Persian digits are never changed, nor Arabic-Indic ones (an Arabic quotation).
        "سال ۱۴۰۴", "عام ١٤٤٦",
        "",
    ],
)
def test_latin_numbers_stay(text):
    assert persian_digits_in_text(text) == text


def test_every_change_keeps_the_length():
    """Only characters of numbers are replaced, one for one."""
    raw = "در 1,234.5 و 10:30 و 45% و iPhone 15"
    assert len(persian_digits_in_text(raw)) == len(raw)


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("<p>سال 1404</p>", "<p>سال ۱۴۰۴</p>"),
        # Tags and attributes keep their digits.
        ('<p>گزارش <a href="https://example.com/2024/05">سال 2024</a></p>',
         '<p>گزارش <a href="https://example.com/2024/05">سال ۲۰۲۴</a></p>'),
        ('<img src="/media/a1.jpg" width="800" height="450" alt="عکس 3">',
         '<img src="/media/a1.jpg" width="800" height="450" alt="عکس 3">'),
        ('<p><a title="a>2" href="/x">خبر</a></p>', '<p><a title="a>2" href="/x">خبر</a></p>'),
        # A sentence runs through inline elements, both ways.
        ("<p>در سال <strong>2024</strong> رخ داد</p>", "<p>در سال <strong>۲۰۲۴</strong> رخ داد</p>"),
        ("<p><em>iPhone</em> 15 آمد</p>", "<p><em>iPhone</em> 15 آمد</p>"),
        # …but not across paragraphs, list items or line breaks.
        ("<p>iPhone</p><p>15 نفر</p>", "<p>iPhone</p><p>۱۵ نفر</p>"),
        ("<ul><li>Windows</li><li>11 نسخه</li></ul>", "<ul><li>Windows</li><li>۱۱ نسخه</li></ul>"),
        ("<p>iPhone<br>15 نفر</p>", "<p>iPhone<br>۱۵ نفر</p>"),
        # Program text is never changed, and the sentence around it is read as usual.
        ("<p>دستور <code>ls -1</code> را 2 بار بزنید</p>", "<p>دستور <code>ls -1</code> را ۲ بار بزنید</p>"),
        ("<pre>x = 10\nسال 1404</pre><p>سال 1404</p>", "<pre>x = 10\nسال 1404</pre><p>سال ۱۴۰۴</p>"),
        ("<p>کلید <kbd>F5</kbd> و <samp>Error 404</samp></p>", "<p>کلید <kbd>F5</kbd> و <samp>Error 404</samp></p>"),
        ('<p>سال 1404 <span lang="en">in 2025</span></p>', '<p>سال ۱۴۰۴ <span lang="en">in 2025</span></p>'),
        # A cell of only a number takes the text's script: a Persian table, Persian digits.
        ("<p>جدول قیمت‌ها</p><table><tr><td>1,500</td></tr></table>",
         "<p>جدول قیمت‌ها</p><table><tr><td>۱٬۵۰۰</td></tr></table>"),
        ("<p>Price list</p><table><tr><td>1,500</td></tr></table>",
         "<p>Price list</p><table><tr><td>1,500</td></tr></table>"),
        # An English paragraph in a Persian article keeps its digits.
        ("<p>سال 1404</p><blockquote><p>We hired 20 people.</p></blockquote>",
         "<p>سال ۱۴۰۴</p><blockquote><p>We hired 20 people.</p></blockquote>"),
        # Character references: kept as they were where nothing changes; a changed text
        # is written with the characters themselves, shown the same.
        ("<p>A &amp; B</p><p>سال&nbsp;1404</p>", "<p>A &amp; B</p><p>سال\u00a0۱۴۰۴</p>"),
        ("<p>x &lt; 2</p>", "<p>x &lt; 2</p>"),
        ("<!-- 2024 --><p>سال 2024</p>", "<!-- 2024 --><p>سال ۲۰۲۴</p>"),
        ("", ""),
        ("<p>بدون عدد</p>", "<p>بدون عدد</p>"),
    ],
)
def test_html(raw, shown):
    assert persian_digits_in_html(raw) == shown


def test_html_without_latin_digits_is_returned_as_it_was():
    body = '<p>سال ۱۴۰۴ &amp; &quot;نقل&quot;</p>'
    assert persian_digits_in_html(body) is body
