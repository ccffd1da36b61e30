// Sorting for the tables inside an element of class "sortable" (rows are sorted across all of
// them, each keeping its number of rows), and every file's diagnostics opened for printing. The
// page reads the same without this script.
(function () {
  document.documentElement.classList.add("js");
  document.querySelectorAll(".sortable").forEach(function (group) {
    var tables = Array.prototype.slice.call(group.querySelectorAll("table"));
    var sort = function (col, kind, ascending) {
      tables.forEach(function (t) {
        Array.prototype.forEach.call(t.tHead.rows[0].cells, function (h, i) {
          if (i === col) h.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          else h.removeAttribute("aria-sort");
        });
      });
      var keyed = [];
      tables.forEach(function (t) {
        Array.prototype.forEach.call(t.tBodies[0].rows, function (row) {
          var text = row.cells[col].textContent;
          keyed.push({ row: row, i: keyed.length, key: kind === "num" ? parseFloat(text.replace(/,/g, "")) || 0 : text.toLowerCase() });
        });
      });
      keyed.sort(function (a, b) {
        var c = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
        return (ascending ? c : -c) || a.i - b.i;
      });
      var next = 0;
      tables.forEach(function (t) {
        var body = t.tBodies[0];
        var n = body.rows.length;
        var fragment = document.createDocumentFragment();
        for (var k = 0; k < n; k++) fragment.appendChild(keyed[next++].row);
        body.appendChild(fragment);
      });
    };
    tables.forEach(function (t) {
      Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, col) {
        var kind = th.getAttribute("data-sort");
        if (!kind) return;
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = th.textContent;
        // Chromium does not print a button in a table header repeated on each page: print
        // shows this label instead.
        var label = document.createElement("span");
        label.className = "print-label";
        label.textContent = th.textContent;
        th.textContent = "";
        th.appendChild(button);
        th.appendChild(label);
        button.addEventListener("click", function () {
          sort(col, kind, th.getAttribute("aria-sort") !== "ascending");
        });
      });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
})();
