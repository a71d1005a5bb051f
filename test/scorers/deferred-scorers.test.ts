// Scorers beyond synchronous TypeScript, end to end on the emulator: the Python example scorer matches `numeric` on the
// example suite; async custom scorers run under their concurrency limit; a crashing, hanging or missing scorer leaves
// records unscored with its reason and the run still completes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { captureIo } from '../helpers/io.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PY = path.join(ROOT, 'scorers/python/numeric_scorer.py');
const dir = tempDir('deferred');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Results { summary: { metrics: { name: string }[]; models: { key: string }[] }; records: { recordId: string; cells: Record<string, { status: string; scores: ([number | null, boolean | null] | null)[] }> }[] }

async function run(name: string, configText: string, suite = path.join(ROOT, 'suites/example.jsonl')): Promise<{ code: number; results: Results; runDir: string; out: string }> {
  const folder = path.join(dir, name);
  fs.mkdirSync(folder, { recursive: true });
  fs.copyFileSync(suite, path.join(folder, 'suite.jsonl'));
  fs.writeFileSync(path.join(folder, 'eval.config.ts'), configText);
  const io = captureIo(folder);
  const code = await main(['run', '--config', path.join(folder, 'eval.config.ts')], io);
  const m = /run directory: (\S+)/.exec(io.out());
  if (!m) throw new Error(io.out() + io.err());
  const runDir = path.resolve(folder, m[1]!);
  return { code, runDir, out: io.out() + io.err(), results: JSON.parse(fs.readFileSync(path.join(runDir, 'results.json'), 'utf8')) as Results };
}

/** metric name → every cell's [value, pass] in record × model order. */
function column(r: Results, metric: string): unknown[] {
  const k = r.summary.metrics.findIndex((m) => m.name === metric);
  return r.records.flatMap((rec) => r.summary.models.map((m) => rec.cells[m.key]!.scores[k]?.slice(0, 2) ?? null));
}

function reasons(runDir: string, metric: string): string[] {
  // Fields may be quoted or not (csv options): the scorer column is matched either way.
  const at = (l: string): number => Math.max(l.indexOf(`,${metric},`), l.indexOf(`,"${metric}",`));
  const lines = fs.readFileSync(path.join(runDir, 'scores.csv'), 'utf8').split('\r\n').filter((l) => at(l) >= 0);
  return lines.map((l) => l.slice(at(l)));
}

const MODELS = `[{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.flaky-v1', label: 'flaky' }, { id: 'beval.verbose-v1', label: 'verbose' }]`;

describe('the out-of-process Python example', () => {
  it('scores the example suite exactly as the TypeScript numeric scorer does, from one process', async () => {
    const { code, results, runDir } = await run('python', `export default {
      suite: 'suite.jsonl', models: ${MODELS}, polling: { initialMs: 20, maxMs: 100 },
      scorers: ['numeric', { name: 'py-numeric', kind: 'binary', command: ['python3', ${JSON.stringify(PY)}] }],
    };\n`);
    expect(code).toBe(0);
    const ts = column(results, 'numeric');
    const py = column(results, 'py-numeric');
    expect(py).toEqual(ts);
    // Both pass and fail occur, and errors (flaky) stay unscored in both.
    expect(ts.filter((c) => Array.isArray(c) && c[1] === true).length).toBeGreaterThan(50);
    expect(ts.filter((c) => Array.isArray(c) && c[1] === false).length).toBeGreaterThan(0);
    expect(ts.filter((c) => c === null).length).toBeGreaterThan(0);
    expect(reasons(runDir, 'py-numeric')[0]).toMatch(/Extracted \d+/);
  }, 120_000);
});

describe('a scorer that fails leaves records unscored with its reason, never a crash', () => {
  it.each([
    ['crashes after its first answer', `['python3', '-c', 'import sys,json\\nl=sys.stdin.readline()\\nprint(json.dumps({"id":json.loads(l)["id"],"value":1}),flush=True)\\nsys.stderr.write("boom: bad input\\\\n")\\nsys.exit(3)']`, /scorer process exited \(code 3\): boom: bad input/],
    ['does not exist', `['/nonexistent/scorer']`, /scorer process "+\/nonexistent\/scorer"+ could not start: spawn \/nonexistent\/scorer ENOENT/],
    ['hangs', `['python3', '-c', 'import time\\ntime.sleep(60)'], timeoutMs: 300`, /scorer bad timed out after 300 ms/],
    ['writes garbage', `['python3', '-c', 'import sys\\nsys.stdin.readline()\\nprint("not json", flush=True)\\nsys.stdin.read()']`, /scorer bad wrote a line that is not JSON: not json/],
  ])('a process scorer that %s', async (name, command, reason) => {
    const { code, runDir, results } = await run(`bad-${name.replace(/\W+/g, '-')}`, `export default {
      suite: 'suite.jsonl', models: [{ id: 'beval.arith-v1', label: 'arith' }], polling: { initialMs: 20, maxMs: 100 },
      scorers: ['numeric', { name: 'bad', command: ${command} }],
    };\n`);
    expect(code).toBe(0);
    const bad = column(results, 'bad');
    expect(bad.filter((c) => Array.isArray(c) && c[0] === null).length).toBeGreaterThan(100);
    expect(reasons(runDir, 'bad').some((r) => reason.test(r))).toBe(true);
    // The other metric is untouched.
    expect(column(results, 'numeric').filter((c) => Array.isArray(c) && c[0] !== null).length).toBe(132);
  }, 60_000);
});

describe('async custom scorers', () => {
  it('are awaited under their concurrency limit, and a slow or throwing call leaves that record unscored', async () => {
    const { code, results, runDir } = await run('async', `let inFlight = 0, most = 0;
    export default {
      suite: 'suite.jsonl', models: [{ id: 'beval.arith-v1', label: 'arith' }], polling: { initialMs: 20, maxMs: 100 },
      scorers: [{
        name: 'slow-length', kind: 'continuous', async: true, concurrency: 3, timeoutMs: 1500,
        score: async ({ record, output }) => {
          inFlight++; most = Math.max(most, inFlight);
          try {
            await new Promise((r) => setTimeout(r, record.recordId === 'ex0002' ? 5000 : 5));
            if (record.recordId === 'ex0003') throw new Error('no luck');
            return { value: output.text.length, reason: 'most in flight ' + most };
          } finally { inFlight--; }
        },
      }],
    };\n`);
    expect(code).toBe(0);
    const cells = column(results, 'slow-length') as ([number | null, boolean | null] | null)[];
    expect(cells.filter((c) => c && c[0] !== null).length).toBe(130);
    const rs = reasons(runDir, 'slow-length');
    expect(rs.some((r) => /timed out after 1500 ms/.test(r))).toBe(true);
    expect(rs.some((r) => /scorer slow-length failed: no luck/.test(r))).toBe(true);
    const most = Math.max(...rs.map((r) => Number(/most in flight (\d+)/.exec(r)?.[1] ?? 0)));
    expect(most).toBe(3);
  }, 60_000);

  it('a Promise from a scorer without async: true is unscored with advice', async () => {
    const { results, runDir } = await run('no-flag', `export default {
      suite: 'suite.jsonl', models: [{ id: 'beval.arith-v1', label: 'arith' }], polling: { initialMs: 20, maxMs: 100 },
      scorers: [{ name: 'p', score: async () => ({ value: 1 }) }],
    };\n`);
    expect(column(results, 'p').every((c) => c === null || (Array.isArray(c) && c[0] === null))).toBe(true);
    expect(reasons(runDir, 'p')[0]).toContain('give the scorer `async: true`');
  }, 60_000);
});
