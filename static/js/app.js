// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Ask before leaving a page whose form has unsaved changes.
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) { event.preventDefault(); event.returnValue = ""; }
    });
  });

  // A length guide under long answers (Phụ lục 3 column 8 should stay short).
  document.querySelectorAll(".length-guide[data-for]").forEach(function (guide) {
    var field = document.getElementById(guide.dataset.for);
    if (!field) { return; }
    var limit = parseInt(field.dataset.lengthGuide || "0", 10);
    function show() {
      var n = field.value.length;
      guide.textContent = n + " ký tự" + (limit ? " (nên dưới " + limit + ")" : "");
      guide.classList.toggle("over", limit > 0 && n > limit);
    }
    field.addEventListener("input", show);
    show();
  });

  // After an autosave, the form carries the draft's new version (sent back in a header).
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var version = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Update-Version");
    var input = document.getElementById("id_version");
    if (version && input) { input.value = version; }
  });
});
