// Drives each job through its lifecycle on unref'd timers and writes its output files and manifest to the object store.
import type { FaultPlan } from './faults.ts';
import { readJobInput, type InputFile } from './job-input.ts';
import type { Job, JobStatus } from './jobs.ts';
import type { EmulatorModel } from './models.ts';
import type { ObjectAppender, ObjectStore } from './object-store.ts';
import { shuffledIndices, hash32, hashUnit } from './random.ts';
import { batchRecordLines } from './batch-record.ts';
import { mediaLocationProblem } from './media-rule.ts';
import { parseS3Uri } from './validate-create.ts';
import type { EmulatorQuotas } from './quotas.ts';

export interface RunnerDeps {
  store: ObjectStore;
  plan: FaultPlan;
  seed: number;
  minRecordsPerJob: number;
  quotas: EmulatorQuotas;
  timing: { stepMs: number; recordsPerSecond: number };
  /** Resolves a job's model (replay models load their recording file here, once per job). */
  resolveModel(modelId: string): Promise<EmulatorModel>;
  /** A job's S3 configs against the buckets' owner and KMS rules (bucketSettings): the refusal message, if any. */
  bucketRefusal?(request: Job['request']): string | undefined;
  log(line: string): void;
}

/** Control flow signal: the emulator closed or the job was stopped while we waited. */
const HALT = Symbol('halt');

export class JobRunner {
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private closed = false;

  constructor(private readonly deps: RunnerDeps) {}

  start(job: Job): void {
    this.run(job).catch((error: unknown) => {
      if (error === HALT || this.closed) return;
      this.finish(job, 'Failed', `Internal emulator error: ${(error as Error).message}`);
    });
  }

  /** Marks a non-terminal job Stopping; the running flow notices at its next checkpoint. */
  requestStop(job: Job): void {
    const wasQueued = job.status !== 'InProgress';
    job.stopRequested = true;
    this.transition(job, 'Stopping');
    // A job that has not started processing has no flow checkpoint coming soon enough in every state; finish it here.
    if (wasQueued) void this.stopAfterStep(job);
  }

  close(): void {
    this.closed = true;
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
  }

  private async stopAfterStep(job: Job): Promise<void> {
    try {
      await this.sleep(job, this.timing(job).stepMs, true);
      if (job.status === 'Stopping') this.finish(job, 'Stopped');
    } catch {
      // closed while waiting
    }
  }

  private timing(job: Job): { stepMs: number; recordsPerSecond: number } {
    const slow = job.faults.slow;
    return { stepMs: slow?.stepMs ?? this.deps.timing.stepMs, recordsPerSecond: slow?.recordsPerSecond ?? this.deps.timing.recordsPerSecond };
  }

  /** Waits; throws HALT if the emulator closed or (unless `ignoreStop`) the job is being stopped. */
  private sleep(job: Job, ms: number, ignoreStop = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        if (this.closed || (!ignoreStop && job.stopRequested)) reject(HALT);
        else resolve();
      }, ms);
      timer.unref();
      this.waits.set(timer, () => reject(HALT));
    });
  }

  private transition(job: Job, status: JobStatus, message?: string): void {
    job.status = status;
    job.lastModifiedTime = new Date();
    if (message !== undefined) job.message = message;
    this.deps.log(`job ${job.id} (${job.request.modelId}) -> ${status}${message ? `: ${message}` : ''}`);
  }

  private finish(job: Job, status: JobStatus, message?: string): void {
    this.transition(job, status, message);
    job.endTime = job.lastModifiedTime;
  }

  private async run(job: Job): Promise<void> {
    const { stepMs } = this.timing(job);
    await this.sleep(job, stepMs);
    this.transition(job, 'Validating');
    if (job.faults.failValidation !== undefined) {
      await this.sleep(job, stepMs);
      this.finish(job, 'Failed', job.faults.failValidation);
      return;
    }
    const input = await readJobInput(this.deps.store, job.request.inputDataConfig.s3InputDataConfig.s3Uri, this.deps.quotas);
    let model: EmulatorModel | undefined;
    let modelProblem: string | undefined;
    try {
      model = await this.deps.resolveModel(job.request.modelId);
    } catch (error) {
      modelProblem = `Could not load the model: ${(error as Error).message}`;
    }
    await this.sleep(job, stepMs);
    if (!input.ok) return this.finish(job, 'Failed', input.message);
    const refusal = this.deps.bucketRefusal?.(job.request);
    if (refusal) return this.finish(job, 'Failed', refusal);
    const outputUri = job.request.outputDataConfig.s3OutputDataConfig.s3Uri;
    if (!this.deps.store.writable(parseS3Uri(outputUri).bucket)) {
      return this.finish(job, 'Failed', `Unable to access the output S3 location ${outputUri}: the bucket does not exist or the service role cannot write to it.`);
    }
    if (!model) return this.finish(job, 'Failed', modelProblem);
    if (input.total < this.deps.minRecordsPerJob) {
      const msg = `The job contains ${input.total} records, fewer than the minimum of ${this.deps.minRecordsPerJob} records per batch inference job for this model. Add records and submit a new job.`;
      return this.finish(job, 'Failed', msg);
    }
    this.transition(job, 'Scheduled');
    if (job.faults.expired) {
      await this.sleep(job, stepMs * 2);
      const hours = job.request.timeoutDurationInHours ?? 24;
      return this.finish(job, 'Expired', `The job was scheduled but did not start before its timeout of ${hours} hours.`);
    }
    await this.sleep(job, stepMs);
    this.transition(job, 'InProgress');
    job.counts.total = input.total;
    await this.process(job, model, input.files);
  }

  private async process(job: Job, model: EmulatorModel, files: InputFile[]): Promise<void> {
    const { store, plan, seed } = this.deps;
    const out = parseS3Uri(job.request.outputDataConfig.s3OutputDataConfig.s3Uri);
    const outPrefix = `${out.key === '' || out.key.endsWith('/') ? out.key : `${out.key}/`}${job.id}/`;
    const queue = files.flatMap((file, f) => shuffledIndices(file.lines.length, hash32(seed, job.id, file.key)).map((i) => ({ f, i })));
    const malformed = malformedLines(queue, job.faults.malformedCount ?? 0, (e) => hashUnit(seed, 'malformed', job.id, e.f, e.i));
    const limit = job.faults.partialFraction === undefined ? queue.length : Math.floor(queue.length * job.faults.partialFraction);
    const inputUri = job.request.inputDataConfig.s3InputDataConfig.s3Uri;
    const mediaProblem = (modelInput: unknown): string | undefined => mediaLocationProblem(modelInput, inputUri, (b, k) => store.head(b, k) !== undefined);
    const appenders: ObjectAppender[] = [];
    for (const file of files) appenders.push(await store.openAppender(out.bucket, outPrefix + file.outputName));
    const { stepMs, recordsPerSecond } = this.timing(job);
    const tickMs = Math.max(10, Math.min(100, stepMs));
    const perTick = Math.max(1, Math.round((recordsPerSecond * tickMs) / 1000));
    let halted = false;
    try {
      for (let pos = 0; pos < limit; pos += perTick) {
        const chunks = new Map<number, string[]>();
        for (const { f, i } of queue.slice(pos, Math.min(limit, pos + perTick))) {
          const file = files[f] as InputFile;
          const result = batchRecordLines({ job, model, plan, raw: file.lines[i] as string, position: `${f}:${i}`, malformed: malformed.has(`${f}:${i}`), mediaProblem });
          if (result.counted) {
            job.counts.processed++;
            if (result.ok) job.counts.success++;
            else job.counts.error++;
            job.tokens.input += result.inputTokens;
            job.tokens.output += result.outputTokens;
          }
          const list = chunks.get(f) ?? [];
          list.push(...result.lines);
          chunks.set(f, list);
        }
        for (const [f, lines] of chunks) if (lines.length > 0) await appenders[f]?.append(lines.map((l) => `${l}\n`).join(''));
        job.lastModifiedTime = new Date();
        if (pos + perTick < limit) await this.sleep(job, tickMs);
      }
    } catch (error) {
      if (error !== HALT) throw error;
      halted = true;
    } finally {
      await Promise.all(appenders.map((a) => a.close()));
    }
    if (this.closed) return;
    // A Stop that lands after the last tick still wins: the client was told the job is stopping.
    halted ||= job.stopRequested === true;
    await this.writeManifest(job, out.bucket, `${outPrefix}manifest.json.out`);
    if (halted) {
      await this.sleep(job, stepMs, true);
      this.finish(job, 'Stopped');
    } else if (limit < queue.length) this.finish(job, 'PartiallyCompleted', 'Not all of your records could be processed in time.');
    else this.finish(job, 'Completed');
  }

  private async writeManifest(job: Job, bucket: string, key: string): Promise<void> {
    const manifest = {
      totalRecordCount: job.counts.total,
      processedRecordCount: job.counts.processed,
      successRecordCount: job.counts.success,
      errorRecordCount: job.counts.error,
      inputTokenCount: job.tokens.input,
      outputTokenCount: job.tokens.output,
    };
    await this.deps.store.putText(bucket, key, `${JSON.stringify(manifest)}\n`);
  }
}

/**
 * The `count` queue entries (as "file:line") whose output line is damaged: those with the smallest hash. Each entry is
 * hashed once (the sort's comparator hashed two entries per comparison, ~300,000 sha256 per 10,000-record job, even
 * when nothing was to be damaged).
 */
function malformedLines(queue: { f: number; i: number }[], count: number, hash: (e: { f: number; i: number }) => number): Set<string> {
  if (count <= 0) return new Set();
  const keyed = queue.map((e) => ({ e, h: hash(e) }));
  keyed.sort((a, b) => a.h - b.h);
  return new Set(keyed.slice(0, count).map(({ e }) => `${e.f}:${e.i}`));
}
