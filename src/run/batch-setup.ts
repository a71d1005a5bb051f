// What batch jobs need beyond a realtime run: the S3 location for their files and the role Bedrock assumes.
import { BevalError } from '../errors.ts';
import type { ResolvedConfig } from '../types/config.ts';

/** The S3 location and IAM role of a config that can run batch jobs. */
export interface BatchSetup {
  s3: { bucket: string; prefix: string };
  roleArn: string;
}

/**
 * The config's S3 location and role, or a config error naming what is missing, for what (`purpose`), and the way
 * around it. Only an AWS config can lack them: a run whose every model goes realtime needs neither.
 */
export function batchSetup(config: Pick<ResolvedConfig, 's3' | 'roleArn' | 'configPath'>, purpose: string): BatchSetup {
  const missing = [config.s3 ? undefined : 's3', config.roleArn ? undefined : 'roleArn'].filter((f): f is string => f !== undefined);
  if (missing.length) {
    throw new BevalError('CONFIG', `Invalid config ${config.configPath}: ${missing.join(' and ')}: required on AWS for ${purpose}. Set s3: { bucket: 'my-bucket', prefix: 'beval/' } and roleArn (the IAM service role Bedrock assumes; see README), or run every model realtime (--realtime, or mode: 'realtime' without judges), which needs neither.`);
  }
  return { s3: config.s3!, roleArn: config.roleArn! };
}
