// The column name of every metric a run writes, from its scorers' names in order: one rule, used by the config check
// and by every thread that builds the metric set, so they cannot disagree.

/**
 * A name already taken gets `#2`, `#3`, … (config scorers are distinct by then; a judge may share a scorer's name).
 * The scorers themselves are left as they are: the column name is data beside them, not a renamed scorer.
 */
export function metricNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((base) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}#${n}`;
    taken.add(name);
    return name;
  });
}
