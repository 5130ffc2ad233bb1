// Sort and filter the server-rendered tables. Progressive enhancement: without this script
// every table is complete and readable; with it, headers sort and the filter box appears.
(function () {
  'use strict';
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };

  function key(td, numeric) {
    if (!td) return null;
    var v = td.getAttribute('data-v');
    if (v === null) v = td.textContent.trim();
    if (v === '') return null;
    if (numeric) { var n = Number(v); return isNaN(n) ? null : n; }
    return v;
  }

  each(document.querySelectorAll('table.data'), function (table) {
    var body = table.tBodies[0];
    var heads = table.tHead.rows[0].cells;
    each(heads, function (th, col) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'sort';
      button.title = 'Sort by this column';
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener('click', function () {
        var numeric = th.getAttribute('data-type') === 'num';
        var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
        each(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
        var rows = [];
        var totals = [];
        each(body.rows, function (tr, i) {
          (tr.classList.contains('total') ? totals : rows).push({ tr: tr, k: key(tr.cells[col], numeric), i: i });
        });
        rows.sort(function (a, b) {
          if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
          var c = numeric ? a.k - b.k : collator.compare(a.k, b.k);
          return c * dir || a.i - b.i;
        });
        var frag = document.createDocumentFragment();
        rows.concat(totals).forEach(function (r) { frag.appendChild(r.tr); });
        body.appendChild(frag);
      });
    });
  });

  each(document.querySelectorAll('.filter'), function (box) {
    var table = document.getElementById(box.getAttribute('data-for'));
    if (!table) return;
    var input = box.querySelector('input');
    var select = box.querySelector('select');
    var count = box.querySelector('.count');
    var rows = table.tBodies[0].rows;
    function apply() {
      var q = input.value.trim().toLowerCase();
      var sev = select ? select.value : '';
      var shown = 0;
      each(rows, function (tr) {
        var ok = (!q || tr.textContent.toLowerCase().indexOf(q) !== -1) &&
          (!sev || tr.getAttribute('data-severity') === sev);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown === rows.length ? rows.length + ' rows' : shown + ' of ' + rows.length + ' rows shown';
    }
    input.addEventListener('input', apply);
    if (select) select.addEventListener('change', apply);
    box.hidden = false;
    apply();
  });
})();
