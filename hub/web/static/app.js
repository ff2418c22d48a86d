// TTCS officials' web app: small enhancements; every page works without them.
(function () {
  "use strict";
  // Filter a long list of checkboxes (areas) as the official types; no diacritics needed.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .replace(/['’‘`]/g, "").toLowerCase();
  }
  function wireFilters(root) {
    root.querySelectorAll("[data-filter-for]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("data-filter-for"));
      if (!list || input.dataset.wired) return;
      input.dataset.wired = "1";
      input.addEventListener("input", function () {
        var q = fold(input.value.trim());
        list.querySelectorAll("label").forEach(function (label) {
          var hit = !q || fold(label.textContent).indexOf(q) >= 0 || label.querySelector("input:checked");
          label.hidden = !hit;
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wireFilters(document); });
  document.addEventListener("htmx:afterSwap", function (event) { wireFilters(event.target); });
})();
