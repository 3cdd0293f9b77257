/* Select2's Persian for the admin's autocomplete boxes (tags, categories, authors):
   this file takes the place of the one Django ships at the same path (STATICFILES_DIRS
   is searched before the apps), whose Persian put Latin digits in its counts and used
   «کاراکتر», «آیتم» and «جستجو» where the site says «نویسه», «مورد» and «جست‌وجو»
   (docs/glossary.md). Same API as Select2 4.0.13's i18n modules. */
!function () {
  "use strict";
  if (!(window.jQuery && jQuery.fn && jQuery.fn.select2 && jQuery.fn.select2.amd)) { return; }
  var persian = "۰۱۲۳۴۵۶۷۸۹";
  function digits(n) { return String(n).replace(/[0-9]/g, function (d) { return persian[+d]; }); }
  jQuery.fn.select2.amd.define("select2/i18n/fa", [], function () {
    return {
      errorLoading: function () { return "فهرست بار نشد."; },
      inputTooLong: function (args) { return digits(args.input.length - args.maximum) + " نویسه را پاک کنید"; },
      inputTooShort: function (args) { return "دست‌کم " + digits(args.minimum - args.input.length) + " نویسهٔ دیگر بنویسید"; },
      loadingMore: function () { return "بار کردن موارد بیشتر…"; },
      maximumSelected: function (args) { return "تنها " + digits(args.maximum) + " مورد را می‌توانید برگزینید"; },
      noResults: function () { return "چیزی پیدا نشد"; },
      searching: function () { return "در حال جست‌وجو…"; },
      removeAllItems: function () { return "برداشتن همه"; }
    };
  });
}();
