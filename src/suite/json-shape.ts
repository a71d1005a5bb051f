// Shape tests shared by the suite line checks (validate-record.ts) and the media block checks (media-blocks.ts).

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The members of a Converse union (a content block, a media `source`) that are set; a valid one has exactly one. */
export function setMembers(union: Record<string, unknown>): string[] {
  return Object.keys(union).filter((k) => union[k] !== null && union[k] !== undefined);
}

/**
 * The path (`a.b[2].c`) of the first value nested more than `limit` objects or arrays deep below `value` (`value`
 * itself is level 1), or undefined. Iterative: a hostile line nested 100,000 deep must not overflow the stack here.
 */
export function tooDeep(value: unknown, limit: number, root: string): string | undefined {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 1, path: root }];
  while (stack.length) {
    const { v, depth, path } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limit) return path;
    if (Array.isArray(v)) v.forEach((c, i) => stack.push({ v: c, depth: depth + 1, path: `${path}[${i}]` }));
    else for (const [k, c] of Object.entries(v)) stack.push({ v: c, depth: depth + 1, path: `${path}.${k}` });
  }
  return undefined;
}
