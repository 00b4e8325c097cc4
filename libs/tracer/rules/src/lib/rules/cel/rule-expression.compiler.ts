import { Inject, Injectable, Optional } from '@nestjs/common';
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { DEFAULT_TRACER_OPTIONS, TRACER_OPTIONS, type TracerOptions } from '@finplat/tracer-domain';
import { estimateCost } from './rule-expression.cost';

/**
 * The variables a rule expression sees, as Tracer declares them. `amount` is a decimal
 * converted to double (prefer ranges to equality); `transactionTimestamp` is Unix
 * nanoseconds; absent contexts are empty maps.
 */
export const RULE_EXPRESSION_VARIABLES = {
  transactionType: 'string',
  subType: 'string',
  currency: 'string',
  amount: 'double',
  transactionTimestamp: 'int',
  account: 'map<string, dyn>',
  segment: 'map<string, dyn>',
  portfolio: 'map<string, dyn>',
  merchant: 'map<string, dyn>',
  metadata: 'map<string, dyn>',
} as const;

export type RuleExpressionVariable = keyof typeof RULE_EXPRESSION_VARIABLES;

/**
 * Why an expression was refused: it does not parse, does not type-check, is not a bool, or
 * could cost more than CEL_COST_LIMIT to evaluate.
 */
export type RuleExpressionFailure = 'syntax' | 'type' | 'not-boolean' | 'cost';

export type RuleExpressionCheck =
  | { valid: true; program: ParseResult }
  | {
      valid: false;
      failure: RuleExpressionFailure;
      /** The compiler's own words, e.g. "Unknown variable: foo". */
      reason: string;
      /** Offset in the expression where the problem starts, when the compiler knows it. */
      position?: number;
    };

/** Builds the one CEL environment of rule expressions. Creating it is costly: do it once. */
export function createRuleEnvironment(): Environment {
  const env = new Environment({ unlistedVariablesAreDyn: false });
  for (const [name, type] of Object.entries(RULE_EXPRESSION_VARIABLES)) {
    env.registerVariable(name, type);
  }
  return env;
}

function describe(error: unknown): { reason: string; position?: number } {
  const e = error as { summary?: string; message?: string; range?: { start: number } };
  return { reason: e.summary ?? e.message ?? String(error), position: e.range?.start };
}

/**
 * Compiles and type-checks rule expressions against the declared variables. A valid
 * expression is boolean-typed; its compiled program is what evaluation runs.
 */
@Injectable()
export class RuleExpressionCompiler {
  private readonly env = createRuleEnvironment();
  private readonly costLimit: number;

  constructor(@Optional() @Inject(TRACER_OPTIONS) options?: TracerOptions) {
    this.costLimit = (options ?? DEFAULT_TRACER_OPTIONS).celCostLimit;
  }

  check(expression: string): RuleExpressionCheck {
    let program: ParseResult;
    try {
      program = this.env.parse(expression);
    } catch (error) {
      return { valid: false, failure: 'syntax', ...describe(error) };
    }
    const result = program.check();
    if (!result.valid) {
      // The parser runs again inside check(); a parse failure there is still a syntax error.
      const failure = result.error?.name === 'ParseError' ? 'syntax' : 'type';
      return { valid: false, failure, ...describe(result.error) };
    }
    if (result.type !== 'bool') {
      return {
        valid: false,
        failure: 'not-boolean',
        reason: `the expression evaluates to ${result.type ?? 'an unknown type'}, not bool`,
      };
    }
    const cost = estimateCost(program.ast);
    if (cost > this.costLimit) {
      return {
        valid: false,
        failure: 'cost',
        reason: `its worst-case evaluation cost is ${cost}, above CEL_COST_LIMIT ${this.costLimit}`,
      };
    }
    return { valid: true, program };
  }
}

/** The values a rule expression sees for one transaction. */
export type RuleActivation = Record<RuleExpressionVariable, unknown>;

/**
 * Runs a compiled rule. A runtime error (a missing map key, a division by zero) means the
 * rule does not match: a rule cannot match on facts the transaction does not carry.
 */
export function evaluateRule(
  program: ParseResult,
  activation: RuleActivation,
): { matched: boolean; error?: string } {
  try {
    return { matched: program(activation) === true };
  } catch (error) {
    return { matched: false, error: (error as Error).message.split('\n')[0] };
  }
}
