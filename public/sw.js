// The app shell for offline rounds: the round page, the WebAssembly, its script and styles. Always
// from the network when there is one (so a new version is never mixed with an old one); from this
// cache only when the network is gone. Patient data is never cached here: the round page fetches
// it, and the tablet keeps its own copy encrypted (public/offline.js).
"use strict";
const CACHE = "throughcare-shell-v1";

// What a reload of the round page needs with no network. Each is fetched on its own, so one that
// fails (signed out, say) does not stop the rest.
const SHELL = ["/rounds", "/pkg/throughcare.js", "/pkg/throughcare.wasm", "/pkg/throughcare.css", "/offline.js"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all(SHELL.map((path) => cache.add(path).catch(() => undefined))))
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function shellKey(request) {
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") return null;
  if (request.mode === "navigate" && url.pathname === "/rounds") return "/rounds";
  if (url.pathname.startsWith("/pkg/") || url.pathname === "/offline.js") return url.pathname;
  return null;
}

self.addEventListener("fetch", (event) => {
  const key = shellKey(event.request);
  if (!key) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(key, copy));
        }
        return response;
      })
      .catch(() => caches.open(CACHE).then((cache) => cache.match(key)).then((cached) => cached || Response.error())),
  );
});
