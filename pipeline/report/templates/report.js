// Haluan report: sortable tables and row filters. The only script of the page: its SHA-256 is
// the sole source the Content-Security-Policy allows, so no other (injected) script can run.
(function () {
  "use strict";
  function key(cell) {
    var v = cell.getAttribute("data-sort");
    return v === null ? cell.textContent.trim() : v;
  }
  function compare(x, y) {
    var nx = parseFloat(x), ny = parseFloat(y);
    var numeric = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) && isFinite(x) && isFinite(y);
    return numeric ? nx - ny : x.localeCompare(y);
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      th.title = "sort";
      function sort() {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var keyed = rows.map(function (r, i) { return [key(r.cells[col]), i, r]; });
        keyed.sort(function (a, b) {
          var c = compare(a[0], b[0]);
          return (asc ? c : -c) || a[1] - b[1];
        });
        var frag = document.createDocumentFragment();
        keyed.forEach(function (k) { frag.appendChild(k[2]); });
        body.appendChild(frag);
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-filter"));
    var count = document.getElementById(input.getAttribute("data-count"));
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = null;
    input.addEventListener("input", function () {
      if (texts === null) {
        texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
      }
      var q = input.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (r, i) {
        var hit = q === "" || texts[i].indexOf(q) >= 0;
        r.hidden = !hit;
        shown += hit ? 1 : 0;
      });
      if (count) { count.textContent = shown + " of " + rows.length; }
    });
  });
  // Printing or saving as PDF shows every folded block; they fold again afterwards.
  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    unfolded = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
      return !d.open;
    });
    unfolded.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (d) { d.open = false; });
    unfolded = [];
  });
})();
