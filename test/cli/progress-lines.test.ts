// What a run prints while it waits, through main() against the emulator: the batch job log has one line per job
// state change (never one per poll), record counts are redrawn in place on a terminal and kept out of a CI log, and a
// realtime progress bar never shares a screen line with a log line.
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { arithmeticSuite, tempProject, type TempProject } from '../helpers/project.ts';
import { captureIo } from '../helpers/io.ts';
import { fakeTerminal } from '../helpers/fake-terminal.ts';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

// Slow records and quick polls: a job is InProgress over many poll rounds while its count moves.
const SLOW_JOBS = {
  models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }], baseline: 'arith', scorers: ['numeric'],
  target: { kind: 'emulator', timing: { stepMs: 30, recordsPerSecond: 150 } }, polling: { initialMs: 25, maxMs: 25 },
};

const LOG_LINE = /^\d\d:\d\d:\d\d (arith|verbose) shard 0: (\S+)/;

describe('the batch job log', () => {
  it('prints each job state once, in order, however many polls saw it (not a line per poll)', async () => {
    project = tempProject(SLOW_JOBS, arithmeticSuite(120));
    const io = captureIo(project.dir);
    expect(await main(['run', '-c', project.config], io)).toBe(0);
    const states = new Map<string, string[]>();
    for (const line of io.out().split('\n')) {
      const m = LOG_LINE.exec(line);
      if (m && m[2] !== 'created' && m[2] !== 'downloaded') states.set(m[1]!, [...(states.get(m[1]!) ?? []), m[2]!.replace(/:$/, '')]);
    }
    for (const label of ['arith', 'verbose']) {
      const seen = states.get(label)!;
      // Every state the log shows is a new one, in the lifecycle's order, and the job ends Completed.
      expect(new Set(seen).size).toBe(seen.length);
      const order = ['Submitted', 'Validating', 'Scheduled', 'InProgress', 'Completed'];
      expect(seen.map((s) => order.indexOf(s))).toEqual([...seen.map((s) => order.indexOf(s))].sort((a, b) => a - b));
      expect(seen.every((s) => order.includes(s))).toBe(true);
      expect(seen).toContain('InProgress');
      expect(seen.at(-1)).toBe('Completed');
    }
    expect(io.out()).toMatch(/arith shard 0: Completed 120\/120 records/);
    // Counts were polled many times (0.8 s of InProgress at 25 ms a poll), and no count line reached this log.
    expect(io.out()).not.toMatch(/^batch: /m);
  });

  it('on a terminal the record counts are redrawn in place, and gone from the screen when the jobs end', async () => {
    project = tempProject(SLOW_JOBS, arithmeticSuite(120));
    const term = fakeTerminal();
    expect(await main(['run', '-c', project.config], term.io(project.dir))).toBe(0);
    const draws = term.raw().split('\r\x1b[K').filter((s) => s.startsWith('batch: ')).map((s) => /^batch: [^\n]*?records \(\d+%\)/.exec(s)?.[0]);
    expect(draws.length).toBeGreaterThan(3);
    expect(draws).toContainEqual(expect.stringMatching(/^batch: 2 jobs \((2 InProgress|1 InProgress, 1 \w+|1 \w+, 1 InProgress)\), \d+\/240 records/));
    const screen = term.lines();
    expect(screen.filter((l) => l.includes('batch: '))).toEqual([]);
    expect(screen.filter((l) => /shard 0: InProgress/.test(l))).toHaveLength(2);
  });
});

describe('the realtime progress bar on a terminal', () => {
  it('never shares a screen line with a log line: each log line stands alone, each bar line is only the bar', async () => {
    project = tempProject({
      models: [{ id: 'beval.arith-v1', label: 'arith' }, { id: 'beval.verbose-v1', label: 'verbose' }], baseline: 'arith', scorers: ['numeric'],
      mode: 'realtime', realtime: { concurrency: 2 }, target: { kind: 'emulator' },
    }, arithmeticSuite(150));
    const term = fakeTerminal();
    expect(await main(['run', '-c', project.config], term.io(project.dir))).toBe(0);
    // A log line was printed while the bar was drawn: the bar was erased first.
    expect(term.raw()).toMatch(/realtime \[[#-]+\][^\n]*\r\x1b\[K\d\d:\d\d:\d\d /);
    const screen = term.lines();
    const bars = screen.filter((l) => l.includes('realtime ['));
    expect(bars).toHaveLength(1);
    expect(bars[0]).toMatch(/^realtime \[#+\] 300\/300 \(100%\) .* done$/);
    for (const l of screen.filter((x) => /\d\d:\d\d:\d\d /.test(x))) expect(l).toMatch(/^\d\d:\d\d:\d\d [^\r\x1b]*$/);
    expect(screen.filter((l) => /^\d\d:\d\d:\d\d (arith|verbose) shard 0: Completed 150\/150 records \(realtime/.test(l))).toHaveLength(2);
  });
});
