// Ad-hoc: `npx tsx bench/reuse-memory.ts [dir] [models] [records...]` measures what `beval run --reuse` holds while it
// plans: for each record count it writes a synthetic source run (bench/synthetic.ts), then in a fresh Node process
// loads the generation cache, plans the reuse and writes the reusing run's ledger and reused output files
// (loadCache + planReuse + applyReuse, through startRun as `beval run` calls them), and prints the heap the cache
// keeps alive and the process's peak RSS. A second child plans the same run without reuse, so the cache's share of
// the peak is the difference. Not a timed test: memory only, one child per measurement.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { writeSyntheticRun, type BenchRun } from './synthetic.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MiB = 2 ** 20;

interface Measured {
  /** Heap in use (after a full GC) with the cache loaded, before anything else is planned. */
  cacheHeap: number;
  /** Heap in use (after a full GC) with the cache, the new run's suite and the per-model plans alive. */
  planHeap: number;
  /** Peak RSS once the cache is loaded, and at the end (the reusing run planned and its files written). */
  cacheRss: number;
  maxRss: number;
  /** Wall time of loadCache, and of planning the run (planReuse, applyReuse and the plain plan's work). */
  loadMs: number;
  planMs: number;
  hits: number;
}

/** The child: one reusing (or plain) plan of the run in `project`, reported as JSON on stdout. */
async function child(project: string, runId: string, reuse: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const { loadConfig } = await import('../src/config/load.ts');
  const { loadCache, planReuse } = await import('../src/run/reuse.ts');
  const { startRun } = await import('../src/pipeline/run.ts');
  const { loadSuite } = await import('../src/suite/load-suite.ts');
  // Realtime: the synthetic config has no S3 location, and with every answer reused nothing is sent either way.
  const cfg = { ...(await loadConfig(project)), mode: 'realtime' as const };
  gc();
  const base = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const cache = reuse ? await loadCache([path.join(project, 'reports', runId)]) : undefined;
  const loadMs = performance.now() - t0;
  const cacheRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const cacheHeap = process.memoryUsage().heapUsed - base;
  let planHeap = cacheHeap;
  let hits = 0;
  if (cache) {
    const plans = planReuse(cfg, loadSuite(cfg.suite, cfg.configPath), cache);
    gc();
    planHeap = process.memoryUsage().heapUsed - base;
    hits = plans.reduce((n, p) => n + p.hits.length, 0);
  }
  const t1 = performance.now();
  const planned = await startRun(cfg, () => undefined, undefined, cache);
  const planMs = performance.now() - t1;
  fs.rmSync(planned.dir, { recursive: true, force: true });
  const m: Measured = { cacheHeap, planHeap, cacheRss, maxRss: process.resourceUsage().maxRSS * 1024, hits, loadMs, planMs };
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

function measure(run: BenchRun, reuse: boolean): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const p = fork(SELF, ['--child', run.project, run.runId, reuse ? 'reuse' : 'plain'], {
      cwd: ROOT, execArgv: ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('error', reject);
    p.on('exit', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as Measured);
      } catch {
        reject(new Error(`child exited ${code}: ${out}`));
      }
    });
  });
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1]!, args[2]!, args[3] === 'reuse');
else {
  const [dir = '/tmp/beval-reuse-memory', modelsArg = '4', ...counts] = args;
  for (const records of (counts.length ? counts : ['2000', '20000']).map(Number)) {
    const project = path.join(dir, `${records}x${modelsArg}`);
    const meta = path.join(project, 'bench-run.json');
    let run: BenchRun;
    if (fs.existsSync(meta)) run = JSON.parse(fs.readFileSync(meta, 'utf8')) as BenchRun;
    else {
      run = writeSyntheticRun({ dir: project, records, models: Number(modelsArg) });
      fs.writeFileSync(meta, JSON.stringify(run));
    }
    const plain = await measure(run, false);
    const reused = await measure(run, true);
    const mib = (n: number) => `${(n / MiB).toFixed(0)} MiB`;
    process.stdout.write(`${records}×${run.models} (${mib(run.outputBytes)} of output lines, ${reused.hits} hits): cache heap ${mib(reused.cacheHeap)}, with suite and plans ${mib(reused.planHeap)}; peak RSS ${mib(reused.cacheRss)} after loadCache, ${mib(reused.maxRss)} in all (plain plan without reuse ${mib(plain.maxRss)}); loadCache ${(reused.loadMs / 1000).toFixed(1)} s, plan ${(reused.planMs / 1000).toFixed(1)} s (plain ${(plain.planMs / 1000).toFixed(1)} s)\n`);
  }
}
