// Fault injection: the FaultSpec vocabulary and the per-request / per-job decisions it drives.
import type { BedrockError } from './http-util.ts';
import { hashUnit } from './random.ts';

/** The Bedrock operations a request-level fault can target. */
export type EmulatorOp =
  | 'CreateModelInvocationJob' | 'GetModelInvocationJob' | 'ListModelInvocationJobs' | 'StopModelInvocationJob' | 'Converse'
  | 'GetFoundationModel' | 'ListFoundationModels' | 'GetInferenceProfile' | 'InvokeModel';

interface FaultBase {
  /** Only requests / jobs for this modelId (as sent by the client). Default: all models. */
  model?: string;
}

/**
 * One injected fault. Request-level kinds (`throttle`, `server-error`, `quota-exceeded`) are consumed one per
 * matching request; job-level kinds shape every matching job; record-level kinds pick records by a hash of
 * seed + job id + recordId (or seed + prompt on the runtime path), so runs are reproducible.
 */
export type FaultSpec =
  | (FaultBase & { kind: 'throttle'; n: number; op?: EmulatorOp })
  | (FaultBase & { kind: 'server-error'; n: number; op?: EmulatorOp })
  | (FaultBase & { kind: 'quota-exceeded'; n: number })
  | (FaultBase & { kind: 'access-denied'; n: number; op?: EmulatorOp })
  | (FaultBase & { kind: 'fail-validation'; message?: string })
  | (FaultBase & { kind: 'partially-completed'; fraction: number })
  | (FaultBase & { kind: 'expired' })
  | (FaultBase & { kind: 'record-errors'; fraction: number; times?: number })
  | (FaultBase & { kind: 'filtered'; fraction: number; stopReason?: 'content_filtered' | 'guardrail_intervened'; times?: number })
  | (FaultBase & { kind: 'daily-quota'; after: number; n: number })
  | (FaultBase & { kind: 'missing-records'; fraction: number })
  | (FaultBase & { kind: 'duplicate-lines'; fraction: number })
  | (FaultBase & { kind: 'malformed-lines'; count: number })
  | (FaultBase & { kind: 'slow'; stepMs?: number; recordsPerSecond?: number; latencyMs?: number });

export type FaultKind = FaultSpec['kind'];
type FaultOf<K extends FaultKind> = Extract<FaultSpec, { kind: K }>;

/** Job-level decisions for one job, resolved once at creation. */
export interface JobFaults {
  failValidation?: string;
  partialFraction?: number;
  expired: boolean;
  recordErrorFraction?: number;
  /** `record-errors`/`filtered` hit a record (same model, same messages) at most this many times, then it answers. */
  recordErrorTimes?: number;
  filteredFraction?: number;
  filteredStopReason?: string;
  filteredTimes?: number;
  missingFraction?: number;
  duplicateFraction?: number;
  malformedCount?: number;
  slow?: FaultOf<'slow'>;
}

export const DEFAULT_FAIL_VALIDATION_MESSAGE = 'Validation failed: the service role could not read the input data (injected fault).';

/** IAM's wording; a Create is refused for the missing iam:PassRole on the service role, as a PowerUser caller is (spec §7). */
function accessDenied(op: EmulatorOp): BedrockError {
  const action = op === 'CreateModelInvocationJob' ? 'iam:PassRole' : op === 'Converse' ? 'bedrock:InvokeModel' : `bedrock:${op}`;
  return {
    status: 403,
    code: 'AccessDeniedException',
    message: `User: arn:aws:sts::123456789012:assumed-role/beval-emulator/session is not authorized to perform: ${action} because no identity-based policy allows the ${action} action (injected access-denied fault).`,
  };
}

export class FaultPlan {
  private readonly remaining: Map<FaultSpec, number>;
  /** Hits per record of faults limited by `times`. */
  private readonly hits = new Map<string, number>();
  /** Converse calls seen per `daily-quota` spec. */
  private readonly quotaCalls = new Map<FaultSpec, number>();

  constructor(private readonly specs: readonly FaultSpec[], private readonly seed: number) {
    this.remaining = new Map(specs.flatMap((s) => ('n' in s ? [[s, s.n] as [FaultSpec, number]] : [])));
  }

  /** Consumes one request-level fault matching this request, if any is left, and returns the error to send. */
  takeRequestFault(op: EmulatorOp, modelId: string | undefined): BedrockError | undefined {
    for (const spec of this.specs) {
      if (spec.kind !== 'throttle' && spec.kind !== 'server-error' && spec.kind !== 'quota-exceeded' && spec.kind !== 'access-denied') continue;
      const left = this.remaining.get(spec) ?? 0;
      if (left <= 0 || (spec.model !== undefined && spec.model !== modelId)) continue;
      if (spec.kind === 'quota-exceeded' && op !== 'CreateModelInvocationJob') continue;
      if (spec.kind !== 'quota-exceeded' && spec.op !== undefined && spec.op !== op) continue;
      this.remaining.set(spec, left - 1);
      if (spec.kind === 'throttle') return { status: 429, code: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' };
      if (spec.kind === 'access-denied') return accessDenied(op);
      if (spec.kind === 'server-error') return { status: 500, code: 'InternalServerException', message: 'An internal server error occurred. Retry your request.' };
      return { status: 400, code: 'ServiceQuotaExceededException', message: 'You have exceeded the number of submitted and in-progress batch inference jobs for this model. Wait for a job to finish and try again.' };
    }
    return undefined;
  }

  /** The first spec of each job-level kind that applies to a model. */
  jobFaults(modelId: string): JobFaults {
    const first = <K extends FaultKind>(kind: K): FaultOf<K> | undefined =>
      this.specs.find((s): s is FaultOf<K> => s.kind === kind && (s.model === undefined || s.model === modelId));
    const failValidation = first('fail-validation');
    return {
      failValidation: failValidation ? (failValidation.message ?? DEFAULT_FAIL_VALIDATION_MESSAGE) : undefined,
      partialFraction: first('partially-completed')?.fraction,
      expired: first('expired') !== undefined,
      recordErrorFraction: first('record-errors')?.fraction,
      recordErrorTimes: first('record-errors')?.times,
      filteredFraction: first('filtered')?.fraction,
      filteredStopReason: first('filtered')?.stopReason ?? 'content_filtered',
      filteredTimes: first('filtered')?.times,
      missingFraction: first('missing-records')?.fraction,
      duplicateFraction: first('duplicate-lines')?.fraction,
      malformedCount: first('malformed-lines')?.count,
      slow: first('slow'),
    };
  }

  /**
   * A record-level pick that gives out after `times` hits of the same record (model + messages), wherever it is sent
   * (any job, or Converse): a failure a later attempt gets past, as a rerun needs. Without `times`, {@link picks}.
   */
  picksRecord(kind: FaultKind, fraction: number | undefined, times: number | undefined, scope: string, key: string, model: string, messages: unknown): boolean {
    if (times === undefined) return this.picks(kind, fraction, scope, key);
    const content = JSON.stringify(messages ?? null);
    if (!this.picks(kind, fraction, model, content)) return false;
    const k = `${kind}\u0000${model}\u0000${content}`;
    const hits = this.hits.get(k) ?? 0;
    if (hits >= times) return false;
    this.hits.set(k, hits + 1);
    return true;
  }

  /**
   * `daily-quota`: after `after` Converse calls for the model, the next `n` are refused with Bedrock's per-day token
   * quota message (a ThrottlingException the SDK retries, which lasts until tomorrow on AWS).
   */
  takeDailyQuota(modelId: string): BedrockError | undefined {
    for (const spec of this.specs) {
      if (spec.kind !== 'daily-quota' || (spec.model !== undefined && spec.model !== modelId)) continue;
      const seen = this.quotaCalls.get(spec) ?? 0;
      this.quotaCalls.set(spec, seen + 1);
      if (seen >= spec.after && seen < spec.after + spec.n) {
        return { status: 429, code: 'ThrottlingException', message: 'Too many tokens per day, please wait before trying again.' };
      }
    }
    return undefined;
  }

  /** Whether a record falls in a fault's fraction (stable for seed + scope + record key). */
  picks(kind: FaultKind, fraction: number | undefined, scope: string, key: string): boolean {
    return fraction !== undefined && fraction > 0 && hashUnit(this.seed, kind, scope, key) < fraction;
  }
}
