/* global window */
// Starts Swagger UI on /api/v1/docs. A file rather than an inline script, so the page runs under a
// Content-Security-Policy of script-src 'self'. Served by src-main/api/docs-pages.ts.
window.addEventListener('DOMContentLoaded', function () {
  window.ui = window.SwaggerUIBundle({
    url: './openapi.json',
    dom_id: '#swagger-ui',
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    // The online validator badge would call out to swagger.io; the docs stay offline.
    validatorUrl: null,
    persistAuthorization: true,
  });
});
