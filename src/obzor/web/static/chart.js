// obzor charts: line series from a data-series attribute ({"series": [{name, points: [{period, count}]}]}),
// drawn as SVG. No library, no inline script (the pages' CSP forbids it).
"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f5fbf", "#d9480f", "#2e9d4f", "#9c36b5", "#c92a2a", "#0c8599"];
  function el(name, attrs, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;  // textContent: names are never parsed as HTML
    return node;
  }
  function draw(box) {
    var data;
    try { data = JSON.parse(box.getAttribute("data-series")); } catch (e) { return; }
    var series = (data && data.series) || [];
    var periods = {};
    series.forEach(function (s) { s.points.forEach(function (p) { periods[p.period] = true; }); });
    var xs = Object.keys(periods).sort();
    if (!xs.length) { box.textContent = "—"; return; }
    var W = 640, H = 220, L = 30, B = 40, T = 10, R = 10;
    var max = 1;
    series.forEach(function (s) { s.points.forEach(function (p) { max = Math.max(max, p.count); }); });
    var svg = el("svg", { viewBox: "0 0 " + W + " " + (H + 20 * Math.ceil(series.length / 3)), width: "100%", role: "img" });
    var x = function (i) { return L + (xs.length === 1 ? (W - L - R) / 2 : i * (W - L - R) / (xs.length - 1)); };
    var y = function (v) { return T + (H - T - B) * (1 - v / max); };
    svg.appendChild(el("line", { x1: L, y1: y(0), x2: W - R, y2: y(0), stroke: "#ccd" }));
    svg.appendChild(el("text", { x: 2, y: y(max) + 4 }, String(max)));
    svg.appendChild(el("text", { x: 2, y: y(0) + 4 }, "0"));
    var step = Math.max(1, Math.ceil(xs.length / 8));
    xs.forEach(function (p, i) { if (i % step === 0) svg.appendChild(el("text", { x: x(i), y: H - B + 16, "text-anchor": "middle" }, p)); });
    series.forEach(function (s, k) {
      var color = COLORS[k % COLORS.length], byPeriod = {};
      s.points.forEach(function (p) { byPeriod[p.period] = p.count; });
      var pts = xs.map(function (p, i) { return x(i) + "," + y(byPeriod[p] || 0); }).join(" ");
      svg.appendChild(el("polyline", { points: pts, fill: "none", stroke: color, "stroke-width": 2 }));
      xs.forEach(function (p, i) { if (byPeriod[p]) svg.appendChild(el("circle", { cx: x(i), cy: y(byPeriod[p]), r: 3, fill: color })); });
      var lx = L + (k % 3) * 200, ly = H + 4 + 20 * Math.floor(k / 3);
      svg.appendChild(el("rect", { x: lx, y: ly - 9, width: 10, height: 10, fill: color }));
      svg.appendChild(el("text", { x: lx + 14, y: ly }, s.name));
    });
    box.appendChild(svg);
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".chart[data-series]"), draw);
  });
})();
