// Names for the admin's autocomplete boxes (select2 draws its own combobox and search
// field, with no label of their own): each takes its field's label, which axe and screen
// readers then find. Run after select2 has drawn them, and again when it redraws.
(function () {
  "use strict";
  function labelFor(id) {
    return document.querySelector('label[for="' + id + '"]');
  }
  function name() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = labelFor(select.id);
      var box = select.nextElementSibling;
      if (!label || !box) return;
      if (!label.id) label.id = select.id + "-label";
      box.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (el) { el.setAttribute("aria-labelledby", label.id); });
      box.querySelectorAll("input.select2-search__field").forEach(function (el) {
        el.setAttribute("aria-label", label.textContent.replace(/[:：]\s*$/, "").trim());
      });
    });
  }
  window.addEventListener("load", function () {
    name();
    new MutationObserver(name).observe(document.getElementById("content") || document.body, { childList: true, subtree: true });
  });
})();
