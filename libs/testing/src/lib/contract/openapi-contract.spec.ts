import { OpenApiContract, type ObservedResponse } from './openapi-contract';

// A two-operation contract in the shape the Midaz one has: strict objects, nullable strings
// spelled as type arrays, a list whose items are untyped.
const DOCUMENT = JSON.stringify({
  openapi: '3.1.0',
  servers: [{ url: '/v1' }],
  paths: {
    '/things': {
      get: {
        operationId: 'listThings',
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } },
          },
        },
      },
      post: {
        operationId: 'createThing',
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
        },
      },
    },
    '/things/{id}': {
      delete: { operationId: 'deleteThing', responses: { '204': { description: 'No Content' } } },
    },
    '/things/metrics/count': {
      head: { operationId: 'countThings', responses: { '204': { description: 'No Content' } } },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'note'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string', minLength: 2 },
          note: { type: ['string', 'null'] },
        },
      },
      Page: {
        type: 'object',
        additionalProperties: false,
        required: ['items', 'limit'],
        properties: { items: {}, limit: { type: 'integer', format: 'int64' } },
      },
    },
  },
});

const ID = '01890000-0000-7000-8000-000000000000';
const thing = { id: ID, name: 'Box', note: null };
const json = (body: unknown, extra: Partial<ObservedResponse> = {}): ObservedResponse => ({
  method: 'POST',
  path: '/v1/things',
  status: 201,
  contentType: 'application/json; charset=utf-8',
  body,
  bodyLength: JSON.stringify(body).length,
  ...extra,
});

describe('OpenApiContract', () => {
  const contract = OpenApiContract.parse(DOCUMENT, {
    itemSchemas: { listThings: 'Thing' },
    statusAliases: { POST: { 201: 200 } },
    errorSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'title', 'message'],
      properties: {
        code: { type: 'string', pattern: '^\\d{4}$' },
        title: { type: 'string' },
        message: { type: 'string' },
      },
    },
  });

  it('should match requests to operations, literal segments before parameters', () => {
    expect(contract.match('HEAD', '/v1/things/metrics/count')?.operationId).toBe('countThings');
    expect(contract.match('DELETE', `/v1/things/${ID}`)?.operationId).toBe('deleteThing');
    expect(contract.match('GET', `/v1/things/${ID}`)).toBeUndefined();
    expect(contract.operations().map((op) => op.operationId)).toEqual([
      'listThings',
      'createThing',
      'deleteThing',
      'countThings',
    ]);
  });

  it('should check a body the contract types as bytes against the schema given for it', () => {
    const opaque = JSON.parse(DOCUMENT);
    opaque.paths['/things'].post.responses['200'].content['application/json'].schema = {
      type: 'string',
      contentEncoding: 'base64',
    };
    const replaced = OpenApiContract.parse(JSON.stringify(opaque), {
      statusAliases: { POST: { 201: 200 } },
      responseSchemas: { createThing: { $ref: '#/components/schemas/Thing' } },
    });
    expect(replaced.check(json(thing)).problems).toEqual([]);
    expect(replaced.check(json({ id: ID })).problems).toEqual([
      '/: required field "name" is missing',
      '/: required field "note" is missing',
    ]);
  });

  it('should accept a conforming body under the status alias', () => {
    expect(contract.check(json(thing))).toEqual({
      operation: { operationId: 'createThing', method: 'POST', template: '/v1/things' },
      problems: [],
    });
  });

  it('should name extra fields, missing ones and nulls where the contract says string', () => {
    const { problems } = contract.check(json({ id: ID, name: null, extra: 1 }));
    expect(problems).toEqual(
      expect.arrayContaining([
        '/: field "extra" is not in the contract',
        '/: required field "note" is missing',
        '/name: must be string',
      ]),
    );
  });

  it('should check list items against the schema named for the collection, once per problem', () => {
    const list = json(
      { items: [thing, { ...thing, name: 'x' }, { ...thing, name: 'y' }], limit: 10 },
      { method: 'GET', status: 200 },
    );
    expect(contract.check(list).problems).toEqual([
      '/items/*/name: must NOT have fewer than 2 characters',
    ]);
  });

  it('should refuse statuses the contract does not list and bodies where it documents none', () => {
    expect(contract.check(json(thing, { status: 202 })).problems).toEqual([
      'status 202 is not one the contract lists (200)',
    ]);
    const deleted = json({}, { method: 'DELETE', path: `/v1/things/${ID}`, status: 204 });
    expect(contract.check(deleted).problems).toEqual([
      'the contract documents no body for 204, got 2 bytes',
    ]);
  });

  it('should check every error body against the error schema, matched or not', () => {
    const unknown = json(
      { code: 'ROUTE_NOT_FOUND', title: 'Route Not Found', message: 'none' },
      { method: 'GET', path: '/v1/elsewhere', status: 404 },
    );
    expect(contract.check(unknown)).toEqual({
      problems: ['/code: must match pattern "^\\d{4}$"'],
    });
    const fine = { ...unknown, body: { code: '0484', title: 'Route Not Found', message: 'none' } };
    expect(contract.check(fine).problems).toEqual([]);
  });

  it('should let a tolerated mismatch through and nothing else', () => {
    const tolerant = OpenApiContract.parse(DOCUMENT, {
      statusAliases: { POST: { 201: 200 } },
      tolerate: [{ at: /^\/name$/, keyword: 'minLength', reason: 'the reference sends it so' }],
    });
    expect(tolerant.check(json({ ...thing, name: '' })).problems).toEqual([]);
    expect(tolerant.check(json({ ...thing, name: 1 })).problems).toEqual(['/name: must be string']);
  });
});
