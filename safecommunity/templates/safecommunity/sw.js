/* SafeCommunity service worker (served at /sw.js, scope /). Version {{ version }}.
 *
 * - Static assets: cached at install, then cache-first (their URLs change when they change).
 * - Pages: network-first. A page the server marks with X-Offline-Capable (the entry forms that
 *   work offline, the outbox) is kept after each visit, and served from the cache with no signal.
 *   Any other page with no signal shows the offline page. Nothing else is kept: record pages
 *   carry personal data and stay out of the device (the site sends them no-store).
 * - Never touches POST: the page's script (static/js/offline.js) keeps unsent entries itself.
 */
"use strict";

var VERSION = "{{ version|escapejs }}";
var STATIC_CACHE = "sc-static-" + VERSION;
var PAGE_CACHE = "sc-pages-" + VERSION;
var OFFLINE_URL = "{{ offline_url|escapejs }}";
var ASSETS = [{% for asset in assets %}"{{ asset|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      return cache.addAll(ASSETS.concat([OFFLINE_URL]));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("sc-") === 0 && name !== STATIC_CACHE && name !== PAGE_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isStatic(url)) {
    event.respondWith(
      caches.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) {
            var copy = response.clone();
            caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
          }
          return response;
        });
      })
    );
    return;
  }
  if (request.mode !== "navigate") return;
  event.respondWith(
    fetch(request).then(function (response) {
      event.waitUntil(keepPage(request.url, response));
      return response;
    }).catch(function () {
      return caches.open(PAGE_CACHE).then(function (cache) {
        return cache.match(request.url);
      }).then(function (hit) {
        return hit || caches.match(OFFLINE_URL);
      });
    })
  );
});

function keepPage(url, response) {
  if (response.ok && response.headers.get("X-Offline-Capable") === "1" && !response.redirected) {
    var copy = response.clone();
    return caches.open(PAGE_CACHE).then(function (cache) { return cache.put(url, copy); });
  }
  return Promise.resolve();
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data === "forget-pages") {
    event.waitUntil(caches.delete(PAGE_CACHE));
  } else if (data.keep) {
    // A page loaded before this worker controlled it (the very first visit): fetch it once more.
    var url = new URL(data.keep, self.location.origin);
    if (url.origin !== self.location.origin) return;
    event.waitUntil(fetch(url.href, { credentials: "same-origin" }).then(function (response) {
      return keepPage(url.href, response);
    }).catch(function () {}));
  }
});
