// Crossnote's service worker (served at /sw.js by crossnote.web.views.app, rendered from
// crossnote/web/templates/web/sw.js). It keeps the app's shell (styles, scripts, icons) and
// an offline page; pages themselves always come from the network, so nothing personal is
// ever kept. Version {{ version }}.
"use strict";
var VERSION = "{{ version|escapejs }}";
var SHELL_CACHE = "crossnote-shell-" + VERSION;
var OFFLINE_URL = "{{ offline_url|escapejs }}";
var SHELL = [{% for url in shell %}"{{ url|escapejs }}", {% endfor %}OFFLINE_URL];

// --- HOOK: web push ------------------------------------------------------------------------
// The push handler (`push`, `notificationclick`) lives in its own script; it is imported here
// when the static file exists (crossnote.web.views.app.PUSH_SCRIPT).
{% if push_script %}importScripts("{{ push_script|escapejs }}");{% else %}// (no push script installed){% endif %}
// --------------------------------------------------------------------------------------------

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then(function (cache) { return cache.addAll(SHELL); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("crossnote-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Pages: always the network (they are personal and change); the offline page when it
    // cannot be reached.
    event.respondWith(fetch(request).catch(function () {
      return caches.open(SHELL_CACHE).then(function (cache) { return cache.match(OFFLINE_URL); });
    }));
    return;
  }
  if (SHELL.indexOf(url.pathname) !== -1) {
    // The shell: from the cache (its name changes with every deploy), else the network.
    event.respondWith(caches.open(SHELL_CACHE).then(function (cache) {
      return cache.match(url.pathname).then(function (hit) { return hit || fetch(request); });
    }));
  }
});
