// TTCS citizen portal service worker: keeps the shell and the pages last read, for slow or no network.
"use strict";
const CACHE = "ttcs-portal-{{ version }}";
const SHELL = {{ shell|tojson }};
const MAX_PAGES = 60;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("ttcs-portal-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function isPortalPage(url) {
  return url.pathname === "/" || url.pathname === "/xa" || url.pathname.startsWith("/xa/");
}

async function trim(cache) {
  const keys = await cache.keys();
  const pages = keys.filter((r) => isPortalPage(new URL(r.url)) && new URL(r.url).pathname !== "/");
  for (const old of pages.slice(0, Math.max(0, pages.length - MAX_PAGES))) await cache.delete(old);
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) { await cache.put(request, response.clone()); trim(cache); }
    return response;
  } catch (error) {
    return (await cache.match(request)) || (await cache.match("/ngoai-tuyen"));
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/static/portal/")) event.respondWith(cacheFirst(request));
  else if (isPortalPage(url)) event.respondWith(networkFirst(request));
});

// The commune page asks to keep its latest bulletins, so they can be read later without network.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.keep) || [];
  event.waitUntil(caches.open(CACHE).then((cache) =>
    Promise.all(urls.slice(0, 10).map((u) => cache.match(u).then((hit) => hit || cache.add(u).catch(() => null))))
  ));
});
