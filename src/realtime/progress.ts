// Realtime progress display for the command layer: a redrawn bar on a terminal, plain periodic lines otherwise.

/** A snapshot of a realtime execution, across every realtime model of the run. */
export interface RealtimeProgress {
  /** Records that need a line, over all realtime shards. */
  total: number;
  /** Records with a line (answered or errored), including those written before a resume. */
  done: number;
  /** Of `done`, how many were already there when this process started (they do not count towards the rate). */
  resumed: number;
  /** Error lines, including resumed ones. */
  errors: number;
  /** True on the last snapshot. */
  finished: boolean;
  /** On the last snapshot: the stage stopped (Ctrl-C, a fatal error) before every record had a line. */
  stopped?: boolean;
}

export interface ProgressDisplayOptions {
  /** Prints one whole line (the text ends with a newline). */
  print(line: string): unknown;
  /**
   * On a terminal, the line redrawn in place (src/cli/live-line.ts: log lines printed meanwhile clear it first and
   * draw it again after). Without it, a plain line every `intervalMs`.
   */
  live?: { draw(text: string): void; clear(): void };
  /** @default Date.now */
  now?: () => number;
  /** Plain mode: milliseconds between lines. @default 10000 */
  intervalMs?: number;
  /** TTY mode: minimum milliseconds between redraws. @default 100 */
  redrawMs?: number;
  /** Bar width in characters. @default 24 */
  width?: number;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The text of one progress line (no bar): `120/400 (30%)  12.3 rec/s  3 errors  ETA 23s`. */
export function progressText(p: RealtimeProgress, elapsedMs: number): string {
  const pct = p.total ? Math.floor((100 * p.done) / p.total) : 100;
  const fresh = p.done - p.resumed;
  const rate = elapsedMs > 0 ? (fresh * 1000) / elapsedMs : 0;
  const eta = p.finished ? (p.stopped ? 'stopped' : 'done') : rate > 0 ? `ETA ${duration((p.total - p.done) / rate)}` : 'ETA ?';
  const resumed = p.resumed ? `  (${p.resumed} from before resume)` : '';
  return `${p.done}/${p.total} (${pct}%)  ${rate.toFixed(1)} rec/s  ${p.errors} error${p.errors === 1 ? '' : 's'}  ${eta}${resumed}`;
}

function bar(p: RealtimeProgress, width: number): string {
  const filled = p.total ? Math.round((width * p.done) / p.total) : width;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Returns the callback the realtime stage calls with each snapshot. */
export function progressDisplay(opts: ProgressDisplayOptions): (p: RealtimeProgress) => void {
  const now = opts.now ?? Date.now;
  const intervalMs = opts.intervalMs ?? 10_000;
  const redrawMs = opts.redrawMs ?? 100;
  const width = opts.width ?? 24;
  let started: number | undefined;
  let last: number | undefined;
  let closed = false;
  return (p) => {
    if (closed) return;
    const t = now();
    started ??= t;
    const live = opts.live;
    const due = last === undefined || t - last >= (live ? redrawMs : intervalMs);
    if (!due && !p.finished) return;
    last = t;
    const text = progressText(p, t - started);
    if (!live) opts.print(`realtime: ${text}\n`);
    else if (!p.finished) live.draw(`realtime ${bar(p, width)} ${text}`);
    else {
      // The last bar stays on the screen as an ordinary line.
      live.clear();
      opts.print(`realtime ${bar(p, width)} ${text}\n`);
    }
    if (p.finished) closed = true;
  };
}
