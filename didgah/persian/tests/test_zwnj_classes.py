"""ZWNJ restoration, class by class (issue 17): joined input -> display_text."""

import pytest

from didgah.persian import display_text

Z = "\u200c"

CASES = [
    # «به» in fixed phrases
    ("be phrase", "بهعنوان", f"به{Z}عنوان"),
    ("be phrase", "بهصورت", f"به{Z}صورت"),
    ("be phrase", "بهطور", f"به{Z}طور"),
    ("be word kept", "بهار", "بهار"),
    ("be word kept", "بهبود", "بهبود"),
    # «X‌به‌X»
    ("x be x", "روزبهروز", f"روزبه{Z}روز"),
    ("x be x", "راستبهچپ", f"راست{Z}به{Z}چپ"),
    # «‌ای» / «‌ی» after a silent final ه
    ("he + ye", "خانهای", f"خانه{Z}ای"),
    ("he + ye", "جملهای", f"جمله{Z}ای"),
    ("he + ye", "پروندهی", f"پرونده{Z}ی"),
    ("pronounced he", "مشابهی", "مشابهی"),
    ("ambiguous", "نامهای", "نامهای"),
    # plural after loanwords and names
    ("plural", "سیگنالهای", f"سیگنال{Z}های"),
    ("plural", "ایمیلهای", f"ایمیل{Z}های"),
    ("plural", "زیرسامانههای", f"زیرسامانه{Z}های"),
    # compounds and names
    ("compound", "مکعبماهواره", f"مکعب{Z}ماهواره"),
    ("compound", "رئیسجمهور", f"رئیس{Z}جمهور"),
    ("compound", "واشینگتنپست", f"واشینگتن{Z}پست"),
    ("known joined word", "فیلتر", "فیلتر"),
    # «آنها»: restored in a text that lost its ZWNJs (test_either_way_kept below)
    ("either way restored", "آنها", f"آن{Z}ها"),
    ("either way restored", "اینهایی", f"این{Z}هایی"),
    # ezafe «‌ی» after a compound's or a short noun's silent ه
    ("he + ye", "پسزمینهی", f"پس{Z}زمینه{Z}ی"),
    ("he + ye", "ردهی", f"رده{Z}ی"),
    # productive heads written apart after a noun
    ("head apart", "گزارشدهی", f"گزارش{Z}دهی"),
    ("head apart", "شبیهسازی", f"شبیه{Z}سازی"),
    ("head apart", "امکانپذیر", f"امکان{Z}پذیر"),
    ("head apart", "سازمانیافته", f"سازمان{Z}یافته"),
    # prefixes written apart from a newer word; the fused old ones kept
    ("prefix apart", "پیشگزیده", f"پیش{Z}گزیده"),
    ("prefix apart", "همرسانی", f"هم{Z}رسانی"),
    ("prefix apart", "تمامصفحه", f"تمام{Z}صفحه"),
    ("prefix fused kept", "پیشنهاد", "پیشنهاد"),
    ("prefix fused kept", "همکاری", "همکاری"),
    ("prefix fused kept", "تکرار", "تکرار"),
    # the site's own words (docs/glossary.md) with their endings
    ("glossary", "گذرواژهتان", f"گذرواژه{Z}تان"),
    ("glossary", "رایانامهای", f"رایانامه{Z}ای"),
    # «می» verbs
    ("mi verb", "میگوید", f"می{Z}گوید"),
    # «می» + a past participle: the past continuous of reported speech
    ("mi participle", "میرفته", f"می{Z}رفته"),
    ("mi participle", "نمیدانسته", f"نمی{Z}دانسته"),
    # «تر/ترین» after a relational adjective in «ی» and after a compound adjective
    ("comparative", "سیاسیترین", f"سیاسی{Z}ترین"),
    ("comparative", "فرهنگیتر", f"فرهنگی{Z}تر"),
    ("comparative", "مصرفکنندهترین", f"مصرف{Z}کننده{Z}ترین"),
    ("not comparative", "دفتر", "دفتر"),
    ("not comparative", "کبوتر", "کبوتر"),
    ("not comparative", "ویترین", "ویترین"),
    # a participle + «‌ایم/‌ای», not a verb's past stem + a plural
    ("participle + enclitic", "شنیدهای", f"شنیده{Z}ای"),
    ("participle + enclitic", "پذیرفتهایم", f"پذیرفته{Z}ایم"),
    ("participle + enclitic", "کردهای", f"کرده{Z}ای"),
    ("participle + enclitic", "آوردهایم", f"آورده{Z}ایم"),
    ("ambiguous", "ساختهای", "ساختهای"),
    # a known compound beats a short word + an ending («دستک» + «م»); a long known word
    # + an ending stays joined
    ("compound", "دستکم", f"دست{Z}کم"),
    ("known word + ending", "تحلیلگران", "تحلیلگران"),
    # the copula «‌اند» after an adjective; a causative verb is not one
    ("copula", "خوباند", f"خوب{Z}اند"),
    ("verb kept", "خشکاند", "خشکاند"),
    ("verb kept", "ترساند", "ترساند"),
    # a head apart after a known compound; «انگیز/آمیز» apart after a noun
    ("head after compound", "شبیهسازیشده", f"شبیه{Z}سازی{Z}شده"),
    ("head apart", "خشونتآمیز", f"خشونت{Z}آمیز"),
    ("head apart", "تحسینانگیز", f"تحسین{Z}انگیز"),
    # a plural takes «ی» before a possessive in writing: «سالهاش» is «ساله‌اش»
    ("he + enclitic", "دهسالهاش", f"ده{Z}ساله{Z}اش"),
    ("plural + possessive", "سالهایش", f"سال{Z}هایش"),
    # two known words run together, then a plural
    ("compound + plural", "جاسوسافزارها", f"جاسوس{Z}افزارها"),
    ("compound + plural", "شبهکلاسهای", f"شبه{Z}کلاس{Z}های"),
    # bound heads written joined: «سرا» of a house, «قلی» of a name; the hundreds joined
    ("bound head kept", "امامقلی", "امامقلی"),
    ("hundred kept", "نهصد", "نهصد"),
    # family names in «ی» + a head
    ("family name", "حسینینسب", f"حسینی{Z}نسب"),
    ("family name", "کریمیفرد", f"کریمی{Z}فرد"),
    # «برون» written apart as «پیش», «هم»
    ("prefix apart", "برونمرزی", f"برون{Z}مرزی"),
    # a number in «ه» before the noun it counts
    ("number + noun", "سهبعدی", f"سه{Z}بعدی"),
    ("number + noun", "دهساله", f"ده{Z}ساله"),
    ("known word kept", "دهکده", "دهکده"),
    ("known word kept", "سهمیه", "سهمیه"),
    # a day of a month made an adjective
    ("date adjective", "سیتیری", f"سی{Z}تیری"),
    ("date adjective", "پانزدهخردادیها", f"پانزده{Z}خردادی{Z}ها"),
    # «بن» (son of) between two names
    ("son of", "حسنبنعلی", f"حسن{Z}بن{Z}علی"),
    ("son of", "لبنان", "لبنان"),
    ("name kept", "اولاند", "اولاند"),
    # «الله» ends in a pronounced ه: a bare «ی» after it
    ("pronounced he", "عبداللهی", "عبداللهی"),
    # marks kept on their letters
    ("marks", "فعّالیتها", f"فعّالیت{Z}ها"),
    # a plural after a final silent ه needs no known stem: the ZWNJ can only go there
    ("he + plural", "افزارهها", f"افزاره{Z}ها"),
    ("he + plural", "افزارههای", f"افزاره{Z}های"),
    ("he + plural", "دهههای", f"دهه{Z}های"),
    # family names: «ی» + نژاد، زاده، نیا، پور، فر، راد
    ("name head", "احمدینژاد", f"احمدی{Z}نژاد"),
    # «اله» (Allah, one lam) opening a name: its ه is pronounced and joins
    ("allah name", "الهیاری", "الهیاری"),
    ("allah name", "الهوردی", "الهوردی"),
    # the subjunctive «ب» before a verb in «آ» without its madda is no «بی»
    ("bi + verb", "بیاغاز", "بیاغاز"),
    ("bi + verb", "بیاموزید", "بیاموزید"),
    ("bi + noun", "بیاعتنا", f"بی{Z}اعتنا"),
    # «بن» after a preverb is the imperative's «ب»: no «son of» between names
    ("preverb + imperative", "فروبنشان", "فروبنشان"),
    ("son of", "عدیبنحاتم", f"عدی{Z}بن{Z}حاتم"),
    # «روبه» (fox) ends in a pronounced ه: «روبهی» (foxiness) takes a bare «ی»
    ("pronounced he", "روبهی", "روبهی"),
    ("name head", "تقیزاده", f"تقی{Z}زاده"),
    ("name head", "کریمیفر", f"کریمی{Z}فر"),
    ("name head", "رضاییراد", f"رضایی{Z}راد"),
    ("name head", "هاشمیپور", f"هاشمی{Z}پور"),
    ("name head kept", "کیفر", "کیفر"),
    ("name head kept", "ایراد", "ایراد"),
    ("name head kept", "آزاده", "آزاده"),
    ("name head kept", "دنیا", "دنیا"),
    # words in «می» that are no verbs take endings like any word
    ("mi noun", "میکروفونها", f"میکروفون{Z}ها"),
    ("mi noun", "میدانها", f"میدان{Z}ها"),
    # a participle + «ام/اند» is not «کردها» (Kurds) + «م»
    ("participle", "کردهام", f"کرده{Z}ام"),
    ("participle", "رفتهام", f"رفته{Z}ام"),
    ("participle", "کردهاند", f"کرده{Z}اند"),
    # «تر/ترین» apart from the adjective (the Academy's exceptions kept joined)
    ("comparative", "مهمترین", f"مهم{Z}ترین"),
    ("comparative", "قویترین", f"قوی{Z}ترین"),
    ("comparative kept", "بیشترین", "بیشترین"),
    ("comparative kept", "بیشتر", "بیشتر"),
    # productive heads written apart after a noun
    ("head apart", "نشاندهنده", f"نشان{Z}دهنده"),
    ("head apart", "قفلکردن", f"قفل{Z}کردن"),
    ("head apart", "وصلشدن", f"وصل{Z}شدن"),
    # a pronounced final ه takes its endings joined; «شیوه», «میوه» end in a silent one
    ("pronounced he", "توجهی", "توجهی"),
    ("pronounced he", "توجهتان", "توجهتان"),
    ("pronounced he", "گرهی", "گرهی"),
    ("he + ye", "شیوهی", f"شیوه{Z}ی"),
    ("he + ye", "میوهای", f"میوه{Z}ای"),
    # ezafe after an unknown compound whose last word is a known noun in silent ه
    ("he + ye", "سرصفحهی", f"سرصفحه{Z}ی"),
    ("giving kept", "فرماندهی", "فرماندهی"),
    ("giving kept", "سازماندهی", "سازماندهی"),
    # more «به» phrases; «به» names kept
    ("be phrase", "بهدلیل", f"به{Z}دلیل"),
    ("be phrase", "بهدقت", f"به{Z}دقت"),
    ("be phrase", "بهآرامی", f"به{Z}آرامی"),
    ("be word kept", "بهنام", "بهنام"),
    ("be word kept", "بهمن", "بهمن"),
    # heads apart after an adjective or a noun in the derivational ی
    ("head apart", "مخفیکردن", f"مخفی{Z}کردن"),
    ("head apart", "پشتیبانینشده", f"پشتیبانی{Z}نشده"),
    # readings that disagree: only the ZWNJs all of them put in
    ("common zwnjs", "شتابدهندهها", f"شتاب{Z}دهنده{Z}ها"),
    ("ambiguous", "نامهای", "نامهای"),
    # a ZWNJ after a non-joining letter does nothing and is not put in
    ("idle zwnj", "یوسیالای", f"یوسی{Z}ال{Z}ای"),
    # acronyms spelled out letter by letter
    ("acronym", "بیبیسی", f"بی{Z}بی{Z}سی"),
    ("acronym", "سیانان", f"سی{Z}ان{Z}ان"),
    ("acronym", "ویپیان", f"وی{Z}پی{Z}ان"),
    ("acronym", "پیدیاف", f"پی{Z}دی{Z}اف"),
    ("acronym kept", "آیتی", "آیتی"),
    ("acronym kept", "یوپیکی", "یوپیکی"),
    # newer compounds from shekar's list (shekar_compounds.txt)
    ("shekar compound", "وایفای", f"وای{Z}فای"),
    ("shekar compound", "اسکرینشات", f"اسکرین{Z}شات"),
    ("shekar compound", "دانشبنیان", f"دانش{Z}بنیان"),
    # a two-letter word in ه is no silent ه: «ده‌ده‌ی» is not written
    ("pronounced he", "دهدهی", "دهدهی"),
    # compounds the web writes joined ten times as often (wordfreq_joined.txt)
    ("joined kept", "لیلی", "لیلی"),
    ("joined kept", "پلتفرم", "پلتفرم"),
    ("joined kept", "دستگیری", "دستگیری"),
    # a causative after «می», which the verb list lacks
    ("mi causative", "مینمایانند", f"می{Z}نمایانند"),
    # an enclitic after a known compound in the derivational ی
    ("compound + ye + enclitic", "نخستوزیریاش", f"نخست{Z}وزیری{Z}اش"),
    # a word the lists write with a hamza, written without it
    ("hamza left out", "رایدهنده", f"رای{Z}دهنده"),
    # a noun + a present stem is an agent noun written joined; after ه, apart
    ("agent noun joined", "گروگانگیر", "گروگانگیر"),
    ("agent noun after he", "ذخیرهساز", f"ذخیره{Z}ساز"),
    # a participle + «‌ایم» over a plural + «م»
    ("participle + im", "بردهایم", f"برده{Z}ایم"),
    # an acronym whose ZWNJs include a reading's
    ("acronym over an ending", "پیتیای", f"پی{Z}تی{Z}ای"),
    # of two readings, the one wordfreq lists (wordfreq_spelled.txt) when it lists no other
    ("spelled reading", "برگهای", f"برگ{Z}های"),
    ("spelled reading", "زخمهای", f"زخم{Z}های"),
    ("spelled reading", "سیارهای", f"سیاره{Z}ای"),
    ("spelled reading", "انگیزهای", f"انگیزه{Z}ای"),
    # ...and none when it lists both, less than ten times apart («نام‌های» / «نامه‌ای»)
    ("ambiguous", "حرفهای", "حرفهای"),
    # «می» + a regular verb the verb list lacks, from its infinitive in the word list
    ("mi regular verb", "میدمد", f"می{Z}دمد"),
    ("mi regular verb", "میچکیدند", f"می{Z}چکیدند"),
    ("mi regular verb", "میرنجاند", f"می{Z}رنجاند"),
    ("mi preverb", "فرامیرسد", f"فرامی{Z}رسد"),
    # a participle after a preverb, and a negative in «نیا», + the perfect's ending
    ("preverb participle", "بازگرفتهاند", f"بازگرفته{Z}اند"),
    ("preverb participle", "دریافتهایم", f"دریافته{Z}ایم"),
    ("negative participle", "نیامدهایم", f"نیامده{Z}ایم"),
    # «نمی» + a verb before «ن» + a rare verb («میزیدن»)
    ("nemi verb", "نمیزد", f"نمی{Z}زد"),
    # a plural after an unknown word in ی, when nothing else reads it
    ("plural after ye", "حوثیها", f"حوثی{Z}ها"),
    ("plural after ye", "دایرکتوریهای", f"دایرکتوری{Z}های"),
    ("he + ye", "نظریهای", f"نظریه{Z}ای"),
    # «بن» between names, not where it starts a word of its own
    ("son of", "عدیبنحاتم", f"عدی{Z}بن{Z}حاتم"),
    ("not son of", "امتیازبندی", "امتیازبندی"),
    # a relational adjective in «ه‌ای» + a plural or «‌اش»
    ("relational + ending", "حرفهایها", f"حرفه{Z}ای{Z}ها"),
    ("relational + ending", "هستهایاش", f"هسته{Z}ای{Z}اش"),
    ("plural + possessive kept", "نقشهایشان", f"نقش{Z}هایشان"),
    # a plural after a known noun + the diminutive «ک»
    ("diminutive + plural", "نقشکها", f"نقشک{Z}ها"),
    ("diminutive + plural", "ابزارکهای", f"ابزارک{Z}های"),
    # a verb's bare present stem takes no plural: «نویسهای» is «نویسه‌ای»
    ("present stem: no plural", "نویسهای", f"نویسه{Z}ای"),
    # the ezafe «‌ی» after a noun + a productive head in ه
    ("he + ye", "بارکنندهی", f"بارکننده{Z}ی"),
]


@pytest.mark.parametrize("kind,joined,expected", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_zwnj_class(kind, joined, expected):
    assert display_text(joined) == expected
    # idempotent, and the written form is never changed
    assert display_text(expected) == expected


def test_demo_article_words_in_a_sentence():
    text = "این مکعبماهواره سیگنالهای خود را بهعنوان داده از زیرسامانههای خود بهصورت پیوسته میفرستد."
    assert display_text(text) == (
        f"این مکعب{Z}ماهواره سیگنال{Z}های خود را به{Z}عنوان داده از زیرسامانه{Z}های خود "
        f"به{Z}صورت پیوسته می{Z}فرستد."
    )


# A word that reads «X‌های» or «Xه‌ای» is settled by its neighbours when one of them
# rules the plural's ezafe «‌های» out, or calls for a plural; search keys read each
# word alone.
CONTEXT_CASES = [
    ("clause end", "او نامهای.", f"او نامه{Z}ای."),
    ("clause end after a quote", "«نامهای»!", f"«نامه{Z}ای»!"),
    ("no ezafe before که", "نامهای که رسید", f"نامه{Z}ای که رسید"),
    ("no ezafe before را", "خانهای را خرید", f"خانه{Z}ای را خرید"),
    ("one before", "یک نامهای", f"یک نامه{Z}ای"),
    ("one before", "هیچ نامهای", f"هیچ نامه{Z}ای"),
    ("plural after a non-joining letter ruled out", "یک منظرهای", f"یک منظره{Z}ای"),
    # a word alone (a label, a tag) is left as it reads two ways
    ("a word alone", "نامهای", "نامهای"),
    ("ezafe possible: left alone", "نامهای او", "نامهای او"),
    ("ezafe possible: left alone", "این نامهای", "این نامهای"),
    ("a longer word is not «یک»", "شریک نامهای", "شریک نامهای"),
    ("a longer word is not «که»", "نامهای کهنه", "نامهای کهنه"),
    ("such a", "چنین واقعهای", f"چنین واقعه{Z}ای"),
    ("a number word counts one", "هزار شمارهای", f"هزار شماره{Z}ای"),
    ("a number word counts one", "سه نامهای", f"سه نامه{Z}ای"),
    ("digits may end what comes before: left alone", "در دقیقه ۸۱ نامهای تیم", "در دقیقه ۸۱ نامهای تیم"),
    ("a plural after «یکی از»", "یکی از چرخهای آن", f"یکی از چرخ{Z}های آن"),
    ("a plural after «کلیه»", "کلیه نامهای", f"کلیه نام{Z}های"),
    ("unknown word in ه before که", "افراد ستمبارهای که", f"افراد ستمباره{Z}ای که"),
    ("a marked word's neighbours", "یا مولّفهای از", f"یا مولّفه{Z}ای از"),
    # the ezafe «‌ی» after a silent ه needs a word after it
    ("no ezafe before است", "دیهی است", "دیهی است"),
    ("no ezafe at the end", "دیهی.", "دیهی."),
    ("ezafe before a word", "پروندهی او", f"پرونده{Z}ی او"),
    ("no ezafe before a comma", "طی نامهای، لایحه", f"طی نامه{Z}ای، لایحه"),
    ("no ezafe before the copula", "همان طایفهای هستید", f"همان طایفه{Z}ای هستید"),
    ("no ezafe before a verb in «می»", "به مرتبهای میرسد", f"به مرتبه{Z}ای می{Z}رسد"),
    ("«میان» is no verb: left alone", "نامهای میان ما", "نامهای میان ما"),
    ("a plural + «م» before «را»", "لبهایم را", f"لب{Z}هایم را"),
    # ...and where none can stand, a known word in ه + «ی» is one word («فرمانده» + ی)
    ("derivational ye before a verb", "فرماندهی خواهد کرد", "فرماندهی خواهد کرد"),
    ("derivational ye before a verb", "بازدهی دارد", "بازدهی دارد"),
]


@pytest.mark.parametrize("kind,text,expected", CONTEXT_CASES, ids=[f"{c[0]}:{c[1]}" for c in CONTEXT_CASES])
def test_zwnj_context(kind, text, expected):
    from didgah.persian import search_key

    assert display_text(text) == expected
    assert display_text(expected) == expected
    # the search key of each word is the word's own, whatever stands around it
    assert search_key(text) == " ".join(search_key(w) for w in text.split())


# A text that writes ZWNJs has chosen how it writes «آنها»: kept (either is standard).
EITHER_CASES = [
    ("text with ZWNJs", f"آنها می{Z}گویند", f"آنها می{Z}گویند"),
    ("text with ZWNJs", f"اینها و آن{Z}ها", f"اینها و آن{Z}ها"),
    ("text without ZWNJs", "آنها میگویند", f"آن{Z}ها می{Z}گویند"),
]


@pytest.mark.parametrize("kind,text,expected", EITHER_CASES, ids=[f"{c[0]}:{c[1]}" for c in EITHER_CASES])
def test_either_way_kept(kind, text, expected):
    assert display_text(text) == expected
    assert display_text(expected) == expected
