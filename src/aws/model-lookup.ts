// Looks a model ID up on the control plane before anything is uploaded: GetInferenceProfile for a profile ID or ARN,
// GetFoundationModel otherwise, and on "not found" a did-you-mean from ListFoundationModels (the same calls on AWS and
// on the emulator, which serves its model list through them).
import { BedrockClient, GetFoundationModelCommand, GetInferenceProfileCommand, ListFoundationModelsCommand } from '@aws-sdk/client-bedrock';
import { didYouMean } from '../did-you-mean.ts';

/** System-defined cross-Region profile prefixes (`us.`, `eu.`, `apac.`, `global.` …). */
const PROFILE_PREFIX = /^(us|eu|apac|global|jp|au|ca|us-gov)\./;

export type ModelLookup =
  | { state: 'found'; detail: string; legacy?: boolean }
  | { state: 'missing'; detail: string }
  | { state: 'unknown'; detail: string };

function isProfile(id: string): boolean {
  return PROFILE_PREFIX.test(id) || /:(application-)?inference-profile\//.test(id);
}

function errorName(e: unknown): string {
  return typeof e === 'object' && e !== null && typeof (e as { name?: unknown }).name === 'string' ? (e as { name: string }).name : 'Error';
}

/** The model IDs the Region lists, for a suggestion; empty when the list cannot be read. */
async function listedIds(client: BedrockClient): Promise<string[]> {
  try {
    const out = await client.send(new ListFoundationModelsCommand({}));
    return (out.modelSummaries ?? []).flatMap((m) => (m.modelId ? [m.modelId] : []));
  } catch {
    return [];
  }
}

/** What the suggestion is compared with: a profile ID is its prefix plus a listed model ID. */
async function suggestion(client: BedrockClient, id: string): Promise<string> {
  const ids = await listedIds(client);
  const prefix = PROFILE_PREFIX.exec(id)?.[0] ?? '';
  return didYouMean(id, ids.map((m) => `${prefix}${m}`));
}

export async function lookupModel(client: BedrockClient, id: string, region: string): Promise<ModelLookup> {
  const profile = isProfile(id);
  try {
    if (profile) {
      const out = await client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: id }));
      const regions = new Set((out.models ?? []).map((m) => (m.modelArn ?? '').split(':')[3] || 'Region-less (global)'));
      return { state: 'found', detail: `inference profile (${out.type ?? 'type unknown'}, ${out.status ?? 'status unknown'}) routing to ${[...regions].join(', ') || 'no listed model'}` };
    }
    const out = await client.send(new GetFoundationModelCommand({ modelIdentifier: id }));
    const lifecycle = out.modelDetails?.modelLifecycle?.status;
    return {
      state: 'found',
      detail: `foundation model${lifecycle ? `, lifecycle ${lifecycle}` : ''}`,
      ...(lifecycle === 'LEGACY' ? { legacy: true } : {}),
    };
  } catch (e) {
    const name = errorName(e);
    // AWS answers an unknown or malformed identifier with either; both mean "no such model here".
    if (name === 'ResourceNotFoundException' || name === 'ValidationException') {
      return { state: 'missing', detail: `${profile ? 'no inference profile' : 'no foundation model'} ${JSON.stringify(id)} in ${region}${await suggestion(client, id)}` };
    }
    if (name === 'AccessDeniedException') {
      return { state: 'unknown', detail: `could not look it up: AccessDeniedException (${profile ? 'bedrock:GetInferenceProfile' : 'bedrock:GetFoundationModel'} is not allowed)` };
    }
    return { state: 'unknown', detail: `could not look it up: ${name}` };
  }
}
