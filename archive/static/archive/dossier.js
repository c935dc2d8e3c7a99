/*
 * Dossier page: static/js/site.js polls the build and reveals the PDF link; this adds the
 * ZIP link (from "zip_url" in the same JSON) and re-enables the build button when it ends.
 */
(function () {
  "use strict";
  document.addEventListener("poll:update", function (event) {
    var area = event.target;
    var data = event.detail || {};
    var state = String(data.state || "");
    if (state !== "done" && state !== "failed") {
      return;
    }
    var zip = area.querySelector("[data-zip-download]");
    if (zip && state === "done" && data.zip_url) {
      var url = new URL(data.zip_url, window.location.href);
      if (url.origin === window.location.origin) {
        zip.setAttribute("href", url.href);
        zip.hidden = false;
      }
    }
    var button = document.querySelector("[data-build-button]");
    if (button) {
      button.disabled = false;
    }
  });
})();
