// Browser JS (as a string) for the record detail panel: side-by-side outputs, scores with reasons, expandable text,
// and the expected answer highlighted in each output. DOM nodes and textContent only.

export const CLIENT_DETAIL = String.raw`
var COLLAPSE = 600;
var WORD = /[\p{L}\p{N}]+/gu;

function appendHighlighted(parent, s, expected) {
  var e = expected ? expected.trim() : '';
  if (!e) { parent.append(vis(s)); return; }
  var at = s.toLowerCase().indexOf(e.toLowerCase());
  if (at >= 0) {
    parent.append(vis(s.slice(0, at)), el('mark', 'exact', s.slice(at, at + e.length)), vis(s.slice(at + e.length)));
    return;
  }
  // No exact occurrence: mark the words the output shares with the expected answer (a cheap stand-in for a diff).
  var words = new Set((e.toLowerCase().match(WORD) || []));
  var last = 0, m;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(s))) {
    if (!words.has(m[0].toLowerCase())) continue;
    if (m.index > last) parent.append(vis(s.slice(last, m.index)));
    parent.appendChild(el('span', 'hit', m[0]));
    last = m.index + m[0].length;
  }
  parent.append(vis(s.slice(last)));
}

function longText(t, expected) {
  var s = txt(t), box = el('div', 'text'), body = el('div', 'pre');
  var collapsed = s.length > COLLAPSE;
  function paint() {
    body.replaceChildren();
    appendHighlighted(body, collapsed ? cut(s, COLLAPSE) + '\u2026' : s, expected);
  }
  paint();
  box.appendChild(body);
  if (s.length > COLLAPSE) {
    var b = el('button', 'more', 'Show all (' + s.length + ' characters)');
    b.type = 'button';
    b.setAttribute('aria-expanded', 'false');
    b.addEventListener('click', function () {
      collapsed = !collapsed;
      paint();
      b.textContent = collapsed ? 'Show all (' + s.length + ' characters)' : 'Show less';
      b.setAttribute('aria-expanded', collapsed ? 'false' : 'true');
    });
    box.appendChild(b);
  }
  if (isCut(t)) {
    box.appendChild(el('p', 'cut', 'Truncated: ' + s.length + ' of ' + t[1] + ' characters are embedded in this report. The full text is in ' + META.csv + '.'));
  }
  return box;
}

function block(title, t, expected) {
  var wrap = el('div', 'tblock');
  wrap.appendChild(el('h4', null, title));
  wrap.appendChild(longText(t, expected));
  return wrap;
}

function scoreTable(c) {
  var table = el('table', 'scores'), body = el('tbody');
  for (var x = 0; x < NM; x++) {
    var s = score(c, x), tr = el('tr');
    tr.appendChild(el('th', null, METRICS[x].name));
    if (!s) {
      tr.appendChild(el('td', 'muted', 'not scored'));
      tr.appendChild(el('td'));
      tr.appendChild(el('td'));
    } else {
      tr.appendChild(el('td', 'num', fmtNum(s.value)));
      tr.appendChild(el('td', s.pass === 1 ? 'pass' : s.pass === 0 ? 'fail' : 'muted', s.pass === 1 ? '\u2713 pass' : s.pass === 0 ? '\u2717 fail' : ''));
      var reason = str(s.reason);
      tr.appendChild(el('td', reason === null ? 'muted' : 'reason', reason === null ? '(reason not embedded; see scores.csv)' : reason));
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  return table;
}

function modelCard(r, m) {
  var c = r[5][m], mod = MODELS[m];
  var card = el('article', 'card st-' + STATUS[c[0]]);
  var h = el('h4', null, mod.label + ' ');
  if (m === META.baseline) h.appendChild(el('span', 'badge base', 'baseline'));
  card.appendChild(h);
  var facts = [STATUS[c[0]]];
  if (str(cellStop(c)) !== null) facts.push('stop: ' + str(cellStop(c)));
  if (c.length > 5) {
    if (c[5] !== null || c[6] !== null) facts.push((c[5] === null ? '?' : c[5]) + ' in / ' + (c[6] === null ? '?' : c[6]) + ' out tokens');
    if (c[7] !== null) facts.push(c[7] + ' ms');
  }
  card.appendChild(el('p', 'facts', facts.join(' \u00b7 ')));
  if (c[0] === 1) card.appendChild(el('p', 'err', str(cellErr(c)) || 'Error (message not embedded; see ' + META.csv + ')'));
  if (NM) card.appendChild(scoreTable(c));
  var text = cellText(c);
  if (text !== 0) card.appendChild(text === '' ? el('p', 'muted', '(empty output)') : longText(text, r[2] ? txt(r[2]) : null));
  else if (c[0] === 2) card.appendChild(el('p', 'muted', 'No output: the batch job returned no line for this record.'));
  else if (c[0] === 3) card.appendChild(el('p', 'muted', 'Not run for this model.'));
  return card;
}

function renderDetail() {
  var box = $('detail');
  if (!open || sel < 0 || sel >= view.length) { box.hidden = true; box.replaceChildren(); return; }
  var r = ROWS[view[sel]];
  box.hidden = false;
  var head = el('div', 'dhead');
  head.appendChild(el('h3', null, 'Record ' + r[0]));
  var close = el('button', 'close', 'Close (Esc)');
  close.type = 'button';
  close.addEventListener('click', closeDetail);
  head.appendChild(close);
  var info = el('div', 'flags');
  flagBadges(info, r[4]);
  if (r[3].length) info.appendChild(el('span', 'tags', 'tags: ' + r[3].map(str).join(', ')));
  var frag = document.createDocumentFragment();
  frag.append(head, info);
  if (r[6]) frag.appendChild(el('pre', 'meta', txt(r[6])));
  frag.appendChild(block('Prompt', r[1], null));
  if (r[2] !== 0) frag.appendChild(block('Expected', r[2], null));
  var grid = el('div', 'cards');
  for (var m = 0; m < MODELS.length; m++) grid.appendChild(modelCard(r, m));
  frag.appendChild(grid);
  box.replaceChildren(frag);
}
`;
