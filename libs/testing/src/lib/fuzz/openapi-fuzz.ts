import fc from 'fast-check';

/**
 * Hostile HTTP requests generated from an app's own OpenAPI document (issue 12, item 7): every
 * operation the document lists, with path, query, header and body values that are wrong in
 * type, at or past the boundaries, unicode, injection strings, bad ids, deep or duplicated
 * JSON, or too large. The document is the one the app serves at /docs-json, so a route added
 * to an app is fuzzed without anyone listing it here.
 */

export interface OpenApiSchema {
  type?: string;
  format?: string;
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  items?: OpenApiSchema;
  enum?: unknown[];
  example?: unknown;
  $ref?: string;
  allOf?: OpenApiSchema[];
  oneOf?: OpenApiSchema[];
  anyOf?: OpenApiSchema[];
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  additionalProperties?: boolean | OpenApiSchema;
}

interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: OpenApiSchema;
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

export interface FuzzRoute {
  method: string;
  /** The templated path, e.g. `/v1/organizations/{id}`. */
  path: string;
  operationId: string;
  pathParams: string[];
  queryParams: OpenApiParameter[];
  headerParams: OpenApiParameter[];
  /** The JSON body's schema, `$ref`s resolved; undefined when the operation takes no body. */
  body?: OpenApiSchema;
}

/** One generated request, ready to send. */
export interface FuzzRequest {
  route: FuzzRoute;
  method: string;
  /** Path and query string, already encoded (or deliberately mis-encoded). */
  url: string;
  headers: Record<string, string>;
  /** The raw body text; undefined sends none. */
  body?: string;
  /** What was done to the request, for the failure report. */
  variant: string;
}

const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, bodies resolved. */
export function fuzzRoutes(document: OpenApiDocument): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const json = operation.requestBody?.content?.['application/json']?.schema;
      routes.push({
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId ?? `${method} ${path}`,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]),
        queryParams: parameters.filter((p) => p.in === 'query'),
        headerParams: parameters.filter((p) => p.in === 'header'),
        body: json ? resolveSchema(json, document) : undefined,
      });
    }
  }
  return routes;
}

/** The schema with its `$ref`s inlined (cycles cut at depth 6). */
export function resolveSchema(
  schema: OpenApiSchema,
  document: OpenApiDocument,
  depth = 0,
): OpenApiSchema {
  if (depth > 6) return { type: 'object' };
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    const target = document.components?.schemas?.[name];
    return target ? resolveSchema(target, document, depth + 1) : { type: 'object' };
  }
  const resolved: OpenApiSchema = { ...schema };
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, resolveSchema(v, document, depth + 1)]),
    );
  }
  if (schema.items) resolved.items = resolveSchema(schema.items, document, depth + 1);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    if (schema[key]) resolved[key] = schema[key]?.map((s) => resolveSchema(s, document, depth + 1));
  }
  return resolved;
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

export const INJECTION_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE account; --",
  '" OR ""="',
  "1'); SELECT pg_sleep(0); --",
  '$$; SELECT 1; $$',
  "E'\\\\x00'",
  '\\',
  "admin'--",
  '{{7*7}}',
  '${7*7}',
  '<%= 7*7 %>',
  '#{7*7}',
  '{{constructor.constructor("return process")()}}',
  '{% for x in range(1000000000) %}{% endfor %}',
  '{{ range(99999999) | join }}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'null',
  'undefined',
  'true',
  '%s%s%s%n',
];

export const UNICODE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\u202eevil',
  'e\u0301',
  '\u200b',
  '\ufeff',
  '\ud800',
  '\udfff',
  '😀',
  '👨‍👩‍👧‍👦',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'ß',
  'İ',
  'Ω≈ç√',
  '٣٤٥',
  '１２３',
  '\t\n\r',
  ' ',
  '',
];

export const DECIMAL_STRINGS = [
  '0',
  '-0',
  '0.0',
  '-1',
  '-0.01',
  '1e309',
  '-1e309',
  '1e-400',
  '1E2',
  `9${'9'.repeat(999)}`,
  `0.${'0'.repeat(500)}1`,
  `1.${'1'.repeat(200)}`,
  '99999999999999999999999999999999999999.99',
  '0.000000000000000000000000000001',
  'NaN',
  'Infinity',
  '-Infinity',
  '1,000.00',
  '1.000,00',
  ' 1',
  '1 ',
  '+1',
  '0x10',
  '1_000',
  '.5',
  '5.',
  '1..2',
  '--1',
  '١٢٣',
  '１２３',
];

export const BAD_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '01890000-0000-7000-8000-00000000000',
  '01890000-0000-7000-8000-0000000000000',
  '01890000-0000-7000-8000-00000000000g',
  '{01890000-0000-7000-8000-000000000000}',
  '01890000000070008000000000000000',
  '01890000-0000-7000-8000-000000000000 ',
  'urn:uuid:01890000-0000-7000-8000-000000000000',
  '-1',
  '0',
];

/** JSON numbers past what a double holds, written as text (JSON.parse makes them Infinity or 0). */
export const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '1e-400',
  '123456789012345678901234567890',
  '9007199254740993',
  '-0',
  '5e-324',
  '1.7976931348623157e308',
];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...DECIMAL_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...BAD_UUIDS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 257, maxLength: 3000 }) },
);

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      -1,
      1.5,
      -0.0001,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      1e308,
      -1e308,
      5e-324,
    ),
  },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[]], { '': '' }) },
);

/** Any JSON value, hostile strings included at every depth. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileScalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 4,
    }),
  ),
})).value;

/** A value of the wrong type, or a string/number at or past the edge, for `schema`. */
function wrongValue(schema: OpenApiSchema | undefined): fc.Arbitrary<unknown> {
  const specific: fc.Arbitrary<unknown>[] = [];
  if (schema?.format === 'uuid') specific.push(fc.constantFrom(...BAD_UUIDS));
  if (schema?.maxLength !== undefined) {
    specific.push(fc.constant('x'.repeat(schema.maxLength + 1)));
  }
  if (schema?.type === 'number' || schema?.type === 'integer') {
    specific.push(fc.constantFrom(...DECIMAL_STRINGS), fc.double());
  }
  if (schema?.type === 'array') specific.push(fc.constantFrom({}, 'x', [null], [1, 'x', {}]));
  return fc.oneof(...specific, hostileScalar, hostileJson);
}

/** A value that would pass the schema where the schema says enough (examples, enums, types). */
export function plausibleValue(schema: OpenApiSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 5) return 'x';
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.allOf?.length) return plausibleValue(schema.allOf[0], depth + 1);
  if (schema.oneOf?.length) return plausibleValue(schema.oneOf[0], depth + 1);
  if (schema.anyOf?.length) return plausibleValue(schema.anyOf[0], depth + 1);
  if (schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, plausibleValue(v, depth + 1)]),
    );
  }
  switch (schema.type) {
    case 'array':
      return [plausibleValue(schema.items, depth + 1)];
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'object':
      return schema.format === 'uuid' ? '01890000-0000-7000-8000-000000000000' : {};
    default:
      return schema.format === 'uuid' ? '01890000-0000-7000-8000-000000000000' : 'x';
  }
}

/** Paths to every property of a body (`['a']`, `['a', 'b']`, arrays through their first item). */
function propertyPaths(
  schema: OpenApiSchema,
  prefix: (string | number)[] = [],
): (string | number)[][] {
  if (prefix.length > 3) return [];
  const paths: (string | number)[][] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, key];
    paths.push(path);
    if (child.properties) paths.push(...propertyPaths(child, path));
    if (child.items?.properties) paths.push(...propertyPaths(child.items, [...path, 0]));
  }
  return paths;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function parentOf(
  body: unknown,
  path: (string | number)[],
): Record<string | number, unknown> | undefined {
  let node = body as Record<string | number, unknown> | undefined;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[key] as Record<string | number, unknown> | undefined;
  }
  return typeof node === 'object' && node !== null ? node : undefined;
}

const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** A raw JSON body text: a plausible base with one thing wrong, or not a good body at all. */
function bodyText(
  schema: OpenApiSchema,
  base: unknown,
): fc.Arbitrary<{ text: string; variant: string }> {
  const paths = propertyPaths(schema);
  const pathArb: fc.Arbitrary<(string | number)[]> = paths.length
    ? fc.constantFrom(...paths)
    : fc.constant(['field']);
  const schemaAt = (path: (string | number)[]): OpenApiSchema | undefined => {
    let node: OpenApiSchema | undefined = schema;
    for (const key of path) node = typeof key === 'number' ? node?.items : node?.properties?.[key];
    return node;
  };
  const replaced = pathArb.chain((path) =>
    wrongValue(schemaAt(path)).map((value) => {
      const body = clone(base);
      const parent = parentOf(body, path);
      if (parent) parent[path[path.length - 1]] = value;
      return { text: JSON.stringify(body), variant: `wrong value at ${path.join('.')}` };
    }),
  );
  const removed = pathArb.map((path) => {
    const body = clone(base);
    const parent = parentOf(body, path);
    if (parent) delete parent[path[path.length - 1]];
    return { text: JSON.stringify(body), variant: `missing ${path.join('.')}` };
  });
  const unknownField = fc
    .tuple(pathArb, fc.oneof(fc.constantFrom(...FORBIDDEN_KEYS), hostileString), hostileScalar)
    .map(([path, key, value]) => {
      const body = clone(base);
      const parent = parentOf(body, path) ?? (body as Record<string, unknown>);
      // JSON text, not an assignment: `__proto__` must arrive as an own key.
      const text = JSON.stringify(body);
      const extra = `${JSON.stringify(String(key))}:${JSON.stringify(value) ?? 'null'}`;
      if (parent === body && text.startsWith('{') && text.length > 2) {
        return { text: `{${extra},${text.slice(1)}`, variant: `unknown field ${String(key)}` };
      }
      return { text: `{${extra}}`, variant: `unknown field ${String(key)}` };
    });
  const duplicated = fc.tuple(pathArb, wrongValue(undefined)).map(([path, value]) => {
    // `{"a": good, ..., "a": bad}`: JSON.parse keeps the last, a validator may see either.
    const text = JSON.stringify(base);
    const key = String(path[0]);
    const dup = `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`;
    return {
      text: text.length > 2 ? `${text.slice(0, -1)},${dup}}` : `{${dup}}`,
      variant: `duplicated field ${key}`,
    };
  });
  const rawNumber = fc.tuple(pathArb, fc.constantFrom(...RAW_NUMBERS)).map(([path, raw]) => {
    const body = clone(base);
    const parent = parentOf(body, path);
    const marker = '"__fuzz_raw_number__"';
    if (parent) parent[path[path.length - 1]] = '__fuzz_raw_number__';
    return {
      text: JSON.stringify(body).replace(marker, raw),
      variant: `raw number ${raw} at ${path.join('.')}`,
    };
  });
  const anyJson = hostileJson.map((value) => ({
    text: JSON.stringify(value) ?? 'null',
    variant: 'arbitrary JSON',
  }));
  const deep = fc
    .tuple(fc.constantFrom(50, 500, 5000), fc.constantFrom('array', 'object'))
    .map(([depth, kind]) => ({
      text: kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : deepObject(depth),
      variant: `${kind} nested ${depth} deep`,
    }));
  const broken = fc
    .constantFrom(
      '',
      '{',
      '{"a":',
      '{"a":1,}',
      "{'a':1}",
      '[1,2',
      'null',
      'true',
      '"x"',
      '0',
      '{"a":NaN}',
      '{"a":undefined}',
      '\u0000',
      '\ufeff{}',
    )
    .map((text) => ({ text, variant: `broken JSON ${JSON.stringify(text)}` }));
  const oversize = fc.constant({
    text: JSON.stringify({ ...(base as object), description: 'x'.repeat(1_100_000) }),
    variant: 'oversize body (1.1 MB)',
  });
  return fc.oneof(
    { weight: 6, arbitrary: replaced },
    { weight: 2, arbitrary: removed },
    { weight: 2, arbitrary: unknownField },
    { weight: 2, arbitrary: duplicated },
    { weight: 2, arbitrary: rawNumber },
    { weight: 2, arbitrary: anyJson },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: broken },
    // Rare: a megabyte per sample costs time.
    {
      weight: 1,
      arbitrary: fc.oneof({ weight: 9, arbitrary: broken }, { weight: 1, arbitrary: oversize }),
    },
  );
}

function deepObject(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Percent-encodes a path segment byte by byte (lone surrogates become U+FFFD, not a throw). */
function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const c = String.fromCharCode(byte);
      return /[A-Za-z0-9\-._~]/.test(c)
        ? c
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** Segments sent as they are: malformed percent-encoding, dot segments, separators. */
const RAW_SEGMENTS = ['%', '%zz', '%c0%af', '%ff', '%00', '..', '.', ';', '%2F', '%2e%2e'];

/** Header values must be visible ASCII to be sent at all. */
const headerValue = fc.oneof(
  fc.constantFrom(
    ...[...INJECTION_STRINGS, ...DECIMAL_STRINGS].filter((s) => /^[\x20-\x7e]{0,100}$/.test(s)),
  ),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019 -_./:;=+%$'.split('')), maxLength: 300 }),
  fc.constantFrom('', '0', '-1', '99999999999', '1e9', 'x'.repeat(5000)),
);

export interface RequestOptions {
  /** Real ids by path parameter name (a request that reaches existing rows goes deeper). */
  ids?: Record<string, string[]>;
  /** Ids to try for a path parameter not named in `ids`. */
  anyIds?: string[];
  /** Headers every request carries (e.g. an admin key). */
  headers?: Record<string, string>;
  /** Well-formed bodies by operationId, used instead of one synthesized from the schema. */
  examples?: Record<string, unknown>;
}

/** Generated requests to one route. */
export function requestsTo(
  route: FuzzRoute,
  options: RequestOptions = {},
): fc.Arbitrary<FuzzRequest> {
  const segment = (name: string): fc.Arbitrary<{ text: string; note?: string }> => {
    const known = options.ids?.[name] ?? options.anyIds ?? [];
    const good = known.length
      ? fc.constantFrom(...known)
      : fc.constant('01890000-0000-7000-8000-000000000000');
    return fc.oneof(
      { weight: 4, arbitrary: good.map((id) => ({ text: encodeSegment(id) })) },
      {
        weight: 3,
        arbitrary: hostileString.map((s) => ({
          text: encodeSegment(s),
          note: `${name}=${JSON.stringify(s.slice(0, 60))}`,
        })),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...RAW_SEGMENTS)
          .map((s) => ({ text: s, note: `${name} raw ${s}` })),
      },
    );
  };
  const pathArb =
    route.pathParams.length === 0
      ? fc.constant({ path: route.path, notes: [] as string[] })
      : fc.tuple(...route.pathParams.map(segment)).map((values) => {
          let path = route.path;
          route.pathParams.forEach((name, i) => {
            path = path.replace(`{${name}}`, values[i].text);
          });
          return { path, notes: values.flatMap((v) => (v.note ? [v.note] : [])) };
        });

  const queryEntry = route.queryParams.length
    ? fc.tuple(
        fc.constantFrom(...route.queryParams.map((p) => p.name), 'unknown_param'),
        fc.oneof(
          hostileString,
          fc.constantFrom(
            '-1',
            '0',
            '1',
            '101',
            '1e3',
            '2026-13-45',
            '2026-02-30',
            'asc',
            'DESC',
            '',
          ),
        ),
      )
    : fc.tuple(fc.constant('unknown_param'), hostileString);
  // Up to three pairs, duplicates allowed (`?limit=1&limit=2` arrives as an array).
  const queryArb = fc
    .array(queryEntry, { maxLength: 3 })
    .map((pairs) =>
      pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeSegment(v)}`).join('&'),
    );

  const headerArb = route.headerParams.length
    ? fc.dictionary(fc.constantFrom(...route.headerParams.map((p) => p.name)), headerValue, {
        maxKeys: 2,
      })
    : fc.constant({} as Record<string, string>);

  const wantsBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
  const schema = route.body ?? { type: 'object' };
  const base = options.examples?.[route.operationId] ?? plausibleValue(schema);
  const bodyArb = wantsBody
    ? fc.oneof(
        { weight: 9, arbitrary: bodyText(schema, base) },
        { weight: 1, arbitrary: fc.constant(undefined) },
      )
    : fc.oneof(
        { weight: 9, arbitrary: fc.constant(undefined) },
        // A body where none is expected must be ignored or refused, not crash.
        { weight: 1, arbitrary: bodyText(schema, base) },
      );
  const contentType = fc.oneof(
    { weight: 9, arbitrary: fc.constant('application/json') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'text/plain',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ),
    },
  );

  return fc
    .tuple(pathArb, queryArb, headerArb, bodyArb, contentType)
    .map(([path, query, headers, body, type]) => {
      const notes = [...path.notes];
      if (query) notes.push(`query ${query.slice(0, 120)}`);
      if (Object.keys(headers).length) notes.push(`headers ${Object.keys(headers).join(',')}`);
      if (body) notes.push(body.variant);
      if (body && type !== 'application/json') notes.push(`content-type ${type}`);
      const request: FuzzRequest = {
        route,
        method: route.method,
        url: query ? `${path.path}?${query}` : path.path,
        headers: {
          ...(options.headers ?? {}),
          ...headers,
          ...(body ? { 'content-type': type } : {}),
        },
        body: body?.text,
        variant: notes.join('; ') || 'well-formed',
      };
      // fast-check prints a counterexample with this, not with the route's whole schema.
      Object.defineProperty(request, fc.toStringMethod, {
        value: () =>
          `${request.method} ${request.url.slice(0, 300)} (${request.variant}) body ${(request.body ?? '').slice(0, 300)}`,
      });
      return request;
    });
}

/** Requests spread over every route. */
export function requestsToAll(
  routes: FuzzRoute[],
  options: RequestOptions = {},
): fc.Arbitrary<FuzzRequest> {
  if (routes.length === 0) throw new Error('no routes to fuzz');
  return fc.oneof(...routes.map((route) => requestsTo(route, options)));
}
