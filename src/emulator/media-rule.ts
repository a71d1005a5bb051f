// Bedrock batch's rule for S3 media in records: "When using S3 URIs in your prompts, all resources must be in the same
// S3 bucket and folder. The InputDataConfig parameter must specify the folder path containing all linked resources"
// (batch-inference-data.html). A record that breaks it fails alone, with a 400, after the job has queued.
import { parseS3Uri } from './validate-create.ts';

const MEDIA_KINDS = ['image', 'document', 'video', 'audio'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function mediaUris(modelInput: unknown): string[] {
  const messages = isObject(modelInput) ? modelInput.messages : undefined;
  if (!Array.isArray(messages)) return [];
  const uris: string[] = [];
  for (const m of messages) {
    if (!isObject(m) || !Array.isArray(m.content)) continue;
    for (const block of m.content) {
      for (const kind of MEDIA_KINDS) {
        const media = isObject(block) ? block[kind] : undefined;
        const location = isObject(media) && isObject(media.source) ? media.source.s3Location : undefined;
        if (isObject(location) && typeof location.uri === 'string') uris.push(location.uri);
      }
    }
  }
  return uris;
}

/**
 * Why a record's S3 media cannot be read by the job whose input is `inputUri` (a folder, or a file whose folder
 * counts), or undefined when every referenced object is inside that folder and exists.
 */
export function mediaLocationProblem(modelInput: unknown, inputUri: string, exists: (bucket: string, key: string) => boolean): string | undefined {
  const input = parseS3Uri(inputUri);
  const folder = input.key.endsWith('/') || input.key === '' ? input.key : input.key.slice(0, input.key.lastIndexOf('/') + 1);
  for (const uri of mediaUris(modelInput)) {
    const at = parseS3Uri(uri);
    if (at.bucket !== input.bucket || !at.key.startsWith(folder)) {
      return `The S3 object ${uri} is not in the job's input location s3://${input.bucket}/${folder}. All resources a batch record references must be in the same S3 bucket and folder as the input data.`;
    }
    if (!exists(at.bucket, at.key)) return `Unable to read the S3 object ${uri}: it does not exist or the service role cannot read it.`;
  }
  return undefined;
}
