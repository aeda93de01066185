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

  // A refused form: bring its summary of problems into view and give it the focus, so a
  // person on a phone does not have to look for what went wrong.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.scrollIntoView({ block: "start", behavior: "instant" });
    summary.focus({ preventScroll: true });
    // Each item leads to its field, with the field's label in view above it.
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("href").slice(1));
        if (!field) { return; }
        event.preventDefault();
        field.scrollIntoView({ block: "center", behavior: "instant" });
        field.focus({ preventScroll: true });
      });
    });
  }

  // "In trang này": the browser's print (no inline handler: the CSP allows no inline script).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // An autosave that fails says so where the last success was shown (htmx swaps nothing on
  // an error or a lost connection): what was typed stays on the page.
  function autosaveFailed(event, why) {
    var target = event.detail && event.detail.target;
    if (target && target.id === "autosave-status") {
      target.textContent = "Chưa tự lưu được (" + why + "). Những gì đồng chí đã nhập vẫn còn " +
        "trên trang; trang sẽ thử lưu lại khi đồng chí nhập tiếp, hoặc bấm «Lưu nháp».";
      target.classList.add("text-danger");
    }
  }
  document.body.addEventListener("htmx:sendError", function (event) {
    autosaveFailed(event, "mất kết nối tới máy chủ");
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    autosaveFailed(event, "máy chủ trả lỗi " + event.detail.xhr.status);
  });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "autosave-status") {
      event.detail.target.classList.remove("text-danger");
    }
  });

  // After an autosave, the form carries the draft's new version (sent back in a header).
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var version = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Update-Version");
    var input = document.getElementById("id_version");
    if (version && input) { input.value = version; }
  });
});
