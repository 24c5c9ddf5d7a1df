import {
  isObject,
  type Json,
  type JsonObject,
  RefResolver,
  readSpecFile,
  type SpecLocation,
} from './document-store';
import { compilePathTemplate, type PathTemplate } from './path-template';
import { SchemaConverter } from './schema-converter';

/** A path, query or header parameter of one operation. */
export interface ParameterDefinition {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  /** Converted JSON Schema (with its own `definitions`). */
  schema: JsonObject;
  /** Separator of a non-exploded array value (`,` for Swagger's csv, `form` with explode=false). */
  separator?: string;
}

/** One accepted request body media type. */
export interface BodyContent {
  mediaType: string;
  schema: JsonObject;
  /** Built from Swagger 2 `in: formData` parameters (the JSON variant is a leniency for Slack). */
  fromFormData?: boolean;
}

/** What an operation accepts, built on first use. */
export interface CompiledOperation {
  parameters: ParameterDefinition[];
  body?: { required: boolean; contents: BodyContent[] };
}

/** One method + path of the spec. */
export interface OperationEntry {
  method: string;
  path: PathTemplate;
  compile(): CompiledOperation;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const SEPARATORS: Record<string, string> = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' };

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds the operation list of an OpenAPI 3.x or Swagger 2.0 document; schemas are converted lazily. */
export function indexOperations(
  file: string,
  swagger2: boolean,
): { entries: OperationEntry[]; prefixes: string[]; queryCredentials: Set<string> } {
  const resolver = new RefResolver(file);
  const root = readSpecFile(file);
  if (!isObject(root) || !isObject(root.paths)) throw new Error(`${file} has no "paths" object`);
  const rootConsumes = Array.isArray(root.consumes) ? root.consumes.map(String) : undefined;
  const version =
    isObject(root.info) && typeof root.info.version === 'string' ? root.info.version : undefined;
  // Azure specs describe exactly one api-version (their info.version) but type the parameter as a free string.
  const apiVersion = version && /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(version) ? version : undefined;
  const entries: OperationEntry[] = [];
  for (const [template, rawItem] of Object.entries(root.paths)) {
    const { value: item, at: itemAt } = resolver.deref(rawItem, {
      file,
      pointer: `/paths/${escapePointer(template)}`,
    });
    if (!isObject(item)) continue;
    const path = compilePathTemplate(template);
    for (const method of METHODS) {
      if (item[method] === undefined) continue;
      // DigitalOcean's split spec puts each operation in its own file behind a $ref.
      const { value: operation, at: operationAt } = resolver.deref(item[method], {
        file: itemAt.file,
        pointer: `${itemAt.pointer}/${method}`,
      });
      if (!isObject(operation)) continue;
      let compiled: CompiledOperation | undefined;
      entries.push({
        method: method.toUpperCase(),
        path,
        compile() {
          compiled ??= compileOperation({
            resolver,
            item,
            itemAt,
            operation,
            operationAt,
            swagger2,
            apiVersion,
            consumes: Array.isArray(operation.consumes) ? operation.consumes.map(String) : rootConsumes,
          });
          return compiled;
        },
      });
    }
  }
  return { entries, prefixes: serverPrefixes(root, swagger2), queryCredentials: queryCredentials(root) };
}

/** Query parameter names that carry API keys (security schemes), which operations do not list. */
function queryCredentials(root: JsonObject): Set<string> {
  const schemes = isObject(root.components) ? root.components.securitySchemes : root.securityDefinitions;
  const names = new Set<string>();
  if (!isObject(schemes)) return names;
  for (const scheme of Object.values(schemes)) {
    if (
      isObject(scheme) &&
      scheme.type === 'apiKey' &&
      scheme.in === 'query' &&
      typeof scheme.name === 'string'
    ) {
      names.add(scheme.name);
    }
  }
  return names;
}

/** The path parts of the spec's own servers (`/api` for Slack's basePath). */
function serverPrefixes(root: JsonObject, swagger2: boolean): string[] {
  if (swagger2) return typeof root.basePath === 'string' && root.basePath !== '/' ? [root.basePath] : [];
  const servers = Array.isArray(root.servers) ? root.servers : [];
  const prefixes = new Set<string>();
  for (const server of servers) {
    if (!isObject(server) || typeof server.url !== 'string') continue;
    const path = server.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/+$/, '');
    if (path.startsWith('/')) prefixes.add(path);
  }
  return [...prefixes];
}

interface OperationSource {
  resolver: RefResolver;
  item: JsonObject;
  itemAt: SpecLocation;
  operation: JsonObject;
  operationAt: SpecLocation;
  swagger2: boolean;
  apiVersion: string | undefined;
  consumes: string[] | undefined;
}

function collectParameters(source: OperationSource): Array<{ param: JsonObject; at: SpecLocation }> {
  const byKey = new Map<string, { param: JsonObject; at: SpecLocation }>();
  const add = (list: Json | undefined, at: SpecLocation) => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, index) => {
      const { value, at: paramAt } = source.resolver.deref(raw, {
        file: at.file,
        pointer: `${at.pointer}/parameters/${index}`,
      });
      if (isObject(value) && typeof value.name === 'string')
        byKey.set(`${String(value.in)}:${value.name}`, { param: value, at: paramAt });
    });
  };
  add(source.item.parameters, source.itemAt);
  add(source.operation.parameters, source.operationAt);
  return [...byKey.values()];
}

function compileOperation(source: OperationSource): CompiledOperation {
  const converter = new SchemaConverter(source.resolver);
  const parameters: ParameterDefinition[] = [];
  const formFields: Array<{ param: JsonObject; at: SpecLocation }> = [];
  let bodyParam: { param: JsonObject; at: SpecLocation } | undefined;
  for (const entry of collectParameters(source)) {
    const { param, at } = entry;
    const location = String(param.in);
    if (location === 'body') bodyParam = entry;
    else if (location === 'formData') formFields.push(entry);
    else if (location === 'path' || location === 'query' || location === 'header' || location === 'cookie') {
      const definition = convertParameter(param, at, location, source.swagger2, converter);
      if (definition.name === 'api-version' && source.apiVersion && definition.schema.enum === undefined) {
        definition.schema = { ...definition.schema, enum: [source.apiVersion] };
      }
      parameters.push(definition);
    }
  }
  const compiled: CompiledOperation = { parameters };
  if (source.swagger2) {
    const consumes = source.consumes;
    if (bodyParam) {
      const schema = converter.convertRoot(bodyParam.param.schema, bodyParam.at);
      const types = consumes?.length ? consumes : ['application/json'];
      compiled.body = {
        required: bodyParam.param.required === true,
        contents: types.map((mediaType) => ({ mediaType, schema })),
      };
    } else if (formFields.length > 0) {
      compiled.body = formDataBody(formFields, converter);
    }
  } else {
    const { value: requestBody, at } = source.resolver.deref(source.operation.requestBody, {
      file: source.operationAt.file,
      pointer: `${source.operationAt.pointer}/requestBody`,
    });
    if (isObject(requestBody) && isObject(requestBody.content)) {
      const contents: BodyContent[] = Object.entries(requestBody.content).map(([mediaType, media]) => ({
        mediaType: mediaType.toLowerCase(),
        schema: converter.convertRoot(isObject(media) ? media.schema : undefined, {
          file: at.file,
          pointer: `${at.pointer}/content/${escapePointer(mediaType)}/schema`,
        }),
      }));
      compiled.body = { required: requestBody.required === true, contents };
    }
  }
  return compiled;
}

function convertParameter(
  param: JsonObject,
  at: SpecLocation,
  location: ParameterDefinition['in'],
  swagger2: boolean,
  converter: SchemaConverter,
): ParameterDefinition {
  let schema: JsonObject;
  let separator: string | undefined;
  if (swagger2) {
    schema = converter.convertRoot(param, at);
    if (param.type === 'array') {
      const format = typeof param.collectionFormat === 'string' ? param.collectionFormat : 'csv';
      separator = SEPARATORS[format];
    }
  } else {
    const content = isObject(param.content) ? Object.values(param.content)[0] : undefined;
    const raw = param.schema ?? (isObject(content) ? content.schema : undefined);
    schema = converter.convertRoot(raw, { file: at.file, pointer: `${at.pointer}/schema` });
    const style = typeof param.style === 'string' ? param.style : location === 'query' ? 'form' : 'simple';
    const explode = typeof param.explode === 'boolean' ? param.explode : style === 'form';
    if (!explode) separator = style === 'spaceDelimited' ? ' ' : style === 'pipeDelimited' ? '|' : ',';
  }
  const definition: ParameterDefinition = {
    name: String(param.name),
    in: location,
    required: param.required === true || location === 'path',
    schema,
  };
  if (separator !== undefined) definition.separator = separator;
  return definition;
}

function formDataBody(
  fields: Array<{ param: JsonObject; at: SpecLocation }>,
  converter: SchemaConverter,
): CompiledOperation['body'] {
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const { param, at } of fields) {
    const name = String(param.name);
    properties[name] = converter.convert(param, at);
    if (param.required === true) required.push(name);
  }
  // The parameters enumerate every accepted field, so unknown fields are reported.
  const schema: JsonObject = { type: 'object', properties, required, additionalProperties: false };
  schema.definitions = converter.definitions;
  // Swagger 2 defines formData for both form encodings, and specs often list only one of them
  // (Slack's files.upload says urlencoded, yet uploads are multipart), so both are accepted; so is
  // JSON, which Slack also takes.
  const contents: BodyContent[] = [
    { mediaType: 'application/x-www-form-urlencoded', schema },
    { mediaType: 'multipart/form-data', schema },
    { mediaType: 'application/json', schema, fromFormData: true },
  ];
  return { required: required.length > 0, contents };
}
