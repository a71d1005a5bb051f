// Checks a parsed ledger field by field, so a ledger that is valid JSON but damaged stops with the field that is wrong
// instead of a TypeError deep inside a stage.
import path from 'node:path';

type Check = (value: unknown) => string | undefined;

const str: Check = (v) => (typeof v === 'string' ? undefined : 'expected a string');
const num: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'expected a number');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'expected true or false');
const oneOf = (...values: string[]): Check => (v) => (typeof v === 'string' && values.includes(v) ? undefined : `expected one of ${values.join(', ')}`);
/** A path relative to the run folder that stays inside it: the ledger decides which files beval reads and writes. */
const inside: Check = (v) => {
  if (typeof v !== 'string') return 'expected a string';
  const n = path.normalize(v);
  return v === '' || path.isAbsolute(v) || n === '..' || n.startsWith(`..${path.sep}`) ? 'expected a path inside the run folder' : undefined;
};
const list = (each: Check): Check => (v) => (Array.isArray(v) ? v.map(each).find(Boolean) : 'expected a list');

type Shape = Record<string, [Check, 'required' | 'optional']>;

const FILE: Shape = {
  local: [inside, 'required'], uri: [str, 'required'], bytes: [num, 'required'], sha256: [str, 'required'],
  records: [num, 'required'], uploaded: [bool, 'required'],
};
const RECEIVED: Shape = { file: [inside, 'required'], bytes: [num, 'required'], sha256: [str, 'required'], etag: [str, 'optional'], mtimeMs: [num, 'optional'], ino: [num, 'optional'] };
const SHARD: Shape = {
  index: [num, 'required'], start: [num, 'required'], end: [num, 'required'], mode: [oneOf('batch', 'realtime'), 'required'],
  inputUri: [str, 'required'], outputUri: [str, 'required'], jobName: [str, 'required'], clientRequestToken: [str, 'required'],
  createRequestedAt: [str, 'optional'], jobArn: [str, 'optional'], deferred: [str, 'optional'], createError: [str, 'optional'],
  status: [str, 'optional'], message: [str, 'optional'], statusChangedAt: [str, 'optional'], polledAt: [str, 'optional'],
  downloaded: [list(inside), 'optional'], manifest: [inside, 'optional'], attempt: [num, 'optional'], subset: [bool, 'optional'],
};
const REUSED: Shape = { runId: [str, 'required'], records: [num, 'required'], file: [inside, 'required'] };
const RERUN: Shape = { attempt: [num, 'required'], requestedAt: [str, 'required'], only: [list(str), 'required'] };
const MEDIA: Shape = {
  source: [str, 'required'], sourceOwner: [str, 'optional'], uri: [str, 'required'], recordId: [str, 'required'], line: [num, 'required'], copied: [bool, 'required'],
};
const MODEL: Shape = { key: [str, 'required'], id: [str, 'required'], label: [str, 'required'] };
const TOP: Shape = {
  createdAt: [str, 'required'], phase: [oneOf('planned', 'submitted', 'collected', 'cancelled'), 'required'],
  configPath: [str, 'required'], target: [oneOf('emulator', 'aws'), 'required'], collectedAt: [str, 'optional'], configSha256: [str, 'optional'],
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkShape(v: unknown, shape: Shape, at: string): string | undefined {
  if (!isObject(v)) return `${at}: expected an object`;
  for (const [field, [check, need]] of Object.entries(shape)) {
    if (v[field] === undefined) {
      if (need === 'required') return `${at ? `${at}.` : ''}${field}: missing`;
      continue;
    }
    const problem = check(v[field]);
    if (problem) return `${at ? `${at}.` : ''}${field}: ${problem}`;
  }
  return undefined;
}

/** The first damaged field of a parsed ledger as `models[0].shards[1].end: expected a number`, or undefined. */
export function ledgerProblem(l: Record<string, unknown>): string | undefined {
  const top = checkShape(l, TOP, '');
  if (top) return top;
  const suite = l.suite;
  if (!isObject(suite) || typeof suite.path !== 'string' || typeof suite.sha256 !== 'string' || typeof suite.records !== 'number') return 'suite: expected { path, sha256, records }';
  if (l.s3 !== undefined && (!isObject(l.s3) || typeof l.s3.bucket !== 'string' || typeof l.s3.prefix !== 'string')) return 's3: expected { bucket, prefix }';
  if (l.reruns !== undefined) {
    if (!Array.isArray(l.reruns)) return 'reruns: expected a list';
    for (const [r, rerun] of l.reruns.entries()) {
      const p = checkShape(rerun, RERUN, `reruns[${r}]`);
      if (p) return p;
      const records = (rerun as Record<string, unknown>).records;
      if (!isObject(records) || !Object.values(records).every((v) => typeof v === 'number')) return `reruns[${r}].records: expected { modelKey: number }`;
    }
  }
  if (l.judges !== undefined && !Array.isArray(l.judges)) return 'judges: expected a list';
  const entries = [...(l.models as unknown[]).map((model, m) => ({ model, at: `models[${m}]` })), ...((l.judges as unknown[] | undefined) ?? []).map((model, j) => ({ model, at: `judges[${j}]` }))];
  for (const { model, at } of entries) {
    const problem = checkShape(model, MODEL, at);
    if (problem) return problem;
    const shards = (model as Record<string, unknown>).shards;
    if (!Array.isArray(shards)) return `${at}.shards: expected a list`;
    for (const [s, shard] of shards.entries()) {
      const sat = `${at}.shards[${s}]`;
      const p = checkShape(shard, SHARD, sat);
      if (p) return p;
      const sh = shard as Record<string, unknown>;
      if (!Array.isArray(sh.files)) return `${sat}.files: expected a list`;
      for (const [f, file] of sh.files.entries()) {
        const fp = checkShape(file, FILE, `${sat}.files[${f}]`);
        if (fp) return fp;
      }
      if (sh.reused !== undefined) {
        if (!Array.isArray(sh.reused)) return `${sat}.reused: expected a list`;
        for (const [r, from] of sh.reused.entries()) {
          const rp = checkShape(from, REUSED, `${sat}.reused[${r}]`);
          if (rp) return rp;
        }
      }
      if (sh.media !== undefined) {
        if (!Array.isArray(sh.media)) return `${sat}.media: expected a list`;
        for (const [k, media] of sh.media.entries()) {
          const mp = checkShape(media, MEDIA, `${sat}.media[${k}]`);
          if (mp) return mp;
        }
      }
      if (sh.received !== undefined) {
        if (!Array.isArray(sh.received)) return `${sat}.received: expected a list`;
        for (const [r, got] of sh.received.entries()) {
          const rp = checkShape(got, RECEIVED, `${sat}.received[${r}]`);
          if (rp) return rp;
        }
      }
    }
  }
  return undefined;
}
