// Persian for the article editor. Runs before the editor's modules (a classic script
// runs before deferred modules), so the editor's dialogs, which translate through
// window.gettext, find these strings; static/news/editor.js uses the same table for the
// toolbar's titles, which the editor sets without translating.
(function () {
  "use strict";
  var fa = {
    "heading 2": "تیتر ۲", "heading 3": "تیتر ۳", "heading 4": "تیتر ۴", "paragraph": "بند",
    "Heading 2": "تیتر ۲", "Heading 3": "تیتر ۳", "Heading 4": "تیتر ۴", "Paragraph": "بند",
    "unordered list": "فهرست نشانه‌دار", "ordered list": "فهرست شماره‌دار",
    "List properties": "ویژگی‌های فهرست", "blockquote": "نقل قول", "horizontal rule": "خط جداکننده",
    "bold": "پررنگ", "italic": "کج", "underline": "زیرخط", "strike": "خط‌خورده",
    "subscript": "زیرنگاشت", "superscript": "بالانگاشت", "insert link": "افزودن پیوند",
    "remove link": "برداشتن پیوند", "Insert table": "افزودن جدول", "Add column": "افزودن ستون",
    "Delete column": "حذف ستون", "Add row": "افزودن سطر", "Delete row": "حذف سطر",
    "Merge cells": "ادغام خانه‌ها", "Split cell": "جدا کردن خانه", "Toggle header cell": "خانهٔ سرستون",
    "Delete table": "حذف جدول", "undo": "واگرد", "redo": "ازنو", "edit HTML": "ویرایش HTML",
    "Edit HTML": "ویرایش HTML", "Edit Link": "ویرایش پیوند", "URL": "نشانی", "Title": "عنوان",
    "Open in new window": "باز شدن در پنجرهٔ تازه", "Update": "به‌روزرسانی", "Cancel": "انصراف",
    "Insert": "افزودن", "Insert Table": "افزودن جدول", "Rows": "سطرها", "Columns": "ستون‌ها",
    "Include header row": "با سطر سرستون", "Table Properties": "ویژگی‌های جدول",
    "List type": "نوع فهرست", "Start at": "آغاز از", "Bullets": "نشانه", "Decimal numbers": "عدد",
    "Lowercase letters": "حروف کوچک", "Uppercase letters": "حروف بزرگ",
    "Lowercase Roman numerals": "عدد رومی کوچک", "Uppercase Roman numerals": "عدد رومی بزرگ",
    "Prettify": "مرتب کردن", "Toggle fullscreen": "تمام‌صفحه",
    "insert image": "افزودن تصویر از کتابخانه", "embed video": "افزودن ویدیو",
    "Insert image from the library": "افزودن تصویر از کتابخانهٔ تصویرها",
    "Search the library": "جست‌وجو در کتابخانه", "Library images": "تصویرهای کتابخانه",
    "Alternative text (required)": "متن جایگزین (لازم)", "Caption": "زیرنویس", "Credit": "عکاس یا منبع",
    "No image found.": "تصویری پیدا نشد.", "Choose an image.": "یک تصویر برگزینید.",
    "Alternative text is required.": "متن جایگزین تصویر لازم است.", "Photo:": "عکس:",
    "Embed a video": "افزودن ویدیو", "YouTube, Aparat or Vimeo address": "نشانی ویدیو در یوتیوب، آپارات یا ویمئو",
    "Video title": "عنوان ویدیو", "Video": "ویدیو",
    "The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema.":
      "HTML متن. تنها برچسب‌هایی می‌مانند که ویرایشگر و فهرست مجاز وب‌گاه می‌پذیرند."
  };
  var original = window.gettext;
  window.didgahEditorStrings = fa;
  window.gettext = function (text) {
    return Object.prototype.hasOwnProperty.call(fa, text) ? fa[text] : (original ? original(text) : text);
  };
})();
