import { DomainError } from '@finplat/platform';
import type { TableSchema } from './datasource-schema';
import { filterConditions, parseFilters } from './report-filters';

const table: TableSchema = {
  name: 'operation',
  schema: 'public',
  table: 'operation',
  fields: ['id', 'amount', 'created_at', 'type'],
  types: { id: 'uuid', amount: 'numeric', created_at: 'timestamptz', type: 'text' },
};

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as DomainError).code;
  }
  return undefined;
};

describe('report filters', () => {
  it('should turn every operator into SQL with parameters cast to the column type', () => {
    const filters = parseFilters({
      ds: {
        operation: {
          id: { eq: ['a'], nin: ['b', 'c'] },
          amount: { gt: [1], gte: ['2'], lt: [3], lte: [4], between: [5, 6] },
          type: { in: ['DEBIT', 'CREDIT'], eq: ['X', 'Y'] },
        },
      },
    });
    const { sql, params } = filterConditions(table, filters['ds']['operation'], 'ds.operation');
    expect(sql).toBe(
      '"id" = $1::"uuid" AND NOT ("id" = ANY($2::"uuid"[])) AND "amount" > $3::"numeric" AND "amount" >= $4::"numeric" AND ' +
        '"amount" < $5::"numeric" AND "amount" <= $6::"numeric" AND "amount" BETWEEN $7::"numeric" AND $8::"numeric" AND ' +
        '"type" = ANY($9::"text"[]) AND "type" = ANY($10::"text"[])',
    );
    expect(params).toEqual([
      'a',
      ['b', 'c'],
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      ['DEBIT', 'CREDIT'],
      ['X', 'Y'],
    ]);
  });

  it('should keep SQL in values inert: it is a parameter, never text of the statement', () => {
    const { sql, params } = filterConditions(
      table,
      { type: { eq: ["x' OR 1=1; DROP TABLE operation; --"] } },
      'p',
    );
    expect(sql).toBe('"type" = $1::"text"');
    expect(params).toEqual(["x' OR 1=1; DROP TABLE operation; --"]);
  });

  it('should refuse a field name that is not a column, whatever it carries', () => {
    for (const field of ['colour', 'id" OR 1=1 --', 'amount; DROP TABLE operation']) {
      expect(codeOf(() => filterConditions(table, { [field]: { eq: ['1'] } }, 'p'))).toBe(
        'TPL-0014',
      );
    }
  });

  it.each([
    [[], 'TPL-0017'],
    [{ ds: [] }, 'TPL-0017'],
    [{ ds: { t: { f: { like: ['%'] } } } }, 'TPL-0017'],
    [{ ds: { t: { f: { eq: [] } } } }, 'TPL-0017'],
    [{ ds: { t: { f: { gt: [1, 2] } } } }, 'TPL-0017'],
    [{ ds: { t: { f: { between: [1] } } } }, 'TPL-0017'],
    [{ ds: { t: { f: { eq: [{ nested: 1 }] } } } }, 'TPL-0017'],
    [{ ds: { t: { f: {} } } }, 'TPL-0017'],
  ])('should refuse the malformed filters %j', (raw, code) => {
    expect(codeOf(() => parseFilters(raw))).toBe(code);
  });
});
