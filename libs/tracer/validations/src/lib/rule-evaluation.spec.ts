import {
  RuleExpressionCompiler,
  type CompiledRule,
  type RuleActivation,
} from '@finplat/tracer-rules';
import { evaluateRules } from './rule-evaluation';

const compiler = new RuleExpressionCompiler();
const rule = (id: string, action: CompiledRule['action'], expression: string, scopes = []) => {
  const check = compiler.check(expression);
  if (!check.valid) throw new Error(check.reason);
  return { id, name: id, action, scopes, program: check.program } as CompiledRule;
};
const activation = (amount: number): RuleActivation => ({
  transactionType: 'CARD',
  subType: 'debit',
  currency: 'USD',
  amount,
  transactionTimestamp: 0n,
  account: {},
  segment: {},
  portfolio: {},
  merchant: {},
  metadata: {},
});
const facts = { accountId: 'a', transactionType: 'CARD' as const, subType: 'debit' };

describe('evaluateRules', () => {
  it('should let DENY beat REVIEW beat ALLOW and list every match', () => {
    const rules = [
      rule('allow', 'ALLOW', 'amount > 0.0'),
      rule('review', 'REVIEW', 'amount > 50.0'),
      rule('deny', 'DENY', 'amount > 100.0'),
    ];
    expect(evaluateRules(rules, facts, activation(10), 100)).toMatchObject({
      decision: 'ALLOW',
      matchedRuleIds: ['allow'],
    });
    expect(evaluateRules(rules, facts, activation(60), 100).decision).toBe('REVIEW');
    const denied = evaluateRules(rules, facts, activation(200), 100);
    expect(denied).toMatchObject({
      decision: 'DENY',
      matchedRuleIds: ['allow', 'review', 'deny'],
      evaluatedRuleIds: ['allow', 'review', 'deny'],
    });
    expect(denied.decidingRule?.id).toBe('deny');
  });

  it('should answer no decision when nothing matches', () => {
    const verdict = evaluateRules([rule('r', 'DENY', 'amount > 1.0')], facts, activation(0), 10);
    expect(verdict.decision).toBeUndefined();
    expect(verdict.matchedRuleIds).toEqual([]);
  });

  it('should skip rules out of scope before evaluating them', () => {
    const rules = [
      rule('other', 'DENY', 'true', [{ accountId: 'b' }] as never),
      rule('mine', 'REVIEW', 'true', [{ accountId: 'a', subType: 'debit' }] as never),
    ];
    expect(evaluateRules(rules, facts, activation(1), 10)).toMatchObject({
      decision: 'REVIEW',
      evaluatedRuleIds: ['mine'],
    });
  });

  it('should evaluate at most maxRules and say it truncated', () => {
    const rules = ['a', 'b', 'c'].map((id) => rule(id, 'ALLOW', 'true'));
    expect(evaluateRules(rules, facts, activation(1), 2)).toMatchObject({
      evaluatedRuleIds: ['a', 'b'],
      totalRulesLoaded: 3,
      truncated: true,
    });
  });
});
