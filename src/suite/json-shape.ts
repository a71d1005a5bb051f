// Shape tests shared by the suite line checks (validate-record.ts) and the media block checks (media-blocks.ts).

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The members of a Converse union (a content block, a media `source`) that are set; a valid one has exactly one. */
export function setMembers(union: Record<string, unknown>): string[] {
  return Object.keys(union).filter((k) => union[k] !== null && union[k] !== undefined);
}
