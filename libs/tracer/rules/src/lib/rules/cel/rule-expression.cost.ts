import type { ASTNode } from '@marcbachmann/cel-js';

/**
 * Most elements a collection in a validation payload can hold: `metadata` is capped at 50
 * entries and context maps are small. Comprehensions iterate at most this many times.
 */
export const MAX_COLLECTION_SIZE = 100;

/** Macros whose body runs once per element of the target. */
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

/** Functions that walk a string (or compile a pattern) rather than doing one step. */
const STRING_WORK: Record<string, number> = {
  matches: 100,
  contains: 10,
  startsWith: 10,
  endsWith: 10,
};

type Node = { op: string; args: unknown };

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && 'op' in value && 'args' in value;

function childCost(args: unknown): number {
  if (isNode(args)) return costOf(args);
  if (Array.isArray(args)) return args.reduce((sum: number, arg) => sum + childCost(arg), 0);
  return 0;
}

function costOf(node: Node): number {
  if (node.op === 'rcall') {
    const [name, target, callArgs] = node.args as [string, Node, Node[]];
    if (COMPREHENSIONS.has(name)) {
      // The first argument names the iteration variable; the rest runs per element.
      const body = callArgs.slice(1).reduce((sum, arg) => sum + costOf(arg), 0);
      return 1 + costOf(target) + MAX_COLLECTION_SIZE * (1 + body);
    }
    return (STRING_WORK[name] ?? 1) + costOf(target) + childCost(callArgs);
  }
  if (node.op === 'call') {
    const [name, callArgs] = node.args as [string, Node[]];
    return (STRING_WORK[name] ?? 1) + childCost(callArgs);
  }
  return 1 + childCost(node.args);
}

/**
 * The worst-case evaluation cost of an expression: one unit per step, string scans and
 * regular expressions weighted, comprehension bodies multiplied by the largest collection
 * a payload can carry. cel-js has no runtime cost meter, so CEL_COST_LIMIT is enforced on
 * this bound when the rule is written, in the manner of cel-go's static cost estimate: an
 * expression that passes cannot cost more at evaluation time.
 */
export function estimateCost(ast: ASTNode): number {
  return costOf(ast as unknown as Node);
}
