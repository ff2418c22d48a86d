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
// Drag to reorder the plays that share a moment of a window (the week calendar); the ↑ ↓ buttons do
// the same without dragging (phones). Fills the page's [data-reorder-form] and submits it.
(function () {
  "use strict";
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest("[data-reorder-group]");
    if (!item) return;
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-bulletin"));
  });
  document.addEventListener("dragover", function (event) {
    var target = event.target.closest && event.target.closest("[data-reorder-group]");
    if (dragged && target && target !== dragged &&
        target.getAttribute("data-reorder-group") === dragged.getAttribute("data-reorder-group")) {
      event.preventDefault();
    }
  });
  document.addEventListener("drop", function (event) {
    var target = event.target.closest && event.target.closest("[data-reorder-group]");
    var form = document.querySelector("[data-reorder-form]");
    if (!dragged || !target || !form || target === dragged) return;
    event.preventDefault();
    var order = dragged.getAttribute("data-reorder-group").split(",");
    var moving = dragged.getAttribute("data-bulletin");
    var before = target.getAttribute("data-bulletin");
    var to = order.indexOf(before);  // dropped on an item: take its place (it shifts toward where we came from)
    order.splice(order.indexOf(moving), 1);
    order.splice(to, 0, moving);
    form.querySelector("[name=order]").value = order.join(",");
    dragged = null;
    form.submit();
  });
})();
