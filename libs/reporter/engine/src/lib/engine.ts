import { Interpreter, prepareTemplate, type RenderOptions } from './interpreter';
import { extractMappedFields, type MappedFields } from './mapped-fields';
import { parseTemplate, type AstNode } from './parse';

/** The data a report renders: `{datasource: {table: rows}}`. */
export type TemplateData = Record<string, Record<string, unknown[]>>;

export interface TemplateAnalysis {
  /** The source as parsed (see toNunjucksSyntax). */
  source: string;
  mappedFields: MappedFields;
}

/** A checked template, ready to render any number of times. */
export class CompiledTemplate {
  constructor(
    private readonly root: AstNode,
    readonly source: string,
    readonly mappedFields: MappedFields,
  ) {}

  /**
   * Renders over data. Throws TemplateRenderError for data the template cannot handle (not
   * a number, division by zero, a collection over the cap, the time limit).
   */
  render(data: TemplateData, options: RenderOptions = {}): string {
    const context: Record<string, unknown> = Object.create(null);
    for (const [name, tables] of Object.entries(data)) {
      const own: Record<string, unknown> = Object.create(null);
      for (const [table, rows] of Object.entries(tables)) own[table] = rows;
      context[name] = own;
    }
    return new Interpreter(options).run(this.root, context);
  }
}

/**
 * Parses and checks a template (syntax, filters, tests and tags this engine runs). Throws
 * TemplateSyntaxError naming the line and column of the first problem.
 */
export function compileTemplate(template: string): CompiledTemplate {
  const { source, root } = parseTemplate(template);
  // Mapped fields are read before literals become decimals, on the tree as parsed.
  const mappedFields = extractMappedFields(root);
  prepareTemplate(root, source);
  return new CompiledTemplate(root, source, mappedFields);
}

/** What a template reads; throws TemplateSyntaxError when it does not compile. */
export function analyzeTemplate(template: string): TemplateAnalysis {
  const { source, mappedFields } = compileTemplate(template);
  return { source, mappedFields };
}
