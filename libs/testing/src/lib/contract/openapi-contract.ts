import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction, type ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';

/** One HTTP exchange as the server answered it. */
export interface ObservedResponse {
  method: string;
  /** Path without the query string, e.g. `/v1/organizations/…`. */
  path: string;
  status: number;
  contentType?: string;
  /** The parsed JSON body; `undefined` when there was none or it was not JSON. */
  body?: unknown;
  /** Bytes of body sent. */
  bodyLength: number;
}

export interface ContractOperation {
  operationId: string;
  method: string;
  /** The contract's path template, base path included (`/v1/organizations/{id}`). */
  template: string;
}

export interface ConformanceResult {
  /** The contract operation the request matched; undefined when it names no operation. */
  operation?: ContractOperation;
  /** What does not conform; empty when the response matches the contract. */
  problems: string[];
}

export interface OpenApiContractOptions {
  /**
   * The contract types some collections' `items` loosely (`{}`); this names, per
   * operationId, the component schema every item must match instead.
   */
  itemSchemas?: Record<string, string>;
  /**
   * Success-body schemas, per operationId, for operations whose contract types the body as
   * opaque bytes (a generated `[]byte`): the JSON the server documents instead.
   */
  responseSchemas?: Record<string, Record<string, unknown>>;
  /**
   * Schema of every error body (status ≥ 400), replacing the contract's `default` response.
   * Given as a JSON schema that may `$ref` the contract's components.
   */
  errorSchema?: Record<string, unknown>;
  /**
   * Statuses the server may send in place of one the contract lists, per method
   * (e.g. POST answering 201 where the contract documents 200).
   */
  statusAliases?: Record<string, Record<number, number>>;
  /**
   * Schema failures accepted anyway, each with its reason: where the reference
   * implementation itself answers against its generated contract. Keep it short.
   */
  tolerate?: ToleratedMismatch[];
}

export interface ToleratedMismatch {
  /** Matches the JSON pointer of the failing value (items of lists included). */
  at: RegExp;
  /** The JSON-schema keyword that fails, e.g. `minLength`. */
  keyword: string;
  reason: string;
}

interface CompiledOperation extends ContractOperation {
  pattern: RegExp;
  /** Literal segments: more specific templates win (`/accounts/alias/{a}` over `/accounts/{id}`). */
  specificity: number;
  responses: Map<string, ValidateFunction | 'empty'>;
  items?: ValidateFunction;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const SCHEMA_ID = 'contract.json';

type OpenApiDocument = {
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, unknown> };
};
type OpenApiOperation = {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

/**
 * An OpenAPI 3.1 document compiled into response validators: given one observed response,
 * says which operation it answered and how its status and body differ from the contract.
 * Schemas are checked by Ajv (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses), so
 * `additionalProperties: false`, `required` and `type` are enforced exactly as a strict
 * generated client would.
 */
export class OpenApiContract {
  /** In the contract's order. */
  private readonly operationsList: CompiledOperation[] = [];
  /** Most specific first, for matching. */
  private readonly byPrecedence: CompiledOperation[];
  private readonly errorValidator?: ValidateFunction;

  private constructor(
    document: OpenApiDocument,
    private readonly options: OpenApiContractOptions,
  ) {
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    // OpenAPI's numeric format names: types already constrain them; int32/int64 bound them.
    ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addFormat('boolean', true);
    ajv.addSchema({ $id: SCHEMA_ID, components: document.components }, SCHEMA_ID);

    const base = (document.servers?.[0]?.url ?? '').replace(/\/$/, '');
    for (const [template, pathItem] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(pathItem)) {
        if (!METHODS.includes(method)) continue;
        const responses = new Map<string, ValidateFunction | 'empty'>();
        const operationId = operation.operationId ?? `${method} ${template}`;
        const replaced = options.responseSchemas?.[operationId];
        for (const [status, response] of Object.entries(operation.responses ?? {})) {
          if (status === 'default') continue;
          const json = response.content?.['application/json']?.schema;
          const schema = json && replaced && status.startsWith('2') ? replaced : json;
          responses.set(status, schema ? ajv.compile(rewriteRefs(schema) as object) : 'empty');
        }
        const itemSchema = options.itemSchemas?.[operationId];
        const full = `${base}${template}`;
        this.operationsList.push({
          operationId,
          method: method.toUpperCase(),
          template: full,
          pattern: templatePattern(full),
          specificity: full.split('/').filter((s) => s && !s.startsWith('{')).length,
          responses,
          items: itemSchema
            ? ajv.compile({ $ref: `${SCHEMA_ID}#/components/schemas/${itemSchema}` })
            : undefined,
        });
      }
    }
    this.byPrecedence = [...this.operationsList].sort((a, b) => b.specificity - a.specificity);
    if (options.errorSchema)
      this.errorValidator = ajv.compile(rewriteRefs(options.errorSchema) as object);
  }

  static load(file: string, options: OpenApiContractOptions = {}): OpenApiContract {
    return OpenApiContract.parse(readFileSync(file, 'utf8'), options);
  }

  /** From the document's YAML (or JSON) text. */
  static parse(text: string, options: OpenApiContractOptions = {}): OpenApiContract {
    return new OpenApiContract(load(text) as OpenApiDocument, options);
  }

  /** Every operation of the contract. */
  operations(): ContractOperation[] {
    return this.operationsList.map(({ operationId, method, template }) => ({
      operationId,
      method,
      template,
    }));
  }

  /** The operation a request names, if the contract has it. */
  match(method: string, path: string): ContractOperation | undefined {
    const upper = method.toUpperCase();
    return this.byPrecedence.find((op) => op.method === upper && op.pattern.test(path));
  }

  check(observed: ObservedResponse): ConformanceResult {
    const operation = this.byPrecedence.find(
      (op) => op.method === observed.method.toUpperCase() && op.pattern.test(observed.path),
    );
    const problems: string[] = [];
    const result = (): ConformanceResult => ({
      operation: operation && strip(operation),
      // Items of a list fail alike: one line per distinct problem.
      problems: [...new Set(problems.map((p) => p.replace(/^\/items\/\d+/, '/items/*')))],
    });
    if (observed.status >= 400) {
      problems.push(...this.checkError(observed));
      return result();
    }
    if (!operation) return result();

    const status = this.documentedStatus(operation, observed);
    const expected = status === undefined ? undefined : operation.responses.get(status);
    if (!expected) {
      const listed = [...operation.responses.keys()].join(', ');
      problems.push(`status ${observed.status} is not one the contract lists (${listed})`);
      return result();
    }
    if (expected === 'empty') {
      if (observed.bodyLength > 0 && observed.method.toUpperCase() !== 'HEAD') {
        problems.push(
          `the contract documents no body for ${status}, got ${observed.bodyLength} bytes`,
        );
      }
      return result();
    }
    if (!observed.contentType?.startsWith('application/json')) {
      problems.push(`content type ${observed.contentType ?? '(none)'}, expected application/json`);
    }
    if (observed.body === undefined) {
      problems.push('no JSON body');
      return result();
    }
    problems.push(...this.describe(expected, observed.body, ''));
    const items = (observed.body as { items?: unknown })?.items;
    const itemSchema = operation.items;
    if (itemSchema && Array.isArray(items)) {
      items.forEach((item, index) => {
        problems.push(...this.describe(itemSchema, item, `/items/${index}`));
      });
    }
    return result();
  }

  private documentedStatus(op: CompiledOperation, observed: ObservedResponse): string | undefined {
    const own = String(observed.status);
    if (op.responses.has(own)) return own;
    const alias = this.options.statusAliases?.[op.method]?.[observed.status];
    return alias !== undefined && op.responses.has(String(alias)) ? String(alias) : undefined;
  }

  private checkError(observed: ObservedResponse): string[] {
    if (!this.errorValidator) return [];
    if (observed.method.toUpperCase() === 'HEAD') return [];
    if (observed.body === undefined) return [`error ${observed.status} without a JSON body`];
    return this.describe(this.errorValidator, observed.body, '');
  }

  private describe(validate: ValidateFunction, value: unknown, prefix: string): string[] {
    if (validate(value)) return [];
    const tolerated = this.options.tolerate ?? [];
    return (validate.errors ?? [])
      .filter(
        (error) =>
          !tolerated.some(
            (t) => t.keyword === error.keyword && t.at.test(`${prefix}${error.instancePath}`),
          ),
      )
      .map((error) => explain(error, prefix));
  }
}

function strip(op: CompiledOperation): ContractOperation {
  return { operationId: op.operationId, method: op.method, template: op.template };
}

/** `/v1/a/{id}/b` → /^\/v1\/a\/[^/]+\/b$/ */
function templatePattern(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) =>
      segment.startsWith('{') ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`);
}

/** Points the document's local `#/components/…` references at the registered contract. */
function rewriteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/')
        ? [key, `${SCHEMA_ID}${value}`]
        : [key, rewriteRefs(value)],
    ),
  );
}

function explain(error: ErrorObject, prefix: string): string {
  const at = `${prefix}${error.instancePath}` || '/';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return `${at}: field "${String(params.additionalProperty)}" is not in the contract`;
  }
  if (error.keyword === 'required') {
    return `${at}: required field "${String(params.missingProperty)}" is missing`;
  }
  return `${at}: ${error.message ?? error.keyword}`;
}
