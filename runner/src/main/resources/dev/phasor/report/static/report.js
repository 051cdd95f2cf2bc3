// Click a column heading to sort by it (numbers by value). Plain DOM, no library; inlined by HtmlReport.
document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.addEventListener('click', function () {
    var col = th.cellIndex;
    var tbody = th.closest('table').tBodies[0];
    var rows = Array.from(tbody.rows);
    var asc = th.dataset.asc !== 'true';
    th.dataset.asc = asc;
    rows.sort(function (a, b) {
      var x = a.cells[col], y = b.cells[col];
      var d = (x.dataset.v !== undefined && y.dataset.v !== undefined)
          ? parseFloat(x.dataset.v) - parseFloat(y.dataset.v)
          : x.textContent.localeCompare(y.textContent, undefined, {numeric: true});
      return asc ? d : -d;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  });
});
document.body.dataset.ready = 'true';
