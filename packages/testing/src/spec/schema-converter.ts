import { isObject, type Json, type JsonObject, type RefResolver, type SpecLocation } from './document-store';

/** JSON Schema keywords kept as they are; everything else (docs, examples, `x-*`) is dropped. */
const PLAIN_KEYWORDS = [
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
] as const;

const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties'] as const;

function withNull(schema: JsonObject): JsonObject {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.type)) return { ...schema, type: [...schema.type, 'null'] };
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...schema.enum, null] };
  return { anyOf: [schema, { type: 'null' }] };
}

function withNames(properties: Json | undefined, names: Iterable<string>): JsonObject {
  const result: JsonObject = isObject(properties) ? { ...properties } : {};
  for (const name of names) if (result[name] === undefined) result[name] = {};
  return result;
}

/**
 * Turns OpenAPI 3.0/3.1 and Swagger 2.0 schemas into plain JSON Schema (draft-07) for Ajv:
 * `$ref`s (also into other files) become local `definitions`, so recursive schemas stay finite;
 * `nullable`/`x-nullable` become a `null` type; boolean `exclusiveMinimum` becomes numeric;
 * `oneOf` becomes `anyOf`, because specs often list overlapping branches that a real request
 * legitimately matches twice; `type: file` accepts anything.
 */
export class SchemaConverter {
  private readonly names = new Map<string, string>();
  readonly definitions: Record<string, JsonObject> = {};

  constructor(private readonly resolver: RefResolver) {}

  /** A self-contained schema (root plus the definitions it reaches) ready for Ajv. */
  convertRoot(schema: Json | undefined, at: SpecLocation): JsonObject {
    const root = this.convert(schema, at);
    return { ...root, definitions: this.definitions };
  }

  /** Converts one schema; refs are collected into {@link definitions}. */
  convert(schema: Json | undefined, at: SpecLocation, asAllOfParent = false): JsonObject {
    if (schema === true || schema === undefined || schema === null) return {};
    if (schema === false) return { not: {} };
    if (!isObject(schema)) return {};
    if (typeof schema.$ref === 'string') return this.convertRef(schema.$ref, at, asAllOfParent);
    const result: JsonObject = {};
    for (const keyword of PLAIN_KEYWORDS) {
      if (schema[keyword] !== undefined) result[keyword] = schema[keyword];
    }
    if (result.type === 'file') delete result.type;
    if (Array.isArray(schema.required)) result.required = schema.required;
    this.convertExclusive(schema, result, 'exclusiveMinimum', 'minimum');
    this.convertExclusive(schema, result, 'exclusiveMaximum', 'maximum');
    for (const keyword of SCHEMA_MAP_KEYWORDS) {
      const map = schema[keyword];
      if (!isObject(map)) continue;
      const converted: JsonObject = {};
      for (const [name, child] of Object.entries(map)) converted[name] = this.convert(child, at);
      result[keyword] = converted;
    }
    const additional = schema.additionalProperties;
    if (typeof additional === 'boolean') result.additionalProperties = additional;
    else if (isObject(additional)) result.additionalProperties = this.convert(additional, at);
    if (Array.isArray(schema.prefixItems)) {
      result.items = schema.prefixItems.map((item) => this.convert(item, at));
    } else if (Array.isArray(schema.items)) {
      result.items = schema.items.map((item) => this.convert(item, at));
    } else if (schema.items !== undefined) {
      result.items = this.convert(schema.items, at);
    }
    for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = schema[combinator];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      const target = combinator === 'oneOf' ? 'anyOf' : combinator;
      const converted =
        combinator === 'allOf'
          ? this.convertAllOf(branches, at)
          : branches.map((branch) => this.convert(branch, at));
      if (target === 'anyOf' && Array.isArray(result.anyOf)) {
        result.allOf = [...((result.allOf as Json[]) ?? []), { anyOf: converted }];
      } else {
        result[target] = converted;
      }
    }
    if (schema.not !== undefined) result.not = this.convert(schema.not, at);
    if (result.additionalProperties === false && Array.isArray(schema.allOf)) {
      result.properties = withNames(result.properties, this.propertyNames(schema.allOf, at, 0));
    }
    return schema.nullable === true || schema['x-nullable'] === true ? withNull(result) : result;
  }

  /**
   * `additionalProperties: false` in one `allOf` branch would reject the properties the other
   * branches define (WhatsApp's messages extend a base that way); such a branch is inlined with
   * the sibling branches' property names added, so only truly unknown properties are reported.
   */
  private convertAllOf(branches: Json[], at: SpecLocation): JsonObject[] {
    const names = this.propertyNames(branches, at, 0);
    return branches.map((branch) => {
      const { value, at: branchAt } = this.resolver.deref(branch, at);
      if (isObject(value) && value.additionalProperties === false) {
        const converted = this.convert(value, branchAt);
        return { ...converted, properties: withNames(converted.properties, names) };
      }
      return this.convert(branch, at, true);
    });
  }

  /** Every property name the schemas (and their own `allOf`s) define. */
  private propertyNames(schemas: Json[], at: SpecLocation, depth: number): Set<string> {
    const names = new Set<string>();
    if (depth > 10) return names;
    for (const schema of schemas) {
      const { value, at: schemaAt } = this.resolver.deref(schema, at);
      if (!isObject(value)) continue;
      if (isObject(value.properties)) for (const name of Object.keys(value.properties)) names.add(name);
      if (Array.isArray(value.allOf)) {
        for (const name of this.propertyNames(value.allOf, schemaAt, depth + 1)) names.add(name);
      }
    }
    return names;
  }

  private convertExclusive(
    schema: JsonObject,
    result: JsonObject,
    keyword: 'exclusiveMinimum' | 'exclusiveMaximum',
    bound: 'minimum' | 'maximum',
  ): void {
    const value = schema[keyword];
    if (typeof value === 'number') result[keyword] = value;
    else if (value === true && typeof schema[bound] === 'number') {
      result[keyword] = schema[bound];
      delete result[bound];
    }
  }

  private convertRef(ref: string, from: SpecLocation, asAllOfParent: boolean): JsonObject {
    const location = this.resolver.locate(ref, from);
    const reference = this.referenceTo(location);
    if (asAllOfParent) return reference;
    const dispatch = this.discriminatorDispatch(this.resolver.valueAt(location), location);
    return dispatch.length ? { allOf: [reference, ...dispatch] } : reference;
  }

  /**
   * A base schema with `discriminator.mapping` (LINE's `Message`, by `type`) checks the subtype the
   * discriminator names. Added where the base is used, not to the base itself: subtypes extend
   * the base through `allOf`, and dispatching there would recurse forever.
   */
  private discriminatorDispatch(target: Json | undefined, location: SpecLocation): JsonObject[] {
    if (!isObject(target) || !isObject(target.discriminator)) return [];
    const { propertyName, mapping } = target.discriminator;
    if (typeof propertyName !== 'string' || !isObject(mapping)) return [];
    return Object.entries(mapping)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([value, subtype]) => {
        const subtypeRef = /[#/.]/.test(subtype) ? subtype : `#/components/schemas/${subtype}`;
        return {
          if: { properties: { [propertyName]: { const: value } }, required: [propertyName] },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited
          then: this.convertRef(subtypeRef, location, true),
        };
      });
  }

  private referenceTo(location: SpecLocation): JsonObject {
    const key = `${location.file}#${location.pointer}`;
    let name = this.names.get(key);
    if (name === undefined) {
      name = `s${this.names.size}`;
      this.names.set(key, name);
      this.definitions[name] = {};
      const target = this.resolver.valueAt(location);
      // A dangling upstream ref (DigitalOcean has a few) accepts anything rather than failing the check.
      this.definitions[name] = target === undefined ? {} : this.convert(target, location);
    }
    return { $ref: `#/definitions/${name}` };
  }
}
