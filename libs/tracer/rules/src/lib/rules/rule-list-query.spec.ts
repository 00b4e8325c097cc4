import { DomainError } from '@finplat/platform';
import type { RuleEntity } from './rule.entity';
import {
  cursorAfter,
  decodeCursor,
  encodeCursor,
  parseListRulesQuery,
  type RuleCursor,
} from './rule-list-query';

const ID = '01890000-0000-7000-8000-00000000000a';

function codeOf(work: () => unknown): { code: string; fields?: Record<string, string> } {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.details.fields };
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('parseListRulesQuery', () => {
  it('should default to 10 rules by created_at DESC with no filter', () => {
    expect(parseListRulesQuery({})).toEqual({ limit: 10, sortBy: 'created_at', sortOrder: 'DESC' });
    expect(parseListRulesQuery({ cursor: '', name: '' })).toEqual({
      limit: 10,
      sortBy: 'created_at',
      sortOrder: 'DESC',
    });
  });

  it('should normalize filters: enums upper-cased, ids and sub_type lower-cased', () => {
    const filter = parseListRulesQuery({
      name: 'Block',
      status: 'active',
      action: 'deny',
      account_id: ID.toUpperCase(),
      transaction_type: 'card',
      sub_type: 'Debit',
      limit: '25',
      sort_by: 'NAME',
      sort_order: 'asc',
    });
    expect(filter).toEqual({
      name: 'Block',
      status: 'ACTIVE',
      action: 'DENY',
      scope: { accountId: ID, transactionType: 'CARD', subType: 'debit' },
      limit: 25,
      sortBy: 'name',
      sortOrder: 'ASC',
    });
  });

  it.each([
    [{ limit: '0' }, 'TRC-0041', 'limit'],
    [{ limit: '-3' }, 'TRC-0041', 'limit'],
    [{ limit: '101' }, 'TRC-0040', 'limit'],
    [{ limit: 'ten' }, 'TRC-0006', 'limit'],
    [{ sort_by: 'expression' }, 'TRC-0043', 'sort_by'],
    [{ sort_order: 'UP' }, 'TRC-0042', 'sort_order'],
    [{ status: 'DELETED' }, 'TRC-0006', 'status'],
    [{ action: 'BLOCK' }, 'TRC-0006', 'action'],
    [{ transaction_type: 'ACH' }, 'TRC-0006', 'transaction_type'],
    [{ segment_id: 'nope' }, 'TRC-0006', 'segment_id'],
    [{ sub_type: 'x'.repeat(51) }, 'TRC-0006', 'sub_type'],
    [{ cursor: 'not-a-cursor' }, 'TRC-0044', 'cursor'],
  ])('should refuse %j with %s naming %s', (query, code, parameter) => {
    const error = codeOf(() => parseListRulesQuery(query));
    expect(error.code).toBe(code);
    expect(error.fields).toHaveProperty(parameter);
  });

  it('should take the sort from the cursor and refuse a contradicting sort', () => {
    const cursor = encodeCursor({ sortBy: 'name', sortOrder: 'ASC', value: 'abc', id: ID });
    const filter = parseListRulesQuery({ cursor, limit: '5' });
    expect(filter).toMatchObject({ sortBy: 'name', sortOrder: 'ASC', limit: 5 });
    expect(filter.after).toEqual({ sortBy: 'name', sortOrder: 'ASC', value: 'abc', id: ID });
    expect(parseListRulesQuery({ cursor, sort_by: 'name', sort_order: 'asc' }).after).toBeDefined();
    expect(codeOf(() => parseListRulesQuery({ cursor, sort_order: 'DESC' })).code).toBe('TRC-0045');
    expect(codeOf(() => parseListRulesQuery({ cursor, sort_by: 'status' })).code).toBe('TRC-0045');
  });
});

describe('rule cursors', () => {
  it('should round-trip through an opaque url-safe string', () => {
    const cursor: RuleCursor = {
      sortBy: 'created_at',
      sortOrder: 'DESC',
      value: '2026-01-01T00:00:00.123Z',
      id: ID,
    };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it('should refuse tampered cursors', () => {
    const forge = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
    for (const payload of [
      { s: 'expression', o: 'ASC', v: 'x', id: ID },
      { s: 'name', o: 'SIDEWAYS', v: 'x', id: ID },
      { s: 'name', o: 'ASC', v: 1, id: ID },
      { s: 'name', o: 'ASC', v: 'x', id: 'not-a-uuid' },
      { s: 'created_at', o: 'ASC', v: 'yesterday', id: ID },
      'just a string',
    ]) {
      expect(codeOf(() => decodeCursor(forge(payload))).code).toBe('TRC-0044');
    }
  });

  it('should point after the last rule using the sort column value', () => {
    const last = {
      id: ID,
      name: 'Zeta',
      status: 'ACTIVE',
      createdAt: new Date('2026-01-02T03:04:05.678Z'),
      updatedAt: new Date('2026-02-02T03:04:05.678Z'),
    } as RuleEntity;
    const base = { limit: 10, sortOrder: 'ASC' as const };
    expect(cursorAfter(last, { ...base, sortBy: 'name' }).value).toBe('Zeta');
    expect(cursorAfter(last, { ...base, sortBy: 'status' }).value).toBe('ACTIVE');
    expect(cursorAfter(last, { ...base, sortBy: 'created_at' }).value).toBe(
      '2026-01-02T03:04:05.678Z',
    );
    expect(cursorAfter(last, { ...base, sortBy: 'updated_at' })).toEqual({
      sortBy: 'updated_at',
      sortOrder: 'ASC',
      value: '2026-02-02T03:04:05.678Z',
      id: ID,
    });
  });
});
