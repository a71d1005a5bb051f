// BatchPort over @aws-sdk/client-bedrock: Converse-type model invocation jobs.
import {
  BedrockClient,
  CreateModelInvocationJobCommand,
  GetModelInvocationJobCommand,
  paginateListModelInvocationJobs,
  StopModelInvocationJobCommand,
} from '@aws-sdk/client-bedrock';
import { stateWas } from './stop-refusal.ts';
import { TERMINAL_STATUSES, type BatchPort, type CreateJobRequest, type JobView } from '../types/ports.ts';

interface JobFields {
  jobArn?: string;
  jobName?: string;
  status?: string;
  message?: string;
  submitTime?: Date;
  endTime?: Date;
  totalRecordCount?: number;
  processedRecordCount?: number;
  successRecordCount?: number;
  errorRecordCount?: number;
  modelInvocationType?: string;
}

function toView(j: JobFields): JobView {
  return {
    arn: j.jobArn ?? '',
    ...(j.jobName ? { name: j.jobName } : {}),
    status: j.status ?? 'Submitted',
    ...(j.message ? { message: j.message } : {}),
    counts: {
      ...(j.totalRecordCount !== undefined ? { total: j.totalRecordCount } : {}),
      ...(j.processedRecordCount !== undefined ? { processed: j.processedRecordCount } : {}),
      ...(j.successRecordCount !== undefined ? { success: j.successRecordCount } : {}),
      ...(j.errorRecordCount !== undefined ? { error: j.errorRecordCount } : {}),
    },
    ...(j.submitTime ? { submitTime: j.submitTime.toISOString() } : {}),
    ...(j.endTime ? { endTime: j.endTime.toISOString() } : {}),
    ...(j.modelInvocationType ? { invocationType: j.modelInvocationType } : {}),
  };
}

export function createBatchPort(client: BedrockClient): BatchPort {
  return {
    async createJob(req: CreateJobRequest) {
      // A cross-account bucket: Bedrock checks both configs' bucket against it (batch-inference-create.html).
      const owner = req.bucketOwner ? { s3BucketOwner: req.bucketOwner } : {};
      const out = await client.send(new CreateModelInvocationJobCommand({
        jobName: req.jobName,
        clientRequestToken: req.clientRequestToken,
        modelId: req.modelId,
        roleArn: req.roleArn,
        modelInvocationType: 'Converse',
        inputDataConfig: { s3InputDataConfig: { s3Uri: req.inputUri, s3InputFormat: 'JSONL', ...owner } },
        outputDataConfig: { s3OutputDataConfig: { s3Uri: req.outputUri, ...(req.kmsKeyId ? { s3EncryptionKeyId: req.kmsKeyId } : {}), ...owner } },
        ...(req.vpcConfig ? { vpcConfig: req.vpcConfig } : {}),
        timeoutDurationInHours: req.timeoutHours,
        tags: Object.entries(req.tags).map(([key, value]) => ({ key, value })),
      }));
      if (!out.jobArn) throw new Error('CreateModelInvocationJob returned no jobArn');
      return out.jobArn;
    },
    async getJob(arn) {
      return toView(await client.send(new GetModelInvocationJobCommand({ jobIdentifier: arn })));
    },
    async findJobByName(name) {
      for await (const page of paginateListModelInvocationJobs({ client }, { nameContains: name, maxResults: 100 })) {
        const hit = page.invocationJobSummaries?.find((s) => s.jobName === name);
        if (hit) return toView(hit);
      }
      return undefined;
    },
    async stopJob(arn) {
      try {
        await client.send(new StopModelInvocationJobCommand({ jobIdentifier: arn }));
        return 'stopping';
      } catch (e) {
        // Stop on a finished job answers ValidationException "… State was: Completed" (bedrock-batch.md §1.6). Only a
        // terminal state (or Stopping) means done: a refusal naming any other state (Stop in Submitted/Validating is
        // undocumented) leaves a job that keeps running and billing, so it stays an error and the cancel is retried.
        const state = (e as Error).name === 'ValidationException' ? stateWas((e as Error).message) : undefined;
        if (state !== undefined && TERMINAL_STATUSES.has(state)) return 'already-finished';
        if (state === 'Stopping') return 'stopping';
        throw e;
      }
    },
  };
}
