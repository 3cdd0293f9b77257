"""Documents and variant queries shared by the tests and the benchmark.

Each document is written one particular way (ZWNJ, space or joined; Arabic ي ك; a
digit system; diacritics; tatweel; a plural; a verb with or without «می»). Each query
lists the documents it must find and, by omission, those it must not.
"""

from __future__ import annotations

ZWNJ = "\u200c"

# key: (title, lead, body text). Keys say how the document is written.
DOCUMENTS: dict[str, tuple[str, str, str]] = {
    "pres_zwnj": ("رئیس‌جمهور در نشست خبری سخن گفت", "سخنان تازه دربارهٔ بودجهٔ سال آینده.", "رئیس‌جمهور در نشست خبری امروز دربارهٔ بودجه توضیح داد."),
    "pres_space": ("سفر رئیس جمهور به استان فارس", "سفر استانی دو روزه.", "رئیس جمهور برای افتتاح طرح‌های آب به شیراز رفت."),
    "pres_arabic": ("ديدار رئيس‌جمهور با كشاورزان", "گفت‌وگو دربارهٔ قیمت گندم.", "رئيس‌جمهور با كشاورزان استان دیدار كرد."),
    "micro_joined": ("ریزپرنده‌ای بر فراز فرودگاه دیده شد", "پروازها یک ساعت متوقف شد.", "یک ریزپرنده نزدیک باند فرودگاه پرواز می‌کرد."),
    "micro_space": ("قانون تازهٔ ریز پرنده", "ثبت همهٔ دستگاه‌ها اجباری شد.", "دارندگان ریز پرنده باید دستگاه را ثبت کنند."),
    "micro_zwnj": ("فروش ریز\u200cپرنده آزاد شد", "بازار دستگاه‌های کوچک.", "خرید ریز\u200cپرنده از فروشگاه‌ها ممکن شد."),
    "team_joined": ("پیروزی تیمملی والیبال", "بازی در سالن آزادی.", "تیمملی والیبال سه بر یک برد."),
    "team_space": ("اردوی تیم ملی فوتبال", "بیست و پنج بازیکن دعوت شدند.", "سرمربی تیم ملی فهرست را اعلام کرد."),
    "drone_single": ("پهپاد تازه رونمایی شد", "برد پرواز افزایش یافت.", "این پهپاد ساخت داخل است."),
    "drone_plural_joined": ("آزمایش پهپادها در کویر", "آزمایش سه روز طول کشید.", "پهپادها از فرودگاه کوچکی برخاستند."),
    "drone_plural_zwnj": ("نمایش پهپاد\u200cهای ارتش", "رژه روز ارتش.", "پهپاد\u200cهای ارتش از برابر جایگاه گذشتند."),
    "digits_persian": ("بودجهٔ سال ۱۴۰۴ تصویب شد", "رأی نمایندگان به لایحه.", "مجلس بودجهٔ ۱۴۰۴ را با ۱۸۰ رأی تصویب کرد."),
    "digits_latin": ("گزارش تورم 1404", "تورم ماهانه کاهش یافت.", "نرخ تورم در سال 1404 کمتر شد."),
    "digits_arabic": ("نمایشگاه کتاب ١٤٠٤", "ناشران خارجی هم می‌آیند.", "نمایشگاه کتاب ١٤٠٤ در اردیبهشت برگزار می‌شود."),
    "diacritics": ("مُدیرِ تازهٔ موزه معرفی شد", "تغییر در مدیریت موزه.", "مُدیرِ موزه از برنامه‌ها گفت."),
    "tatweel": ("بارش برف در تهـــران", "مدارس تعطیل شد.", "برف سنگین تهـــران را سفیدپوش کرد."),
    "verb_zwnj": ("وزیر می‌گوید قیمت نان ثابت می‌ماند", "گفت‌وگو با وزیر.", "وزیر اقتصاد می‌گوید نانوایی‌ها یارانه می‌گیرند."),
    "verb_joined": ("کارشناس میگوید بازار آرام است", "تحلیل بازار ارز.", "این کارشناس میگوید نرخ ارز ثابت است."),
    "verb_negative": ("سخنگو نمی‌گوید چه کسی استعفا داد", "ابهام در دولت.", "سخنگوی دولت نمی‌گوید نام وزیر چیست."),
    "verb_bare": ("مردم چه گوید؟", "یک شعر قدیمی.", "شاعر گوید که زمستان گذشت."),
    "library_joined": ("کتابخانهٔ مرکزی بازگشایی شد", "ساعت کار تغییر کرد.", "کتابخانه از شنبه باز است."),
    "library_space": ("کتاب خانه‌ها در روستا", "طرح کتاب خانه روستایی.", "در هر روستا یک کتاب خانه ساخته می‌شود."),
    "phrase_yes": ("گزارش نشست خبری سخنگو", "پرسش خبرنگاران.", "سخنگو در نشست خبری هفتگی به پرسش‌ها پاسخ داد."),
    "phrase_no": ("نشست شورای شهر", "خبری از بودجه نیست.", "نشست امروز بدون نتیجه پایان یافت و خبری منتشر نشد."),
    "comparative": ("بزرگترین سد کشور آبگیری شد", "حجم مخزن بیشتر شد.", "این سد از همهٔ سدهای بزرگ‌تر است."),
    "kaf_arabic": ("كتابخوانی در مدرسه", "طرح تشویق كودكان.", "كودكان هر هفته یک كتاب می‌خوانند."),
}

# (query, documents it must find)
VARIANT_QUERIES: list[tuple[str, tuple[str, ...]]] = [
    # compounds: ZWNJ, space, joined, Arabic ي, on either side
    ("رئیس‌جمهور", ("pres_zwnj", "pres_space", "pres_arabic")),
    ("رئیس جمهور", ("pres_zwnj", "pres_space", "pres_arabic")),
    ("رئیسجمهور", ("pres_zwnj", "pres_space", "pres_arabic")),
    ("رئيس‌جمهور", ("pres_zwnj", "pres_space", "pres_arabic")),
    ("رییس جمهور", ("pres_zwnj", "pres_space", "pres_arabic")),
    ("ریزپرنده", ("micro_joined", "micro_space", "micro_zwnj")),
    ("ریز پرنده", ("micro_joined", "micro_space", "micro_zwnj")),
    ("ریز\u200cپرنده", ("micro_joined", "micro_space", "micro_zwnj")),
    ("ریزپرنده‌ها", ("micro_joined", "micro_space", "micro_zwnj")),
    ("تیمملی", ("team_joined", "team_space")),
    ("تیم ملی", ("team_joined", "team_space")),
    ("تیم‌ملی", ("team_joined", "team_space")),
    ("کتابخانه", ("library_joined", "library_space")),
    ("کتاب خانه", ("library_joined", "library_space")),
    ("کتاب‌خانه‌ها", ("library_joined", "library_space")),
    # plurals, any way written
    ("پهپاد", ("drone_single", "drone_plural_joined", "drone_plural_zwnj")),
    ("پهپادها", ("drone_single", "drone_plural_joined", "drone_plural_zwnj")),
    ("پهپادهای", ("drone_single", "drone_plural_joined", "drone_plural_zwnj")),
    ("پهپاد‌های", ("drone_single", "drone_plural_joined", "drone_plural_zwnj")),
    ("پهپاد های", ("drone_single", "drone_plural_joined", "drone_plural_zwnj")),
    ("پهپادهایی", ("drone_single", "drone_plural_joined", "drone_plural_zwnj")),
    ("بزرگ‌ترین سد", ("comparative",)),
    ("بزرگترین سد", ("comparative",)),
    ("سد بزرگ", ("comparative",)),
    # three digit systems
    ("1404", ("digits_persian", "digits_latin", "digits_arabic")),
    ("۱۴۰۴", ("digits_persian", "digits_latin", "digits_arabic")),
    ("١٤٠٤", ("digits_persian", "digits_latin", "digits_arabic")),
    ("بودجه ۱۴۰۴", ("digits_persian",)),
    # diacritics and tatweel, on either side
    ("مدیر موزه", ("diacritics",)),
    ("مُدیرِ موزه", ("diacritics",)),
    ("تهران", ("tatweel",)),
    ("تهـــران", ("tatweel",)),
    # Arabic ي and ك in the query or the text
    ("كتابخوانی", ("kaf_arabic",)),
    ("کتابخوانی", ("kaf_arabic",)),
    ("کشاورزان", ("pres_arabic",)),
    ("كشاورز", ("pres_arabic",)),
    # verbs with and without the joined «می»/«نمی»
    # (a negated verb is a word of its own: «نمیگوید» is not «میگوید»)
    ("می‌گوید", ("verb_zwnj", "verb_joined", "verb_bare")),
    ("میگوید", ("verb_zwnj", "verb_joined", "verb_bare")),
    ("می گوید", ("verb_zwnj", "verb_joined", "verb_bare")),
    ("نمیگوید", ("verb_negative",)),
    ("وزیر میگوید", ("verb_zwnj",)),
    # exact phrase, in "…" or «…»
    ('"نشست خبری"', ("pres_zwnj", "phrase_yes")),
    ("«نشست خبری»", ("pres_zwnj", "phrase_yes")),
    ("نشست خبری", ("pres_zwnj", "phrase_yes", "phrase_no")),
    ('"رئیس جمهور در نشست"', ("pres_zwnj",)),
    # the source's name is searchable
    ("خبرگزاری واریانت", ("drone_single",)),
]


def load_documents() -> dict[str, int]:
    """Create the table's documents through the news services; returns key → article id."""
    from datetime import timedelta

    from django.utils import timezone

    from didgah.news import services
    from didgah.news.models import Article

    source = services.source_create(name="خبرگزاری واریانت", slug="variant-source")
    now = timezone.now()
    ids = {}
    for i, (key, (title, lead, body)) in enumerate(DOCUMENTS.items()):
        article = services.article_create(
            title=title, lead=lead, body=f"<p>{body}</p>", status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=i + 1),
            source=source if key == "drone_single" else None,
        )
        ids[key] = article.pk
    return ids
