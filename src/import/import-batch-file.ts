// `beval import --from invoke-model`: an InvokeModel-format batch input file (one `{recordId, modelInput}` per line)
// to Converse suite lines, every line that cannot convert listed as file:line before anything is written.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { Problem } from '../errors.ts';
import { invokeModelToConverse, NoConverseEquivalent } from './invoke-model.ts';

export interface BatchImport {
  lines: string[];
  problems: Problem[];
}

export function importInvokeModelFile(file: string, rel: string): BatchImport {
  const lines: string[] = [];
  const problems: Problem[] = [];
  const ids = new Map<string, number>();
  fs.readFileSync(file, 'utf8').split('\n').forEach((text, i) => {
    const line = i + 1;
    if (text.trim() === '') return;
    const problem = (field: string, message: string): void => void problems.push({ file: rel, line, field, message });
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch (e) {
      return problem('(line)', `not valid JSON: ${(e as Error).message}`);
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) return problem('(line)', 'expected a JSON object { recordId, modelInput }');
    const { recordId, modelInput } = rec as { recordId?: unknown; modelInput?: unknown };
    if (modelInput === undefined) return problem('modelInput', 'missing');
    // Bedrock names a record without recordId itself; a hash of the line keeps re-imports stable.
    const id = typeof recordId === 'string' ? recordId : `r${createHash('sha256').update(text).digest('hex').slice(0, 20)}`;
    const first = ids.get(id);
    if (first !== undefined) return problem('recordId', `"${id}" repeats line ${first}`);
    ids.set(id, line);
    try {
      lines.push(JSON.stringify({ recordId: id, modelInput: invokeModelToConverse(modelInput) }));
    } catch (e) {
      if (!(e instanceof NoConverseEquivalent)) throw e;
      const m = /^([\w.[\]]+): ([\s\S]*)$/.exec(e.message);
      problem(m ? `modelInput.${m[1]}` : 'modelInput', m ? m[2]! : e.message);
    }
  });
  return { lines, problems };
}
