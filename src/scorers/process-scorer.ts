// The client side of the out-of-process scorer protocol: one child process, JSON lines both ways, many calls in flight.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Score } from '../types/scorer.ts';
import { toScore } from './custom.ts';

/** What one call sends (beside its id). */
export interface ProcessRequest {
  recordId: string;
  model: string;
  output: { text: string; stopReason: string };
  expected?: string | string[];
  record: unknown;
}

/**
 * A started scorer process. `score` never rejects: a crash, a timeout, a malformed answer or a missing program
 * becomes `{ value: null, reason }` for that record, so a bad scorer leaves records unscored and the run goes on.
 */
export class ScorerProcess {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending = new Map<number, (s: Score) => void>();
  private nextId = 1;
  /** Set once the process cannot answer any more: every later call gets it as the reason. */
  private dead: string | undefined;
  private stderrTail = '';

  constructor(private readonly name: string, command: string[], cwd: string, private readonly timeoutMs: number) {
    try {
      this.child = spawn(command[0]!, command.slice(1), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      this.dead = `scorer process ${JSON.stringify(command.join(' '))} could not start: ${(e as Error).message}`;
      return;
    }
    const child = this.child;
    child.on('error', (e) => this.fail(`scorer process ${JSON.stringify(command.join(' '))} could not start: ${e.message}`));
    child.on('exit', (code, signal) => this.fail(`scorer process exited (${signal ?? `code ${code}`})${this.stderrTail ? `: ${this.stderrTail.trim().split('\n').at(-1)}` : ''}`));
    child.stdin.on('error', () => undefined); // EPIPE after the process died: 'exit' reports it.
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => { this.stderrTail = (this.stderrTail + d).slice(-2000); });
    createInterface({ input: child.stdout }).on('line', (line) => this.answer(line));
  }

  private fail(reason: string): void {
    this.dead ??= reason;
    for (const resolve of this.pending.values()) resolve({ value: null, reason: this.dead });
    this.pending.clear();
  }

  private answer(line: string): void {
    if (line.trim() === '') return;
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return this.fail(`scorer ${this.name} wrote a line that is not JSON: ${line.slice(0, 120)}`);
    }
    const id = (msg as { id?: unknown } | null)?.id;
    const resolve = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!resolve) return; // an answer after its timeout, or to no question: ignored
    this.pending.delete(id as number);
    const m = msg as Record<string, unknown>;
    resolve(typeof m.error === 'string' ? { value: null, reason: `scorer ${this.name}: ${m.error}` } : toScore(m));
  }

  score(req: ProcessRequest): Promise<Score> {
    if (this.dead || !this.child) return Promise.resolve({ value: null, reason: this.dead ?? 'scorer process not started' });
    const id = this.nextId++;
    return new Promise<Score>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ value: null, reason: `scorer ${this.name} timed out after ${this.timeoutMs} ms` });
      }, this.timeoutMs);
      this.pending.set(id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      this.child!.stdin.write(`${JSON.stringify({ id, ...req })}\n`);
    });
  }

  /** Closes stdin (the scorer's signal to exit) and waits briefly; a scorer that lingers is killed. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    this.dead ??= 'scorer process closed';
    child.stdin.end();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 2000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
