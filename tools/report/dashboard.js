// SPDX-License-Identifier: GPL-2.0
// Count the matrix cells as the browser laid them out, for the CI check
// (tools/report/tests/browser.sh) and for people: the result is shown under the
// matrix and kept in data-* attributes of #dom-counts.
(function () {
	var out = document.getElementById('dom-counts');
	var names = ['pass', 'fail', 'skip', 'xfail', 'xpass', 'none'];
	var text = [];
	var i, n;

	for (i = 0; i < names.length; i++) {
		n = document.querySelectorAll('#matrix-table td.cell.st-' +
					      names[i]).length;
		out.setAttribute('data-' + names[i], String(n));
		text.push(n + ' ' + names[i]);
	}
	out.setAttribute('data-columns', String(
		document.querySelectorAll('#matrix-table th.run').length));
	out.setAttribute('data-rendered', 'yes');
	out.textContent = 'Cells in this matrix: ' + text.join(', ') + '.';
})();
(function () {
	// The same for the fix map: its kernel columns, test rows and status
	// cells, the disagreements and the backports listed.
	var out = document.getElementById('dom-fixmap');
	var names = ['pass', 'fail', 'skip', 'xfail', 'xpass', 'none'];
	var q = function (sel) {
		return document.querySelectorAll(sel).length;
	};
	var i;

	if (!out)
		return;
	for (i = 0; i < names.length; i++)
		out.setAttribute('data-' + names[i],
				 String(q('table.fixmap td.cell.st-' + names[i])));
	out.setAttribute('data-arches', String(q('table.fixmap')));
	out.setAttribute('data-columns', String(q('table.fixmap th.kernel')));
	out.setAttribute('data-rows', String(q('table.fixmap tr.fm-test')));
	out.setAttribute('data-disagree',
			 String(q('table.fixmap tr.fm-test.disagree')));
	out.setAttribute('data-problems', String(q('table.problems tr.problem')));
	out.setAttribute('data-backports', String(q('table.backports tr.backport')));
	out.setAttribute('data-rendered', 'yes');
	out.textContent = 'Fix map: ' + q('table.fixmap tr.fm-test') +
		' failing tests on ' + q('table.fixmap') + ' arch(es), ' +
		q('table.problems tr.problem') + ' disagreement(s), ' +
		q('table.backports tr.backport') + ' backport(s).';
})();
(function () {
	var box = document.getElementById('only-interesting');

	box.addEventListener('change', function () {
		document.body.classList.toggle('only-interesting', box.checked);
	});
})();
