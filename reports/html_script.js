(function () {
  "use strict";
  var table = document.getElementById("findings");
  if (!table || !table.tBodies.length) {
    document.documentElement.setAttribute("data-script", "ready");
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filters = ["rule", "severity", "state"].map(function (k) {
    return { key: k, el: document.getElementById("f-" + k) };
  });
  var count = document.getElementById("visible-count");

  function apply() {
    var n = 0;
    rows.forEach(function (tr) {
      var show = filters.every(function (f) {
        return !f.el || f.el.value === "" || tr.getAttribute("data-" + f.key) === f.el.value;
      });
      tr.hidden = !show;
      if (show) n++;
    });
    if (count) count.textContent = String(n);
    table.setAttribute("data-visible", String(n));
  }

  var heads = Array.prototype.slice.call(table.querySelectorAll("th[data-sort]"));
  function sortBy(th) {
    var key = th.getAttribute("data-sort");
    var num = th.hasAttribute("data-num");
    var dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
    if (!th.hasAttribute("aria-sort")) dir = num ? -1 : 1;
    heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = a.getAttribute("data-" + key) || "", y = b.getAttribute("data-" + key) || "";
      var c = num ? (Number(x) - Number(y)) : x.localeCompare(y, undefined, { numeric: true });
      return c * dir;
    });
    rows.forEach(function (tr) { body.appendChild(tr); });
  }

  heads.forEach(function (th) {
    var b = th.querySelector("button");
    if (b) b.addEventListener("click", function () { sortBy(th); });
  });
  filters.forEach(function (f) {
    if (f.el) f.el.addEventListener("change", apply);
  });
  apply();
  document.documentElement.setAttribute("data-script", "ready");
})();
