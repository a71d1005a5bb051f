// The pre-flight at the start of a new `beval run`/`submit` (the cheap part of `beval doctor`): credentials, Region,
// the bucket's Region and owner, and each model ID, before anything is planned, uploaded or created. A failure is one
// line per problem with its fix, and leaves no run directory behind.
import type { ResolvedConfig } from '../types/config.ts';
import { BevalError } from '../errors.ts';
import type { Check, PreflightInput } from '../aws/preflight.ts';
import type { OpenTarget } from '../pipeline/target.ts';
import type { Log } from '../types/ports.ts';

/** What the checks need from the config; `needsBucket` is false for a realtime run without judges. */
export function preflightInput(cfg: ResolvedConfig, needsBucket: boolean, full: boolean): Omit<PreflightInput, 'local' | 'profile'> {
  const s3 = needsBucket ? cfg.s3 : undefined;
  return {
    ...(s3 ? { bucket: { name: s3.bucket, ...(s3.bucketOwner ? { owner: s3.bucketOwner } : {}), ...(s3.kmsKeyId ? { kmsKeyId: s3.kmsKeyId } : {}) } } : {}),
    ...(cfg.roleArn && needsBucket ? { roleArn: cfg.roleArn } : {}),
    modelIds: [...cfg.models.map((m) => m.id), ...(cfg.judges ?? []).map((j) => j.model)],
    full,
    ...(full ? { quotas: cfg.quotas } : {}),
  };
}

export function checkLine(c: Check): string {
  return `${c.state.toUpperCase().padEnd(4)}  ${c.name}: ${c.detail}`;
}

/** Runs the checks; throws one error listing every failed check (warnings are logged, skipped checks are silent). */
export async function runPreflight(target: OpenTarget, cfg: ResolvedConfig, needsBucket: boolean, log: Log): Promise<void> {
  const checks = await target.preflight(preflightInput(cfg, needsBucket, false));
  for (const c of checks) if (c.state === 'warn') log.warn(`${c.name}: ${c.detail}`);
  const failed = checks.filter((c) => c.state === 'fail');
  if (failed.length) {
    throw new BevalError('PREFLIGHT', `Nothing was planned, uploaded or submitted:\n  ${failed.map((c) => `${c.name}: ${c.detail}`).join('\n  ')}\n\`beval doctor\` runs every check.`);
  }
}
