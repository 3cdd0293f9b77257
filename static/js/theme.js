/* The reader's own theme and text size, remembered in this browser (comforts.js keeps
   them), set on <html> before the page is painted: loaded without defer, in <head>.
   The page itself is the same for everyone; without a remembered choice the theme
   follows the system's (static/css/comforts.css). */
(function () {
  "use strict";
  try {
    var root = document.documentElement;
    var theme = localStorage.getItem("didgah-theme");
    var size = localStorage.getItem("didgah-font-size");
    if (theme === "dark" || theme === "light") root.setAttribute("data-theme", theme);
    if (size && /^-?[1-3]$/.test(size)) root.setAttribute("data-font-size", size);
  } catch (e) { /* storage refused: the defaults stand */ }
})();
