/*
 * SafeCommunity site script. No external requests: everything it fetches is same-origin.
 *
 * 1. CSRF for htmx: every non-GET htmx request gets an X-CSRFToken header, read from
 *      <meta name="csrf-token" content="{{ csrf_token }}">
 *    (falling back to the csrftoken cookie if the tag is missing).
 * 2. <form data-confirm="确定删除该记录？"> (or a submit button with data-confirm) asks
 *    before submitting; cancelling stops the submit, htmx-driven ones included.
 * 3. An element with data-poll-url is polled every 2 s. The URL answers JSON
 *      {"state": "...", "progress": 0-100, "message": "...", "download_url": "..."}
 *    and inside the element it updates:
 *      .progress-bar                    width, text and (on the role="progressbar" element) aria-valuenow
 *      .progress-message / [data-poll-message]   the message, as text
 *      .download-link / [data-poll-download]     gets href = download_url and is shown when done
 *    Polling stops when the state is done or failed, or the element leaves the page.
 *    The element gets the class is-running, is-done or is-failed, and fires a
 *    "poll:update" event (detail = the JSON) on each answer.
 * 4. A <select data-autosubmit> submits its form when changed (the language switch), and a link
 *    with data-history-back goes back a page: behaviour here, not in onchange= or javascript:
 *    attributes, which the Content-Security-Policy forbids.
 * 5. A tick list with data-choice-filter (safecommunity/forms/choice_list.html) filters its
 *    options as one types in its .choice-list-search box (ticked ones stay visible) and says
 *    how many are ticked in its [data-choice-status] (data-template "已选 %(n)s 项").
 * 6. <input data-sum-of="attendees other_attendees"> shows the number of ticked boxes plus the
 *    numbers typed in the named fields of its form (出席人数 follows the ticks). The server
 *    computes the same figure, so the page is right without this script too.
 */
(function () {
  "use strict";

  var POLL_INTERVAL_MS = 2000;
  var MAX_POLL_ERRORS = 15; // consecutive failed polls before giving up
  var DONE_STATES = ["done", "success", "succeeded", "finished", "complete", "completed"];
  var FAILED_STATES = ["failed", "failure", "error", "revoked", "cancelled", "canceled"];
  var DEFAULT_CONFIRM = "确定要执行此操作吗？";
  var POLL_ERROR_MESSAGE = "无法获取进度，请稍后刷新页面。";

  // ---- 1. CSRF token for htmx -------------------------------------------------------
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      return meta.content;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    var verb = String(detail.verb || "get").toUpperCase();
    if (verb === "GET" || verb === "HEAD" || verb === "OPTIONS") {
      return;
    }
    var token = csrfToken();
    if (token) {
      detail.headers["X-CSRFToken"] = token;
    }
  });

  // ---- 2. data-confirm on forms ------------------------------------------------------
  // Capture phase on document, so it runs before htmx's own submit handler on the form.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) {
        return;
      }
      var submitter = event.submitter;
      var message = null;
      if (submitter && submitter.hasAttribute("data-confirm")) {
        message = submitter.getAttribute("data-confirm");
      } else if (form.hasAttribute("data-confirm")) {
        message = form.getAttribute("data-confirm");
      }
      if (message === null) {
        return;
      }
      if (!window.confirm(message || DEFAULT_CONFIRM)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // ---- 3. data-poll-url progress polling ---------------------------------------------
  function sameOriginUrl(value) {
    if (!value) {
      return null;
    }
    try {
      var url = new URL(value, window.location.href);
      if (url.origin !== window.location.origin) {
        return null;
      }
      return url.href;
    } catch (e) {
      return null;
    }
  }

  function stateOf(data) {
    var state = String((data && data.state) || "").toLowerCase();
    if (DONE_STATES.indexOf(state) !== -1) {
      return "done";
    }
    if (FAILED_STATES.indexOf(state) !== -1) {
      return "failed";
    }
    return "running";
  }

  function setClass(el, state) {
    el.classList.remove("is-running", "is-done", "is-failed");
    el.classList.add("is-" + state);
  }

  function setMessage(el, text) {
    var node = el.querySelector("[data-poll-message], .progress-message");
    if (node && typeof text === "string") {
      node.textContent = text;
    }
  }

  function setProgress(el, percent, state) {
    var bar = el.querySelector(".progress-bar");
    if (!bar) {
      return;
    }
    var value = percent === null || percent === undefined || percent === "" ? NaN : Number(percent);
    if (state === "done") {
      value = 100;
    }
    if (isFinite(value)) {
      value = Math.max(0, Math.min(100, Math.round(value)));
      bar.style.width = value + "%";
      if (bar.hasAttribute("data-show-percent") || bar.textContent.trim() !== "") {
        bar.textContent = value + "%";
      }
      var meter = el.querySelector('[role="progressbar"]') || bar;
      meter.setAttribute("aria-valuenow", String(value));
    }
    if (state !== "running") {
      bar.classList.remove("progress-bar-animated", "progress-bar-striped");
    }
    if (state === "done") {
      bar.classList.add("bg-success");
    } else if (state === "failed") {
      bar.classList.add("bg-danger");
    }
  }

  function showDownload(el, downloadUrl) {
    var link = el.querySelector("[data-poll-download], .download-link");
    if (!link) {
      return;
    }
    var href = sameOriginUrl(downloadUrl);
    if (href) {
      link.setAttribute("href", href);
    }
    if (href || (link.getAttribute("href") && link.getAttribute("href") !== "#")) {
      link.hidden = false;
      link.classList.remove("d-none");
    }
  }

  function startPolling(el) {
    if (el.dataset.pollStarted) {
      return;
    }
    var url = sameOriginUrl(el.getAttribute("data-poll-url"));
    if (!url) {
      return;
    }
    el.dataset.pollStarted = "1";
    var errors = 0;

    function schedule() {
      window.setTimeout(poll, POLL_INTERVAL_MS);
    }

    function poll() {
      if (!el.isConnected) {
        return; // swapped out of the page
      }
      window
        .fetch(url, {
          method: "GET",
          credentials: "same-origin",
          cache: "no-store",
          headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          errors = 0;
          var state = stateOf(data);
          setClass(el, state);
          setProgress(el, data.progress, state);
          setMessage(el, data.message);
          el.dispatchEvent(new CustomEvent("poll:update", { bubbles: true, detail: data }));
          if (state === "done") {
            showDownload(el, data.download_url);
          } else if (state === "running") {
            schedule();
          }
        })
        .catch(function () {
          errors += 1;
          if (errors >= MAX_POLL_ERRORS) {
            setClass(el, "failed");
            setMessage(el, POLL_ERROR_MESSAGE);
            return;
          }
          schedule();
        });
    }

    poll();
  }

  function initPolling(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-poll-url]")) {
      startPolling(scope);
    }
    Array.prototype.forEach.call(scope.querySelectorAll("[data-poll-url]"), startPolling);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initPolling(document);
    });
  } else {
    initPolling(document);
  }

  // Content swapped in by htmx.
  document.addEventListener("htmx:load", function (event) {
    initPolling(event.target);
  });

  // ---- 4. data-autosubmit and data-history-back ---------------------------------------
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("[data-history-back]");
    if (link) {
      event.preventDefault();
      window.history.back();
    }
  });

  // ---- 5. filterable tick lists ------------------------------------------------------
  function updateChoiceStatus(list) {
    var status = list.querySelector("[data-choice-status]");
    if (!status) {
      return;
    }
    var ticked = list.querySelectorAll("input:checked").length;
    status.textContent = ticked
      ? (status.getAttribute("data-template") || "%(n)s").replace("%(n)s", String(ticked))
      : "";
  }

  function filterChoices(list, query) {
    var needle = query.trim().toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(list.querySelectorAll(".form-check"), function (option) {
      var input = option.querySelector("input");
      var match = !needle || option.textContent.toLowerCase().indexOf(needle) !== -1;
      var visible = match || (input && input.checked);
      option.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    var empty = list.querySelector(".choice-list-empty");
    if (empty) {
      empty.hidden = shown > 0;
    }
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box instanceof HTMLInputElement && box.classList.contains("choice-list-search")) {
      var list = box.closest("[data-choice-filter]");
      if (list) {
        filterChoices(list, box.value);
      }
    }
  });

  document.addEventListener("keydown", function (event) {
    // Enter in the search box would submit the whole form.
    var box = event.target;
    if (event.key === "Enter" && box instanceof HTMLInputElement && box.classList.contains("choice-list-search")) {
      event.preventDefault();
    }
  });

  // ---- 6. data-sum-of ------------------------------------------------------------------
  function sumOf(target) {
    var form = target.form;
    if (!form) {
      return;
    }
    var total = 0;
    target.getAttribute("data-sum-of").split(/\s+/).forEach(function (name) {
      Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]'), function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          total += field.checked ? 1 : 0;
        } else {
          var value = parseInt(field.value, 10);
          total += isNaN(value) || value < 0 ? 0 : value;
        }
      });
    });
    target.value = String(total);
  }

  function refreshForms(event) {
    var field = event.target;
    if (!(field instanceof HTMLInputElement) || !field.form) {
      return;
    }
    var list = field.closest("[data-choice-filter]");
    if (list) {
      updateChoiceStatus(list);
    }
    Array.prototype.forEach.call(field.form.querySelectorAll("[data-sum-of]"), sumOf);
  }

  document.addEventListener("change", refreshForms);
  document.addEventListener("input", refreshForms);

  function initForms(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-choice-filter]"), updateChoiceStatus);
    Array.prototype.forEach.call(root.querySelectorAll("[data-sum-of]"), sumOf);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      initForms(document);
    });
  } else {
    initForms(document);
  }
})();
