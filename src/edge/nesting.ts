/**
 * How deep a parsed JSON value nests: a scalar is 0, `[]` or `{}` is 1, `[[1]]` is 2. Counted
 * with a stack of its own rather than by recursion, since the value may come from a caller
 * who nested it 100,000 levels deep to overflow the call stack of whatever walks it next.
 * Stops once past `limit`, returning the first depth over it.
 */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > deepest) deepest = depth;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(next.value) ? next.value : Object.values(next.value)) pending.push({ value: child, depth });
  }
  return deepest;
}
