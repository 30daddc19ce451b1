// The admin import's progress page: poll the run's progress and update the counts in
// place; when the run has ended, reload to show its report. A static file, not an
// inline script, so the page works under a Content-Security-Policy without
// 'unsafe-inline'.
(function () {
  "use strict";
  var box = document.getElementById("import-progress");
  if (!box || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-progress-url");
  var running = box.getAttribute("data-running-label") || "";

  function show(field, value) {
    var el = box.querySelector('[data-field="' + field + '"]');
    if (el) {
      el.textContent = value;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (progress) {
        if (!progress) {
          window.setTimeout(poll, 5000);
          return;
        }
        show("done", progress.done);
        show("failed", progress.failed);
        if (progress.status === "running" && running) {
          show("status", running);
        }
        if (progress.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 1500);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
