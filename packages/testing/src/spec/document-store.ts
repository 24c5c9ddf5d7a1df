import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** A JSON value as found in a spec document. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** A JSON object. */
export type JsonObject = { [key: string]: Json };

/** Whether `value` is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A location inside a spec document: which file, and which JSON pointer within it. */
export interface SpecLocation {
  file: string;
  pointer: string;
}

const parsedFiles = new Map<string, Json>();

/** YAML files above this size are cached as JSON in the OS temp folder. */
const YAML_CACHE_THRESHOLD = 256 * 1024;

function parseYamlFile(file: string): Json {
  const stats = statSync(file);
  const parse = () => parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: -1, uniqueKeys: false }) as Json;
  if (stats.size < YAML_CACHE_THRESHOLD) return parse();
  // Parsing a 4 MB YAML spec takes seconds and every vitest file runs in a fresh module registry;
  // JSON.parse of the cached copy takes milliseconds. The key changes whenever the file does.
  const key = createHash('sha256')
    .update(`${file}|${stats.size}|${stats.mtimeMs}`)
    .digest('hex')
    .slice(0, 32);
  const cacheFile = join(tmpdir(), 'infrafabric-spec-cache', `${key}.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, 'utf8')) as Json;
  } catch {
    // not cached yet (or unreadable): parse and try to cache
  }
  const parsed = parse();
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(parsed));
    renameSync(partial, cacheFile);
  } catch {
    // a read-only temp folder only costs speed
  }
  return parsed;
}

/**
 * Reads and parses a JSON or YAML file once per process (Stripe's spec is a 4 MB YAML file that
 * many tests load); large YAML files are also cached as JSON across processes.
 */
export function readSpecFile(file: string): Json {
  const absolute = resolve(file);
  let parsed = parsedFiles.get(absolute);
  if (parsed === undefined) {
    parsed = /\.ya?ml$/i.test(absolute)
      ? parseYamlFile(absolute)
      : (JSON.parse(readFileSync(absolute, 'utf8')) as Json);
    parsedFiles.set(absolute, parsed);
  }
  return parsed;
}

function decodePointerSegment(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Follows a JSON pointer (`/components/schemas/charge`) inside `document`. */
export function followPointer(document: Json, pointer: string): Json | undefined {
  if (pointer === '' || pointer === '/') return document;
  let node: Json | undefined = document;
  for (const raw of pointer.replace(/^\//, '').split('/')) {
    const segment = decodePointerSegment(raw);
    if (Array.isArray(node)) node = node[Number(segment)];
    else if (isObject(node)) node = node[segment];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/**
 * Resolves `$ref`s across a spec and the files it references (DigitalOcean's spec is split into
 * thousands of files tied together by relative refs); files are only read when a ref reaches them.
 */
export class RefResolver {
  constructor(readonly rootFile: string) {}

  /** Where `ref` (relative to `from`) points. */
  locate(ref: string, from: SpecLocation): SpecLocation {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const pointer = hash === -1 ? '' : ref.slice(hash + 1);
    const file = filePart === '' ? from.file : resolve(dirname(from.file), decodeURIComponent(filePart));
    return { file, pointer };
  }

  /** The value at a location, or `undefined` when the file or pointer does not exist. */
  valueAt(location: SpecLocation): Json | undefined {
    try {
      return followPointer(readSpecFile(location.file), location.pointer);
    } catch {
      return undefined;
    }
  }

  /** Follows `$ref` chains until a non-ref value; returns it with its own location. */
  deref(value: Json | undefined, at: SpecLocation): { value: Json | undefined; at: SpecLocation } {
    let current = value;
    let location = at;
    for (let hops = 0; hops < 50 && isObject(current) && typeof current.$ref === 'string'; hops += 1) {
      location = this.locate(current.$ref, location);
      current = this.valueAt(location);
    }
    return { value: current, at: location };
  }
}
