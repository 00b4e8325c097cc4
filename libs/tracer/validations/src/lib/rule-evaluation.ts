import { anyScopeMatches, type TransactionFacts } from '@finplat/tracer-domain';
import { evaluateRule, type CompiledRule, type RuleActivation } from '@finplat/tracer-rules';

export type Decision = 'ALLOW' | 'DENY' | 'REVIEW';

export interface RuleVerdict {
  /** The rules' decision, or undefined when none matched. */
  decision?: Decision;
  /** The first matching rule of the winning action, for the reason. */
  decidingRule?: CompiledRule;
  matchedRuleIds: string[];
  evaluatedRuleIds: string[];
  totalRulesLoaded: number;
  truncated: boolean;
}

const PRECEDENCE: readonly Decision[] = ['DENY', 'REVIEW', 'ALLOW'];

/**
 * Evaluates every active rule whose scopes admit the transaction (no priority, no short
 * circuit): DENY beats REVIEW beats ALLOW. At most `maxRules` rules are evaluated; beyond
 * that the verdict says `truncated`.
 */
export function evaluateRules(
  rules: readonly CompiledRule[],
  facts: TransactionFacts,
  activation: RuleActivation,
  maxRules: number,
): RuleVerdict {
  const inScope = rules.filter((rule) => anyScopeMatches(rule.scopes, facts));
  const evaluated = inScope.slice(0, maxRules);
  const matched = evaluated.filter((rule) => evaluateRule(rule.program, activation).matched);
  const decision = PRECEDENCE.find((action) => matched.some((rule) => rule.action === action));
  return {
    decision,
    decidingRule: decision ? matched.find((rule) => rule.action === decision) : undefined,
    matchedRuleIds: matched.map((rule) => rule.id),
    evaluatedRuleIds: evaluated.map((rule) => rule.id),
    totalRulesLoaded: rules.length,
    truncated: inScope.length > maxRules,
  };
}
