/** One `field:'value'` clause of a Stripe Search query. */
export interface SearchClause {
  /** `status`, `currency`, `customer`, or `metadata.<key>`. */
  field: string;
  value: string;
}

const LITERAL = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;
const CLAUSE = new RegExp(String.raw`^\s*(?:metadata\[(?:${LITERAL})\]|([a-z_]+))\s*:\s*(?:${LITERAL})\s*$`);

function unescapeLiteral(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/**
 * Parses the subset of Stripe's Search query language the simulator supports: exact-match
 * clauses (`status:'succeeded'`, `metadata['reference']:'order-42'`) joined by `AND`.
 * Returns undefined for anything else, which the simulator answers with a 400 as Stripe does for
 * a query it cannot parse.
 */
export function parseSearchQuery(query: string): SearchClause[] | undefined {
  const clauses: SearchClause[] = [];
  for (const part of query.split(/\s+AND\s+/)) {
    const match = CLAUSE.exec(part);
    if (!match) return undefined;
    const metadataKey = match[1] ?? match[2];
    const field = metadataKey !== undefined ? `metadata.${unescapeLiteral(metadataKey)}` : match[3]!;
    const value = unescapeLiteral(match[4] ?? match[5] ?? '');
    clauses.push({ field, value });
  }
  return clauses;
}
