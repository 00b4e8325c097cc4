import { RuleExpressionCompiler, RULE_EXPRESSION_VARIABLES } from './rule-expression.compiler';

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
