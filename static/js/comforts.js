/* Reading comforts: the dark-mode toggle and the text size in the header, remembered in
   this browser (localStorage; theme.js applies them before paint), and the article's
   copy-link and share buttons. The page is the same for every reader: nothing here asks
   the server. Without JavaScript the controls stay hidden and the share links work. */
(function () {
  "use strict";
  var root = document.documentElement;
  var THEME = "didgah-theme", SIZE = "didgah-font-size";
  var MIN_SIZE = -1, MAX_SIZE = 3;  // the steps static/css/comforts.css defines
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value);
    } catch (e) { /* private mode: this page keeps it, the next does not */ }
  }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : !!(systemDark && systemDark.matches);
  }

  function setupTheme() {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    function show() { button.setAttribute("aria-pressed", isDark() ? "true" : "false"); }
    button.addEventListener("click", function () {
      var want = isDark() ? "light" : "dark";
      var system = systemDark && systemDark.matches ? "dark" : "light";
      // A choice the same as the system's is no choice: the page follows the system again.
      if (want === system) { root.removeAttribute("data-theme"); store(THEME, null); }
      else { root.setAttribute("data-theme", want); store(THEME, want); }
      show();
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", show);
    show();
  }

  function currentSize() {
    var n = parseInt(root.getAttribute("data-font-size") || "0", 10);
    return isNaN(n) ? 0 : n;
  }

  function setupSize() {
    var buttons = document.querySelectorAll("[data-font-step]");
    function show() {
      var n = currentSize();
      buttons.forEach(function (b) {
        var step = parseInt(b.getAttribute("data-font-step"), 10);
        b.disabled = (step < 0 && n <= MIN_SIZE) || (step > 0 && n >= MAX_SIZE);
      });
    }
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var n = Math.max(MIN_SIZE, Math.min(MAX_SIZE, currentSize() + parseInt(b.getAttribute("data-font-step"), 10)));
        if (n === 0) { root.removeAttribute("data-font-size"); store(SIZE, null); }
        else { root.setAttribute("data-font-size", String(n)); store(SIZE, String(n)); }
        show();
      });
    });
    show();
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text).catch(function () { return legacyCopy(text); });
    return legacyCopy(text);
  }

  function legacyCopy(text) {
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy"));
    });
  }

  function setupShare() {
    var box = document.querySelector(".share");
    if (!box) return;
    var status = box.querySelector(".share-status");
    var url = box.getAttribute("data-url"), title = box.getAttribute("data-title");
    function say(text) { if (status) status.textContent = text; }
    var copy = box.querySelector(".share-copy");
    if (copy) {
      copy.closest("li").hidden = false;
      copy.addEventListener("click", function () {
        copyText(url).then(function () { say(box.getAttribute("data-copied")); },
                           function () { say(box.getAttribute("data-copy-failed")); });
      });
    }
    var native = box.querySelector(".share-native");
    if (native && typeof navigator.share === "function") {
      native.closest("li").hidden = false;
      native.addEventListener("click", function () {
        navigator.share({title: title, url: url}).catch(function () { /* closed by the reader */ });
      });
    }
  }

  function init() {
    var controls = document.getElementById("comforts");
    if (controls) controls.hidden = false;
    setupTheme();
    setupSize();
    setupShare();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
