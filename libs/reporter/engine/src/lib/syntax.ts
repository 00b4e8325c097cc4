/**
 * Reporter templates are written in the Django/Pongo2 dialect that Lerian Reporter uses
 * (`{{ ds.table.0.field }}`, `{{ value|floatformat:2 }}`); this platform compiles them with
 * nunjucks. Two Pongo2 spellings that nunjucks does not parse are rewritten inside tags,
 * outside string literals, before parsing:
 *
 * - a numeric index after a dot: `organization.0.name` → `organization[0].name`
 * - a filter argument after a colon: `amount|floatformat:2` → `amount|floatformat(2)`
 *
 * Text outside `{{ }}` / `{% %}`, comments and `{% raw %}` blocks are left as they are, and
 * the rewrite never adds or removes a line, so line numbers in parser errors still match.
 * Everything else is nunjucks syntax. The renderer must compile the same rewritten source.
 */
export function toNunjucksSyntax(source: string): string {
  let out = '';
  let index = 0;
  while (index < source.length) {
    const open = nextTagStart(source, index);
    if (open === -1) {
      out += source.slice(index);
      break;
    }
    out += source.slice(index, open);
    const kind = source.slice(open, open + 2);
    if (kind === '{#') {
      const end = source.indexOf('#}', open + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(open, stop);
      index = stop;
      continue;
    }
    const closer = kind === '{{' ? '}}' : '%}';
    const end = findTagEnd(source, open + 2, closer);
    if (end === -1) {
      // Unterminated tag: leave the rest for the parser to report.
      out += source.slice(open);
      break;
    }
    const inner = source.slice(open + 2, end);
    out += kind + rewriteExpression(inner) + closer;
    index = end + 2;
    if (kind === '{%') {
      const raw = /^\s*-?\s*(raw|verbatim)\b/.exec(inner);
      if (raw) {
        const endTag = new RegExp(`\\{%-?\\s*end${raw[1]}\\s*-?%\\}`, 'g');
        endTag.lastIndex = index;
        const match = endTag.exec(source);
        const stop = match ? match.index : source.length;
        out += source.slice(index, stop);
        index = stop;
      }
    }
  }
  return out;
}

function nextTagStart(source: string, from: number): number {
  const candidates = ['{{', '{%', '{#']
    .map((token) => source.indexOf(token, from))
    .filter((position) => position !== -1);
  return candidates.length ? Math.min(...candidates) : -1;
}

/** Where `closer` ends the tag begun before `from`, skipping string literals; -1 if never. */
function findTagEnd(source: string, from: number, closer: string): number {
  let quote: string | undefined;
  for (let i = from; i < source.length; i += 1) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i += 1;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (source.startsWith(closer, i)) return i;
  }
  return -1;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*/;
const NUMBER = /^\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const STRING = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/s;
const DOT_INDEX = /^\.(\d+)(?![A-Za-z0-9_])/;

type Previous = 'operand' | 'pipe' | 'other';

/** Words that are operators, not values: a dot after them never indexes. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'if', 'else']);

/** Rewrites one tag's inside (see toNunjucksSyntax). */
export function rewriteExpression(code: string): string {
  let out = '';
  let i = 0;
  // What came last: an operand that can be indexed (`a`, `a[0]`, `f()`), a pipe, or other.
  let previous: Previous = 'other';
  while (i < code.length) {
    const rest = code.slice(i);
    const string = STRING.exec(rest);
    if (string) {
      out += string[0];
      i += string[0].length;
      previous = 'other';
      continue;
    }
    const identifier = IDENTIFIER.exec(rest);
    if (identifier) {
      const name = identifier[0];
      i += name.length;
      if (previous === 'pipe') {
        const argument = filterArgument(code, i);
        if (argument) {
          out += `${name}(${argument.text})`;
          i = argument.end;
          previous = 'operand';
          continue;
        }
      }
      out += name;
      previous = KEYWORDS.has(name) ? 'other' : 'operand';
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      out += number[0];
      i += number[0].length;
      previous = 'other';
      continue;
    }
    const dotIndex = previous === 'operand' ? DOT_INDEX.exec(rest) : null;
    if (dotIndex) {
      out += `[${dotIndex[1]}]`;
      i += dotIndex[0].length;
      continue;
    }
    const c = code[i];
    out += c;
    i += 1;
    if (c === ']' || c === ')') previous = 'operand';
    else if (c === '|') previous = 'pipe';
    // Blanks end an operand (`x if y else .5` keeps its number) but not a pipe (`a | f:1`).
    else if (previous !== 'pipe' || !/\s/.test(c)) previous = 'other';
  }
  return out;
}

/**
 * The Pongo2 filter argument after `:` at `from` (blanks allowed around the colon): a string,
 * a number or a dotted path. Returns it rewritten, or undefined when there is none.
 */
function filterArgument(code: string, from: number): { text: string; end: number } | undefined {
  const colon = /^\s*:(?!:)\s*/.exec(code.slice(from));
  if (!colon) return undefined;
  const start = from + colon[0].length;
  const rest = code.slice(start);
  const literal = STRING.exec(rest) ?? /^-?\d+(?:\.\d+)?/.exec(rest);
  if (literal) return { text: literal[0], end: start + literal[0].length };
  const path = /^[A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|\d+))*/.exec(rest);
  if (!path) return undefined;
  return { text: rewriteExpression(path[0]), end: start + path[0].length };
}
