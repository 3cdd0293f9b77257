"""What the article editor sends goes through the same door as everything else: pasted
Word and web markup comes out as plain, allow-listed HTML."""

import pytest

from didgah.common.html import clean_html
from didgah.news.tests.factories import make_article

# What Word puts on the clipboard (trimmed): conditional comments, an <xml> block, a
# <style> sheet, mso- styles and classes, o:p elements, spans with fonts, &nbsp; paragraphs.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-family:"B Nazanin";} --></style>
</head><body lang=FA style='tab-interval:36.0pt'>
<!--StartFragment-->
<p class=MsoNormal dir=RTL style='text-align:right;direction:rtl;unicode-bidi:embed'><b><span
lang=FA style='font-size:14.0pt;font-family:"B Nazanin";mso-bidi-language:FA'>گزارش ویژه</span></b><span
lang=FA style='mso-bidi-font-family:"B Nazanin"'><o:p></o:p></span></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>
<span lang=FA>شورای شهر میگوید بودجه Metro Line 2 تأمین شده است</span></p>
<p class=MsoNormal><a href="https://example.org/report" onclick="track()" style='color:blue'>گزارش کامل</a>
<img width=200 height=100 src="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png"></p>
<p class=MsoNormal>&nbsp;<o:p></o:p></p>
<script>alert(1)</script>
<!--EndFragment-->
</body></html>"""

# A web page's selection: classes, inline styles, data attributes, a form, a tracking pixel.
WEB_HTML = """<div class="article-body" data-id="9"><h1 style="color:red">عنوان صفحه</h1>
<p class="p1" style="font-family: Arial">متن <em>مهم</em> با <a href="javascript:alert(1)">پیوند بد</a>
و <a href="https://example.org/a" target="_blank">پیوند خوب</a>.</p>
<form action="/x"><input name="q"><button>جستجو</button></form>
<img src="https://tracker.example/p.gif" width="1" height="1" style="display:none"></div>"""


def test_word_paste_comes_out_clean():
    cleaned = clean_html(WORD_HTML)
    for residue in ("mso", "MsoNormal", "o:p", "<style", "<xml", "WordDocument", "B Nazanin", "style=",
                    "class=", "file:", "<script", "alert", "onclick", "<!--", "[if", "<span",
                    "<html", "<body", "<meta"):
        assert residue not in cleaned, (residue, cleaned)
    assert "<b>گزارش ویژه</b>" in cleaned
    # The text is still there, Persian repaired (the lost ZWNJ of «میگوید»), Latin intact.
    assert "می\u200cگوید" in cleaned and "Metro Line 2" in cleaned
    assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow">گزارش کامل</a>' in cleaned
    # Word's empty paragraphs go.
    assert "<p>\xa0</p>" not in cleaned and "<p> </p>" not in cleaned and "<p></p>" not in cleaned


def test_web_paste_comes_out_clean():
    cleaned = clean_html(WEB_HTML)
    for residue in ("style=", "class=", "data-id", "<form", "<input", "<button", "javascript:", "target=", "<div"):
        assert residue not in cleaned, (residue, cleaned)
    assert "<em>مهم</em>" in cleaned and 'href="https://example.org/a"' in cleaned


@pytest.mark.django_db
def test_editor_html_is_stored_through_article_save():
    """The editor's own output (headings, lists, quotes, links, a table, mixed Persian and
    Latin) is kept as it is, text repaired by display_text."""
    body = ("<h2>بخش اول</h2><p>متن <strong>پررنگ</strong> و <em>کج</em> با Django 5.2 و "
            '<a href="https://example.org">پیوند</a>.</p><ul><li><p>یک</p></li></ul><ol><li><p>دو</p></li></ol>'
            "<blockquote><p>نقل قول میشود</p></blockquote><table><tbody><tr><th><p>الف</p></th>"
            "<td><p>ب</p></td></tr></tbody></table><hr>")
    article = make_article(body=body)
    assert article.body.startswith("<h2>بخش اول</h2><p>متن <strong>پررنگ</strong>")
    assert "Django 5.2" in article.body and "<blockquote><p>نقل قول می\u200cشود</p></blockquote>" in article.body
    assert "<table><tbody><tr><th><p>الف</p></th>" in article.body
