/* Pinning a place on the site plan (hazards/map.html): choose the place, then click or tap on
   the plan; the position (fractions 0–1 of the image) goes into the form, a dashed ring shows
   it, and "保存位置" saves. No library; loaded as a file (the CSP forbids inline script). */
(function () {
  "use strict";
  var form = document.getElementById("pin-form");
  var frame = document.getElementById("plan-map");
  if (!form || !frame) return;
  var svg = frame.querySelector("svg");
  var image = svg && svg.querySelector("image.map-image");
  if (!svg || !image) return;
  var select = form.querySelector("#pin-place");
  var fieldX = form.querySelector("[name=plan_x]");
  var fieldY = form.querySelector("[name=plan_y]");
  var fieldLon = form.querySelector("[name=longitude]");
  var fieldLat = form.querySelector("[name=latitude]");
  var planField = form.querySelector("[name=site_plan]");
  var SVG_NS = "http://www.w3.org/2000/svg";
  var width = parseFloat(image.getAttribute("width"));
  var height = parseFloat(image.getAttribute("height"));
  var preview = null;

  function showPreview(fx, fy) {
    if (!preview) {
      preview = document.createElementNS(SVG_NS, "circle");
      preview.setAttribute("r", "14");
      preview.setAttribute("fill", "none");
      preview.setAttribute("stroke", "#111111");
      preview.setAttribute("stroke-width", "2.5");
      preview.setAttribute("stroke-dasharray", "4 3");
      preview.setAttribute("class", "map-preview");
      svg.appendChild(preview);
    }
    preview.setAttribute("cx", String(fx * width));
    preview.setAttribute("cy", String(fy * height));
  }

  function round(value) {
    return (Math.round(value * 10000) / 10000).toFixed(4);
  }

  function choose() {
    var option = select.options[select.selectedIndex];
    var picked = Boolean(select.value);
    svg.style.cursor = picked ? "crosshair" : "";
    if (!picked) return;
    var samePlan = option.dataset.plan === planField.value;
    fieldX.value = samePlan ? option.dataset.x : "";
    fieldY.value = samePlan ? option.dataset.y : "";
    fieldLon.value = option.dataset.lon || "";
    fieldLat.value = option.dataset.lat || "";
    if (fieldX.value && fieldY.value) {
      showPreview(parseFloat(fieldX.value), parseFloat(fieldY.value));
    } else if (preview) {
      preview.remove();
      preview = null;
    }
  }

  svg.addEventListener("click", function (event) {
    if (!select.value) return; // no place chosen: markers are plain links to their places
    var matrix = svg.getScreenCTM();
    if (!matrix) return;
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var local = point.matrixTransform(matrix.inverse());
    if (local.x < 0 || local.y < 0 || local.x > width || local.y > height) return; // legend
    event.preventDefault();
    var fx = Math.min(1, Math.max(0, local.x / width));
    var fy = Math.min(1, Math.max(0, local.y / height));
    fieldX.value = round(fx);
    fieldY.value = round(fy);
    showPreview(fx, fy);
    fieldX.dispatchEvent(new Event("change", { bubbles: true }));
  });

  [fieldX, fieldY].forEach(function (field) {
    field.addEventListener("input", function () {
      var fx = parseFloat(fieldX.value);
      var fy = parseFloat(fieldY.value);
      if (fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1) showPreview(fx, fy);
    });
  });
  select.addEventListener("change", choose);
  choose();
})();
