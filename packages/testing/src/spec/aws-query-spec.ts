import type { RecordedRequest } from '../msw/request-log';
import { readSpecFile } from './document-store';
import { requestLabel } from './request-label';
import type { ApiSpec } from './types';

interface MemberRef {
  shape: string;
  locationName?: string;
  queryName?: string;
}

interface Shape {
  type: string;
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  enum?: string[];
}

interface ServiceModel {
  metadata: { apiVersion: string; protocol: string };
  operations: Record<string, { name: string; http?: { method?: string }; input?: { shape: string } }>;
  shapes: Record<string, Shape>;
}

/** Parameters grouped by their first dotted segment: `TagSpecification.1.Tag.1.Key` → tree. */
interface ParamTree {
  value?: string;
  children: Map<string, ParamTree>;
}

function buildTree(entries: Iterable<[string, string]>): ParamTree {
  const root: ParamTree = { children: new Map() };
  for (const [key, value] of entries) {
    let node = root;
    for (const part of key.split('.')) {
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

/** The wire name of a structure member under the EC2 protocol (botocore's EC2Serializer). */
function ec2Name(memberName: string, ref: MemberRef): string {
  if (ref.queryName) return ref.queryName;
  if (ref.locationName) return ref.locationName.charAt(0).toUpperCase() + ref.locationName.slice(1);
  return memberName;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function leafProblem(shape: Shape, value: string): string | undefined {
  switch (shape.type) {
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(value) ? undefined : `must be an integer, got "${value}"`;
    case 'float':
    case 'double':
      return value.trim() !== '' && Number.isFinite(Number(value))
        ? undefined
        : `must be a number, got "${value}"`;
    case 'boolean':
      return value === 'true' || value === 'false' ? undefined : `must be true or false, got "${value}"`;
    case 'timestamp':
      return ISO_TIMESTAMP.test(value) || /^\d+(\.\d+)?$/.test(value)
        ? undefined
        : `must be an ISO 8601 timestamp, got "${value}"`;
    case 'string':
      return shape.enum && !shape.enum.includes(value)
        ? `"${value}" is not one of ${shape.enum.slice(0, 12).join(', ')}${shape.enum.length > 12 ? ', ...' : ''}`
        : undefined;
    case 'blob':
      return /^[A-Za-z0-9+/=\s]*$/.test(value) ? undefined : 'must be base64';
    default:
      return undefined;
  }
}

/**
 * Checks EC2 Query requests (`Action=RunInstances&Version=2016-11-15&...`, form body or query
 * string) against the botocore service model: the action exists, `Version` is the model's
 * apiVersion, and every parameter decodes, EC2-style, to a member of the input shape: members by
 * their capitalised `locationName`/`queryName`, lists as `Name.1`, `Name.2`, structures as
 * `Name.Member`. Required members must be present and leaves must look like their types.
 */
export function createAwsQuerySpec(name: string, file: string, serverUrl?: string): ApiSpec {
  const model = readSpecFile(file) as unknown as ServiceModel;
  if (!model.operations || !model.shapes) throw new Error(`${file} is not a botocore service model`);
  const base = serverUrl ? new URL(serverUrl) : undefined;

  function walk(tree: ParamTree, shapeName: string, path: string, problems: string[], depth: number): void {
    const shape = model.shapes[shapeName];
    if (!shape || depth > 30) return;
    if (shape.type === 'structure') {
      if (tree.value !== undefined && tree.children.size === 0) {
        problems.push(`parameter "${path}" is a structure; send its members as "${path}.Member"`);
        return;
      }
      const byWireName = new Map(
        Object.entries(shape.members ?? {}).map(([member, ref]) => [ec2Name(member, ref), { member, ref }]),
      );
      for (const [wireName, child] of tree.children) {
        const found = byWireName.get(wireName);
        const childPath = path ? `${path}.${wireName}` : wireName;
        if (!found) problems.push(`unknown parameter "${childPath}" (not in ${shapeName})`);
        else walk(child, found.ref.shape, childPath, problems, depth + 1);
      }
      for (const required of shape.required ?? []) {
        const ref = shape.members?.[required];
        if (ref && !tree.children.has(ec2Name(required, ref))) {
          problems.push(`missing required parameter "${path ? `${path}.` : ''}${ec2Name(required, ref)}"`);
        }
      }
      return;
    }
    if (shape.type === 'list') {
      const indices = [...tree.children.keys()];
      if (tree.value !== undefined || indices.length === 0) {
        problems.push(`parameter "${path}" is a list; send it as "${path}.1", "${path}.2", ...`);
        return;
      }
      for (const index of indices) {
        const child = tree.children.get(index)!;
        if (!/^[1-9]\d*$/.test(index))
          problems.push(`list parameter "${path}.${index}" must use indices 1, 2, ...`);
        else if (shape.member) walk(child, shape.member.shape, `${path}.${index}`, problems, depth + 1);
      }
      return;
    }
    if (shape.type === 'map') return;
    if (tree.value === undefined) {
      problems.push(`parameter "${path}" is a ${shape.type}, not a structure or list`);
      return;
    }
    const problem = leafProblem(shape, tree.value);
    if (problem) problems.push(`parameter "${path}" ${problem}`);
  }

  function checkRequest(request: RecordedRequest): string[] {
    if (base && request.url.origin !== base.origin)
      return [`request goes to ${request.url.origin}, not to ${base.origin}`];
    const contentType =
      Object.entries(request.headers).find(([key]) => key.toLowerCase() === 'content-type')?.[1] ?? '';
    const params = new URLSearchParams(request.url.search);
    if (request.body) {
      if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
        return [
          `Query protocol bodies are application/x-www-form-urlencoded, not "${contentType || '(none)'}"`,
        ];
      }
      for (const [key, value] of new URLSearchParams(request.body)) params.append(key, value);
    }
    const action = params.get('Action');
    if (!action) return ['missing "Action" parameter'];
    const operation = model.operations[action];
    if (!operation) return [`unknown Action "${action}"`];
    const problems: string[] = [];
    const version = params.get('Version');
    if (version !== model.metadata.apiVersion) {
      problems.push(
        `Version is ${version === null ? 'missing' : `"${version}"`}; the model's apiVersion is "${model.metadata.apiVersion}"`,
      );
    }
    const expectedMethod = operation.http?.method ?? 'POST';
    if (request.method !== expectedMethod && request.method !== 'GET') {
      problems.push(`${action} is sent with ${expectedMethod} (or GET), not ${request.method}`);
    }
    const seen = new Set<string>();
    for (const key of params.keys()) {
      if (seen.has(key)) problems.push(`parameter "${key}" appears more than once`);
      seen.add(key);
    }
    const entries = [...params].filter(([key]) => key !== 'Action' && key !== 'Version');
    if (operation.input) walk(buildTree(entries), operation.input.shape, '', problems, 0);
    else if (entries.length > 0) problems.push(`${action} takes no parameters`);
    return problems.map((problem) => `${action}: ${problem}`);
  }

  return {
    name,
    format: 'aws-query',
    check(request) {
      return checkRequest(request).map((problem) => ({ request: requestLabel(request), problem }));
    },
  };
}
