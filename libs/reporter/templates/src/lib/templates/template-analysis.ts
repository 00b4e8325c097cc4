import * as nunjucks from 'nunjucks';
import { toNunjucksSyntax } from './template-syntax';

/** `{datasource: {table: [fields]}}`: what a template reads, as Reporter records it. */
export type MappedFields = Record<string, Record<string, string[]>>;

export interface TemplateAnalysis {
  /** The source as nunjucks compiles it (see toNunjucksSyntax). */
  source: string;
  mappedFields: MappedFields;
}

/** The template does not parse; line and column are 1-based when the parser knows them. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(
      line !== undefined
        ? `Template syntax error at line ${line}, column ${column ?? 1}: ${reason}`
        : `Template syntax error: ${reason}`,
    );
    this.name = 'TemplateSyntaxError';
  }
}

// nunjucks' parser and AST are real, exported, but untyped in @types/nunjucks.
interface AstNode {
  typename: string;
  fields: string[];
  [field: string]: unknown;
}
interface NunjucksInternals {
  parser: { parse(src: string, extensions?: unknown[], opts?: object): AstNode };
}
interface RawTemplateError {
  message: string;
  lineno?: number;
  colno?: number;
}

/** The environment templates are checked with, as the renderer will use it. */
export function createTemplateEnvironment(): nunjucks.Environment {
  return new nunjucks.Environment(null, { autoescape: true });
}

const environment = createTemplateEnvironment();

/**
 * Parses and compiles a template, then lists the data it reads. Throws TemplateSyntaxError
 * with the parser's message when it does not parse.
 */
export function analyzeTemplate(template: string): TemplateAnalysis {
  const source = toNunjucksSyntax(template);
  let root: AstNode;
  try {
    const internals = nunjucks as unknown as NunjucksInternals;
    const extensions = (environment as unknown as { extensionsList?: unknown[] }).extensionsList;
    root = internals.parser.parse(source, extensions, {});
    // Compiling too catches what the compiler rejects after a successful parse.
    new nunjucks.Template(source, environment, 'template.tpl', true);
  } catch (error) {
    throw toSyntaxError(error);
  }
  return { source, mappedFields: extractMappedFields(root) };
}

function toSyntaxError(error: unknown): TemplateSyntaxError {
  const raw = error as RawTemplateError;
  // A compiler error comes prettified: "(path) [Line 1, Column 2]\n  reason".
  const text = String(raw?.message ?? error);
  const pretty = /^\(.*?\)(?: \[Line (\d+), Column (\d+)\])?\s*\n\s*([\s\S]*)$/.exec(text);
  if (pretty) {
    const [, line, column, reason] = pretty;
    return new TemplateSyntaxError(
      reason.trim(),
      line ? Number(line) : undefined,
      column ? Number(column) : undefined,
    );
  }
  return new TemplateSyntaxError(text.trim(), raw?.lineno, raw?.colno);
}

// ---------------------------------------------------------------------------------------------
// Mapped fields: a best-effort walk of the AST.

/** A place in the data: a data source, one of its tables, one column of that table. */
interface DataRef {
  datasource: string;
  table?: string;
  column?: string;
}

/** A name bound inside the template: either to data or to something local. */
type Binding = DataRef | 'local';

class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(private readonly parent?: Scope) {}

  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }

  bind(name: string, binding: Binding): void {
    this.names.set(name, binding);
  }
}

/** Reporter's filters that name a column in a string: `where("field:value")`, `sum("field")`. */
const FIELD_FILTERS: Record<string, (argument: string) => string | undefined> = {
  where: (argument) => beforeColon(argument),
  count: (argument) => beforeColon(argument),
  sum: (argument) => argument.trim() || undefined,
};

function beforeColon(argument: string): string | undefined {
  const index = argument.indexOf(':');
  return index > 0 ? argument.slice(0, index).trim() : undefined;
}

const isNode = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && typeof (value as AstNode).typename === 'string';

const childrenOf = (node: AstNode | undefined | null): AstNode[] =>
  node && Array.isArray(node['children']) ? (node['children'] as unknown[]).filter(isNode) : [];

/**
 * Lists the `datasource.table.field` references of a parsed template:
 * `{{ midaz_onboarding.organization.0.legal_name }}` reads `legal_name` of
 * `midaz_onboarding.organization`, and inside
 * `{% for row in midaz_transaction.transaction %}`, `{{ row.amount }}` reads `amount` of
 * `midaz_transaction.transaction`. Loop variables, `set` aliases, macro arguments and `loop`
 * are followed or ignored accordingly; numeric indexes are skipped; a column's nested keys
 * (JSON) count as the column.
 */
export function extractMappedFields(root: AstNode): MappedFields {
  const mapped: MappedFields = {};

  const record = (ref: DataRef | undefined, extraColumn?: string) => {
    if (!ref?.table) return;
    const tables = (mapped[ref.datasource] ??= {});
    const columns = (tables[ref.table] ??= []);
    for (const column of [ref.column, ref.column ? undefined : extraColumn]) {
      if (column && !columns.includes(column)) columns.push(column);
    }
  };

  /** Applies one lookup step (`.name`, `[0]`, `[expr]`) to a data reference. */
  const step = (ref: DataRef, key: string | number | undefined): DataRef | undefined => {
    if (ref.column) return ref; // nested keys of a column are the column
    if (!ref.table) return typeof key === 'string' ? { ...ref, table: key } : undefined;
    return typeof key === 'string' ? { ...ref, column: key } : ref; // an index picks a row
  };

  /** The data an expression denotes, if any; walks whatever else the expression contains. */
  const resolve = (node: AstNode, scope: Scope): DataRef | undefined => {
    switch (node.typename) {
      case 'Symbol': {
        const name = String(node['value']);
        const binding = scope.lookup(name);
        if (binding === 'local') return undefined;
        return binding ?? { datasource: name };
      }
      case 'LookupVal': {
        const target = resolve(node['target'] as AstNode, scope);
        const value = node['val'] as AstNode;
        let key: string | number | undefined;
        if (value.typename === 'Literal' && ['string', 'number'].includes(typeof value['value'])) {
          key = value['value'] as string | number;
          if (typeof key === 'string' && /^\d+$/.test(key)) key = Number(key);
        } else {
          walk(value, scope);
        }
        return target ? step(target, key) : undefined;
      }
      case 'Group': {
        const [only, ...others] = childrenOf(node);
        others.forEach((child) => walk(child, scope));
        return only ? resolve(only, scope) : undefined;
      }
      case 'Filter':
      case 'FilterAsync': {
        const [target, ...args] = childrenOf(node['args'] as AstNode);
        args.forEach((arg) => walk(arg, scope));
        const ref = target ? resolve(target, scope) : undefined;
        const name = (node['name'] as AstNode | undefined)?.['value'];
        const column = fieldFromFilter(typeof name === 'string' ? name : '', args[0]);
        if (ref?.table && column) record(ref, column);
        return ref;
      }
      case 'FunCall': {
        const callee = node['name'] as AstNode;
        const args = childrenOf(node['args'] as AstNode);
        // Reporter's filter(list, "field", value) keeps the rows of `list`.
        if (
          callee.typename === 'Symbol' &&
          callee['value'] === 'filter' &&
          !scope.lookup('filter')
        ) {
          const [list, field, ...rest] = args;
          rest.forEach((arg) => walk(arg, scope));
          const ref = list ? resolve(list, scope) : undefined;
          if (field?.typename === 'Literal' && typeof field['value'] === 'string') {
            record(ref, field['value']);
          } else if (field) {
            walk(field, scope);
          }
          return ref;
        }
        if (callee.typename !== 'Symbol') record(resolve(callee, scope));
        args.forEach((arg) => walk(arg, scope));
        return undefined;
      }
      default:
        walk(node, scope);
        return undefined;
    }
  };

  const fieldFromFilter = (name: string, argument: AstNode | undefined): string | undefined => {
    const extract = FIELD_FILTERS[name];
    if (!extract || argument?.typename !== 'Literal' || typeof argument['value'] !== 'string') {
      return undefined;
    }
    return extract(argument['value']);
  };

  const bindTargets = (target: AstNode, binding: Binding, scope: Scope) => {
    if (target.typename === 'Symbol') scope.bind(String(target['value']), binding);
    else childrenOf(target).forEach((child) => bindTargets(child, 'local', scope));
  };

  const walk = (node: AstNode | undefined | null, scope: Scope): void => {
    if (!node) return;
    switch (node.typename) {
      case 'Symbol':
      case 'LookupVal':
      case 'Filter':
      case 'FilterAsync':
      case 'FunCall':
      case 'Group':
        record(resolve(node, scope));
        return;
      case 'For':
      case 'AsyncEach':
      case 'AsyncAll': {
        const ref = resolve(node['arr'] as AstNode, scope);
        record(ref);
        const body = new Scope(scope);
        body.bind('loop', 'local');
        const name = node['name'] as AstNode;
        // `for row in ds.table` binds a row; `for k, v in …` unpacks something else.
        bindTargets(name, name.typename === 'Symbol' && ref?.table ? ref : 'local', body);
        walk(node['body'] as AstNode, body);
        walk(node['else_'] as AstNode, scope);
        return;
      }
      case 'Set': {
        const value = node['value'] as AstNode | null;
        const ref = value ? resolve(value, scope) : undefined;
        record(ref);
        walk(node['body'] as AstNode, scope);
        for (const target of (node['targets'] as unknown[]).filter(isNode)) {
          bindTargets(target, ref ?? 'local', scope);
        }
        return;
      }
      case 'Macro':
      case 'Caller': {
        const name = node['name'] as AstNode | undefined;
        if (name?.typename === 'Symbol') scope.bind(String(name['value']), 'local');
        const inner = new Scope(scope);
        for (const arg of childrenOf(node['args'] as AstNode)) {
          if (arg.typename === 'KeywordArgs') {
            for (const pair of childrenOf(arg)) {
              walk(pair['value'] as AstNode, scope);
              bindTargets(pair['key'] as AstNode, 'local', inner);
            }
          } else {
            bindTargets(arg, 'local', inner);
          }
        }
        walk(node['body'] as AstNode, inner);
        return;
      }
      case 'Is': {
        // `x is defined`: the right side names a test, not data.
        walk(node['left'] as AstNode, scope);
        const test = node['right'] as AstNode;
        if (test?.typename === 'FunCall')
          childrenOf(test['args'] as AstNode).forEach((a) => walk(a, scope));
        return;
      }
      case 'Pair':
        // Dict keys and keyword-argument names are not data.
        walk(node['value'] as AstNode, scope);
        return;
      case 'Import':
        walk(node['template'] as AstNode, scope);
        bindTargets(node['target'] as AstNode, 'local', scope);
        return;
      case 'FromImport':
        walk(node['template'] as AstNode, scope);
        for (const name of childrenOf(node['names'] as AstNode)) {
          bindTargets(name.typename === 'Pair' ? (name['value'] as AstNode) : name, 'local', scope);
        }
        return;
      case 'Block':
        walk(node['body'] as AstNode, scope);
        return;
      case 'Super':
      case 'Literal':
      case 'TemplateData':
        return;
      default:
        for (const field of node.fields) {
          const value = node[field];
          if (isNode(value)) walk(value, scope);
          else if (Array.isArray(value))
            value.filter(isNode).forEach((child) => walk(child, scope));
        }
    }
  };

  walk(root, new Scope());
  return mapped;
}
