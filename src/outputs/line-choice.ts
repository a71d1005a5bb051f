// Which output line of a record counts when there are several: the one rule scoring (src/score/score-model.ts) and
// `beval rerun`'s choice of records (src/run/rerun.ts) share, so a rerun sends exactly what the reports call failed.

/** FNV-1a of a line: the tie-break between two output lines for one record, whatever their order in the files. */
export function lineHash(line: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Whether line a beats line b, two lines of the same attempt for one record, independent of their order in the files
 * (docs/runs.md): a model reply beats an error, then the line with the smaller hash. "First kept" made the counts
 * depend on the order of lines, which Bedrock does not promise. Lines of different attempts (`beval rerun`) never
 * meet here: the newest attempt counts.
 */
export function beats(aReply: boolean, aHash: number, bReply: boolean, bHash: number): boolean {
  if (aReply !== bReply) return aReply;
  return aHash < bHash;
}
