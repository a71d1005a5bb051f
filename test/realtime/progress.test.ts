// The progress display: bar and rate on a terminal, plain periodic lines otherwise.
import { describe, expect, it } from 'vitest';
import { progressDisplay, progressText, type RealtimeProgress } from '../../src/realtime/progress.ts';

const snap = (done: number, extra: Partial<RealtimeProgress> = {}): RealtimeProgress => ({ total: 100, done, resumed: 0, errors: 0, finished: false, ...extra });

describe('progressText', () => {
  it.each([
    [snap(25, { errors: 1 }), 5_000, '25/100 (25%)  5.0 rec/s  1 error  ETA 15s'],
    [snap(50, { resumed: 40, errors: 3 }), 2_000, '50/100 (50%)  5.0 rec/s  3 errors  ETA 10s  (40 from before resume)'],
    [snap(0), 0, '0/100 (0%)  0.0 rec/s  0 errors  ETA ?'],
    [snap(100, { finished: true }), 10_000, '100/100 (100%)  10.0 rec/s  0 errors  done'],
    [snap(1), 1_000, '1/100 (1%)  1.0 rec/s  0 errors  ETA 1m39s'],
  ])('%o after %i ms', (p, elapsed, text) => {
    expect(progressText(p, elapsed)).toBe(text);
  });
});

describe('progressDisplay', () => {
  function harness(isTTY: boolean) {
    let t = 0;
    const out: string[] = [];
    // The live line as records of calls: `draw:` redraws in place, `clear` takes it down, anything else is printed.
    const live = { draw: (s: string) => { out.push(`draw:${s}`); }, clear: () => { out.push('clear'); } };
    const show = progressDisplay({ print: (s) => out.push(s), ...(isTTY ? { live } : {}), now: () => t, intervalMs: 10_000, redrawMs: 100, width: 10 });
    return { out, show, advance: (ms: number) => { t += ms; } };
  }

  it('plain mode prints a line at most every interval, and always the last one', () => {
    const h = harness(false);
    h.show(snap(0));
    for (let i = 1; i <= 30; i++) {
      h.advance(1_000);
      h.show(snap(i));
    }
    h.show(snap(30, { finished: true }));
    h.show(snap(30, { finished: true }));
    expect(h.out).toEqual([
      'realtime: 0/100 (0%)  0.0 rec/s  0 errors  ETA ?\n',
      'realtime: 10/100 (10%)  1.0 rec/s  0 errors  ETA 1m30s\n',
      'realtime: 20/100 (20%)  1.0 rec/s  0 errors  ETA 1m20s\n',
      'realtime: 30/100 (30%)  1.0 rec/s  0 errors  ETA 1m10s\n',
      'realtime: 30/100 (30%)  1.0 rec/s  0 errors  done\n',
    ]);
  });

  it('TTY mode redraws the live line with a bar, and leaves the last one as a printed line', () => {
    const h = harness(true);
    h.show(snap(0));
    h.advance(50);
    h.show(snap(1)); // within redrawMs: skipped
    h.advance(950);
    h.show(snap(50));
    h.show(snap(100, { finished: true }));
    expect(h.out).toEqual([
      'draw:realtime [----------] 0/100 (0%)  0.0 rec/s  0 errors  ETA ?',
      'draw:realtime [#####-----] 50/100 (50%)  50.0 rec/s  0 errors  ETA 1s',
      'clear',
      'realtime [##########] 100/100 (100%)  100.0 rec/s  0 errors  done\n',
    ]);
  });
});
