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
	// The same for coverage: the Runs table's cells that give one, the
	// functions and never-run lines listed, those with no reason yet.
	var out = document.getElementById('dom-coverage');
	var q = function (sel) {
		return document.querySelectorAll(sel).length;
	};

	if (!out)
		return;
	out.setAttribute('data-runs', String(q('table.summary td.cov[data-coverage]')));
	out.setAttribute('data-files', String(q('div.cov')));
	out.setAttribute('data-functions', String(q('table.cov-fn tr.fn')));
	out.setAttribute('data-never', String(q('table.cov-never tr.never')));
	out.setAttribute('data-noreason', String(q('table.cov-never td.noreason')));
	out.setAttribute('data-rendered', 'yes');
	out.textContent = 'Coverage: ' + q('div.cov') + ' file(s), ' +
		q('table.cov-fn tr.fn') + ' function rows, ' +
		q('table.cov-never tr.never') + ' never-run lines (' +
		q('table.cov-never td.noreason') + ' with no reason yet), ' +
		q('table.summary td.cov[data-coverage]') + ' run(s) with a coverage cell.';
})();
(function () {
	var box = document.getElementById('only-interesting');

	box.addEventListener('change', function () {
		document.body.classList.toggle('only-interesting', box.checked);
	});
})();
