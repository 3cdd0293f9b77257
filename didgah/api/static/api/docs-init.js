/* Starts Swagger UI from the settings in the page's JSON data block (no inline script:
   the site's CSP allows scripts from 'self' only). Session writes carry the CSRF token. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrf = document.body.dataset.csrfToken;
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  config.requestInterceptor = function (req) {
    if (csrf) { req.headers["X-CSRFToken"] = csrf; }
    return req;
  };
  window.ui = SwaggerUIBundle(config);
})();
