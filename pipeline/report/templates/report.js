// Haluan report: sortable tables, row filters and the evidence explorer. The only script of the
// page: its SHA-256 is the sole source the Content-Security-Policy allows, so no other (injected)
// script can run. The explorer's rows are a JSON data block (never executed); they are laid out
// a page at a time, an article's sentences only when it is opened. Text goes in as text; only
// the sentences' highlight markup, escaped and built by the report stage, goes in as HTML.
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
    if (!table.tHead || !table.tBodies.length || table.hasAttribute("data-rows")) { return; }
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
    if (!table || table.hasAttribute("data-rows")) { return; }
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
  // The evidence explorer: rows from the JSON block, sorted, filtered and paged in memory.
  function fmt(v, d) {
    if (v === null || v === undefined) { return "–"; }
    return (v < 0 ? "-" : "+") + Math.abs(v).toFixed(d);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function plain(html) {
    return html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
      .replace(/&#34;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  }
  function explorer(table) {
    var block = document.getElementById(table.getAttribute("data-rows"));
    var data = JSON.parse(block.textContent);
    var F = {}, S = {};
    data.fields.forEach(function (f, i) { F[f] = i; });
    data.sentence_fields.forEach(function (f, i) { S[f] = i; });
    var rows = data.rows, size = parseInt(table.getAttribute("data-page-size"), 10) || 100;
    var body = table.tBodies[0], heads = table.tHead.rows[0].cells;
    var count = document.getElementById(table.getAttribute("data-count"));
    var label = document.getElementById(table.getAttribute("data-page"));
    var prev = document.getElementById(table.getAttribute("data-prev"));
    var next = document.getElementById(table.getAttribute("data-next"));
    var input = document.querySelector("input[data-filter='" + table.id + "']");
    // order: every row, sorted; view: the rows of order that match the filter.
    var order = rows.map(function (r, i) { return i; }), view = order, page = 0, texts = null;
    var keys = [
      function (r) { return r[F.published] || "undated"; },
      function (r) { return r[F.outlet] || "(unknown)"; },
      function (r) { return r[F.title] || r[F.source]; },
      function (r) { return r[F.alignment]; },
      function (r) { return r[F.alignment_ci_low]; },
      function (r) { return r[F.alignment_label]; },
      function (r) { return r[F.framing]; },
      function (r) { return r[F.n_evidence]; }
    ];
    function text(r) {
      var parts = [r[F.published] || "undated", r[F.outlet] || "(unknown)", r[F.title] || "",
        r[F.source], r[F.alignment_label], r[F.framing_label], r[F.wires].join(" ")];
      r[F.sentences].forEach(function (x) {
        parts.push(plain(x[S.html]));
        x[S.relations].forEach(function (q) { parts.push(q[0], q[1], q[2]); });
      });
      return parts.join(" ").toLowerCase();
    }
    function details(r, box) {
      var meta = el("div", "muted"), c = r[F.components];
      meta.textContent = r[F.source] + " · " + r[F.n_words] + " words · wires: " +
        (r[F.wires].join(", ") || "none") + " · framing " + r[F.framing_label] + (c ?
        " (evaluative " + fmt(c[0], 2) + ", sourcing " + fmt(c[1], 2) + ", voices " +
        fmt(c[2], 2) + ")" : "");
      if (r[F.url]) {
        var a = el("a", "", "original article");
        a.setAttribute("href", r[F.url]);
        a.setAttribute("rel", "noopener noreferrer nofollow");
        a.setAttribute("target", "_blank");
        meta.appendChild(document.createTextNode(" · "));
        meta.appendChild(a);
      }
      box.appendChild(meta);
      var sents = r[F.sentences];
      if (sents.length) {
        var ol = el("ol");
        sents.forEach(function (x) {
          var li = el("li"), small = el("small"), notes = [];
          if (x[S.kind] === 0) {
            var v = x[S.contribution];
            li.appendChild(el("b", v === null ? "" : (v < 0 ? "neg" : "pos"), fmt(v, 3)));
            li.appendChild(document.createTextNode(" "));
            notes.push("sentence score " + fmt(x[S.score], 2));
          }
          var span = el("span");
          span.innerHTML = x[S.html];  // escaped highlight markup from the report stage
          li.appendChild(span);
          if (x[S.quoted]) { li.appendChild(document.createTextNode(" ")); li.appendChild(el("i", "", "(quoted)")); }
          x[S.relations].forEach(function (q) {
            notes.push(q[0] + " → " + q[1] + ": " + q[2] + (q[3] ? " (negated)" : "") +
              (x[S.relations].length > 1 ? " (cue " + fmt(q[4], 2) + ")" : ""));
          });
          if (notes.length) { small.textContent = notes.join("; "); li.appendChild(small); }
          ol.appendChild(li);
        });
        box.appendChild(ol);
      } else if (!r[F.n_hidden]) {
        box.appendChild(el("p", "muted",
          "No coded relation and no framing term: alignment is 0 by construction, not a guess."));
      }
      if (r[F.n_hidden]) {
        box.appendChild(el("p", "muted", r[F.n_hidden] + " further sentences not shown."));
      }
    }
    function row(r) {
      var tr = el("tr"), d = el("details"), s = el("summary", "", r[F.title] || r[F.source]);
      var filled = false;
      function fill() { if (!filled) { filled = true; details(r, d); } }
      s.addEventListener("click", fill);
      d.addEventListener("toggle", fill);
      d.fill = fill;
      d.appendChild(s);
      tr.appendChild(el("td", "date", r[F.published] || "undated"));
      tr.appendChild(el("td", "", r[F.outlet] || "(unknown)"));
      var td = el("td");
      td.appendChild(d);
      tr.appendChild(td);
      var v = r[F.alignment];
      tr.appendChild(el("td", v ? (v < 0 ? "neg" : "pos") : "", fmt(v, 3)));
      tr.appendChild(el("td", "", fmt(r[F.alignment_ci_low], 2) + " … " + fmt(r[F.alignment_ci_high], 2)));
      tr.appendChild(el("td", "", r[F.alignment_label]));
      tr.appendChild(el("td", "", fmt(r[F.framing], 3)));
      tr.appendChild(el("td", "", String(r[F.n_evidence])));
      return tr;
    }
    function refilter() {
      var q = input ? input.value.trim().toLowerCase() : "";
      if (q !== "" && texts === null) { texts = rows.map(text); }
      view = q === "" ? order : order.filter(function (i) { return texts[i].indexOf(q) >= 0; });
      page = 0;
      draw();
    }
    function draw() {
      var pages = Math.max(1, Math.ceil(view.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      var frag = document.createDocumentFragment();
      view.slice(page * size, (page + 1) * size).forEach(function (i) {
        frag.appendChild(row(rows[i]));
      });
      body.textContent = "";
      body.appendChild(frag);
      var first = view.length ? page * size + 1 : 0;
      label.textContent = "articles " + first + "–" + Math.min(view.length, (page + 1) * size) +
        " of " + view.length + " (page " + (page + 1) + " of " + pages + ")";
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
      if (count) { count.textContent = view.length + " of " + rows.length; }
    }
    Array.prototype.forEach.call(heads, function (th, col) {
      th.tabIndex = 0;
      th.title = "sort";
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var keyed = order.map(function (i, n) { return [keys[col](rows[i]), n, i]; });
        keyed.sort(function (a, b) {
          var x = a[0], y = b[0], c;
          if (typeof x === "number" && typeof y === "number") { c = x - y; }
          else { c = compare(x === null ? "" : String(x), y === null ? "" : String(y)); }
          return (asc ? c : -c) || a[1] - b[1];
        });
        order = keyed.map(function (k) { return k[2]; });
        refilter();
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
    if (input) { input.addEventListener("input", refilter); }
    prev.addEventListener("click", function () { page -= 1; draw(); });
    next.addEventListener("click", function () { page += 1; draw(); });
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(body.querySelectorAll("details"), function (d) { d.fill(); });
    });
    draw();
  }
  document.querySelectorAll("table[data-rows]").forEach(explorer);
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
