// The admin's selection counter («۲ از ۵ برگزیده») is rewritten by Django's actions.js
// with Latin digits on every tick; this turns them Persian again. Nothing else is touched.
(function () {
  "use strict";
  var persian = "۰۱۲۳۴۵۶۷۸۹";
  function fix(node) {
    var text = node.textContent;
    var fixed = text.replace(/[0-9]/g, function (d) { return persian[+d]; });
    if (fixed !== text) { node.textContent = fixed; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var counters = document.querySelectorAll(".action-counter, .actions .all, .actions .question a");
    counters.forEach(function (counter) {
      fix(counter);
      new MutationObserver(function () { fix(counter); }).observe(counter, {childList: true, characterData: true, subtree: true});
    });
  });
})();
