// Request bodies checked against Discord's published OpenAPI spec (../shared/discord-api-spec).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { projectDir } from '../../src/project.ts';

/** Where the spec is: DISCORD_API_SPEC, else ../shared/discord-api-spec/openapi.json beside the project. */
export const SPEC_FILE =
  process.env.DISCORD_API_SPEC ??
  path.resolve(projectDir, '..', 'shared', 'discord-api-spec', 'openapi.json');

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments first: "/messages/@original" before "/messages/{message_id}". */
  params: number;
  /** The JSON body's schema, compiled on first use; undefined when the operation takes none. */
  validate: (() => ValidateFunction) | undefined;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};

/** Fixes for the spec as a JSON Schema validator reads it (see its README). */
function patch(node: unknown): void {
  if (Array.isArray(node)) node.forEach(patch);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    // An empty enum (allowed by OpenAPI, refused by ajv) admits nothing.
    if (Array.isArray(o.enum) && o.enum.length === 0) {
      delete o.enum;
      o.not = {};
    }
    Object.values(o).forEach(patch);
  }
}

/** The spec types default_member_permissions as an integer; Discord's docs and discord.js send a string. */
function allowStringPermissions(node: unknown): void {
  if (Array.isArray(node)) node.forEach(allowStringPermissions);
  else if (node && typeof node === 'object') {
    const o = node as Json;
    const props = o.properties as Json | undefined;
    if (props?.default_member_permissions) {
      props.default_member_permissions = {
        anyOf: [props.default_member_permissions, { type: ['string', 'null'], pattern: '^[0-9]+$' }],
      };
    }
    Object.values(o).forEach(allowStringPermissions);
  }
}

let operations: Operation[] | undefined;

function load(): Operation[] {
  if (!existsSync(SPEC_FILE)) {
    throw new Error(
      `Discord's API spec is not at ${SPEC_FILE} (see ../shared/discord-api-spec/README.md); set DISCORD_API_SPEC to its openapi.json.`,
    );
  }
  const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as { paths: Json; components: Json };
  for (const part of [spec.components, spec.paths]) {
    patch(part);
    allowStringPermissions(part);
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true, logger: false });
  // ajv-formats is CommonJS: its plugin is the default export's `default`.
  (formats as unknown as { default: (a: Ajv2020) => void }).default(ajv);
  for (const name of ['int32', 'int64', 'double', 'snowflake', 'nonce']) ajv.addFormat(name, true);
  const id = 'https://discord.com/openapi.json';
  ajv.addSchema({ $id: id, components: spec.components, paths: spec.paths });
  const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  const out: Operation[] = [];
  for (const [template, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = (item as Json)[method] as { requestBody?: { content?: Json } } | undefined;
      if (!op) continue;
      const hasJson = Boolean(op.requestBody?.content?.['application/json']);
      const pointer = `${id}#/paths/${pointerPart(template)}/${method}/requestBody/content/${pointerPart('application/json')}/schema`;
      out.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(
          `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
        ),
        params: (template.match(/\{/g) ?? []).length,
        validate: hasJson ? once(() => ajv.getSchema(pointer)!) : undefined,
      });
    }
  }
  return out.sort((a, b) => a.params - b.params);
}

/** The operation a request goes to, by method and path template. */
export function operationFor(method: string, apiPath: string): Operation | undefined {
  operations ??= load();
  const decoded = decodeURIComponent(apiPath);
  return operations.find((o) => o.method === method && o.pattern.test(decoded));
}

/** Routes the bot sends bodies to: compiled up front, so no request waits for a compile. */
const USED = [
  ['POST', '/interactions/1/t/callback'],
  ['POST', '/webhooks/1/t'],
  ['PATCH', '/webhooks/1/t/messages/@original'],
  ['PUT', '/applications/1/commands'],
] as const;

/** Loads the spec and compiles the schemas of the routes the bot uses (about a second). */
export function warmSchemas(): void {
  for (const [method, route] of USED) operationFor(method, route)?.validate?.();
}

/**
 * What is wrong with a request body, by Discord's spec: [] when it conforms. A request to a route
 * the spec does not have, or a body where the operation takes none, is a violation too.
 */
export function schemaViolations(method: string, apiPath: string, body: unknown): string[] {
  const op = operationFor(method, apiPath);
  if (!op) return [`${method} ${apiPath}: no such operation in Discord's API`];
  if (body === undefined) return [];
  if (!op.validate) return [`${method} ${op.template}: this operation takes no JSON body`];
  const validate = op.validate();
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${method} ${op.template}: ${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`,
  );
}
