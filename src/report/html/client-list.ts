// Browser JS (as a string) for the explorer's data access, filters, hash state and the virtualised record list.
// Plain ES2020 with no template literals, so it can live in String.raw; it only builds DOM nodes and sets
// textContent, never innerHTML, so embedded text cannot become markup.

/** Characters of a text a list row shows; first-rows.ts keeps a little more of each text in its copy of the rows. */
export const LIST_PREVIEW_CHARS = 240;

export const CLIENT_LIST = String.raw`
var T0 = performance.now();
function $(id) { return document.getElementById(id); }
function readJson(id) { var node = $(id); return node ? JSON.parse(node.textContent) : null; }
var META = readJson('beval-meta');
// Rows and the string table: report.html's copy of its first rows while the rest still loads, then every row (boot).
var ROWS = [], STR = [], TAIL = { strings: [], stats: {} };
// While only the first rows are loaded: the number of records the list keeps room for, so the scrollbar is right.
var LOADING = 0;
var MODELS = META.models, METRICS = META.metrics, NM = METRICS.length, FLAGS = META.flags;
// The filters a page offers: a run's report all but fixed/changed; compare.html names its own (META.flagNames).
var FLAG_NAMES = META.flagNames || ['fail', 'disagree', 'regressed', 'error', 'missing', 'filtered'];
var HASH_KEYS = { fail: 'fail', disagree: 'dis', regressed: 'reg', error: 'err', missing: 'miss', filtered: 'filt', fixed: 'fix', changed: 'chg' };
var FLAG_LABELS = { fail: 'failing', disagree: 'disagree', regressed: 'regressed', error: 'error', missing: 'missing', filtered: 'filtered', fixed: 'fixed', changed: 'changed text' };
var STATUS = ['ok', 'error', 'missing', 'not-run', 'filtered'];
var ROW_H = 88;

function txt(t) { return typeof t === 'string' ? t : (t ? t[0] : ''); }
function isCut(t) { return t !== null && typeof t === 'object'; }
function str(i) { return typeof i === 'number' && i >= 0 && i < STR.length ? STR[i] : null; }
// Cell: [status, text|0, stopId, scores, errorId, inTokens, outTokens, latencyMs]; trailing items may be absent.
function cellText(c) { return c[1] === undefined ? 0 : c[1]; }
function cellStop(c) { return c[2] === undefined ? -1 : c[2]; }
function cellErr(c) { return c[4] === undefined ? -1 : c[4]; }
// Score slot: null (not scored), a packed binary score (((reasonId + 1) << 2) | value << 1 | pass), [value, reasonId]
// (no pass/fail) or [value, pass, reasonId].
function score(cell, x) {
  var s = cell[3];
  if (!s || !s.length) return null;
  var e = s[x];
  if (e === null || e === undefined) return null;
  if (typeof e === 'number') return { value: (e & 2) ? 1 : 0, pass: e & 1, reason: (e >> 2) - 1 };
  if (e.length === 2) return { value: e[0], pass: -1, reason: e[1] };
  return { value: e[0], pass: e[1], reason: e[2] };
}
// Bidirectional controls (U+202E and friends) shown as visible escapes, as the terminal shows them: raw, they let
// "exe.html" read as "html.exe" in an id, a tag or an output. Every text node the report builds goes through vis().
var BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
function vis(s) { return s.replace(BIDI, function (c) { return '\\u' + c.charCodeAt(0).toString(16); }); }
function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = vis(String(text));
  return e;
}
// Cuts at a grapheme boundary at or before n code units: never half a surrogate pair or a ZWJ emoji sequence.
var SEG = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
function cut(s, n) {
  if (s.length <= n) return s;
  if (SEG) {
    var end = 0, it = SEG.segment(s)[Symbol.iterator](), g;
    while (!(g = it.next()).done) {
      var next = g.value.index + g.value.segment.length;
      if (next > n) break;
      end = next;
    }
    return s.slice(0, end);
  }
  var c = s.charCodeAt(n - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? n - 1 : n);
}
// List rows show a short preview; the full text is built only in the detail view. A row holding a 20,000-character
// output without spaces stalled scrolling for seconds per frame.
var PREVIEW = ${LIST_PREVIEW_CHARS};
function preview(s) { return s.length > PREVIEW ? cut(s, PREVIEW) + '\u2026' : s; }
function fmtNum(v) { return v === null ? 'n/a' : (Math.round(v * 1000) / 1000).toString(); }
function indexBy(list, field, value) {
  for (var i = 0; i < list.length; i++) if (list[i][field] === value) return i;
  return -1;
}

var state = { flags: {}, tag: '', failOn: -1, q: '', sm: -1, sx: -1, dir: 'asc', rec: null };
var view = [];
var sel = -1;
var open = false;
var HAY = null;

function readHash() {
  var p = new URLSearchParams(location.hash.slice(1));
  var s = { flags: {}, tag: p.get('tag') || '', failOn: -1, q: p.get('q') || '', sm: -1, sx: -1, dir: p.get('dir') === 'desc' ? 'desc' : 'asc', rec: p.get('rec') };
  var failOn = p.get('failon');
  if (failOn !== null) s.failOn = indexBy(MODELS, 'key', failOn);
  FLAG_NAMES.forEach(function (f) { if (p.get(HASH_KEYS[f]) === '1') s.flags[f] = true; });
  var sm = p.get('sm'), sx = p.get('sx');
  if (sm !== null && sx !== null) {
    s.sm = indexBy(MODELS, 'key', sm);
    s.sx = indexBy(METRICS, 'name', sx);
    if (s.sm < 0 || s.sx < 0) { s.sm = -1; s.sx = -1; }
  }
  return s;
}

function writeHash() {
  var p = new URLSearchParams();
  FLAG_NAMES.forEach(function (f) { if (state.flags[f]) p.set(HASH_KEYS[f], '1'); });
  if (state.tag) p.set('tag', state.tag);
  if (state.failOn >= 0) p.set('failon', MODELS[state.failOn].key);
  if (state.q) p.set('q', state.q);
  if (state.sm >= 0) {
    p.set('sm', MODELS[state.sm].key);
    p.set('sx', METRICS[state.sx].name);
    if (state.dir === 'desc') p.set('dir', 'desc');
  }
  if (open && sel >= 0 && sel < view.length) p.set('rec', ROWS[view[sel]][0]);
  var h = p.toString();
  if (h === location.hash.slice(1)) return;
  history.replaceState(null, '', location.href.split('#')[0] + (h ? '#' + h : ''));
}

// Model m failed the record: a failing score on some metric, or (when the policy counts it so) no answer at all.
function failedOn(r, m) {
  var c = r[5][m];
  if (!c) return false;
  var status = STATUS[c[0]];
  if (status === 'error' || status === 'missing' || status === 'filtered') return !!META.unansweredFails;
  var slots = c[3];
  if (!slots || !slots.length) return false;
  for (var x = 0; x < NM; x++) if (slotPass(slots[x]) === 0) return true;
  return false;
}

// score(cell, x).pass without building the object: the "Failed on" counts ask it of every cell (250,000 at 50k × 5).
function slotPass(e) {
  if (e === null || e === undefined) return -1;
  if (typeof e === 'number') return e & 1;
  return e.length === 2 ? -1 : e[1];
}

function buildHay() {
  if (HAY) return;
  HAY = new Array(ROWS.length);
  for (var i = 0; i < ROWS.length; i++) {
    var r = ROWS[i], parts = [r[0], txt(r[1]), txt(r[2])];
    for (var m = 0; m < r[5].length; m++) parts.push(txt(cellText(r[5][m])));
    HAY[i] = parts.join('\u0001').toLowerCase();
  }
}

function computeView() {
  var need = 0;
  FLAG_NAMES.forEach(function (f) { if (state.flags[f]) need |= FLAGS[f]; });
  var tagId = state.tag ? STR.indexOf(state.tag) : -1;
  var q = state.q.trim().toLowerCase();
  if (q) buildHay();
  var out = [];
  for (var i = 0; i < ROWS.length; i++) {
    var r = ROWS[i];
    if ((r[4] & need) !== need) continue;
    if (state.tag && r[3].indexOf(tagId) < 0) continue;
    if (state.failOn >= 0 && !failedOn(r, state.failOn)) continue;
    if (q && HAY[i].indexOf(q) < 0) continue;
    out.push(i);
  }
  if (state.sm >= 0) {
    var m = state.sm, x = state.sx, sign = state.dir === 'desc' ? -1 : 1;
    var keyed = out.map(function (i) {
      var c = ROWS[i][5][m], s = c ? score(c, x) : null;
      return [s && typeof s.value === 'number' ? s.value : null, i];
    });
    // Unscored records go last in both directions; ties keep suite order.
    keyed.sort(function (a, b) {
      if (a[0] === null) return b[0] === null ? a[1] - b[1] : 1;
      if (b[0] === null) return -1;
      return (a[0] - b[0]) * sign || a[1] - b[1];
    });
    out = keyed.map(function (k) { return k[1]; });
  }
  view = out;
}

var list = $('list'), spacer = $('spacer');
var lastRange = '';

function renderList(force) {
  spacer.style.height = (Math.max(view.length, LOADING) * ROW_H) + 'px';
  var top = list.scrollTop;
  var first = Math.max(0, Math.floor(top / ROW_H) - 4);
  var last = Math.min(view.length, Math.ceil((top + list.clientHeight) / ROW_H) + 4);
  var key = first + ':' + last + ':' + sel;
  if (!force && key === lastRange) return;
  lastRange = key;
  var frag = document.createDocumentFragment();
  for (var p = first; p < last; p++) frag.appendChild(rowEl(p));
  spacer.replaceChildren(frag);
  if (sel >= 0) list.setAttribute('aria-activedescendant', 'row-' + sel);
  else list.removeAttribute('aria-activedescendant');
}

function flagBadges(parent, flags) {
  FLAG_NAMES.forEach(function (f) { if (flags & FLAGS[f]) parent.appendChild(el('span', 'fl fl-' + f, FLAG_LABELS[f])); });
}

function rowEl(p) {
  var r = ROWS[view[p]];
  var d = el('div', 'row' + (p === sel ? ' sel' : ''));
  d.id = 'row-' + p;
  d.setAttribute('role', 'option');
  d.setAttribute('aria-selected', p === sel ? 'true' : 'false');
  d.style.top = (p * ROW_H) + 'px';
  d.dataset.pos = String(p);
  d.dataset.id = r[0];
  var idc = el('div', 'c-id');
  idc.appendChild(el('strong', 'rid', r[0]));
  var badges = el('div', 'flags');
  flagBadges(badges, r[4]);
  idc.appendChild(badges);
  if (r[3].length) idc.appendChild(el('div', 'tags', preview(r[3].map(str).join(', '))));
  d.appendChild(idc);
  d.appendChild(el('div', 'c-prompt', preview(txt(r[1]))));
  for (var m = 0; m < MODELS.length; m++) d.appendChild(cellEl(r[5][m]));
  return d;
}

function chip(s, x) {
  var met = METRICS[x];
  var mark = s.pass === 1 ? '\u2713' : s.pass === 0 ? '\u2717' : '';
  var val = met.kind === 'binary' ? '' : fmtNum(s.value) + ' ';
  var e = el('span', 'chip ' + (s.pass === 1 ? 'pass' : s.pass === 0 ? 'fail' : 'na'), met.short + ' ' + val + mark);
  e.title = vis(met.name + ': ' + fmtNum(s.value) + (str(s.reason) ? ' \u2014 ' + preview(str(s.reason)) : ''));
  return e;
}

function cellEl(c) {
  var d = el('div', 'c-model st-' + STATUS[c[0]]);
  var head = el('div', 'chips');
  if (c[0] !== 0) head.appendChild(el('span', 'badge st', STATUS[c[0]]));
  for (var x = 0; x < NM; x++) { var s = score(c, x); if (s) head.appendChild(chip(s, x)); }
  d.appendChild(head);
  var body = preview(c[0] === 1 ? (str(cellErr(c)) || 'error') : c[0] >= 2 ? '' : txt(cellText(c)));
  d.appendChild(el('div', 'out', body));
  return d;
}
`;
