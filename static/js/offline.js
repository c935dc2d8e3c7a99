/*
 * SafeCommunity offline capture: entry forms that survive no signal. No external requests.
 *
 * 1. A <form data-offline="<kind>"> (injury card, scheduled inspection, hidden danger) gets a
 *    fresh client_id (a UUID) on every page load: a page served from the service worker's cache
 *    carries the id of an earlier visit. The server stores an id once per user
 *    (safecommunity/offline.py), so a resend never makes a second record.
 * 2. Images chosen in such a form are resized here (longest side 1600 px, JPEG 0.85) before
 *    they are sent or kept.
 * 3. Submitting: with no connection (navigator.onLine false, or the POST fails on the network,
 *    or the session has expired), the form's fields, files as Blobs, go into an IndexedDB outbox,
 *    the page says "已保存在本机，联网后自动发送" and the navbar shows how many wait. Online, the
 *    POST goes by fetch with the header X-Offline-Outbox: the server answers an accepted entry
 *    with JSON {accepted, url} and the page goes there; a form with errors is sent again the
 *    ordinary way so the server's page shows them.
 * 4. The outbox is sent when the connection returns (online event, page load, every 30 s), with a
 *    fresh CSRF token from /offline/csrf/ (a cached page's token may have been rotated); an entry
 *    is removed only when the server accepted it. An entry the server refuses stays, marked, to be
 *    opened in its form again (/offline/outbox/ lists them). Entries belong to the user who made
 *    them (body[data-user]); another user on the same phone neither sees nor sends them.
 * 5. The service worker (/sw.js) is registered here; signed out, the cached pages are dropped.
 *
 * Texts come from the page (#offline-notice data-*), so they are translated with the rest.
 */
(function () {
  "use strict";

  var DB_NAME = "safecommunity-offline";
  var STORE = "outbox";
  var RETRY_MS = 30000;
  var MAX_SIDE = 1600;
  var JPEG_QUALITY = 0.85;
  var RESIZE_ABOVE_BYTES = 1024 * 1024;

  var body = document.body;
  var user = body.getAttribute("data-user") || "";
  var notice = document.getElementById("offline-notice");
  var resized = new WeakMap(); // file input -> Promise of [File]
  var flushing = null;

  function text(name, n) {
    var value = (notice && notice.getAttribute("data-" + name)) || "";
    return value.replace("%(n)s", n === undefined ? "" : String(n));
  }

  function show(message, kind) {
    if (!notice) return;
    notice.textContent = message;
    notice.className = "alert offline-notice alert-" + (kind || "info");
    notice.hidden = false;
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes); // plain http (no secure context) has no randomUUID
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // ---- IndexedDB ------------------------------------------------------------------------
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) return reject(new Error("no IndexedDB"));
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "id" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function tx(mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { resolve(result && result.result); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function putEntry(entry) { return tx("readwrite", function (store) { return store.put(entry); }); }
  function deleteEntry(id) { return tx("readwrite", function (store) { return store.delete(id); }); }
  function getEntry(id) { return tx("readonly", function (store) { return store.get(id); }); }
  function allEntries() {
    return tx("readonly", function (store) { return store.getAll(); }).then(function (entries) {
      return (entries || []).filter(function (entry) { return entry.user === user; })
        .sort(function (a, b) { return a.created - b.created; });
    });
  }

  // ---- the navbar count -----------------------------------------------------------------
  function updateCount() {
    var item = document.getElementById("outbox-nav");
    var badge = document.getElementById("outbox-count");
    if (!item || !badge || !user) return Promise.resolve();
    return allEntries().then(function (entries) {
      badge.textContent = String(entries.length);
      item.hidden = entries.length === 0;
      renderOutbox(entries);
    }).catch(function () {});
  }

  // ---- images resized on the device ------------------------------------------------------
  function decode(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).catch(function () {
        return createImageBitmap(file);
      });
    }
    return new Promise(function (resolve, reject) { // data: URLs only (the CSP allows no blob:)
      var reader = new FileReader();
      reader.onload = function () {
        var image = new Image();
        image.onload = function () { resolve(image); };
        image.onerror = reject;
        image.src = reader.result;
      };
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }

  function resize(file) {
    if (!/^image\/(jpeg|png|webp|heic|heif|bmp)$/.test(file.type)) return Promise.resolve(file);
    return decode(file).then(function (image) {
      var width = image.width, height = image.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
      if (scale === 1 && file.size <= RESIZE_ABOVE_BYTES) return file;
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // a transparent PNG becomes white, not black, in a JPEG
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob) return resolve(file);
          var name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: Date.now() }));
        }, "image/jpeg", JPEG_QUALITY);
      });
    }).catch(function () { return file; });
  }

  function onFileChosen(input) {
    var files = Array.prototype.slice.call(input.files || []);
    var done = Promise.all(files.map(resize)).then(function (smaller) {
      try { // so that an ordinary submit sends the smaller files too
        var transfer = new DataTransfer();
        smaller.forEach(function (file) { transfer.items.add(file); });
        input.files = transfer.files;
      } catch (e) { /* older browsers: the FormData below still uses the smaller ones */ }
      return smaller;
    });
    resized.set(input, done);
  }

  // ---- forms --------------------------------------------------------------------------------
  function fieldsOf(form, submitter) {
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file][name]"));
    return Promise.all(inputs.map(function (input) {
      return resized.get(input) || Promise.resolve(Array.prototype.slice.call(input.files || []));
    })).then(function (fileLists) {
      var files = {};
      inputs.forEach(function (input, index) { files[input.name] = fileLists[index]; });
      var fields = [];
      var data = new FormData(form);
      data.forEach(function (value, name) {
        if (typeof value === "string") fields.push([name, value]);
      });
      Object.keys(files).forEach(function (name) {
        files[name].forEach(function (file) {
          fields.push([name, { blob: file, name: file.name, type: file.type }]);
        });
      });
      if (submitter && submitter.name) fields.push([submitter.name, submitter.value || ""]);
      return fields;
    });
  }

  function formData(entry, token) {
    var data = new FormData();
    entry.fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      if (name === "csrfmiddlewaretoken") value = token || value;
      if (value && typeof value === "object") data.append(name, value.blob, value.name);
      else data.append(name, value);
    });
    return data;
  }

  function titleOf(form) {
    var heading = document.querySelector("main h1");
    return (heading && heading.textContent.trim()) || document.title;
  }

  var tokenPromise = null;
  function freshToken(force) {
    if (!tokenPromise || force) {
      tokenPromise = fetch("/offline/csrf/", { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok || response.redirected) throw new Error("login");
          return response.json();
        }).then(function (data) { return data.token; })
        .catch(function (error) { tokenPromise = null; throw error; });
    }
    return tokenPromise;
  }

  function isLogin(response) {
    var login = body.getAttribute("data-login-url") || "/accounts/login/";
    return response.redirected && new URL(response.url).pathname.indexOf(login) === 0;
  }

  /* POST one entry. Resolves to {state: "accepted", url} | {state: "refused", response} |
   * {state: "login"} | {state: "error"}; rejects on a network failure. */
  function send(entry, token, retried) {
    return fetch(entry.url, {
      method: "POST",
      body: formData(entry, token),
      credentials: "same-origin",
      headers: { "X-Offline-Outbox": "1", "X-CSRFToken": token || "" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("application/json") === 0) {
        return response.json().then(function (data) {
          return data.accepted ? { state: "accepted", url: data.url } : { state: "refused" };
        });
      }
      if (isLogin(response)) return { state: "login" };
      if (response.status === 403 && !retried) { // a rotated token: once more with a fresh one
        return freshToken(true).then(function (fresh) { return send(entry, fresh, true); });
      }
      if (response.status === 200 || response.status === 400 || response.status === 403) {
        return { state: "refused", response: response };
      }
      return { state: "error" };
    });
  }

  function keep(entry, message) {
    return putEntry(entry).then(function () {
      show(message || text("saved"), "warning");
      schedule();
      return updateCount();
    }).then(function () { return "kept"; });
  }

  function submitEntry(form, entry) {
    if (!navigator.onLine) return keep(entry);
    var token = (form.querySelector("input[name=csrfmiddlewaretoken]") || {}).value;
    return send(entry, token).then(function (result) {
      if (result.state === "accepted") {
        var done = form.dataset.outboxEntry ? deleteEntry(form.dataset.outboxEntry) : Promise.resolve();
        return done.then(function () { window.location.assign(result.url); return "accepted"; });
      }
      if (result.state === "login") return keep(entry, text("login"));
      if (result.state === "refused") { // let the server's page show what to correct
        form.dataset.offlineNative = "1";
        form.submit();
        return "native";
      }
      return keep(entry, text("error"));
    }, function () { return keep(entry); }); // the network failed: keep it
  }

  function resetForm(form) {
    form.reset();
    delete form.dataset.outboxEntry;
    setClientId(form);
    if (notice) notice.scrollIntoView({ block: "center" });
  }

  function setClientId(form) {
    var input = form.querySelector("input[name=client_id]");
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "client_id";
      form.appendChild(input);
    }
    input.value = newId();
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-offline]") || form.dataset.offlineNative) return;
    if (!user || !window.indexedDB || !window.fetch) return; // the ordinary submit
    event.preventDefault();
    var submitter = event.submitter || null;
    fieldsOf(form, submitter).then(function (fields) {
      var clientId = (fields.filter(function (pair) { return pair[0] === "client_id"; })[0] || [])[1];
      var entry = {
        id: clientId || newId(),
        user: user,
        kind: form.getAttribute("data-offline"),
        url: form.action || window.location.href,
        page: window.location.pathname + window.location.search,
        title: titleOf(form),
        created: Date.now(),
        state: "waiting",
        fields: fields,
      };
      return submitEntry(form, entry).then(function (outcome) {
        if (outcome === "kept") resetForm(form); // ready for the next entry, with a new id
      });
    }).catch(function () {
      form.dataset.offlineNative = "1"; // the outbox is unusable here: submit the ordinary way
      form.submit();
    });
  }

  // ---- sending what waits -------------------------------------------------------------------
  var timer = null;
  function schedule() {
    if (!timer) timer = window.setInterval(flush, RETRY_MS);
  }

  function flush() {
    if (flushing || !user || !navigator.onLine) return flushing || Promise.resolve();
    flushing = allEntries().then(function (entries) {
      var due = entries.filter(function (entry) { return entry.state !== "refused"; });
      if (!due.length) return 0;
      return freshToken(true).then(function (token) {
        var sent = 0;
        return due.reduce(function (chain, entry) {
          return chain.then(function () {
            return send(entry, token).then(function (result) {
              if (result.state === "accepted") {
                sent += 1;
                return deleteEntry(entry.id);
              }
              entry.state = result.state; // refused, login or error
              entry.tried = Date.now();
              return putEntry(entry);
            }, function () { /* still no network: try later */ });
          });
        }, Promise.resolve()).then(function () { return sent; });
      }, function () { // no token: signed out
        show(text("login"), "warning");
        return 0;
      });
    }).then(function (sent) {
      if (sent) show(text("sent", sent), "success");
      return updateCount();
    }).catch(function () {}).then(function () { flushing = null; });
    return flushing;
  }

  // ---- the outbox page ---------------------------------------------------------------------
  function renderOutbox(entries) {
    var list = document.querySelector("[data-outbox-list]");
    var template = document.getElementById("outbox-row");
    if (!list || !template) return;
    list.textContent = "";
    var empty = document.querySelector("[data-outbox-empty]");
    if (empty) empty.hidden = entries.length > 0;
    entries.forEach(function (entry) {
      var row = template.content.firstElementChild.cloneNode(true);
      row.setAttribute("data-entry", entry.id);
      row.querySelector("[data-title]").textContent = entry.title;
      row.querySelector("[data-when]").textContent = new Date(entry.created).toLocaleString();
      var state = entry.state === "refused" ? "refused" : entry.state === "login" ? "login" :
        entry.state === "error" ? "error" : "waiting";
      var stateNode = row.querySelector("[data-state]");
      stateNode.textContent = text(state);
      stateNode.className = "small " + (state === "refused" ? "text-danger" : "text-muted");
      var open = row.querySelector("[data-open]");
      if (state === "refused" && entry.page) {
        open.href = entry.page + "#outbox=" + encodeURIComponent(entry.id);
        open.hidden = false;
      }
      row.querySelector("[data-discard]").addEventListener("click", function () {
        if (window.confirm(text("confirm-discard"))) deleteEntry(entry.id).then(updateCount);
      });
      list.appendChild(row);
    });
  }

  /* /…/form/#outbox=<id>: put a refused entry's input back into its form (files excepted) */
  function restore() {
    var match = /#outbox=([^&]+)/.exec(window.location.hash);
    var form = document.querySelector("form[data-offline]");
    if (!match || !form) return;
    getEntry(decodeURIComponent(match[1])).then(function (entry) {
      if (!entry || entry.user !== user) return;
      var seen = {};
      entry.fields.forEach(function (pair) {
        var name = pair[0], value = pair[1];
        if (name === "csrfmiddlewaretoken" || (value && typeof value === "object")) return;
        var elements = form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
        Array.prototype.forEach.call(elements, function (element) {
          if (element.type === "checkbox" || element.type === "radio") {
            if (!seen[name]) element.checked = false;
            if (element.value === value) element.checked = true;
          } else if (element.multiple) {
            Array.prototype.forEach.call(element.options, function (option) {
              if (!seen[name]) option.selected = false;
              if (option.value === value) option.selected = true;
            });
          } else if (element.type !== "file" && element.type !== "submit") {
            element.value = value;
          }
        });
        seen[name] = true;
      });
      form.dataset.outboxEntry = entry.id;
    }).catch(function () {});
  }

  // ---- start ----------------------------------------------------------------------------------
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-offline]"), function (form) {
      setClientId(form);
      form.addEventListener("change", function (event) {
        var input = event.target;
        if (input.type === "file") onFileChosen(input);
      });
    });
    document.addEventListener("submit", onSubmit);
    var send = document.querySelector("[data-outbox-send]");
    if (send) send.addEventListener("click", function () {
      allEntries().then(function (entries) { // "send now" retries the refused ones too
        return Promise.all(entries.map(function (entry) {
          if (entry.state !== "refused") return null;
          entry.state = "waiting";
          return putEntry(entry);
        }));
      }).then(flush);
    });
    window.addEventListener("online", flush);
    if (user) {
      restore();
      updateCount().then(function () { return allEntries(); }).then(function (entries) {
        if (entries.length) { schedule(); flush(); }
      }).catch(function () {});
    }
    if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
      var capable = document.querySelector("form[data-offline], [data-outbox-list]");
      var uncontrolled = !navigator.serviceWorker.controller;
      navigator.serviceWorker.register(body.getAttribute("data-sw"), { scope: "/" }).then(function () {
        return navigator.serviceWorker.ready;
      }).then(function (registration) {
        if (!user) registration.active.postMessage("forget-pages");
        else if (capable && uncontrolled) { // this first visit came before the worker: keep it now
          registration.active.postMessage({ keep: window.location.pathname + window.location.search });
        }
      }).catch(function () {});
    }
    if (!user && window.caches) { // signed out: the kept form pages go
      caches.keys().then(function (names) {
        names.forEach(function (name) { if (name.indexOf("sc-pages-") === 0) caches.delete(name); });
      }).catch(function () {});
    }
  }

  // exposed for the browser tests and the outbox page
  window.scOffline = { flush: flush, entries: allEntries, count: updateCount };
  start();
})();
