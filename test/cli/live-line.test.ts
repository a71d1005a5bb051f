// The live line on a terminal: a line printed on stdout or stderr while a progress line is drawn takes the progress
// line down first and draws it again after, so the two never share a screen line; off a terminal nothing changes.
import { describe, expect, it } from 'vitest';
import { withLiveLine } from '../../src/cli/live-line.ts';
import { fakeTerminal } from '../helpers/fake-terminal.ts';

describe('withLiveLine', () => {
  it('a log line printed while the bar is drawn gets its own line, and the bar is drawn again below it', () => {
    const term = fakeTerminal();
    const io = withLiveLine(term.io('/'));
    io.live!.draw('realtime [##--] 2/4');
    io.stdout.write('12:00:00 arith shard 0: Completed 4/4 records\n');
    io.stderr.write('12:00:01 warning: flaky shard 0: 2 record(s) throttled\n');
    io.live!.draw('realtime [###-] 3/4');
    expect(term.lines()).toEqual([
      '12:00:00 arith shard 0: Completed 4/4 records',
      '12:00:01 warning: flaky shard 0: 2 record(s) throttled',
      'realtime [###-] 3/4',
    ]);
    io.live!.clear();
    io.stdout.write('done\n');
    expect(term.lines()).toEqual([
      '12:00:00 arith shard 0: Completed 4/4 records',
      '12:00:01 warning: flaky shard 0: 2 record(s) throttled',
      'done',
      '',
    ]);
  });

  it('a longer bar drawn over a shorter one, and a line longer than the bar, leave no leftovers', () => {
    const term = fakeTerminal();
    const io = withLiveLine(term.io('/'));
    io.live!.draw('batch: 1 job (1 InProgress), 30/132 records (22%)');
    io.live!.draw('batch: 1 job');
    io.stdout.write('x\n');
    expect(term.lines()).toEqual(['x', 'batch: 1 job']);
  });

  it('a half-written line (a prompt) is not erased by a redraw; the bar comes back once the line ends', () => {
    const term = fakeTerminal();
    const io = withLiveLine(term.io('/'));
    io.live!.draw('bar 1');
    io.stdout.write('Continue? ');
    io.live!.draw('bar 2');
    expect(term.lines()).toEqual(['Continue? ']);
    io.stdout.write('yes\n');
    expect(term.lines()).toEqual(['Continue? yes', 'bar 2']);
  });

  it('off a terminal the io is unchanged and has no live line', () => {
    const term = fakeTerminal();
    const plain = { ...term.io('/'), isTTY: false };
    expect(withLiveLine(plain)).toBe(plain);
  });
});
