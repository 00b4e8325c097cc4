import { DEFAULT_TRACER_OPTIONS } from '@finplat/tracer-domain';
import {
  createRuleEnvironment,
  evaluateRule,
  RuleExpressionCompiler,
  RULE_EXPRESSION_VARIABLES,
} from './rule-expression.compiler';
import { estimateCost, MAX_COLLECTION_SIZE } from './rule-expression.cost';

const astOf = (expression: string) => createRuleEnvironment().parse(expression).ast;

describe('RuleExpressionCompiler', () => {
  const compiler = new RuleExpressionCompiler();

  it.each([
    'amount > 10000',
    'amount >= 100.5 && currency == "USD"',
    'size(merchant) > 0 && merchant["category"] == "5411" && amount > 5000',
    'transactionType == "CARD" && subType.lowerAscii() == "debit"',
    'account.type == "checking" || segment.name == "retail" || portfolio.x == 1',
    '"vip" in metadata && transactionTimestamp > 0',
    'true',
  ])('should accept the boolean expression %s', (expression) => {
    const result = compiler.check(expression);
    expect(result.valid).toBe(true);
    if (result.valid) expect(typeof result.program).toBe('function');
  });

  it('should compile a program that evaluation can run with the declared variables', () => {
    const result = compiler.check('amount > 100.0 && merchant["category"] == "5411"');
    if (!result.valid) throw new Error(result.reason);
    expect(result.program({ ...emptyContext(), amount: 150, merchant: { category: '5411' } })).toBe(
      true,
    );
    expect(result.program({ ...emptyContext(), amount: 50, merchant: { category: '5411' } })).toBe(
      false,
    );
  });

  it.each([
    ['amount >', 'Unexpected token: EOF'],
    ['amount > 1 && (', 'Unexpected token: EOF'],
    ['"unterminated', 'Unterminated string'],
  ])('should report a syntax error for %s', (expression, reason) => {
    const result = compiler.check(expression);
    expect(result).toMatchObject({ valid: false, failure: 'syntax', reason });
    if (!result.valid) expect(typeof result.position).toBe('number');
  });

  it.each([
    ['unknownVar > 1', 'Unknown variable: unknownVar'],
    ['amount + "x" > 1', 'no such overload: double + string'],
    ['currency > 5', 'no such overload'],
  ])('should report a type error for %s', (expression, reason) => {
    const result = compiler.check(expression);
    expect(result).toMatchObject({ valid: false, failure: 'type' });
    if (!result.valid) expect(result.reason).toContain(reason);
  });

  it.each([
    ['amount * 2.0', 'double'],
    ['currency', 'string'],
    ['transactionTimestamp', 'int'],
    ['metadata.flag', 'dyn'],
  ])('should refuse %s because it is not boolean-typed (%s)', (expression, type) => {
    const result = compiler.check(expression);
    expect(result).toMatchObject({ valid: false, failure: 'not-boolean' });
    if (!result.valid) expect(result.reason).toContain(`evaluates to ${type}`);
  });

  it('should declare the variables Tracer documents', () => {
    expect(Object.keys(RULE_EXPRESSION_VARIABLES).sort()).toEqual(
      [
        'account',
        'amount',
        'currency',
        'merchant',
        'metadata',
        'portfolio',
        'segment',
        'subType',
        'transactionTimestamp',
        'transactionType',
      ].sort(),
    );
  });
});

function emptyContext() {
  return {
    transactionType: 'CARD',
    subType: 'debit',
    currency: 'USD',
    amount: 0,
    transactionTimestamp: 0n,
    account: {},
    segment: {},
    portfolio: {},
    merchant: {},
    metadata: {},
  };
}

describe('CEL_COST_LIMIT', () => {
  it('should refuse an expression whose worst-case cost is above the limit', () => {
    const strict = new RuleExpressionCompiler({ ...DEFAULT_TRACER_OPTIONS, celCostLimit: 50 });
    expect(strict.check('amount > 1.0').valid).toBe(true);
    const result = strict.check('metadata.all(k, metadata[k] != "x")');
    expect(result).toMatchObject({ valid: false, failure: 'cost' });
    if (!result.valid) expect(result.reason).toContain('CEL_COST_LIMIT 50');
  });

  it('should weigh comprehensions by the largest collection and nest them', () => {
    const flat = estimateCost(astOf('amount > 1.0'));
    const loop = estimateCost(astOf('metadata.exists(k, k == "a")'));
    const nested = estimateCost(astOf('metadata.exists(k, metadata.exists(j, j == k))'));
    expect(flat).toBe(3);
    expect(loop).toBeGreaterThan(MAX_COLLECTION_SIZE);
    expect(nested).toBeGreaterThan(MAX_COLLECTION_SIZE * MAX_COLLECTION_SIZE);
  });

  it('should keep the default limit permissive for ordinary rules', () => {
    const compiler = new RuleExpressionCompiler();
    expect(
      compiler.check('size(merchant) > 0 && merchant["category"] == "5411" && amount > 5000.0')
        .valid,
    ).toBe(true);
    expect(compiler.check('metadata.exists(k, k.startsWith("risk"))').valid).toBe(true);
    expect(
      compiler.check('metadata.exists(k, metadata.exists(j, metadata.exists(i, i == j)))'),
    ).toMatchObject({ valid: false, failure: 'cost' });
  });
});

describe('evaluateRule', () => {
  it('should treat a runtime error (a missing key) as no match', () => {
    const result = new RuleExpressionCompiler().check('merchant["category"] == "5411"');
    if (!result.valid) throw new Error(result.reason);
    expect(evaluateRule(result.program, { ...emptyContext(), merchant: {} })).toEqual({
      matched: false,
      error: expect.stringContaining('No such key'),
    });
    expect(
      evaluateRule(result.program, { ...emptyContext(), merchant: { category: '5411' } }),
    ).toEqual({ matched: true });
  });
});
