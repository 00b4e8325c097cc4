import { formatDate } from './dates';
import { escapeHtml, FILTERS, type FilterContext } from './filters';
import { childrenOf, isNode, TemplateSyntaxError, type AstNode, type TagNode } from './parse';
import {
  compare,
  D,
  describe,
  DIVISION_DECIMALS,
  equals,
  isDecimal,
  isNumeric,
  isRecord,
  lookup,
  nestedField,
  SafeString,
  stripZeros,
  TemplateRenderError,
  toDecimal,
  toDecimalOrUndefined,
  toText,
  truthy,
  type Dec,
} from './values';

export interface RenderLimits {
  /** Most items a custom tag or filter may walk (Reporter caps them at 100,000). */
  maxItemsPerTag: number;
  /** Wall-clock budget of one render. */
  timeoutMs: number;
  /** Most characters one render may write. */
  maxOutputChars: number;
}

export const DEFAULT_LIMITS: RenderLimits = {
  maxItemsPerTag: 100_000,
  timeoutMs: 60_000,
  maxOutputChars: 512 * 1024 * 1024,
};

export interface RenderOptions extends Partial<RenderLimits> {
  /** Escape HTML in printed values (HTML, XML and PDF output). */
  autoescape?: boolean;
  /** The instant `date_time` prints; the render's start by default. */
  now?: Date;
  /** Receives the output in chunks as it is produced; without it render() returns it all. */
  write?: (chunk: string) => void;
}

/** Node types the interpreter runs; anything else is refused when the template is checked. */
const SUPPORTED = new Set([
  'Root',
  'NodeList',
  'Output',
  'TemplateData',
  'Literal',
  'Symbol',
  'Group',
  'Array',
  'Dict',
  'Pair',
  'LookupVal',
  'If',
  'IfAsync',
  'InlineIf',
  'For',
  'AsyncEach',
  'AsyncAll',
  'Macro',
  'FunCall',
  'Filter',
  'KeywordArgs',
  'Block',
  'Set',
  'Switch',
  'Case',
  'Capture',
  'In',
  'Is',
  'Or',
  'And',
  'Not',
  'Add',
  'Concat',
  'Sub',
  'Mul',
  'Div',
  'FloorDiv',
  'Mod',
  'Pow',
  'Neg',
  'Pos',
  'Compare',
  'CompareOperand',
  'ReporterTag',
]);
const UNSUPPORTED_REASON: Record<string, string> = {
  Extends: 'template inheritance ({% extends %}) is not supported',
  Include: '{% include %} is not supported: a template is one file',
  Import: '{% import %} is not supported: a template is one file',
  FromImport: '{% from … import %} is not supported: a template is one file',
  Caller: '{% call %} is not supported',
  Super: 'super() is not supported',
  CallExtension: 'this tag is not supported',
  CallExtensionAsync: 'this tag is not supported',
  FilterAsync: 'asynchronous filters are not supported',
};
const FUNCTIONS = new Set(['filter', 'range']);
const MAX_RANGE = 100_000;
const MAX_CALL_DEPTH = 64;
const MAX_POW_EXPONENT = 10_000;
const CHECK_EVERY = 1024;

/**
 * Checks a parsed template for what the interpreter refuses (unknown filters, functions,
 * tests, tags it does not run, regular expression literals) and turns number literals into
 * exact decimals read from the source text (the parser reads them as floats).
 */
export function prepareTemplate(root: AstNode, source: string): void {
  const lines = source.split('\n');
  const visit = (node: AstNode | undefined | null): void => {
    if (!node) return;
    const at = (reason: string) =>
      new TemplateSyntaxError(reason, (node.lineno ?? 0) + 1, (node.colno ?? 0) + 1);
    if (!SUPPORTED.has(node.typename)) {
      throw at(UNSUPPORTED_REASON[node.typename] ?? `${node.typename} is not supported`);
    }
    if (node.typename === 'Literal') {
      const value = node['value'];
      if (value instanceof RegExp) throw at('regular expression literals are not supported');
      if (typeof value === 'number') node['value'] = literalDecimal(lines, node, value);
      return;
    }
    if (node.typename === 'Filter') {
      const name = String((node['name'] as AstNode)['value']);
      if (!Object.prototype.hasOwnProperty.call(FILTERS, name)) throw at(`unknown filter: ${name}`);
    }
    if (node.typename === 'Is') {
      const test = node['right'] as AstNode;
      const name = String(
        (test.typename === 'FunCall' ? (test['name'] as AstNode) : test)['value'],
      );
      if (!Object.prototype.hasOwnProperty.call(TESTS, name)) throw at(`unknown test: ${name}`);
      visit(node['left'] as AstNode);
      if (test.typename === 'FunCall') visit(test['args'] as AstNode);
      return;
    }
    if (node.typename === 'ReporterTag') {
      const tag = node as TagNode;
      for (const part of [
        tag.collection,
        tag.field,
        tag.condition,
        tag.expression,
        tag.groupBy,
        tag.orderBy,
        tag.body,
      ])
        visit(part);
      tag.keys?.forEach(visit);
      tag.bindings?.forEach((binding) => visit(binding.value));
      return;
    }
    for (const field of node.fields) {
      const value = node[field];
      if (isNode(value)) visit(value);
      else if (Array.isArray(value)) value.filter(isNode).forEach(visit);
    }
  };
  visit(root);
}

/** The literal exactly as written: `0.1` stays 0.1, not the float nearest to it. */
function literalDecimal(lines: string[], node: AstNode, parsed: number): Dec {
  const line = lines[node.lineno ?? -1];
  const raw = line
    ? /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(line.slice(node.colno ?? 0))?.[0]
    : undefined;
  return new D(raw ?? String(parsed));
}

// ---------------------------------------------------------------------------------------------

class Macro {
  constructor(
    readonly name: string,
    readonly params: { name: string; fallback?: AstNode }[],
    readonly body: AstNode,
    readonly closure: Frame,
  ) {}
}

/** Variables of one scope; `row` makes a data row's fields visible as bare names. */
class Frame {
  private readonly vars = new Map<string, unknown>();
  constructor(
    readonly parent?: Frame,
    private readonly row?: unknown,
  ) {}

  get(name: string): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    for (let frame: Frame | undefined = this; frame; frame = frame.parent) {
      if (frame.vars.has(name)) return frame.vars.get(name);
      if (frame.row !== undefined) {
        const value = lookup(frame.row, name);
        if (value !== undefined) return value;
      }
    }
    return undefined;
  }

  set(name: string, value: unknown): void {
    this.vars.set(name, value);
  }
}

class Output {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink?: (chunk: string) => void) {}
  written = 0;

  write(text: string, limit: number): void {
    if (!text) return;
    this.written += text.length;
    if (this.written > limit) {
      throw new TemplateRenderError(`the report exceeds the output limit of ${limit} characters`);
    }
    this.parts.push(text);
    this.size += text.length;
    if (this.sink && this.size >= 64 * 1024) this.flush();
  }

  flush(): void {
    if (!this.sink || this.parts.length === 0) return;
    this.sink(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  text(): string {
    return this.parts.join('');
  }
}

type Test = (value: unknown, args: unknown[]) => boolean;
const TESTS: Record<string, Test> = {
  defined: (v) => v !== undefined,
  undefined: (v) => v === undefined,
  none: (v) => v === null || v === undefined,
  null: (v) => v === null || v === undefined,
  number: (v) => isNumeric(v) && typeof v !== 'string',
  numeric: (v) => isNumeric(v),
  string: (v) => typeof v === 'string' || v instanceof SafeString,
  iterable: (v) => Array.isArray(v) || typeof v === 'string',
  mapping: (v) => isRecord(v),
  even: (v) => toDecimal(v).mod(2).isZero(),
  odd: (v) => !toDecimal(v).mod(2).isZero(),
  divisibleby: (v, [by]) => toDecimal(v).mod(toDecimal(by)).isZero(),
  truthy: (v) => truthy(v),
  falsy: (v) => !truthy(v),
  eq: (v, [o]) => equals(v, o),
  equalto: (v, [o]) => equals(v, o),
  ne: (v, [o]) => !equals(v, o),
  lt: (v, [o]) => compare(v, o) < 0,
  gt: (v, [o]) => compare(v, o) > 0,
  le: (v, [o]) => compare(v, o) <= 0,
  ge: (v, [o]) => compare(v, o) >= 0,
};

/**
 * Runs a prepared template over data. Only data is reachable: names resolve to template
 * variables or to the data's own keys (values.lookup); the only callables are the filters,
 * tests and tags of this engine and the template's own macros.
 */
export class Interpreter {
  private readonly limits: RenderLimits;
  private readonly deadline: number;
  private readonly autoescape: boolean;
  private readonly now: Date;
  private readonly filterContext: FilterContext;
  private readonly counters = new Map<string, number>();
  private steps = 0;
  private depth = 0;
  /** Inside `calc`, a missing operand counts as 0 (as in Reporter). */
  private calc = 0;
  private out: Output;

  constructor(options: RenderOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...definedOnly(options) };
    this.deadline = Date.now() + this.limits.timeoutMs;
    this.autoescape = options.autoescape ?? false;
    this.now = options.now ?? new Date();
    this.filterContext = { maxItems: this.limits.maxItemsPerTag };
    this.out = new Output(options.write);
  }

  run(root: AstNode, data: Record<string, unknown>): string {
    const global = new Frame(undefined, data);
    try {
      this.render(root, new Frame(global));
    } catch (error) {
      if (error instanceof RangeError)
        throw new TemplateRenderError('the template nests too deeply');
      throw error;
    }
    this.out.flush();
    return this.out.text();
  }

  private tick(): void {
    if (++this.steps % CHECK_EVERY === 0 && Date.now() > this.deadline) {
      throw new TemplateRenderError(
        `the render took longer than its limit of ${this.limits.timeoutMs} ms`,
      );
    }
  }

  private emit(value: unknown): void {
    const text =
      value instanceof SafeString || !this.autoescape ? toText(value) : escapeHtml(toText(value));
    this.out.write(text, this.limits.maxOutputChars);
  }

  private render(node: AstNode | undefined | null, frame: Frame): void {
    if (!node) return;
    this.tick();
    switch (node.typename) {
      case 'Root':
      case 'NodeList':
      case 'Output':
        for (const child of childrenOf(node)) {
          if (child.typename === 'TemplateData') {
            this.out.write(String(child['value']), this.limits.maxOutputChars);
          } else if (isStatement(child)) {
            this.render(child, frame);
          } else {
            this.emit(this.evaluate(child, frame));
          }
        }
        return;
      case 'If':
      case 'IfAsync':
        if (truthy(this.evaluate(node['cond'] as AstNode, frame)))
          this.render(node['body'] as AstNode, frame);
        else this.render(node['else_'] as AstNode, frame);
        return;
      case 'For':
      case 'AsyncEach':
      case 'AsyncAll':
        return this.renderFor(node, frame);
      case 'Set':
        return this.renderSet(node, frame);
      case 'Macro':
        return this.defineMacro(node, frame);
      case 'Block':
        return this.render(node['body'] as AstNode, frame);
      case 'Switch': {
        const value = this.evaluate(node['expr'] as AstNode, frame);
        for (const option of (node['cases'] as AstNode[]) ?? []) {
          if (equals(value, this.evaluate(option['cond'] as AstNode, frame))) {
            return this.render(option['body'] as AstNode, frame);
          }
        }
        return this.render(node['default'] as AstNode, frame);
      }
      case 'ReporterTag':
        return this.renderTag(node as TagNode, frame);
      default:
        this.emit(this.evaluate(node, frame));
    }
  }

  private renderFor(node: AstNode, frame: Frame): void {
    const items = this.evaluate(node['arr'] as AstNode, frame);
    const name = node['name'] as AstNode;
    let entries: unknown[];
    if (items === undefined || items === null) entries = [];
    else if (Array.isArray(items)) entries = items;
    else if (isRecord(items)) entries = Object.keys(items).map((key) => [key, items[key]]);
    else if (typeof items === 'string') entries = Array.from(items);
    else throw new TemplateRenderError(`cannot loop over ${describe(items)}`);
    if (entries.length === 0) return this.render(node['else_'] as AstNode, frame);
    const inner = new Frame(frame);
    const names =
      name.typename === 'Array'
        ? childrenOf(name).map((n) => String(n['value']))
        : [String(name['value'])];
    const length = entries.length;
    for (let index = 0; index < length; index += 1) {
      const entry = entries[index];
      if (names.length === 1) inner.set(names[0], entry);
      else
        names.forEach((n, i) => inner.set(n, Array.isArray(entry) ? entry[i] : lookup(entry, n)));
      const loop = Object.assign(Object.create(null), {
        index: index + 1,
        index0: index,
        revindex: length - index,
        revindex0: length - index - 1,
        first: index === 0,
        last: index === length - 1,
        length,
      });
      inner.set('loop', loop);
      inner.set(
        'forloop',
        Object.assign(Object.create(null), {
          Counter: index + 1,
          Counter0: index,
          Revcounter: length - index,
          Revcounter0: length - index - 1,
          First: index === 0,
          Last: index === length - 1,
        }),
      );
      this.render(node['body'] as AstNode, inner);
    }
  }

  private renderSet(node: AstNode, frame: Frame): void {
    let value: unknown;
    if (node['value']) value = this.evaluate(node['value'] as AstNode, frame);
    else value = this.capture(((node['body'] as AstNode)?.['body'] as AstNode) ?? null, frame);
    for (const target of (node['targets'] as AstNode[]).filter(isNode))
      frame.set(String(target['value']), value);
  }

  private capture(body: AstNode | null, frame: Frame): SafeString {
    const saved = this.out;
    this.out = new Output();
    this.out.written = saved.written;
    try {
      this.render(body, frame);
      return new SafeString(this.out.text());
    } finally {
      saved.written = this.out.written;
      this.out = saved;
    }
  }

  private defineMacro(node: AstNode, frame: Frame): void {
    const name = String((node['name'] as AstNode)['value']);
    const params: { name: string; fallback?: AstNode }[] = [];
    for (const arg of childrenOf(node['args'] as AstNode)) {
      if (arg.typename === 'KeywordArgs') {
        for (const pair of childrenOf(arg)) {
          params.push({
            name: String((pair['key'] as AstNode)['value']),
            fallback: pair['value'] as AstNode,
          });
        }
      } else {
        params.push({ name: String(arg['value']) });
      }
    }
    frame.set(name, new Macro(name, params, node['body'] as AstNode, frame));
  }

  private renderTag(node: TagNode, frame: Frame): void {
    switch (node.tag) {
      case 'sum_by':
      case 'avg_by':
      case 'min_by':
      case 'max_by':
      case 'count_by':
        return this.emit(this.aggregate(node, frame));
      case 'calc': {
        this.calc += 1;
        try {
          const value = this.evaluate(node.expression as AstNode, frame);
          return this.emit(stripZeros(toDecimal(value ?? 0, 'calc result')));
        } finally {
          this.calc -= 1;
        }
      }
      case 'date_time':
        return this.emit(
          formatDate(this.now, toText(this.evaluate(node.expression as AstNode, frame))),
        );
      case 'counter': {
        for (const key of node.keys ?? []) {
          const name = toText(this.evaluate(key, frame));
          this.counters.set(name, (this.counters.get(name) ?? 0) + 1);
        }
        return;
      }
      case 'counter_show': {
        let total = 0;
        for (const key of node.keys ?? [])
          total += this.counters.get(toText(this.evaluate(key, frame))) ?? 0;
        return this.emit(String(total));
      }
      case 'last_item_by_group':
        frame.set(node.target as string, this.lastItemByGroup(node, frame));
        return;
      case 'with': {
        const inner = new Frame(frame);
        for (const { name, value } of node.bindings ?? [])
          inner.set(name, this.evaluate(value, frame));
        return this.render(node.body, inner);
      }
    }
  }

  private rowsOf(node: TagNode, frame: Frame): unknown[] {
    const value = this.evaluate(node.collection as AstNode, frame);
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value))
      throw new TemplateRenderError(`${node.tag} expects a list; got ${describe(value)}`);
    if (value.length > this.limits.maxItemsPerTag) {
      throw new TemplateRenderError(
        `${node.tag}: a collection of ${value.length} items exceeds the limit of ${this.limits.maxItemsPerTag}`,
      );
    }
    const condition = node.condition;
    if (!condition) return value;
    return value.filter((row) => {
      this.tick();
      return truthy(this.evaluate(condition, new Frame(frame, row)));
    });
  }

  private aggregate(node: TagNode, frame: Frame): string {
    const rows = this.rowsOf(node, frame);
    if (node.tag === 'count_by') return String(rows.length);
    const field = toText(this.evaluate(node.field as AstNode, frame));
    let total = new D(0);
    let count = 0;
    let best: Dec | undefined;
    for (const row of rows) {
      const value = toDecimalOrUndefined(nestedField(row, field));
      if (!value) continue;
      count += 1;
      total = total.plus(value);
      if (
        best === undefined ||
        (node.tag === 'min_by' && value.lessThan(best)) ||
        (node.tag === 'max_by' && value.greaterThan(best))
      ) {
        best = value;
      }
    }
    switch (node.tag) {
      case 'sum_by':
        return stripZeros(total);
      case 'avg_by':
        return count === 0 ? '0' : stripZeros(total.div(count).toDecimalPlaces(DIVISION_DECIMALS));
      default:
        return best === undefined ? '0' : stripZeros(best);
    }
  }

  private lastItemByGroup(node: TagNode, frame: Frame): unknown[] {
    const rows = this.rowsOf(node, frame);
    const groupFields = toText(this.evaluate(node.groupBy as AstNode, frame))
      .split(',')
      .map((field) => field.trim())
      .filter(Boolean);
    const orderField = toText(this.evaluate(node.orderBy as AstNode, frame));
    const latest = new Map<string, unknown>();
    for (const row of rows) {
      const key = JSON.stringify(groupFields.map((field) => toText(nestedField(row, field))));
      const current = latest.get(key);
      const order = nestedField(row, orderField);
      if (
        current === undefined ||
        order === undefined ||
        compare(order, nestedField(current, orderField) ?? order) >= 0
      ) {
        latest.set(key, row);
      }
    }
    return [...latest.values()];
  }

  // --- expressions ---------------------------------------------------------------------------

  evaluate(node: AstNode, frame: Frame): unknown {
    this.tick();
    switch (node.typename) {
      case 'Literal':
        return node['value'];
      case 'Symbol':
        return frame.get(String(node['value']));
      case 'LookupVal':
        return lookup(
          this.evaluate(node['target'] as AstNode, frame),
          this.evaluate(node['val'] as AstNode, frame),
        );
      case 'Group': {
        let value: unknown;
        for (const child of childrenOf(node)) value = this.evaluate(child, frame);
        return value;
      }
      case 'Array':
        return childrenOf(node).map((child) => this.evaluate(child, frame));
      case 'Dict': {
        const dict: Record<string, unknown> = Object.create(null);
        for (const pair of childrenOf(node)) {
          const key = pair['key'] as AstNode;
          const name =
            key.typename === 'Symbol' ? String(key['value']) : toText(this.evaluate(key, frame));
          if (name === '__proto__') continue;
          dict[name] = this.evaluate(pair['value'] as AstNode, frame);
        }
        return dict;
      }
      case 'InlineIf':
        return truthy(this.evaluate(node['cond'] as AstNode, frame))
          ? this.evaluate(node['body'] as AstNode, frame)
          : node['else_']
            ? this.evaluate(node['else_'] as AstNode, frame)
            : undefined;
      case 'Or': {
        const left = this.evaluate(node['left'] as AstNode, frame);
        return truthy(left) ? left : this.evaluate(node['right'] as AstNode, frame);
      }
      case 'And': {
        const left = this.evaluate(node['left'] as AstNode, frame);
        return truthy(left) ? this.evaluate(node['right'] as AstNode, frame) : left;
      }
      case 'Not':
        return !truthy(this.evaluate(node['target'] as AstNode, frame));
      case 'In':
        return contains(
          this.evaluate(node['right'] as AstNode, frame),
          this.evaluate(node['left'] as AstNode, frame),
        );
      case 'Is': {
        const test = node['right'] as AstNode;
        const name = String(
          (test.typename === 'FunCall' ? (test['name'] as AstNode) : test)['value'],
        );
        const args =
          test.typename === 'FunCall'
            ? childrenOf(test['args'] as AstNode).map((a) => this.evaluate(a, frame))
            : [];
        return TESTS[name](this.evaluate(node['left'] as AstNode, frame), args);
      }
      case 'Compare':
        return this.compareChain(node, frame);
      case 'Add':
      case 'Sub':
      case 'Mul':
      case 'Div':
      case 'FloorDiv':
      case 'Mod':
      case 'Pow':
        return this.arithmetic(
          node.typename,
          this.evaluate(node['left'] as AstNode, frame),
          this.evaluate(node['right'] as AstNode, frame),
        );
      case 'Concat':
        return (
          toText(this.evaluate(node['left'] as AstNode, frame)) +
          toText(this.evaluate(node['right'] as AstNode, frame))
        );
      case 'Neg':
        return this.number(this.evaluate(node['target'] as AstNode, frame), 'negated value').neg();
      case 'Pos':
        return this.number(this.evaluate(node['target'] as AstNode, frame), 'value');
      case 'Filter':
        return this.filter(node, frame);
      case 'FunCall':
        return this.call(node, frame);
      default:
        throw new TemplateRenderError(`${node.typename} cannot be used as a value`);
    }
  }

  private compareChain(node: AstNode, frame: Frame): boolean {
    let left = this.evaluate(node['expr'] as AstNode, frame);
    for (const operand of (node['ops'] as AstNode[]) ?? []) {
      const right = this.evaluate(operand['expr'] as AstNode, frame);
      const type = String(operand['type']);
      let ok: boolean;
      switch (type) {
        case '==':
        case '===':
          ok = equals(left, right);
          break;
        case '!=':
        case '!==':
          ok = !equals(left, right);
          break;
        case '<':
          ok = compare(left, right) < 0;
          break;
        case '>':
          ok = compare(left, right) > 0;
          break;
        case '<=':
          ok = compare(left, right) <= 0;
          break;
        case '>=':
          ok = compare(left, right) >= 0;
          break;
        default:
          throw new TemplateRenderError(`unknown comparison ${type}`);
      }
      if (!ok) return false;
      left = right;
    }
    return true;
  }

  private number(value: unknown, what: string): Dec {
    if ((value === undefined || value === null || value === '') && this.calc > 0) return new D(0);
    return toDecimal(value, what);
  }

  private arithmetic(op: string, left: unknown, right: unknown): unknown {
    if (op === 'Add' && !this.calc && (isText(left) || isText(right)))
      return toText(left) + toText(right);
    const a = this.number(left, 'left operand');
    const b = this.number(right, 'right operand');
    switch (op) {
      case 'Add':
        return a.plus(b);
      case 'Sub':
        return a.minus(b);
      case 'Mul':
        return a.times(b);
      case 'Div':
        if (b.isZero()) throw new TemplateRenderError('division by zero');
        return a.div(b).toDecimalPlaces(DIVISION_DECIMALS);
      case 'FloorDiv':
        if (b.isZero()) throw new TemplateRenderError('division by zero');
        return a.div(b).floor();
      case 'Mod':
        if (b.isZero()) throw new TemplateRenderError('division by zero');
        return a.mod(b);
      default:
        if (!b.isInteger() || b.abs().greaterThan(MAX_POW_EXPONENT)) {
          throw new TemplateRenderError(
            `the exponent must be a whole number up to ${MAX_POW_EXPONENT}`,
          );
        }
        return a.pow(b);
    }
  }

  private filter(node: AstNode, frame: Frame): unknown {
    const name = String((node['name'] as AstNode)['value']);
    const [target, ...rest] = childrenOf(node['args'] as AstNode);
    const value = target ? this.evaluate(target, frame) : undefined;
    const args = rest
      .filter((arg) => arg.typename !== 'KeywordArgs')
      .map((arg) => this.evaluate(arg, frame));
    return FILTERS[name](value, args, this.filterContext);
  }

  private call(node: AstNode, frame: Frame): unknown {
    const callee = node['name'] as AstNode;
    const argNodes = childrenOf(node['args'] as AstNode);
    const positional = argNodes.filter((arg) => arg.typename !== 'KeywordArgs');
    const keywords = argNodes.find((arg) => arg.typename === 'KeywordArgs');
    const target =
      callee.typename === 'Symbol'
        ? frame.get(String(callee['value']))
        : this.evaluate(callee, frame);
    if (target instanceof Macro) return this.callMacro(target, positional, keywords, frame);
    const name = callee.typename === 'Symbol' ? String(callee['value']) : undefined;
    if (name && FUNCTIONS.has(name)) {
      const args = positional.map((arg) => this.evaluate(arg, frame));
      if (name === 'filter') {
        const [rows, field, expected] = args;
        return FILTERS['where'](rows, [field, expected], this.filterContext);
      }
      return range(args);
    }
    throw new TemplateRenderError(`${name ?? 'this value'} is not a function`);
  }

  private callMacro(
    macro: Macro,
    positional: AstNode[],
    keywords: AstNode | undefined,
    frame: Frame,
  ): SafeString {
    if (this.depth >= MAX_CALL_DEPTH)
      throw new TemplateRenderError(`macro ${macro.name} recurses too deeply`);
    const inner = new Frame(macro.closure);
    const named = new Map<string, AstNode>();
    for (const pair of childrenOf(keywords))
      named.set(String((pair['key'] as AstNode)['value']), pair['value'] as AstNode);
    macro.params.forEach((param, index) => {
      const given = positional[index] ?? named.get(param.name);
      if (given) inner.set(param.name, this.evaluate(given, frame));
      else if (param.fallback) inner.set(param.name, this.evaluate(param.fallback, inner));
    });
    this.depth += 1;
    try {
      return this.capture(macro.body, inner);
    } finally {
      this.depth -= 1;
    }
  }
}

const STATEMENTS = new Set([
  'If',
  'IfAsync',
  'For',
  'AsyncEach',
  'AsyncAll',
  'Set',
  'Macro',
  'Block',
  'Switch',
  'ReporterTag',
  'NodeList',
  'Output',
]);
const isStatement = (node: AstNode) => STATEMENTS.has(node.typename);

const isText = (value: unknown) =>
  value instanceof SafeString || (typeof value === 'string' && !isNumeric(value));

function contains(container: unknown, item: unknown): boolean {
  if (Array.isArray(container)) return container.some((entry) => equals(entry, item));
  if (typeof container === 'string' || container instanceof SafeString)
    return toText(container).includes(toText(item));
  if (isRecord(container)) return lookup(container, toText(item)) !== undefined;
  return false;
}

function range(args: unknown[]): Dec[] {
  const numbers = args.map((arg) => toDecimal(arg, 'range argument').toNumber());
  const [start, stop, step] =
    numbers.length === 1 ? [0, numbers[0], 1] : [numbers[0], numbers[1], numbers[2] ?? 1];
  if (!step) throw new TemplateRenderError('range step cannot be zero');
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (count > MAX_RANGE)
    throw new TemplateRenderError(`range of ${count} exceeds the limit of ${MAX_RANGE}`);
  return Array.from({ length: count }, (_v, i) => new D(start + i * step));
}

function definedOnly(options: RenderOptions): Partial<RenderLimits> {
  const limits: Partial<RenderLimits> = {};
  if (options.maxItemsPerTag !== undefined) limits.maxItemsPerTag = options.maxItemsPerTag;
  if (options.timeoutMs !== undefined) limits.timeoutMs = options.timeoutMs;
  if (options.maxOutputChars !== undefined) limits.maxOutputChars = options.maxOutputChars;
  return limits;
}

export { isDecimal };
