// The app shell for offline rounds: the round page, the WebAssembly, its script and styles. Always
// from the network when there is one (so a new version is never mixed with an old one); from the
// cache only when the network is gone. Patient data is never cached here: the round page fetches
// it, and the tablet keeps its own copy encrypted (public/offline.js).
"use strict";
// The same for everyone.
const SHELL_CACHE = "throughcare-shell-v2";
const SHELL = ["/pkg/throughcare.js", "/pkg/throughcare.wasm", "/pkg/throughcare.css", "/offline.js"];
// Pages as served to the signed-in user (they name them): emptied whenever a session ends.
const PAGES_CACHE = "throughcare-pages-v1";
const PAGES = ["/rounds"];

self.addEventListener("install", (event) => {
  // Each is fetched on its own, so one that fails (signed out, say) does not stop the rest.
  const fill = (name, paths) =>
    caches.open(name).then((cache) => Promise.all(paths.map((path) => cache.add(path).catch(() => undefined))));
  event.waitUntil(Promise.all([fill(SHELL_CACHE, SHELL), fill(PAGES_CACHE, PAGES)]).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  const kept = [SHELL_CACHE, PAGES_CACHE];
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => !kept.includes(name)).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

function cachedAs(url, request) {
  if (request.mode === "navigate" && PAGES.includes(url.pathname)) return [PAGES_CACHE, url.pathname];
  if (url.pathname.startsWith("/pkg/") || url.pathname === "/offline.js") return [SHELL_CACHE, url.pathname];
  return null;
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

const SIGNED_OUT_BECAUSE = {
  idle: "You were signed out because the screen was left idle.",
  signed_out: "You have signed out.",
  locked_out: "You were signed out after too many wrong passwords at the lock screen.",
  expired: "Your session reached its maximum length.",
};

// What a page that is not kept for offline use shows without a network, instead of the browser's
// own error: what happened, that nothing recorded offline is lost, and where to go.
function offlinePage(url) {
  const signIn = url.pathname === "/sign-in";
  const because = signIn ? SIGNED_OUT_BECAUSE[url.searchParams.get("reason")] : undefined;
  const body = signIn
    ? `${because ? `<p class="notice" role="status">${escapeHtml(because)}</p>` : ""}
       <div class="card">
         <h2>No network here</h2>
         <p>Signing in needs the network. Move into Wi-Fi coverage, then <a href="/sign-in">sign in again</a>.</p>
         <p>Doses recorded offline stay sealed on this tablet. They are sent when you sign in here again.</p>
       </div>`
    : `<div class="card">
         <h2>No network here</h2>
         <p>This page needs the network. Move into Wi-Fi coverage, then <a href="${escapeHtml(url.pathname)}">try again</a>.</p>
         <p>The medication round works offline once it has been opened on this tablet: <a href="/rounds">open the medication round</a>.</p>
       </div>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>No network · Throughcare</title><link rel="stylesheet" href="/pkg/throughcare.css"></head>
<body><main id="main" class="sign-in offline-page" data-testid="offline-page">
<h1>Throughcare</h1><p class="tagline">Prison healthcare record</p>${body}</main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy":
        "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    },
  });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || request.method !== "GET") return;
  const kept = cachedAs(url, request);
  if (!kept && request.mode !== "navigate") return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (kept && response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(kept[0]).then((cache) => cache.put(kept[1], copy));
        }
        return response;
      })
      .catch(async () => {
        const cached = kept ? await caches.open(kept[0]).then((cache) => cache.match(kept[1])) : undefined;
        if (cached) return cached;
        return request.mode === "navigate" ? offlinePage(url) : Response.error();
      }),
  );
});
