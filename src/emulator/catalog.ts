// The emulator's model catalogue over the control plane: GetFoundationModel, ListFoundationModels and
// GetInferenceProfile, so beval looks model IDs up (and suggests the one meant) through the same SDK calls as on AWS.
import { BedrockHttpError } from './http-util.ts';
import { EMULATOR_MODELS } from './models.ts';

/** System inference-profile prefixes the emulator accepts (as model-registry.ts does). */
const PROFILE = /^(us|eu|apac|global|jp|au|ca|us-gov)\.(.+)$/;

export interface CatalogContext {
  region: string;
  accountId: string;
  /** Replay model ids (they are models of this emulator too). */
  replayIds: string[];
}

function modelIds(ctx: CatalogContext): string[] {
  return [...Object.keys(EMULATOR_MODELS), ...ctx.replayIds];
}

function summary(ctx: CatalogContext, id: string): Record<string, unknown> {
  return {
    modelArn: `arn:aws:bedrock:${ctx.region}::foundation-model/${id}`,
    modelId: id,
    modelName: id,
    providerName: 'beval',
    inputModalities: ['TEXT'],
    outputModalities: ['TEXT'],
    responseStreamingSupported: false,
    customizationsSupported: [],
    // AWS lists ON_DEMAND even for models that take batch jobs (bedrock-batch.md §6); so does the emulator.
    inferenceTypesSupported: ['ON_DEMAND'],
    modelLifecycle: { status: 'ACTIVE' },
  };
}

const notFound = (what: string): BedrockHttpError =>
  new BedrockHttpError({ status: 404, code: 'ResourceNotFoundException', message: `The ${what} does not exist in this Region.` });

/** `GET /foundation-models`: every model, in the shape of ListFoundationModels' `modelSummaries`. */
export function listFoundationModels(ctx: CatalogContext): { modelSummaries: Record<string, unknown>[] } {
  return { modelSummaries: modelIds(ctx).map((id) => summary(ctx, id)) };
}

/** `GET /foundation-models/{modelIdentifier}`: an id or a foundation-model ARN; a profile id is not a foundation model. */
export function getFoundationModel(ctx: CatalogContext, identifier: string): { modelDetails: Record<string, unknown> } {
  const id = identifier.startsWith('arn:') ? identifier.slice(identifier.lastIndexOf('/') + 1) : identifier;
  if (!modelIds(ctx).includes(id)) throw notFound(`foundation model ${identifier}`);
  return { modelDetails: summary(ctx, id) };
}

/**
 * `GET /inference-profiles/{inferenceProfileIdentifier}`: a system-defined profile for every model. A `global.` profile
 * lists its model in the Region-less ARN form (`arn:aws:bedrock:::foundation-model/…`), as AWS's global profiles do.
 */
export function getInferenceProfile(ctx: CatalogContext, identifier: string): Record<string, unknown> {
  const profileId = identifier.startsWith('arn:') ? identifier.slice(identifier.lastIndexOf('/') + 1) : identifier;
  const match = PROFILE.exec(profileId);
  if (!match || !modelIds(ctx).includes(match[2]!)) throw notFound(`inference profile ${identifier}`);
  const [, geo, id] = match;
  const models = geo === 'global'
    ? [{ modelArn: `arn:aws:bedrock:${ctx.region}::foundation-model/${id}` }, { modelArn: `arn:aws:bedrock:::foundation-model/${id}` }]
    : [{ modelArn: `arn:aws:bedrock:${ctx.region}::foundation-model/${id}` }];
  return {
    inferenceProfileName: `${geo!.toUpperCase()} ${id}`,
    inferenceProfileArn: `arn:aws:bedrock:${ctx.region}:${ctx.accountId}:inference-profile/${profileId}`,
    inferenceProfileId: profileId,
    models,
    status: 'ACTIVE',
    type: 'SYSTEM_DEFINED',
  };
}
