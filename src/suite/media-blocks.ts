// Checks image, document, video and audio content blocks, whose mistakes Bedrock would otherwise report per record.
// Formats and source members are those of @aws-sdk/client-bedrock-runtime 3.1164 (ImageFormat, DocumentFormat, …).
import { isObject, setMembers } from './json-shape.ts';

type Report = (field: string, message: string) => void;

interface MediaRule {
  formats: readonly string[];
  /** Members of `source`, exactly one of which is set. */
  sources: readonly string[];
  /** Documents may leave the format out; the other kinds must name it. */
  formatOptional?: boolean;
  /** Documents need a `name`. */
  named?: boolean;
}

export const MEDIA_RULES: Record<string, MediaRule> = {
  image: { formats: ['png', 'jpeg', 'gif', 'webp'], sources: ['bytes', 's3Location'] },
  document: { formats: ['pdf', 'csv', 'doc', 'docx', 'xls', 'xlsx', 'html', 'txt', 'md'], sources: ['bytes', 's3Location', 'text', 'content'], formatOptional: true, named: true },
  video: { formats: ['mkv', 'mov', 'mp4', 'webm', 'flv', 'mpeg', 'mpg', 'wmv', 'three_gp'], sources: ['bytes', 's3Location'] },
  audio: { formats: ['aac', 'flac', 'm4a', 'mka', 'mkv', 'mp3', 'mp4', 'mpeg', 'mpga', 'ogg', 'opus', 'pcm', 'wav', 'webm', 'x-aac'], sources: ['bytes', 's3Location'] },
};

// Blob members are standard base64 in JSON (bedrock-batch.md §3); anything else fails to decode at Bedrock.
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function checkSource(source: unknown, rule: MediaRule, f: string, report: Report): void {
  if (!isObject(source)) return report(f, `expected an object with one of ${rule.sources.join(', ')}`);
  const set = setMembers(source);
  if (set.length !== 1) return report(f, `expected exactly one of ${rule.sources.join(', ')}; found ${set.length ? set.join(', ') : 'none'}`);
  const member = set[0]!;
  if (!rule.sources.includes(member)) return report(`${f}.${member}`, `not a source member; expected one of ${rule.sources.join(', ')}`);
  const v = source[member];
  if (member === 'bytes' && (typeof v !== 'string' || !BASE64.test(v))) report(`${f}.bytes`, 'expected the file as a non-empty base64 string');
  if (member === 's3Location' && (!isObject(v) || typeof v.uri !== 'string' || !/^s3:\/\/[^/]+\/.*[^/]$/.test(v.uri))) report(`${f}.s3Location.uri`, 'expected the S3 URI of one object, like "s3://bucket/folder/image.png"');
  if (member === 'text' && (typeof v !== 'string' || v === '')) report(`${f}.text`, 'expected a non-empty string');
}

/** Checks `block[kind]` for a media kind in MEDIA_RULES; `f` is the block's field path, e.g. `…content[1].image`. */
export function checkMediaBlock(kind: string, value: unknown, f: string, report: Report): void {
  const rule = MEDIA_RULES[kind];
  if (!rule) return;
  if (!isObject(value)) return report(f, `expected an object { format, source }`);
  if (value.format !== undefined || !rule.formatOptional) {
    if (typeof value.format !== 'string' || !rule.formats.includes(value.format)) {
      report(`${f}.format`, `expected one of ${rule.formats.join(', ')}, got ${JSON.stringify(value.format)}`);
    }
  }
  if (rule.named && (typeof value.name !== 'string' || value.name.trim() === '')) report(`${f}.name`, 'expected a non-empty document name');
  checkSource(value.source, rule, `${f}.source`, report);
}
