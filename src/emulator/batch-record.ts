// Produces the output line(s) for one batch input record, applying the job's record-level faults.
import { batchModelOutput } from './converse-format.ts';
import type { FaultPlan } from './faults.ts';
import type { Job } from './jobs.ts';
import type { EmulatorModel, ModelFailure } from './models.ts';
import { hashId } from './random.ts';
import { countTokens, processModelInput, type ConverseResult, type ProcessResult } from './record-processor.ts';

export interface RecordLines {
  /** Lines to append (without `\n`); empty when the record is dropped by `missing-records`. */
  lines: string[];
  /** False when the record was dropped: it does not count as processed. */
  counted: boolean;
  ok: boolean;
  inputTokens: number;
  outputTokens: number;
}

const INJECTED_ERRORS: readonly ModelFailure[] = [
  { ok: false, errorCode: 500, errorMessage: 'Internal server error while invoking the model (injected record-errors fault).' },
  { ok: false, errorCode: 429, errorMessage: 'The record was throttled and could not be processed (injected record-errors fault).' },
];

const NOT_CONVERSE: ModelFailure = {
  ok: false,
  errorCode: 400,
  errorMessage: 'Malformed input request: the job uses the InvokeModel invocation type, so modelInput must be the model-native request body. Set modelInvocationType to "Converse" for Converse-format records.',
};

/** What a content filter or guardrail leaves of a reply: a short notice, billed, with its stopReason. */
export function filteredReply(result: ConverseResult, stopReason: string): ConverseResult {
  const text = stopReason === 'guardrail_intervened' ? 'Sorry, the model cannot answer this question. (injected guardrail)' : 'The response was blocked by the content filter. (injected filtered fault)';
  return { ok: true, text, stopReason, inputTokens: result.inputTokens, outputTokens: countTokens(text) };
}

export function batchRecordLines(args: {
  job: Job; model: EmulatorModel; plan: FaultPlan; raw: string; position: string; malformed: boolean;
  /** Why the record's S3 media cannot be read by this job (media-rule.ts), if so. */
  mediaProblem?: (modelInput: unknown) => string | undefined;
}): RecordLines {
  const { job, model, plan } = args;
  // Validated during Validating: a JSON object with an object modelInput.
  const record = JSON.parse(args.raw) as { recordId?: string; modelInput: unknown };
  // Bedrock fills in missing record ids; ours are 11 uppercase alphanumerics derived from job and position.
  const recordId = record.recordId ?? hashId(11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', job.id, args.position);
  const f = job.faults;
  if (plan.picks('missing-records', f.missingFraction, job.id, recordId)) return { lines: [], counted: false, ok: false, inputTokens: 0, outputTokens: 0 };
  const media = job.request.modelInvocationType === 'Converse' ? args.mediaProblem?.(record.modelInput) : undefined;
  let result: ProcessResult = job.request.modelInvocationType !== 'Converse'
    ? NOT_CONVERSE
    : media ? { ok: false, errorCode: 400, errorMessage: media } : processModelInput(record.modelInput, model, 'batch');
  const messages = (record.modelInput as { messages?: unknown } | null)?.messages;
  if (result.ok && plan.picksRecord('record-errors', f.recordErrorFraction, f.recordErrorTimes, job.id, recordId, job.request.modelId, messages)) {
    result = INJECTED_ERRORS[recordId.length % INJECTED_ERRORS.length] ?? NOT_CONVERSE;
  }
  if (result.ok && plan.picksRecord('filtered', f.filteredFraction, f.filteredTimes, job.id, recordId, job.request.modelId, messages)) {
    result = filteredReply(result, f.filteredStopReason ?? 'content_filtered');
  }
  const body = result.ok
    ? { recordId, modelInput: record.modelInput, modelOutput: batchModelOutput(result) }
    : { recordId, modelInput: record.modelInput, error: { errorCode: result.errorCode, errorMessage: result.errorMessage } };
  let line = JSON.stringify(body);
  if (args.malformed) {
    // Alternate between a truncated JSON line and plain garbage, as a partial write or corruption would leave.
    line = recordId.charCodeAt(0) % 2 === 0 ? line.slice(0, Math.floor(line.length / 2)) : `\u0000\u0000garbage ${recordId} ###`;
  }
  const lines = plan.picks('duplicate-lines', f.duplicateFraction, job.id, recordId) ? [line, line] : [line];
  return {
    lines,
    counted: true,
    ok: result.ok,
    inputTokens: result.ok ? result.inputTokens : 0,
    outputTokens: result.ok ? result.outputTokens : 0,
  };
}
