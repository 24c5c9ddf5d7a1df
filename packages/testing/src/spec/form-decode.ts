/** A decoded form value: strings at the leaves, nested objects and arrays above them. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

/** Splits `a[b][0]` into `['a', 'b', '0']`; `a[]` gives `['a', '']` (append). */
export function splitFormKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  const parts = [key.slice(0, open)];
  const pattern = /\[([^[\]]*)\]/g;
  let consumed = open;
  for (let match = pattern.exec(key); match; match = pattern.exec(key)) {
    if (match.index !== consumed) return [key];
    parts.push(match[1] ?? '');
    consumed = match.index + match[0].length;
  }
  return consumed === key.length ? parts : [key];
}

type Node = { [key: string]: Node } | string | Node[];

function isRecord(value: unknown): value is Record<string, FormValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assign(container: Record<string, Node>, path: readonly string[], value: string): void {
  const [head, ...rest] = path as [string, ...string[]];
  const key = head === '' ? String(Object.keys(container).length) : head;
  if (rest.length === 0) {
    const existing = container[key];
    if (existing === undefined) container[key] = value;
    // Repeated plain keys (`to=a&to=b`) collect into a list, as qs and Twilio do.
    else if (Array.isArray(existing)) existing.push(value);
    else if (typeof existing === 'string') container[key] = [existing, value];
    return;
  }
  let child = container[key];
  if (typeof child === 'string' || Array.isArray(child) || child === undefined) {
    const replacement: Record<string, Node> = {};
    if (typeof child === 'string') replacement[''] = child;
    if (Array.isArray(child)) {
      for (const [index, item] of child.entries()) replacement[String(index)] = item;
    }
    container[key] = replacement;
    child = replacement;
  }
  assign(child as Record<string, Node>, rest, value);
}

/** Objects whose keys are all array indices (or appends) become arrays, in index order. */
function finish(node: Node): FormValue {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(finish);
  const keys = Object.keys(node);
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => finish(node[String(index)] as Node));
  }
  const result: Record<string, FormValue> = {};
  for (const key of keys) result[key] = finish(node[key] as Node);
  return result;
}

/**
 * Decodes an `application/x-www-form-urlencoded` body (or query string) the way qs and Stripe do:
 * `a[b][0]=x` nests, `metadata[key]=v` builds a map, `list[]=x` appends, and a repeated plain key
 * collects its values into an array. Leaves stay strings; see `coerceToSchema` for typing them.
 */
export function decodeForm(body: string | URLSearchParams): Record<string, FormValue> {
  const params = typeof body === 'string' ? new URLSearchParams(body) : body;
  const root: Record<string, Node> = {};
  for (const [key, value] of params) assign(root, splitFormKey(key), value);
  const finished = finish(root);
  return isRecord(finished)
    ? finished
    : Object.fromEntries((finished as FormValue[]).map((item, index) => [String(index), item]));
}

/** Encodes nested objects the way Stripe's SDK does (`a[b][0]=x`); the inverse of {@link decodeForm}. */
export function encodeForm(value: Record<string, FormValue>): string {
  const pairs: string[] = [];
  const walk = (prefix: string, node: FormValue) => {
    if (typeof node === 'string') pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(node)}`);
    else if (Array.isArray(node)) {
      for (const [index, item] of node.entries()) walk(`${prefix}[${index}]`, item);
    } else for (const [key, item] of Object.entries(node)) walk(prefix ? `${prefix}[${key}]` : key, item);
  };
  walk('', value);
  return pairs.join('&');
}
