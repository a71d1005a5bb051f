// Validates a CreateModelInvocationJob body against the service model's constraints, with AWS-style messages.
import { BedrockHttpError, validationError } from './http-util.ts';

/** A Create request after validation (the subset of fields the emulator uses plus what Get echoes back). */
export interface CreateJobRequest {
  jobName: string;
  roleArn: string;
  modelId: string;
  clientRequestToken?: string;
  inputDataConfig: { s3InputDataConfig: { s3Uri: string; s3InputFormat?: string; s3BucketOwner?: string } };
  outputDataConfig: { s3OutputDataConfig: { s3Uri: string; s3EncryptionKeyId?: string; s3BucketOwner?: string } };
  vpcConfig?: { subnetIds: string[]; securityGroupIds: string[] };
  timeoutDurationInHours?: number;
  tags?: Array<{ key: string; value: string }>;
  modelInvocationType?: 'InvokeModel' | 'Converse';
}

// Anchored versions of the Smithy patterns (spec §1.3).
export const JOB_NAME_PATTERN = /^[a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9+\-.]){0,63}$/;
const ROLE_ARN_PATTERN = /^arn:aws(-[^:]+)?:iam::([0-9]{12})?:role\/.+$/;
const TOKEN_PATTERN = /^[a-zA-Z0-9]{1,256}(-*[a-zA-Z0-9]){0,256}$/;
const S3_URI_PATTERN = /^s3:\/\/[a-z0-9][-.a-z0-9]{1,61}[a-z0-9](?:\/[-!_*'().a-z0-9A-Z]+(?:\/[-!_*'().a-z0-9A-Z]+)*)?\/?$/;
const ACCOUNT_PATTERN = /^[0-9]{12}$/;
const BARE_MODEL = '[a-z0-9-]{1,63}[.][a-z0-9-]{1,63}([.][a-z0-9-]{1,63})?([:][a-z0-9-]{1,63}){0,2}';
/** Bare ids and system inference profiles (≤ 3 dot segments), model/profile ARNs, and the provisioned-style form. */
export const MODEL_ID_PATTERN = new RegExp(
  `^(${BARE_MODEL}` +
    `|arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}::foundation-model/${BARE_MODEL}` +
    `|arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:(application-)?inference-profile/[a-zA-Z0-9-:.]+` +
    `|arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:custom-model/[a-zA-Z0-9-:./]+` +
    '|([0-9a-zA-Z][_-]?)+)$',
);
const TAG_PATTERN = /^[a-zA-Z0-9\s._:/=+@-]*$/;
const VPC_ID_PATTERN = /^[-0-9a-zA-Z]+$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (v === undefined || v === null ? 'null' : `'${typeof v === 'string' ? v : JSON.stringify(v)}'`);

class Collector {
  readonly errors: string[] = [];

  add(value: unknown, path: string, constraint: string): void {
    this.errors.push(`Value ${show(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  /** Checks a string member; returns it when valid (or absent and optional). */
  string(value: unknown, path: string, opts: { required: boolean; min?: number; max: number; pattern?: RegExp }): string | undefined {
    if (value === undefined || value === null) {
      if (opts.required) this.add(value, path, 'Member must not be null');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add(value, path, 'Member must be a string');
      return undefined;
    }
    const before = this.errors.length;
    if (value.length < (opts.min ?? 0) || value.length > opts.max) {
      this.add(value, path, `Member must have length less than or equal to ${opts.max} and greater than or equal to ${opts.min ?? 0}`);
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      this.add(value, path, `Member must satisfy regular expression pattern: ${opts.pattern.source.replace(/^\^|\$$/g, '').replace(/\\\//g, '/')}`);
    }
    return this.errors.length === before ? value : undefined;
  }

  /** Checks a union: exactly one member, and it must be the one we know. */
  union(value: unknown, path: string, member: string): Record<string, unknown> | undefined {
    if (value === undefined || value === null) {
      this.add(value, path, 'Member must not be null');
      return undefined;
    }
    const keys = isObject(value) ? Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null) : [];
    const inner = isObject(value) ? value[member] : undefined;
    if (keys.length !== 1 || !isObject(inner)) {
      this.add(value, path, `Member must have exactly one member set, and it must be ${member}`);
      return undefined;
    }
    return inner;
  }
}

function checkTagsAndVpc(c: Collector, body: Record<string, unknown>): void {
  const tags = body.tags;
  if (tags !== undefined) {
    if (!Array.isArray(tags) || tags.length > 200) c.add(tags, 'tags', 'Member must have length less than or equal to 200');
    else {
      tags.forEach((t, i) => {
        const tag = isObject(t) ? t : {};
        const key = c.string(tag.key, `tags.${i + 1}.member.key`, { required: true, min: 1, max: 128, pattern: TAG_PATTERN });
        // AWS tagging reserves the aws: prefix in every service (not in the Bedrock model's pattern; assumed here).
        if (key?.toLowerCase().startsWith('aws:')) c.add(key, `tags.${i + 1}.member.key`, 'Member must not start with the prefix aws:, which is reserved for AWS use');
        c.string(tag.value, `tags.${i + 1}.member.value`, { required: true, max: 256, pattern: TAG_PATTERN });
      });
    }
  }
  const vpc = body.vpcConfig;
  if (vpc !== undefined) {
    const v = isObject(vpc) ? vpc : {};
    const checkIds = (ids: unknown, name: string, max: number): void => {
      if (!Array.isArray(ids) || ids.length < 1 || ids.length > max) {
        c.add(ids, `vpcConfig.${name}`, `Member must have length less than or equal to ${max} and greater than or equal to 1`);
      } else ids.forEach((id, i) => c.string(id, `vpcConfig.${name}.${i + 1}.member`, { required: true, max: 32, pattern: VPC_ID_PATTERN }));
    };
    checkIds(v.subnetIds, 'subnetIds', 16);
    checkIds(v.securityGroupIds, 'securityGroupIds', 5);
  }
}

/** Returns the typed request, or throws a BedrockHttpError(ValidationException) listing every violation. */
export function validateCreate(body: unknown): CreateJobRequest {
  if (!isObject(body)) throw new BedrockHttpError(validationError('The request body must be a JSON object.'));
  const c = new Collector();
  const jobName = c.string(body.jobName, 'jobName', { required: true, min: 1, max: 63, pattern: JOB_NAME_PATTERN });
  const roleArn = c.string(body.roleArn, 'roleArn', { required: true, max: 2048, pattern: ROLE_ARN_PATTERN });
  const modelId = c.string(body.modelId, 'modelId', { required: true, min: 1, max: 2048, pattern: MODEL_ID_PATTERN });
  const clientRequestToken = c.string(body.clientRequestToken, 'clientRequestToken', { required: false, min: 1, max: 256, pattern: TOKEN_PATTERN });
  const input = c.union(body.inputDataConfig, 'inputDataConfig', 's3InputDataConfig');
  const output = c.union(body.outputDataConfig, 'outputDataConfig', 's3OutputDataConfig');
  const inputUri = input ? c.string(input.s3Uri, 'inputDataConfig.s3InputDataConfig.s3Uri', { required: true, min: 1, max: 1024, pattern: S3_URI_PATTERN }) : undefined;
  const outputUri = output ? c.string(output.s3Uri, 'outputDataConfig.s3OutputDataConfig.s3Uri', { required: true, min: 1, max: 1024, pattern: S3_URI_PATTERN }) : undefined;
  if (input?.s3InputFormat !== undefined && input.s3InputFormat !== 'JSONL') {
    c.add(input.s3InputFormat, 'inputDataConfig.s3InputDataConfig.s3InputFormat', 'Member must satisfy enum value set: [JSONL]');
  }
  if (input) c.string(input.s3BucketOwner, 'inputDataConfig.s3InputDataConfig.s3BucketOwner', { required: false, max: 12, pattern: ACCOUNT_PATTERN });
  if (output) c.string(output.s3BucketOwner, 'outputDataConfig.s3OutputDataConfig.s3BucketOwner', { required: false, max: 12, pattern: ACCOUNT_PATTERN });
  if (output) c.string(output.s3EncryptionKeyId, 'outputDataConfig.s3OutputDataConfig.s3EncryptionKeyId', { required: false, min: 1, max: 2048 });
  const timeout = body.timeoutDurationInHours;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 24 || timeout > 168)) {
    c.add(timeout, 'timeoutDurationInHours', 'Member must have value less than or equal to 168 and greater than or equal to 24');
  }
  const type = body.modelInvocationType;
  if (type !== undefined && type !== 'InvokeModel' && type !== 'Converse') {
    c.add(type, 'modelInvocationType', 'Member must satisfy enum value set: [InvokeModel, Converse]');
  }
  checkTagsAndVpc(c, body);
  if (c.errors.length > 0 || !jobName || !roleArn || !modelId || !input || !output || !inputUri || !outputUri) {
    const n = c.errors.length;
    throw new BedrockHttpError(validationError(`${n} validation error${n === 1 ? '' : 's'} detected: ${c.errors.join('; ')}`));
  }
  return {
    jobName,
    roleArn,
    modelId,
    clientRequestToken,
    inputDataConfig: { s3InputDataConfig: input as CreateJobRequest['inputDataConfig']['s3InputDataConfig'] },
    outputDataConfig: { s3OutputDataConfig: output as CreateJobRequest['outputDataConfig']['s3OutputDataConfig'] },
    vpcConfig: body.vpcConfig as CreateJobRequest['vpcConfig'],
    timeoutDurationInHours: timeout as number | undefined,
    tags: body.tags as CreateJobRequest['tags'],
    modelInvocationType: type as CreateJobRequest['modelInvocationType'],
  };
}

/** Splits `s3://bucket/key` into parts (the URI has already passed S3_URI_PATTERN). */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const rest = uri.slice('s3://'.length);
  const slash = rest.indexOf('/');
  return slash < 0 ? { bucket: rest, key: '' } : { bucket: rest.slice(0, slash), key: rest.slice(slash + 1) };
}
