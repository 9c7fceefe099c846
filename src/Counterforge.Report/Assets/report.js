// The gallery of report.html: filters and pages through the pairs in pairs.js. Every string from the data (captions,
// class names, words, file names) goes into the page as text or as an attribute value set through the DOM, never as markup.
(function () {
  'use strict';
  var PAGE = 48;
  var OUTCOMES = [[1, 'flipped', 'flipped'], [2, 'fixed', 'fixed'], [4, 'still wrong', 'still-wrong'], [8, 'new error', 'new-error'], [16, 'not judged', 'not-judged']];
  var galleries = window.counterforgeGalleries || {};

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fillSelect(select, entries) {
    entries.forEach(function (entry) {
      var option = element('option', '', entry[1]);
      option.value = String(entry[0]);
      select.appendChild(option);
    });
  }

  function setUp(section) {
    var count = section.querySelector('.count');
    var data = galleries[section.getAttribute('data-gallery')];
    if (!data) { count.textContent = 'The gallery data (pairs.js) did not load.'; return; }
    var col = {};
    data.columns.forEach(function (name, i) { col[name] = i; });
    var pairs = data.pairs, cards = section.querySelector('.cards'), pageText = section.querySelector('.page');
    var form = section.querySelector('form'), previous = section.querySelector('[name=previous]'), next = section.querySelector('[name=next]');

    function present(column) {
      var seen = {};
      pairs.forEach(function (p) { seen[p[col[column]]] = (seen[p[col[column]]] || 0) + 1; });
      return seen;
    }
    var kinds = present('kind'), classes = present('class'), words = present('to');
    fillSelect(form.kind, Object.keys(kinds).map(function (i) { return [i, data.kinds[i] + ' (' + kinds[i] + ')']; })
      .sort(function (a, b) { return a[1] < b[1] ? -1 : 1; }));
    fillSelect(form['class'], Object.keys(classes).map(function (i) { return [i, data.classes[i] + ' (' + classes[i] + ')']; })
      .sort(function (a, b) { return a[1] < b[1] ? -1 : 1; }));
    fillSelect(form.word, Object.keys(words).filter(function (i) { return data.words[i] !== ''; })
      .map(function (i) { return [i, data.words[i] + ' (' + words[i] + ')']; }).sort(function (a, b) { return a[1] < b[1] ? -1 : 1; }));

    var page = 0, shown = [];

    function answer(row, predicted, pTrue, label) {
      if (predicted < 0) { row.appendChild(element('span', 'na', '–')); return; }
      var right = predicted === label;
      row.appendChild(element('span', right ? 'right' : 'wrong', (right ? '✓ ' : '✗ ') + data.classes[predicted] + ' ·\u00a0' + pTrue + '\u00a0%'));
    }

    function card(p) {
      var outcomes = p[col.outcomes], label = p[col['class']];
      var c = element('div', 'card');
      OUTCOMES.forEach(function (o) { if (outcomes & o[0]) c.classList.add(o[2]); });
      var original = element('img');
      original.src = data.sources[p[col.source]];
      original.alt = 'original';
      original.width = 112; original.height = 112;
      var counterfactual = element('img');
      counterfactual.src = p[col.counterfactual];
      counterfactual.alt = 'counterfactual';
      counterfactual.width = 112; counterfactual.height = 112;
      c.appendChild(original);
      c.appendChild(counterfactual);
      c.appendChild(element('div', 'edit', data.kinds[p[col.kind]] + ': ' + data.words[p[col.from]] + ' → ' + data.words[p[col.to]]));
      c.appendChild(element('div', 'truth', 'true class: ' + data.classes[label]));
      var grid = element('div', 'answers');
      ['', 'original', 'counterfactual'].forEach(function (h) { grid.appendChild(element('b', '', h)); });
      grid.appendChild(element('span', '', 'baseline'));
      answer(grid, p[col.baseline_orig_pred], p[col.baseline_orig_p_true], label);
      answer(grid, p[col.baseline_cf_pred], p[col.baseline_cf_p_true], label);
      if (data.repair !== null) {
        grid.appendChild(element('span', '', 'repair'));
        answer(grid, p[col.repair_orig_pred], p[col.repair_orig_p_true], label);
        answer(grid, p[col.repair_cf_pred], p[col.repair_cf_p_true], label);
      }
      c.appendChild(grid);
      c.appendChild(element('div', 'caption', p[col.caption]));
      var badges = element('div', 'badges');
      OUTCOMES.forEach(function (o) { if (outcomes & o[0]) badges.appendChild(element('span', '', o[1])); });
      c.appendChild(badges);
      return c;
    }

    function filter() {
      var kind = form.kind.value, klass = form['class'].value, word = form.word.value, outcome = Number(form.outcome.value);
      shown = pairs.filter(function (p) {
        return (kind === '' || String(p[col.kind]) === kind) && (klass === '' || String(p[col['class']]) === klass)
          && (word === '' || String(p[col.to]) === word) && (outcome === 0 || (p[col.outcomes] & outcome) !== 0);
      });
      page = 0;
      render();
    }

    function render() {
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      page = Math.min(page, pages - 1);
      var first = page * PAGE, last = Math.min(shown.length, first + PAGE);
      count.textContent = shown.length === 0
        ? 'No pair matches these filters (' + pairs.length + ' pairs in all).'
        : 'Showing ' + (first + 1) + '–' + last + ' of ' + shown.length + ' matching pairs (' + pairs.length + ' in all)'
          + (data.repair === null ? '.' : '; repair: ' + data.repair + '.');
      var fragment = document.createDocumentFragment();
      shown.slice(first, last).forEach(function (p) { fragment.appendChild(card(p)); });
      cards.replaceChildren(fragment);
      pageText.textContent = 'page ' + (page + 1) + ' of ' + pages;
      previous.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }

    form.addEventListener('change', filter);
    previous.addEventListener('click', function () { page -= 1; render(); });
    next.addEventListener('click', function () { page += 1; render(); });
    filter();
    section.setAttribute('data-ready', 'true');
  }

  document.querySelectorAll('section.gallery[data-gallery]').forEach(setUp);
  if (window.performance && performance.mark) performance.mark('counterforge-gallery-ready');
})();
