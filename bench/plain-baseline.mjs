#!/usr/bin/env node
// Issue #21's plain-script baseline: what a one-off Node script does with a run's outputs, in one thread, streaming.
// Parses every `.jsonl.out` line, applies numeric, equals and contains against the suite's expected answer, writes one
// CSV row per record × model with the output text and one escaped HTML table of every output. `--floor` only parses.
// Plain JavaScript on purpose: `node bench/plain-baseline.mjs` starts like any script, with no TypeScript loader.
// Usage: node bench/plain-baseline.mjs <suite.jsonl> <out dir> <model>=<file>[,<file>…] …   |   --floor <file>…
import fs from 'node:fs';
import path from 'node:path';

/** Calls `onLine` for every non-empty line of `file`, reading 4 MiB at a time (bench/parse-floor.ts's loop). */
function eachLine(file, onLine) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  let carry;
  for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) {
    const data = carry ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
    let start = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      const line = data.toString('utf8', start, nl);
      if (line.length > 1 || line.trim()) onLine(line);
      start = nl + 1;
    }
    carry = start < data.length ? Buffer.from(data.subarray(start)) : undefined;
  }
  if (carry?.toString().trim()) onLine(carry.toString('utf8'));
  fs.closeSync(fd);
}

const lastNumber = (s) => { const m = String(s).replace(/,/g, '').match(/-?\d+(?:\.\d+)?/g); return m ? Number(m[m.length - 1]) : NaN; };
const csv = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`;
const HTML = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const html = (v) => String(v ?? '').replace(/[&<>"']/g, (c) => HTML[c]);

/** Buffers writes to `file` and flushes them in ~1 MiB pieces. */
function writer(file) {
  const fd = fs.openSync(file, 'w');
  let parts = [];
  let size = 0;
  const flush = () => { fs.writeSync(fd, parts.join('')); parts = []; size = 0; };
  return { write: (s) => { parts.push(s); if ((size += s.length) > 1 << 20) flush(); }, close: () => { flush(); fs.closeSync(fd); } };
}

const args = process.argv.slice(2);
if (args[0] === '--floor') {
  let lines = 0;
  for (const file of args.slice(1)) eachLine(file, (l) => { if (JSON.parse(l).recordId) lines++; });
  process.stdout.write(`${lines} lines parsed\n`);
} else {
  const [suiteFile, outDir, ...models] = args;
  const expected = new Map();
  eachLine(suiteFile, (l) => { const r = JSON.parse(l); expected.set(r.recordId, Array.isArray(r.expected) ? r.expected[0] : r.expected); });
  fs.mkdirSync(outDir, { recursive: true });
  const rows = writer(path.join(outDir, 'baseline.csv'));
  const page = writer(path.join(outDir, 'baseline.html'));
  rows.write('"record_id","model","output","numeric","equals","contains"\r\n');
  page.write('<!doctype html><meta charset="utf-8"><table><tr><th>record<th>model<th>output<th>numeric<th>equals<th>contains\n');
  for (const spec of models) {
    const [model, files] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1).split(',')];
    for (const file of files) eachLine(file, (l) => {
      const line = JSON.parse(l);
      const text = (line.modelOutput?.output?.message?.content ?? []).map((b) => b.text ?? '').join('');
      const want = String(expected.get(line.recordId) ?? '');
      const scores = [Number(lastNumber(text) === lastNumber(want)), Number(text.trim() === want.trim()), Number(want !== '' && text.includes(want))];
      rows.write(`${csv(line.recordId)},${csv(model)},${csv(text)},${scores.join(',')}\r\n`);
      page.write(`<tr><td>${html(line.recordId)}<td>${html(model)}<td>${html(text)}<td>${scores.join('<td>')}\n`);
    });
  }
  page.write('</table>\n');
  rows.close();
  page.close();
}
