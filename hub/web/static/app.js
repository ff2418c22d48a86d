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
  // On a phone the main menu folds into one button (CSS shows it below 48rem); without this script
  // the whole menu stays visible.
  function wireMenu() {
    var nav = document.querySelector("nav.nav");
    var button = nav && nav.querySelector(".menu-toggle");
    if (!button) return;
    nav.classList.add("collapsible");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wireFilters(document); wireMenu(); });
  document.addEventListener("htmx:afterSwap", function (event) { wireFilters(event.target); });
})();
