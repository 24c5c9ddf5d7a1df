import { readSpecFile } from './document-store';
import { requestLabel } from './request-label';
import type { ObsRequestMessage, ObsSpec, SpecMismatch } from './types';

interface ObsField {
  valueName: string;
  valueType: string;
  valueOptional: boolean;
}

interface ObsProtocol {
  requests: Array<{ requestType: string; requestFields: ObsField[] }>;
}

function typeMatches(value: unknown, type: string): boolean {
  const list = /^Array<(.+)>$/.exec(type);
  if (list) return Array.isArray(value) && value.every((item) => typeMatches(item, list[1] ?? 'Any'));
  switch (type) {
    case 'String':
      return typeof value === 'string';
    case 'Number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'Boolean':
      return typeof value === 'boolean';
    case 'Object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'Array':
      return Array.isArray(value);
    default:
      return true;
  }
}

function valueAt(data: Record<string, unknown>, dotted: string): unknown {
  let node: unknown = data;
  for (const part of dotted.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Checks obs-websocket 5.x request messages (`op: 6`) against the generated protocol
 * description: the request type exists, required fields are present, no unknown fields are sent
 * and values have the documented types. Dotted field names (`keyModifiers.shift`) are nested.
 */
export function createObsSpec(name: string, file: string): ObsSpec {
  const protocol = readSpecFile(file) as unknown as ObsProtocol;
  if (!Array.isArray(protocol.requests)) throw new Error(`${file} has no "requests" list`);
  const requests = new Map(protocol.requests.map((r) => [r.requestType, r]));

  function problemsOf(message: ObsRequestMessage): string[] {
    const definition = requests.get(message.requestType);
    if (!definition) return [`unknown requestType "${message.requestType}"`];
    const data = message.requestData ?? {};
    const problems: string[] = [];
    const fields = definition.requestFields;
    const topLevel = new Set(fields.map((f) => f.valueName.split('.')[0]));
    for (const key of Object.keys(data)) {
      if (!topLevel.has(key)) problems.push(`unknown requestData field "${key}" (not in the spec)`);
    }
    const parents = new Set(
      fields.filter((f) => f.valueName.includes('.')).map((f) => f.valueName.split('.')[0]!),
    );
    for (const parent of parents) {
      const value = data[parent];
      if (typeof value !== 'object' || value === null) continue;
      const children = new Set(
        fields
          .filter((f) => f.valueName.startsWith(`${parent}.`))
          .map((f) => f.valueName.slice(parent.length + 1)),
      );
      for (const key of Object.keys(value)) {
        if (!children.has(key))
          problems.push(`unknown requestData field "${parent}.${key}" (not in the spec)`);
      }
    }
    for (const field of fields) {
      const value = valueAt(data, field.valueName);
      if (value === undefined) {
        if (!field.valueOptional) problems.push(`missing required requestData field "${field.valueName}"`);
      } else if (!typeMatches(value, field.valueType)) {
        problems.push(
          `requestData field "${field.valueName}" must be ${field.valueType}, got ${JSON.stringify(value)}`,
        );
      }
    }
    return problems;
  }

  return {
    name,
    format: 'obs',
    check(request) {
      return [
        {
          request: requestLabel(request),
          problem: 'obs-websocket is a WebSocket protocol, not HTTP: check messages with checkMessage()',
        },
      ];
    },
    checkMessage(message): SpecMismatch[] {
      return problemsOf(message).map((problem) => ({ request: `OBS ${message.requestType}`, problem }));
    },
  };
}
