/* global window, document */
// Starts ReDoc on /api/v1/redoc. A file rather than an inline script, so the page runs under a
// Content-Security-Policy of script-src 'self'. Served by src-main/api/docs-pages.ts.
window.addEventListener('DOMContentLoaded', function () {
  window.Redoc.init('./openapi.json', { hideDownloadButton: false }, document.getElementById('redoc'));
});
