// Streams one model's output files, joins each line to the suite by recordId and scores it, filling a ModelTable.
import type { Suite } from '../suite/load-suite.ts';
import { forEachLine } from '../outputs/read-lines.ts';
import { parseOutputLine } from '../outputs/parse-line.ts';
import type { MetricSet } from './metric-set.ts';
import { FILTERED_STOP_REASONS, newModelTable, NO_PASS, STATUS, type ModelTable } from './model-table.ts';
import { CellWriter } from '../engine/cell-store.ts';

const EXAMPLES = 5;

function note(list: { count: number; examples: string[] }, example: string): void {
  list.count++;
  if (list.examples.length < EXAMPLES) list.examples.push(example);
}

export interface ScoreModelInput {
  key: string;
  files: string[];
  suite: Suite;
  metricSet: MetricSet;
  cellsFile: string;
  /** For records without an output line: true when the job that held the record did not complete normally. */
  notRun: (index: number) => boolean;
}

export async function scoreModel(input: ScoreModelInput): Promise<ModelTable> {
  const { suite, metricSet } = input;
  const n = suite.records.length;
  const m = metricSet.metrics.length;
  const cells = new CellWriter(input.cellsFile, n);
  const table = newModelTable(input.key, n, m, cells.index);
  try {
    for (const file of input.files) {
      await forEachLine(file, (lineNo, line) => {
        const parsed = parseOutputLine(line);
        if (parsed.kind === 'malformed') {
          note(table.join.malformed, `${file}:${lineNo}: ${parsed.reason}`);
          return;
        }
        const out = parsed.output;
        const index = suite.index.get(out.recordId);
        if (index === undefined) {
          note(table.join.unexpected, out.recordId);
          return;
        }
        if (table.status[index] !== STATUS.none) {
          note(table.join.duplicates, out.recordId);
          return;
        }
        table.join.joined++;
        if (!out.ok) {
          table.status[index] = STATUS.error;
          const code = String(out.errorCode);
          table.errorCodes[code] = (table.errorCodes[code] ?? 0) + 1;
          if (index < (table.errorMessageIndex[code] ?? Infinity)) {
            table.errorMessageIndex[code] = index;
            table.errorMessages[code] = out.errorMessage;
          }
          cells.add(index, { status: 'error', error: { code, message: out.errorMessage }, scores: new Array<null>(m).fill(null) });
          return;
        }
        table.inputTokens[index] = out.usage.inputTokens;
        table.outputTokens[index] = out.usage.outputTokens;
        if (out.latencyMs !== undefined) table.latencyMs[index] = out.latencyMs;
        table.stopReasons[out.stopReason] = (table.stopReasons[out.stopReason] ?? 0) + 1;
        // Billed but not an answer: kept (text, tokens) and left unscored, like an error.
        if (FILTERED_STOP_REASONS.has(out.stopReason)) {
          table.status[index] = STATUS.filtered;
          cells.add(index, {
            status: 'filtered', text: out.text, stopReason: out.stopReason,
            inputTokens: out.usage.inputTokens, outputTokens: out.usage.outputTokens,
            ...(out.latencyMs !== undefined ? { latencyMs: out.latencyMs } : {}),
            scores: new Array<null>(m).fill(null),
          });
          return;
        }
        table.status[index] = STATUS.ok;
        const scores = metricSet.scoreAll(index, { record: suite.records[index]!, output: out, modelKey: input.key });
        for (let k = 0; k < m; k++) {
          let s = scores[k];
          if (!s) continue;
          // A binary metric's pass flag always matches its value, even when a custom scorer gave only a value; the
          // cell gets it too, so results.json (and `beval gate`, which reads it back) agrees with this table.
          if (s.pass === undefined && s.value !== null && metricSet.metrics[k]!.kind === 'binary') s = scores[k] = { ...s, pass: s.value >= 0.5 };
          if (s.value !== null) table.values[k]![index] = s.value;
          if (s.pass !== undefined) table.pass[k]![index] = s.pass ? 1 : 0;
        }
        cells.add(index, {
          status: 'ok',
          text: out.text,
          stopReason: out.stopReason,
          inputTokens: out.usage.inputTokens,
          outputTokens: out.usage.outputTokens,
          ...(out.latencyMs !== undefined ? { latencyMs: out.latencyMs } : {}),
          // The cell codec keeps only value, pass and reason of each score (src/engine/cell-codec.ts).
          scores,
        });
      });
    }
  } finally {
    cells.close();
  }
  for (let i = 0; i < n; i++) {
    if (table.status[i] !== STATUS.none) continue;
    if (input.notRun(i)) {
      table.status[i] = STATUS.notRun;
      table.join.notRun++;
    } else {
      table.status[i] = STATUS.missing;
      table.join.missing++;
    }
  }
  return table;
}

export { NO_PASS };
