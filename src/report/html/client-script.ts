// The explorer's browser JS: wiring of controls, keyboard and URL hash, wrapped with the list and detail code.
import { CLIENT_DETAIL } from './client-detail.ts';
import { CLIENT_LIST } from './client-list.ts';

const CLIENT_MAIN = String.raw`
function closeDetail() { open = false; renderDetail(); writeHash(); list.focus(); }

function ensureVisible() {
  if (sel < 0) return;
  var top = sel * ROW_H;
  if (top < list.scrollTop) list.scrollTop = top;
  else if (top + ROW_H > list.scrollTop + list.clientHeight) list.scrollTop = top + ROW_H - list.clientHeight;
}

function select(p, openIt) {
  if (!view.length) return;
  sel = Math.max(0, Math.min(view.length - 1, p));
  if (openIt !== undefined) open = openIt;
  ensureVisible();
  renderList(true);
  renderDetail();
  writeHash();
}

function syncControls() {
  FLAG_NAMES.forEach(function (f) { $('f-' + f).checked = !!state.flags[f]; });
  $('f-tag').value = state.tag;
  if ($('f-tag').value !== state.tag) $('f-tag').value = '';
  // Only a run's report has the "Failed on" select (compare.html shares this script without it).
  if ($('f-failon')) $('f-failon').value = state.failOn >= 0 ? String(state.failOn) : '';
  $('f-q').value = state.q;
  $('f-sort').value = state.sm >= 0 ? state.sm + '.' + state.sx : '';
  $('f-dir').textContent = state.dir === 'desc' ? 'Descending' : 'Ascending';
  $('f-dir').setAttribute('aria-pressed', state.dir === 'desc' ? 'true' : 'false');
}

function apply(restoreRec) {
  computeView();
  $('count').textContent = 'Showing ' + view.length.toLocaleString('en-US') + ' of ' + ROWS.length.toLocaleString('en-US') + ' records';
  $('count').dataset.count = String(view.length);
  $('empty').hidden = view.length > 0;
  sel = view.length ? 0 : -1;
  if (restoreRec && state.rec !== null) {
    var found = -1;
    for (var p = 0; p < view.length; p++) if (ROWS[view[p]][0] === state.rec) { found = p; break; }
    open = found >= 0;
    if (found >= 0) sel = found;
  } else open = false;
  list.scrollTop = 0;
  ensureVisible();
  renderList(true);
  renderDetail();
  writeHash();
}

function initControls() {
  var counts = {};
  var tagCounts = new Map();
  FLAG_NAMES.forEach(function (f) { counts[f] = 0; });
  for (var i = 0; i < ROWS.length; i++) {
    var r = ROWS[i];
    FLAG_NAMES.forEach(function (f) { if (r[4] & FLAGS[f]) counts[f]++; });
    for (var t = 0; t < r[3].length; t++) tagCounts.set(r[3][t], (tagCounts.get(r[3][t]) || 0) + 1);
  }
  FLAG_NAMES.forEach(function (f) {
    var box = $('f-' + f);
    $('c-' + f).textContent = '(' + counts[f].toLocaleString('en-US') + ')';
    box.addEventListener('change', function () { state.flags[f] = box.checked; apply(false); });
  });
  if (META.baseline < 0 && !META.flagNames) { $('f-regressed').disabled = true; $('f-regressed').title = 'No baseline model configured'; }
  var tagSel = $('f-tag');
  Array.from(tagCounts.keys()).map(function (id) { return [str(id), tagCounts.get(id)]; })
    .sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; })
    .forEach(function (pair) {
      var o = el('option', null, pair[0] + ' (' + pair[1] + ')');
      o.value = pair[0];
      tagSel.appendChild(o);
    });
  tagSel.addEventListener('change', function () { state.tag = tagSel.value; apply(false); });
  var failSel = $('f-failon');
  if (failSel) MODELS.forEach(function (model, m) {
    var n = 0;
    for (var i = 0; i < ROWS.length; i++) if (failedOn(ROWS[i], m)) n++;
    var o = el('option', null, model.label + ' (' + n.toLocaleString('en-US') + ')');
    o.value = String(m);
    failSel.appendChild(o);
  });
  if (failSel) failSel.addEventListener('change', function () { state.failOn = failSel.value === '' ? -1 : Number(failSel.value); apply(false); });
  var timer = 0;
  $('f-q').addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.q = $('f-q').value; apply(false); }, 150);
  });
  $('f-sort').addEventListener('change', function () {
    var v = $('f-sort').value.split('.');
    state.sm = v.length === 2 ? Number(v[0]) : -1;
    state.sx = v.length === 2 ? Number(v[1]) : -1;
    apply(false);
  });
  $('f-dir').addEventListener('click', function () { state.dir = state.dir === 'desc' ? 'asc' : 'desc'; syncControls(); apply(false); });
  $('f-clear').addEventListener('click', function () {
    state = { flags: {}, tag: '', failOn: -1, q: '', sm: -1, sx: -1, dir: 'asc', rec: null };
    syncControls();
    apply(false);
  });
  spacer.addEventListener('click', function (e) {
    var row = e.target.closest('.row');
    if (row) { select(Number(row.dataset.pos), true); list.focus({ preventScroll: true }); }
  });
  window.addEventListener('hashchange', function () { state = readHash(); syncControls(); apply(true); });
  document.addEventListener('keydown', onKey);
}

// Scrolling and resizing only re-render the list, so they work on the first rows before the rest has loaded.
function initList() {
  var head = $('list-head'), pending = false;
  list.addEventListener('scroll', function () {
    head.scrollLeft = list.scrollLeft;
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; renderList(false); });
  });
  window.addEventListener('resize', function () { renderList(true); });
}

function onKey(e) {
  var t = e.target, tag = t && t.tagName;
  var typing = tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
  if (e.key === 'Escape') {
    if (typing) { t.blur(); list.focus(); } else if (open) closeDetail();
    return;
  }
  if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
  var inList = t === list;
  var free = inList || t === document.body || t === document.documentElement;
  if (e.key === 'j' || (inList && e.key === 'ArrowDown')) { e.preventDefault(); select(sel + 1); }
  else if (e.key === 'k' || (inList && e.key === 'ArrowUp')) { e.preventDefault(); select(sel - 1); }
  else if (inList && e.key === 'Home') { e.preventDefault(); select(0); }
  else if (inList && e.key === 'End') { e.preventDefault(); select(view.length - 1); }
  else if (e.key === 'Enter' && free && sel >= 0) { e.preventDefault(); select(sel, !open); }
  else if (e.key === '/') { e.preventDefault(); $('f-q').focus(); }
}

function truncationNote() {
  var s = TAIL.stats, parts = [];
  if (s.truncatedTexts > 0) {
    parts.push(s.truncatedTexts.toLocaleString('en-US') + ' long texts are shown as previews of ' + s.previewCharsMin + (s.previewCharsMax !== s.previewCharsMin ? '\u2013' + s.previewCharsMax : '') + ' characters.');
  } else {
    parts.push('Every text is embedded in full.');
  }
  if (s.fullTextRecords > 0) parts.push('Full text is embedded for ' + s.fullTextRecords.toLocaleString('en-US') + ' records that fail, disagree, regressed or errored.');
  if (s.fullTextSkipped > 0) parts.push(s.fullTextSkipped.toLocaleString('en-US') + ' more such records did not fit the full-text budget.');
  if (s.droppedStrings > 0) parts.push(s.droppedStrings.toLocaleString('en-US') + ' score reasons or error messages were left out to save space.');
  if (s.truncatedTexts > 0 || s.droppedStrings > 0) parts.push('The complete text of every record is in ' + META.csv + ' (reasons in scores.csv).');
  var note = $('trunc-note');
  note.textContent = parts.join(' ');
  if (s.truncatedTexts > 0 || s.droppedStrings > 0) note.classList.add('warn');
}

function isPlainView(s) {
  if (s.q || s.tag || s.failOn >= 0 || s.sm >= 0 || s.rec !== null) return false;
  return FLAG_NAMES.every(function (f) { return !s.flags[f]; });
}

// 'beval-ready' means the first rows are in the list: set once, by whichever of showFirstRows and boot gets there.
function markReady() {
  if (!performance.getEntriesByName('beval-ready').length) performance.mark('beval-ready');
}

// report.html copies its first rows (texts cut to what a list row shows) before this script and puts every row after
// it: parsing 20 MB of rows takes the browser about a second, and the first screen needs none of them. Only the plain
// suite-order view can be drawn from the copy; a filter, sort, search or open record in the address waits for boot.
function showFirstRows(first) {
  state = readHash();
  if (!isPlainView(state)) return false;
  ROWS = first.rows;
  STR = first.strings;
  LOADING = first.records;
  view = ROWS.map(function (_, i) { return i; });
  sel = view.length ? 0 : -1;
  $('count').textContent = 'Loading ' + first.records.toLocaleString('en-US') + ' records…';
  initList();
  renderList(true);
  return true;
}

function boot(early) {
  ROWS = readJson('beval-rows') || [];
  TAIL = readJson('beval-tail') || TAIL;
  STR = TAIL.strings;
  LOADING = 0;
  var top = list.scrollTop;
  state = readHash();
  if (!early) initList();
  initControls();
  syncControls();
  truncationNote();
  apply(true);
  // Whoever scrolled the first rows keeps their place (apply starts a new view at the top).
  if (early && isPlainView(state) && top > 0) { list.scrollTop = top; renderList(true); }
  document.querySelector('#explorer .controls').inert = false;
  list.removeAttribute('aria-busy');
  if (open) list.focus({ preventScroll: true });
  markReady();
  performance.mark('beval-interactive');
  document.documentElement.dataset.ready = String(Math.round(performance.now() - T0));
}

// compare.html (and any page whose data precedes this script) starts at once; report.html waits for its rows.
if ($('beval-tail')) boot(false);
else {
  // Until boot the filters are inert (a click would be lost when boot applies the address) and the list is busy.
  document.querySelector('#explorer .controls').inert = true;
  list.setAttribute('aria-busy', 'true');
  var FIRST = readJson('beval-first');
  var early = FIRST ? showFirstRows(FIRST) : false;
  if (early) markReady();
  document.addEventListener('DOMContentLoaded', function () { boot(early); });
}
`;

/** The complete inline script; its SHA-256 goes into the page's Content-Security-Policy. */
export const CLIENT_SCRIPT = `(function () {\n'use strict';\n${CLIENT_LIST}${CLIENT_DETAIL}${CLIENT_MAIN}})();\n`;
