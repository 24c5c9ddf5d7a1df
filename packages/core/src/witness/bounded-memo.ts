/**
 * Memoizes a function of a string key (property names repeat across operations). The cache is
 * cleared when it reaches `limit` entries, so an unbounded set of keys cannot grow it forever.
 */
export function boundedMemo<T>(compute: (key: string) => T, limit = 4096): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key);
      if (cache.size >= limit) cache.clear();
      cache.set(key, value);
    }
    return value;
  };
}
