import { isObject, type Json, type JsonObject } from './document-store';

/** How string-typed transports (forms, query strings, multipart) carry structured values. */
export interface CoerceOptions {
  /** Multipart: a text part may hold JSON for an object- or array-typed field. */
  parseJsonText?: boolean;
  /** JSON body checked against a form-only spec (Slack): structured values stand for their JSON text. */
  stringifyStructured?: boolean;
}

interface Facets {
  types: Set<string>;
  enumValues: Json[];
  branches: JsonObject[];
}

function resolveLocal(schema: Json | undefined, root: JsonObject): JsonObject {
  let current = schema;
  for (let hops = 0; hops < 20 && isObject(current) && typeof current.$ref === 'string'; hops += 1) {
    const name = current.$ref.replace('#/definitions/', '');
    current = (root.definitions as JsonObject | undefined)?.[name];
  }
  return isObject(current) ? current : {};
}

/** The schema and every `allOf`/`anyOf` branch below it, with the types they accept. */
function facets(schema: Json | undefined, root: JsonObject): Facets {
  const result: Facets = { types: new Set(), enumValues: [], branches: [] };
  const visit = (node: Json | undefined, depth: number) => {
    const resolved = resolveLocal(node, root);
    if (depth > 10) return;
    result.branches.push(resolved);
    if (typeof resolved.type === 'string') result.types.add(resolved.type);
    if (Array.isArray(resolved.type)) for (const type of resolved.type) result.types.add(String(type));
    if (Array.isArray(resolved.enum)) result.enumValues.push(...resolved.enum);
    if (resolved.const !== undefined) result.enumValues.push(resolved.const);
    if (isObject(resolved.properties) || resolved.additionalProperties !== undefined)
      result.types.add('object');
    if (resolved.items !== undefined) result.types.add('array');
    for (const key of ['allOf', 'anyOf'] as const) {
      const branches = resolved[key];
      if (Array.isArray(branches)) for (const branch of branches) visit(branch, depth + 1);
    }
  };
  visit(schema, 0);
  return result;
}

function propertySchema(branches: readonly JsonObject[], key: string): Json | undefined {
  for (const branch of branches) {
    if (isObject(branch.properties) && branch.properties[key] !== undefined) return branch.properties[key];
  }
  for (const branch of branches) {
    if (isObject(branch.patternProperties)) {
      for (const [pattern, child] of Object.entries(branch.patternProperties)) {
        try {
          if (new RegExp(pattern).test(key)) return child;
        } catch {
          // an upstream pattern JavaScript cannot compile: ignore it
        }
      }
    }
    if (isObject(branch.additionalProperties)) return branch.additionalProperties;
  }
  return undefined;
}

function itemSchema(branches: readonly JsonObject[]): Json | undefined {
  for (const branch of branches)
    if (branch.items !== undefined && !Array.isArray(branch.items)) return branch.items;
  return undefined;
}

function coerceString(
  value: string,
  schema: Json | undefined,
  facet: Facets,
  root: JsonObject,
  options: CoerceOptions,
): unknown {
  const { types } = facet;
  if (facet.enumValues.includes(value)) return value;
  const numeric = value.trim() !== '' && Number.isFinite(Number(value));
  if ((types.has('integer') || types.has('number')) && numeric) return Number(value);
  if (types.has('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  if (types.has('string') || types.size === 0) return value;
  if (options.parseJsonText && (types.has('object') || types.has('array'))) {
    try {
      return coerceToSchema(JSON.parse(value) as unknown, schema, root, options);
    } catch {
      return value;
    }
  }
  if (types.has('array')) return [coerceToSchema(value, itemSchema(facet.branches), root, options)];
  if (types.has('null') && value === '') return null;
  return value;
}

/**
 * Moves string leaves of a decoded form/query/multipart value toward what the schema expects:
 * `"100"` → 100 for integers, `"true"` → true for booleans, a single value → a one-item list
 * for arrays, index-keyed lists → objects for maps. Values that cannot be coerced stay as they are,
 * so validation then reports them.
 */
export function coerceToSchema(
  value: unknown,
  schema: Json | undefined,
  root: JsonObject,
  options: CoerceOptions = {},
): unknown {
  const facet = facets(schema, root);
  if (typeof value === 'string') return coerceString(value, schema, facet, root, options);
  if (options.stringifyStructured && facet.types.size > 0 && [...facet.types].every((t) => t === 'string')) {
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
  }
  if (Array.isArray(value)) {
    if (!facet.types.has('array') && facet.types.has('object')) {
      return coerceToSchema({ ...value }, schema, root, options);
    }
    const items = itemSchema(facet.branches);
    return value.map((item) => coerceToSchema(item, items, root, options));
  }
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      result[key] = coerceToSchema(child, propertySchema(facet.branches, key), root, options);
    }
    return result;
  }
  return value;
}

/** Whether the schema (or one of its branches) accepts an array. */
export function acceptsArray(schema: Json | undefined, root: JsonObject): boolean {
  return facets(schema, root).types.has('array');
}
