import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonObject } from './document-store';

// Both packages are CommonJS with a `default` property; bundlers and Node disagree on which one
// a default import yields, so accept either.
type AjvConstructor = typeof AjvModule;
const Ajv: AjvConstructor =
  (AjvModule as unknown as { default?: AjvConstructor }).default ?? (AjvModule as AjvConstructor);
const addFormats: typeof addFormatsModule =
  (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

let shared: InstanceType<AjvConstructor> | undefined;

function ajv(): InstanceType<AjvConstructor> {
  if (!shared) {
    // strict: false because provider specs use vendor keywords and formats Ajv does not know;
    // unicodeRegExp: false because some spec patterns are not valid with the `u` flag.
    shared = new Ajv({
      strict: false,
      allErrors: true,
      verbose: true,
      logger: false,
      unicodeRegExp: false,
      validateSchema: false,
    });
    addFormats(shared);
  }
  return shared;
}

const compiled = new WeakMap<JsonObject, ValidateFunction | null>();

function compile(schema: JsonObject): ValidateFunction | null {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    try {
      validate = ajv().compile(schema);
    } catch {
      validate = null;
    }
    compiled.set(schema, validate);
  }
  return validate;
}

function rawErrors(schema: JsonObject, data: unknown): ErrorObject[] {
  const validate = compile(schema);
  if (validate === null || validate(data)) return [];
  return [...(validate.errors ?? [])];
}

/** `{ ...schema, definitions }` objects, cached so each is compiled once. */
const rooted = new WeakMap<JsonObject, Map<number, JsonObject>>();

function rootedVariant(parent: JsonObject, branchIndex: number, root: JsonObject): JsonObject {
  let variants = rooted.get(parent);
  if (!variants) {
    variants = new Map();
    rooted.set(parent, variants);
  }
  let variant = variants.get(branchIndex);
  if (!variant) {
    const { anyOf, ...rest } = parent;
    const branches = Array.isArray(anyOf) ? anyOf : [];
    const chosen = branches[branchIndex];
    variant =
      branchIndex < 0
        ? { ...(chosen as JsonObject), definitions: root.definitions ?? {} }
        : {
            ...rest,
            allOf: [...((rest.allOf as JsonObject[] | undefined) ?? []), chosen ?? {}],
            definitions: root.definitions ?? {},
          };
    variants.set(branchIndex, variant);
  }
  return variant;
}

function prefixed(errors: readonly ErrorObject[], prefix: string): ErrorObject[] {
  return errors.map((error) => ({ ...error, instancePath: `${prefix}${error.instancePath}` }));
}

/**
 * An `anyOf` that no branch satisfies makes Ajv list every branch's errors (WhatsApp's message
 * union has a dozen). Keep only the errors of the closest branch, the one with the fewest.
 */
function explain(schema: JsonObject, root: JsonObject, data: unknown, depth: number): ErrorObject[] {
  const errors = rawErrors(schema, data);
  if (depth > 8) return errors;
  const union = errors
    .filter(
      (error) =>
        error.keyword === 'anyOf' && Array.isArray((error.parentSchema as JsonObject | undefined)?.anyOf),
    )
    .sort((a, b) => a.instancePath.length - b.instancePath.length)[0];
  if (!union) return errors;
  const parent = union.parentSchema as JsonObject;
  const branches = parent.anyOf as JsonObject[];
  let best: ErrorObject[] | undefined;
  branches.forEach((_, index) => {
    const candidate = explain(rootedVariant(parent, index, root), root, union.data, depth + 1);
    if (!best || candidate.length < best.length) best = candidate;
  });
  const path = union.instancePath;
  const outside = errors.filter((e) => e.instancePath !== path && !e.instancePath.startsWith(`${path}/`));
  return [...outside, ...prefixed(best ?? [union], path)];
}

/**
 * Validates `data` against a converted schema (compiled once per schema object) and returns the
 * errors worth showing, or an empty list. A schema Ajv cannot compile (a broken upstream pattern,
 * say) is treated as accepting anything rather than blaming the request.
 */
export function validateAgainst(schema: JsonObject, data: unknown): ErrorObject[] {
  return explain(schema, schema, data, 0);
}

function describePath(label: string, instancePath: string): string {
  if (!instancePath) return label;
  const field = instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  return `${label} field "${field}"`;
}

function shortValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(data: unknown, instancePath: string): unknown {
  let node = data;
  for (const part of instancePath.slice(1).split('/')) {
    if (!part) continue;
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** Turns Ajv errors into readable problems naming the field, e.g. `body field "amount": must be integer`. */
export function describeErrors(errors: readonly ErrorObject[], label: string, data: unknown): string[] {
  const problems = new Set<string>();
  for (const error of errors) {
    // An `if`/`then` failure (discriminator dispatch) is explained by the `then` errors beside it.
    if (error.keyword === 'if') continue;
    const where = describePath(label, error.instancePath);
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties') {
      problems.add(`${where}: unknown property "${String(params.additionalProperty)}" (not in the spec)`);
    } else if (error.keyword === 'required') {
      problems.add(`${where}: missing required property "${String(params.missingProperty)}"`);
    } else if (error.keyword === 'enum') {
      const allowed = (params.allowedValues as unknown[]).map((v) => shortValue(v)).join(', ');
      problems.add(`${where}: ${shortValue(valueAt(data, error.instancePath))} is not one of ${allowed}`);
    } else if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      problems.add(
        `${where}: ${shortValue(valueAt(data, error.instancePath))} matches none of the allowed schemas`,
      );
    } else {
      problems.add(
        `${where}: ${error.message ?? error.keyword} (got ${shortValue(valueAt(data, error.instancePath))})`,
      );
    }
  }
  return [...problems];
}
