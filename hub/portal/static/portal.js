// TTCS citizen portal: register the service worker (offline reading, installable) and keep the
// bulletins of the commune page just read. The pages work without this script.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  window.addEventListener("load", function () {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var list = document.querySelector("[data-cache-links]");
      if (!list || !registration.active) return;
      var urls = Array.prototype.map.call(list.querySelectorAll("a[href^='/xa/']"), function (a) { return a.getAttribute("href"); });
      registration.active.postMessage({ keep: urls });
    }).catch(function () { /* offline reading is a bonus; the page works without it */ });
  });
})();
