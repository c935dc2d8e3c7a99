/*
 * Report period chooser (archive/_report_period_form.html): show only the fields the chosen
 * kind needs (year + month / quarter / half, or two dates for a custom period), follow the
 * kind with its last finished year until the year is picked by hand, and warn before a period
 * that has not ended yet is built. The server checks the same (ReportRequestForm); without
 * this script every field shows and the server's warning comes after the first submit.
 */
(function () {
  "use strict";
  var FIELDS = {
    monthly: ["year", "month"],
    quarterly: ["year", "quarter"],
    half_yearly: ["year", "half"],
    annual: ["year"],
    custom: ["start", "end"],
  };
  var MONTHS_PER = { monthly: 1, quarterly: 3, half_yearly: 6, annual: 12 };

  function value(form, name) {
    var field = form.elements[name];
    return field ? field.value : "";
  }

  function periodEnd(form, kind) {
    if (kind === "custom") {
      return value(form, "end");
    }
    var year = Number(value(form, "year"));
    if (!year) {
      return "";
    }
    var number = kind === "annual" ? 1 : Number(value(form, { monthly: "month", quarterly: "quarter", half_yearly: "half" }[kind]));
    if (!number) {
      return "";
    }
    var lastMonth = number * MONTHS_PER[kind]; // 1-12
    var last = new Date(Date.UTC(year, lastMonth, 0)); // day 0 of the next month
    return last.toISOString().slice(0, 10);
  }

  function update(form) {
    var kind = value(form, "kind");
    var wanted = FIELDS[kind] || [];
    Array.prototype.forEach.call(form.querySelectorAll("[data-period-field]"), function (box) {
      var name = box.getAttribute("data-period-field");
      if (name === "kind" || name === "confirm_running") {
        return;
      }
      box.hidden = wanted.indexOf(name) === -1;
    });
    var end = periodEnd(form, kind);
    var running = Boolean(end) && end >= form.getAttribute("data-today");
    var warning = form.querySelector("[data-running-warning]");
    var serverWarned = Boolean(form.querySelector(".alert-warning[role=alert]"));
    if (warning) {
      warning.hidden = !running || serverWarned;
    }
    var confirm = form.querySelector('[data-period-field="confirm_running"]');
    if (confirm) {
      confirm.hidden = !running;
    }
  }

  function init(form) {
    var yearTouched = false;
    form.addEventListener("change", function (event) {
      var name = event.target.name;
      if (name === "year") {
        yearTouched = true;
      }
      if (name === "kind" && !yearTouched) {
        var year = form.getAttribute("data-default-year-" + event.target.value);
        if (year && form.elements.year) {
          form.elements.year.value = year;
        }
      }
      update(form);
    });
    form.addEventListener("input", function () {
      update(form);
    });
    update(form);
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-report-period-form]"), init);
})();
