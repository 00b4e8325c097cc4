import * as nunjucks from 'nunjucks';
import { toNunjucksSyntax } from './syntax';

/**
 * A node of nunjucks' parse tree. nunjucks exports its parser and AST (untyped in
 * @types/nunjucks); this engine uses them and nothing else of nunjucks: templates are never
 * compiled to JavaScript, they are interpreted (interpreter.ts), so no template can reach a
 * prototype, a global or the process.
 */
export interface AstNode {
  typename: string;
  fields: string[];
  lineno?: number;
  colno?: number;
  [field: string]: unknown;
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

/** Reporter's custom tags (Pongo2 extensions of Lerian Reporter) and Pongo2's `with`. */
export const AGGREGATE_TAGS = ['sum_by', 'count_by', 'avg_by', 'min_by', 'max_by'] as const;
export const CUSTOM_TAGS = [
  ...AGGREGATE_TAGS,
  'calc',
  'date_time',
  'last_item_by_group',
  'counter',
  'counter_show',
  'with',
] as const;
export type CustomTagName = (typeof CUSTOM_TAGS)[number];

/**
 * One custom tag, parsed. Which parts are set depends on the tag:
 * - aggregates: `collection`, `field` (not count_by), optional `condition`
 * - calc, date_time: `expression`
 * - last_item_by_group: `collection`, `groupBy`, `orderBy`, optional `condition`, `target`
 * - counter, counter_show: `keys`
 * - with: `bindings` (name → expression) and `body`
 */
export interface TagNode extends AstNode {
  typename: 'ReporterTag';
  tag: CustomTagName;
  collection?: AstNode;
  field?: AstNode;
  condition?: AstNode;
  expression?: AstNode;
  groupBy?: AstNode;
  orderBy?: AstNode;
  target?: string;
  keys?: AstNode[];
  bindings?: { name: string; value: AstNode }[];
  body?: AstNode;
}

// The parts of nunjucks' Parser the custom tags use.
interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}
interface Parser {
  nextToken(): Token | null;
  peekToken(): Token | null;
  skipSymbol(name: string): boolean;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): AstNode;
  parseOr(): AstNode;
  parsePrimary(): AstNode;
  parseUntilBlocks(...names: string[]): AstNode;
  advanceAfterBlockEnd(name?: string): Token;
}
interface NunjucksInternals {
  parser: { parse(src: string, extensions?: unknown[], opts?: object): AstNode };
}

const BLOCK_END = 'block-end';
const SYMBOL = 'symbol';

function tagNode(tag: CustomTagName, token: Token, parts: Partial<TagNode>): TagNode {
  return {
    typename: 'ReporterTag',
    fields: [],
    tag,
    lineno: token.lineno,
    colno: token.colno,
    ...parts,
  };
}

/** `[if <condition>]` before the block end, or before `as` when `stopAtAs`. */
function optionalCondition(parser: Parser, stopAtAs = false): AstNode | undefined {
  if (!parser.skipSymbol('if')) return undefined;
  // `as` ends the condition of last_item_by_group; parseOr never consumes a bare symbol.
  return stopAtAs ? parser.parseOr() : parser.parseExpression();
}

function expectSymbol(parser: Parser, name: string, tag: string, token: Token): void {
  if (!parser.skipSymbol(name))
    parser.fail(`${tag}: expected "${name}"`, token.lineno, token.colno);
}

const parsers: Record<CustomTagName, (parser: Parser, token: Token) => TagNode> = {
  sum_by: (p, t) => aggregate(p, t, 'sum_by'),
  avg_by: (p, t) => aggregate(p, t, 'avg_by'),
  min_by: (p, t) => aggregate(p, t, 'min_by'),
  max_by: (p, t) => aggregate(p, t, 'max_by'),
  count_by: (p, t) => aggregate(p, t, 'count_by'),
  calc: (p, t) => tagNode('calc', t, { expression: p.parseExpression() }),
  date_time: (p, t) => tagNode('date_time', t, { expression: p.parseExpression() }),
  last_item_by_group: (p, t) => {
    const collection = p.parseOr();
    expectSymbol(p, 'group_by', 'last_item_by_group', t);
    const groupBy = p.parsePrimary();
    expectSymbol(p, 'order_by', 'last_item_by_group', t);
    const orderBy = p.parsePrimary();
    const condition = optionalCondition(p, true);
    expectSymbol(p, 'as', 'last_item_by_group', t);
    const name = p.nextToken();
    if (!name || name.type !== SYMBOL)
      throw p.fail('last_item_by_group: expected a name after "as"');
    return tagNode('last_item_by_group', t, {
      collection,
      groupBy,
      orderBy,
      condition,
      target: name.value,
    });
  },
  counter: (p, t) => tagNode('counter', t, { keys: keys(p, t, 'counter') }),
  counter_show: (p, t) => tagNode('counter_show', t, { keys: keys(p, t, 'counter_show') }),
  with: (p, t) => {
    const bindings: { name: string; value: AstNode }[] = [];
    const first = p.peekToken();
    // `{% with a = x b = y %}` or `{% with x as a %}`.
    while (p.peekToken()?.type !== BLOCK_END) {
      const start = p.peekToken();
      const value = p.parseOr();
      if (p.skipSymbol('as')) {
        const name = p.nextToken();
        if (!name || name.type !== SYMBOL) throw p.fail('with: expected a name after "as"');
        bindings.push({ name: name.value, value });
        continue;
      }
      if (value.typename !== 'Symbol' || !p.skipValue('operator', '=')) {
        p.fail('with: expected "name = value" or "value as name"', start?.lineno, start?.colno);
      }
      bindings.push({ name: String(value['value']), value: p.parseOr() });
    }
    if (bindings.length === 0) p.fail('with: expected a binding', first?.lineno, first?.colno);
    p.advanceAfterBlockEnd('with');
    const body = p.parseUntilBlocks('endwith');
    p.advanceAfterBlockEnd();
    return tagNode('with', t, { bindings, body });
  },
};

function aggregate(parser: Parser, token: Token, tag: CustomTagName): TagNode {
  const collection = parser.parseOr();
  let field: AstNode | undefined;
  if (tag !== 'count_by') {
    expectSymbol(parser, 'by', tag, token);
    field = parser.parsePrimary();
  }
  return tagNode(tag, token, { collection, field, condition: optionalCondition(parser) });
}

function keys(parser: Parser, token: Token, tag: string): AstNode[] {
  const list: AstNode[] = [];
  while (parser.peekToken() && parser.peekToken()?.type !== BLOCK_END) {
    list.push(parser.parsePrimary());
  }
  if (list.length === 0) parser.fail(`${tag}: expected a counter name`, token.lineno, token.colno);
  return list;
}

const extension = {
  tags: [...CUSTOM_TAGS],
  parse(parser: Parser): TagNode {
    const token = parser.nextToken() as Token;
    const node = parsers[token.value as CustomTagName](parser, token);
    // `with` consumed its body and end tag itself.
    if (node.tag !== 'with') parser.advanceAfterBlockEnd(token.value);
    return node;
  },
};

export interface ParsedTemplate {
  /** The source as parsed (see toNunjucksSyntax). */
  source: string;
  root: AstNode;
}

/** Parses a Reporter template; throws TemplateSyntaxError with the parser's message. */
export function parseTemplate(template: string): ParsedTemplate {
  const source = toNunjucksSyntax(template);
  try {
    const internals = nunjucks as unknown as NunjucksInternals;
    return { source, root: internals.parser.parse(source, [extension], {}) };
  } catch (error) {
    throw toSyntaxError(error);
  }
}

interface RawTemplateError {
  message: string;
  lineno?: number;
  colno?: number;
}

export function toSyntaxError(error: unknown): TemplateSyntaxError {
  if (error instanceof TemplateSyntaxError) return error;
  const raw = error as RawTemplateError;
  // nunjucks prettifies some errors: "(path) [Line 1, Column 2]\n  reason".
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

export const isNode = (value: unknown): value is AstNode =>
  typeof value === 'object' && value !== null && typeof (value as AstNode).typename === 'string';

export const childrenOf = (node: AstNode | undefined | null): AstNode[] =>
  node && Array.isArray(node['children']) ? (node['children'] as unknown[]).filter(isNode) : [];
