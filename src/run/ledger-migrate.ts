// Ledger versions, and the migration of an older ledger on read, so a run started by an earlier beval resumes as it
// would have. Each step takes the parsed JSON of one version to the next; a ledger is written back only in the
// newest version (by the next writeLedger).

/**
 * 1: the first ledger. 2: the judge stage's jobs moved from `models` (where they were marked `stage: 'judge'` and
 * filtered out wherever models were scored) to a `judges` list of their own.
 */
export const LEDGER_VERSION = 2;

export const READABLE_VERSIONS: ReadonlySet<number> = new Set([1, LEDGER_VERSION]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Version 1 → 2: every model marked `stage: 'judge'` moves, in order, to `judges`, without the mark. */
function judgesOwnSection(l: Record<string, unknown>): void {
  if (!Array.isArray(l.models)) return;
  const isJudge = (m: unknown): boolean => isObject(m) && m.stage === 'judge';
  const judges = l.models.filter(isJudge).map((m) => {
    const { stage: _stage, ...rest } = m as Record<string, unknown>;
    return rest;
  });
  l.models = l.models.filter((m) => !isJudge(m));
  if (judges.length) l.judges = judges;
  l.version = 2;
}

/**
 * The parsed ledger in the newest version (changed in place), or as it was when its version is not one beval reads
 * (readLedger then refuses it).
 */
export function migrateLedger(parsed: unknown): unknown {
  if (!isObject(parsed)) return parsed;
  if (parsed.version === 1) judgesOwnSection(parsed);
  return parsed;
}
