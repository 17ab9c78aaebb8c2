// normcorpus web: small enhancements only. Every page works without this file.
(function () {
  "use strict";

  // Text without diacritics, lower case: "Đe dọa" -> "de doa" (as the server folds).
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase();
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var text = cell.textContent.trim();
    var number = text.replace(/,/g, "");
    if (number !== "" && !isNaN(number)) { return parseFloat(number); }
    return fold(text);
  }

  // Tables marked `sortable`: a click on a column heading sorts by it (again: reversed).
  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(head.rows[0].cells, function (th, index) {
      if (th.querySelector("a")) { return; }  // a heading that links sorts on the server
      th.classList.add("sort-handle");
      th.tabIndex = 0;
      th.setAttribute("aria-sort", "none");
      function sort() {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var descending = th.getAttribute("aria-sort") === "ascending";
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = typeof x === "number" && typeof y === "number" ? x - y
            : String(x).localeCompare(String(y), "vi");
          return descending ? -order : order;
        });
        Array.prototype.forEach.call(head.rows[0].cells, function (other) {
          if (other !== th && other.hasAttribute("aria-sort")) { other.setAttribute("aria-sort", "none"); }
        });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  }

  // An input with data-filter-table="ID" hides the rows of that table that do not hold its text.
  function makeFilter(input) {
    var table = document.getElementById(input.getAttribute("data-filter-table"));
    var count = document.getElementById("glossary-count");
    if (!table) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var keys = rows.map(function (row) { return fold(row.textContent); });
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      var shown = 0;
      rows.forEach(function (row, i) {
        var visible = keys[i].indexOf(wanted) !== -1;
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (count) { count.textContent = shown + " shown"; }
    });
  }

  // "/" puts the cursor in the search box, as on most search sites.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("q");
    var target = event.target;
    if (event.key === "/" && box && target === document.body) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  document.querySelectorAll("table.sortable").forEach(makeSortable);
  document.querySelectorAll("input[data-filter-table]").forEach(makeFilter);
})();
