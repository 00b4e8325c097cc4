import { childrenOf, isNode, type AstNode, type TagNode } from './parse';

/** `{datasource: {table: [fields]}}`: what a template reads, as Reporter records it. */
export type MappedFields = Record<string, Record<string, string[]>>;

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
  /** Inside an aggregate tag's condition, bare names are columns of the collection's rows. */
  constructor(
    private readonly parent?: Scope,
    private readonly rowsOf?: DataRef,
  ) {}

  lookup(name: string): Binding | undefined {
    const bound = this.names.get(name) ?? this.parent?.lookup(name);
    if (bound) return bound;
    return this.rowsOf?.table && !this.rowsOf.column ? { ...this.rowsOf, column: name } : undefined;
  }

  bind(name: string, binding: Binding): void {
    this.names.set(name, binding);
  }
}

/** Reporter's filters that name a column in a string: `where("field:value")`, `sum("field")`. */
const FIELD_FILTERS: Partial<Record<string, (argument: string) => string[]>> = {
  where: (argument) => beforeColon(argument),
  count: (argument) => beforeColon(argument),
  sum: (argument) => (argument.trim() ? [argument.trim()] : []),
};

function beforeColon(argument: string): string[] {
  const index = argument.indexOf(':');
  return index > 0 ? [argument.slice(0, index).trim()] : [];
}

/** The string of a literal string node, if it is one. */
const literalString = (node: AstNode | undefined): string | undefined =>
  node?.typename === 'Literal' && typeof node['value'] === 'string' ? node['value'] : undefined;

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
        const columns = fieldsFromFilter(typeof name === 'string' ? name : '', args[0]);
        if (ref?.table) columns.forEach((column) => record(ref, column));
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

  const fieldsFromFilter = (name: string, argument: AstNode | undefined): string[] => {
    const extract = FIELD_FILTERS[name];
    const text = literalString(argument);
    return extract && text !== undefined ? extract(text) : [];
  };

  /** Columns named in a string literal (`"amount"`, `"account_id,route"`). */
  const recordNamed = (ref: DataRef | undefined, names: AstNode | undefined, scope: Scope) => {
    const text = literalString(names);
    if (text === undefined) return walk(names, scope);
    if (!ref?.table) return;
    for (const column of text.split(',')) {
      const name = column.trim().split('.')[0];
      if (name) record(ref, name);
    }
  };

  const walkTag = (node: TagNode, scope: Scope): void => {
    const ref = node.collection ? resolve(node.collection, scope) : undefined;
    record(ref);
    recordNamed(ref, node.field, scope);
    recordNamed(ref, node.groupBy, scope);
    recordNamed(ref, node.orderBy, scope);
    if (node.condition) walk(node.condition, new Scope(scope, ref));
    walk(node.expression, scope);
    node.keys?.forEach((key) => walk(key, scope));
    if (node.target) scope.bind(node.target, ref?.table ? { ...ref, column: undefined } : 'local');
    if (node.bindings) {
      const inner = new Scope(scope);
      for (const { name, value } of node.bindings) {
        const bound = resolve(value, scope);
        record(bound);
        inner.bind(name, bound ?? 'local');
      }
      walk(node.body, inner);
    }
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
        body.bind('forloop', 'local');
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
      case 'ReporterTag':
        walkTag(node as TagNode, scope);
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
