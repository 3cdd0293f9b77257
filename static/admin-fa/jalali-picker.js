// A Solar Hijri calendar beside the admin's date boxes (common/admin_jalali.py): the box
// takes «۱۴۰۵/۰۹/۱۲ ۱۰:۴۰» typed by hand; the button beside it opens a month to click
// a day in, keeping the time typed (or now's). The server reads the box; this only
// fills it. Conversions through the browser's own Persian calendar (Intl), no tables.
(function () {
  "use strict";
  var PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
  var MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];
  var WEEK = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  var DAY_MS = 86400000;
  var parts = new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", {
    timeZone: "Asia/Tehran", year: "numeric", month: "numeric", day: "numeric"
  });

  function fa(text) { return String(text).replace(/[0-9]/g, function (d) { return PERSIAN[+d]; }); }
  function latin(text) { return String(text).replace(/[۰-۹]/g, function (d) { return PERSIAN.indexOf(d); }); }
  function pad(n) { return n < 10 ? "0" + n : String(n); }

  // Jalali [year, month, day] of an instant, in Tehran.
  function jalali(date) {
    var out = {};
    parts.formatToParts(date).forEach(function (p) { out[p.type] = parseInt(p.value, 10); });
    return [out.year, out.month, out.day];
  }
  function compare(a, b) { return (a[0] - b[0]) || (a[1] - b[1]) || (a[2] - b[2]); }
  // An instant on the given Jalali day (noon in Tehran, away from any day's edge).
  function fromJalali(y, m, d) {
    var guess = new Date(Date.UTC(y + 621, 2, 21, 8, 30) + Math.round((m - 1) * 30.6 + d - 1) * DAY_MS);
    for (var i = 0; i < 40; i++) {
      var c = compare(jalali(guess), [y, m, d]);
      if (c === 0) { return guess; }
      guess = new Date(guess.getTime() + (c < 0 ? DAY_MS : -DAY_MS));
    }
    return guess;
  }
  function monthLength(y, m) {
    if (m <= 6) { return 31; }
    if (m <= 11) { return 30; }
    return jalali(new Date(fromJalali(y, 12, 1).getTime() + 29 * DAY_MS))[1] === 12 ? 30 : 29;
  }

  function read(box) {
    // The time as persian.dates reads it: one or two digits each side («۸:۵» is 08:05).
    var m = /^\s*(\d{3,4})[\/\-.](\d{1,2})[\/\-.](\d{1,2})(?:\s+(\d{1,2})\s*[:\u066b.]\s*(\d{1,2}))?/.exec(latin(box.value));
    return m ? {y: +m[1], m: +m[2], d: +m[3], time: m[4] ? pad(+m[4]) + ":" + pad(+m[5]) : null} : null;
  }
  function write(box, y, m, d, time) {
    var text = y + "/" + pad(m) + "/" + pad(d);
    if (box.dataset.jalaliTime === "1") {
      if (!time) { var now = new Date(); time = new Intl.DateTimeFormat("en-GB", {timeZone: "Asia/Tehran", hour: "2-digit", minute: "2-digit", hourCycle: "h23"}).format(now); }
      text += " " + time;
    }
    box.value = fa(text);
    box.dispatchEvent(new Event("change", {bubbles: true}));
  }

  function button(label, className, onClick) {
    var b = document.createElement("button");
    b.type = "button"; b.className = className; b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function attach(box) {
    var panel = document.createElement("div");
    panel.className = "jalali-picker"; panel.hidden = true;
    panel.setAttribute("role", "dialog"); panel.setAttribute("aria-label", "تقویم");
    var shown;

    function render() {
      panel.textContent = "";
      var head = document.createElement("div"); head.className = "jalali-picker-head";
      head.appendChild(button("›", "jalali-prev", function () { shown = shown[1] === 1 ? [shown[0] - 1, 12] : [shown[0], shown[1] - 1]; render(); }));
      var title = document.createElement("span"); title.textContent = fa(MONTHS[shown[1] - 1] + " " + shown[0]);
      head.appendChild(title);
      head.appendChild(button("‹", "jalali-next", function () { shown = shown[1] === 12 ? [shown[0] + 1, 1] : [shown[0], shown[1] + 1]; render(); }));
      panel.appendChild(head);
      var grid = document.createElement("div"); grid.className = "jalali-picker-grid";
      WEEK.forEach(function (w) { var s = document.createElement("span"); s.textContent = w; s.className = "jalali-weekday"; grid.appendChild(s); });
      // Saturday starts the Persian week: JavaScript's getUTCDay() is 6 for it.
      var lead = (fromJalali(shown[0], shown[1], 1).getUTCDay() + 1) % 7;
      for (var i = 0; i < lead; i++) { grid.appendChild(document.createElement("span")); }
      var current = read(box);
      for (var d = 1; d <= monthLength(shown[0], shown[1]); d++) {
        (function (day) {
          var b = button(fa(day), "jalali-day", function () {
            var typed = read(box);
            write(box, shown[0], shown[1], day, typed && typed.time);
            panel.hidden = true; box.focus();
          });
          if (current && current.y === shown[0] && current.m === shown[1] && current.d === day) { b.setAttribute("aria-pressed", "true"); }
          grid.appendChild(b);
        })(d);
      }
      panel.appendChild(grid);
      panel.appendChild(button("اکنون", "jalali-now", function () {
        var today = jalali(new Date());
        write(box, today[0], today[1], today[2], null);
        panel.hidden = true; box.focus();
      }));
    }

    var open = button("تقویم", "jalali-open", function () {
      if (panel.hidden) {
        var typed = read(box);
        shown = typed ? [typed.y, typed.m] : jalali(new Date()).slice(0, 2);
        render();
      }
      panel.hidden = !panel.hidden;
    });
    open.setAttribute("aria-label", "گشودن تقویم برای " + (box.labels && box.labels[0] ? box.labels[0].textContent.replace(/[:：]\s*$/, "") : "این تاریخ"));
    box.insertAdjacentElement("afterend", open);
    open.insertAdjacentElement("afterend", panel);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { panel.hidden = true; } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.jalali-date").forEach(attach);
  });
})();
