// Search, filter and sort over the report's tables, with no network. Inlined into each page.
// <input data-filter="TABLE_ID"> hides the rows not containing its words; a page opened with
// #q=words starts filtered; a click on a header of table.sortable sorts by that column
// (cells with data-sort sort as numbers).
(function () {
  "use strict";
  function rows(table) { return Array.prototype.slice.call(table.tBodies[0].rows); }
  function filter(input) {
    var table = document.getElementById(input.dataset.filter);
    if (!table) { return; }
    var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows(table).forEach(function (row) {
      var text = row.textContent.toLocaleLowerCase();
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    var count = document.querySelector('[data-count-for="' + table.id + '"]');
    if (count) { count.textContent = String(shown); }
  }
  function sortBy(table, index, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.children, function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var key = function (row) {
      var cell = row.cells[index];
      if (!cell) { return ""; }
      if (cell.dataset.sort !== undefined) { return parseFloat(cell.dataset.sort) || 0; }
      return cell.textContent.trim().toLocaleLowerCase();
    };
    var sorted = rows(table).sort(function (a, b) {
      var x = key(a), y = key(b);
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return ascending ? order : -order;
    });
    sorted.forEach(function (row) { table.tBodies[0].appendChild(row); });
  }
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    input.addEventListener("input", function () { filter(input); });
    var match = /[#&]q=([^&]*)/.exec(window.location.hash);
    if (match) { input.value = decodeURIComponent(match[1]); }
    filter(input);
  });
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  });
}());
