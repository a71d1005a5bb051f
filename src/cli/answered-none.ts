// Models that answered none of their records (a wrong model ID, no model access, no job ran): a run that measured
// nothing for a model must not end green, even without --gate.
import type { ModelSummary, RunSummary } from '../types/results.ts';
import { printable, redactSecrets } from '../safe-text.ts';
import { EXIT, type CliIo } from './io.ts';
import type { Advice } from '../advice.ts';

/** Enough of a service message to recognise it; records.csv keeps each record's full one. */
const MESSAGE_CHARS = 200;

/**
 * Records sent to the model: everything but not-run, whose job failed, stopped or expired before running them (the
 * coverage table and the model's notes say which and why).
 */
function sent(m: ModelSummary): number {
  return m.records - m.notRun;
}

/**
 * Every job of the model was stopped (`beval cancel`, or someone in the console): a choice, not a misconfiguration,
 * so a model that answered nothing because of it does not fail the command.
 */
function stoppedOnPurpose(m: ModelSummary): boolean {
  const jobs = Object.entries(m.jobs ?? {});
  return sent(m) === 0 && jobs.length > 0 && jobs.every(([status]) => status === 'Stopped' || status === 'Stopping');
}

/**
 * Models with records and not one ok answer, in the summary's model order: every request came back as an error, or
 * none ran (a create Bedrock refused, e.g. a wrong model ID or one without batch support; a job that failed or
 * expired). Either way the run measured nothing for the model. Models whose jobs were all stopped on purpose are left
 * out.
 */
export function modelsAnsweringNone(summary: RunSummary): ModelSummary[] {
  return summary.perModel.filter((m) => m.records > 0 && m.ok === 0 && !stoppedOnPurpose(m));
}

/** The code with the most records (ties: the first in code order, so the line is the same on every run). */
function mostCommonError(m: ModelSummary): { code: string; count: number; message?: string } | undefined {
  const [top] = Object.entries(m.errorCodes).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (!top) return undefined;
  const message = m.errorMessages?.[top[0]];
  return { code: top[0], count: top[1], ...(message !== undefined ? { message } : {}) };
}

/** One terminal line: the model, how many records it was sent, and its most common error (credentials removed, escaped). */
export function answeredNoneLine(m: ModelSummary, runId: string, advice: Advice): string {
  const n = sent(m);
  const who = m.model.label === m.model.modelId ? m.model.label : `${m.model.label} (${m.model.modelId})`;
  if (n === 0) {
    const jobs = Object.entries(m.jobs ?? {}).map(([status, count]) => `${count} ${status}`).join(', ');
    return printable(`beval: model ${who} answered none of its ${m.records} records: none of them ran${jobs ? ` (jobs: ${jobs})` : ''}, see the notes above. Check the model ID, its batch support in the region and the account's access to it; \`${advice.collect(runId)}\` tries refused jobs again (the reports are written).`);
  }
  const notRun = m.notRun ? ` (${m.notRun} more not run)` : '';
  const top = mostCommonError(m);
  let why: string;
  const filtered = m.filtered ?? 0;
  if (filtered && (!top || filtered >= top.count)) {
    why = `${filtered} of ${n} replies were filtered (stopReason content_filtered / guardrail_intervened): a content filter or guardrail stopped them`;
  } else if (top) {
    // Redact before cutting, so a cut cannot leave half a credential the patterns no longer recognise.
    // The line ends in a sentence of its own: the message's final full stop goes.
    const redacted = top.message === undefined ? '' : redactSecrets(top.message).trim().replace(/\.+$/, '');
    const text = redacted.length > MESSAGE_CHARS ? `${redacted.slice(0, MESSAGE_CHARS)}…` : redacted;
    why = `most common error: ${top.code} on ${top.count} of ${n}${text ? `: ${text}` : ''}`;
  } else {
    why = `no output line came back for ${m.missing === n ? 'any of them' : `${m.missing} of them`}`;
  }
  return printable(`beval: model ${who} answered none of its ${n} records${notRun}; ${why}. Check the model ID and the account's access to it (the reports are written).`);
}

/** Prints a line per model that answered nothing (stderr) and says whether there was one. */
export function reportAnsweredNone(io: CliIo, summary: RunSummary, advice: Advice): boolean {
  const none = modelsAnsweringNone(summary);
  for (const m of none) io.stderr.write(`${answeredNoneLine(m, summary.runId, advice)}\n`);
  return none.length > 0;
}

/** The exit status of a finished run: `code` (ok or a gate verdict's), or error when a model answered nothing. */
export function finishedRunExit(code: number, answeredNone: boolean): number {
  return code === EXIT.ok && answeredNone ? EXIT.error : code;
}
