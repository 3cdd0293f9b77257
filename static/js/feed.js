/* A feed opened in a browser (the XSLT stylesheet feeds/feed.xsl.xml): its dates in the
   Solar Hijri calendar and Persian digits, Tehran time, as the site's pages show them.
   Without it the feed's own date stays. */
(function () {
  "use strict";
  var format;
  try {
    format = new Intl.DateTimeFormat("fa-IR-u-ca-persian-nu-arabext", {
      weekday: "long", day: "numeric", month: "long", year: "numeric",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "Asia/Tehran"
    });
  } catch (e) { return; }
  // As the site writes it: «یکشنبه ۱۱ آبان ۱۴۰۴ - ۰۹:۵۱».
  function persian(when) {
    var p = {};
    format.formatToParts(when).forEach(function (part) { p[part.type] = part.value; });
    return p.weekday + " " + p.day + " " + p.month + " " + p.year + " - " + p.hour + ":" + p.minute;
  }
  document.querySelectorAll("time[data-date]").forEach(function (node) {
    var when = new Date(node.getAttribute("data-date"));
    if (isNaN(when.getTime())) return;
    node.setAttribute("datetime", when.toISOString());
    node.textContent = persian(when);
  });
})();
