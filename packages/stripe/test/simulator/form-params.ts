/** A decoded Stripe request parameter value: form bodies nest with `a[b][0]=c` keys. */
export type StripeParam = string | StripeParam[] | { [key: string]: StripeParam };

/** Parameters of one request, decoded. */
export type StripeParams = { [key: string]: StripeParam };

function isIndex(segment: string): boolean {
  return segment === '' || /^\d+$/.test(segment);
}

/**
 * Decodes Stripe's `application/x-www-form-urlencoded` bodies and query strings into nested
 * objects (`metadata[reference]=x` → `{ metadata: { reference: 'x' } }`, `expand[0]=a` and
 * `expand[]=a` → `{ expand: ['a'] }`), the way Stripe's API reads them.
 */
export function parseStripeParams(text: string): StripeParams {
  const root: StripeParams = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const match = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!match) continue;
    const segments = [match[1]!, ...[...match[2]!.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)];
    let node: StripeParams | StripeParam[] = root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      const container = node as Record<string, StripeParam>;
      const slot = Array.isArray(node) ? String(segment === '' ? node.length : Number(segment)) : segment;
      if (i === segments.length - 1) {
        container[slot] = value;
        break;
      }
      container[slot] ??= isIndex(segments[i + 1]!) ? [] : {};
      node = container[slot] as StripeParams | StripeParam[];
    }
  }
  return root;
}

/** Canonical text of decoded parameters (sorted keys), to compare two requests' parameters. */
export function fingerprintParams(params: StripeParam): string {
  if (typeof params === 'string') return JSON.stringify(params);
  if (Array.isArray(params)) return `[${params.map(fingerprintParams).join(',')}]`;
  return `{${Object.keys(params)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${fingerprintParams(params[key]!)}`)
    .join(',')}}`;
}

/** Reads a string parameter. */
export function str(params: StripeParams, key: string): string | undefined {
  const value = params[key];
  return typeof value === 'string' ? value : undefined;
}

/** Reads an integer parameter; NaN when present but not an integer. */
export function int(params: StripeParams, key: string): number | undefined {
  const value = str(params, key);
  if (value === undefined) return undefined;
  return /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** Reads a string-to-string map parameter (metadata). */
export function record(params: StripeParams, key: string): Record<string, string> {
  const value = params[key];
  const out: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** Reads a list of strings (`expand`). */
export function list(params: StripeParams, key: string): string[] {
  const value = params[key];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value && typeof value === 'object')
    return Object.values(value).filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}
