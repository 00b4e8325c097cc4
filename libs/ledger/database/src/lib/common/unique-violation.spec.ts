import { DomainError, PlatformErrors } from '@finplat/platform';
import { QueryFailedError } from 'typeorm';
import { uniqueViolationOf, withUniqueViolations } from './unique-violation';

const pgError = (code: string, constraint?: string) =>
  Object.assign(new Error('duplicate key value violates unique constraint'), { code, constraint });

describe('unique violations', () => {
  it('should name the constraint of a PostgreSQL 23505, raw or wrapped by TypeORM', () => {
    expect(uniqueViolationOf(pgError('23505', 'asset_code_per_ledger_uq'))).toBe(
      'asset_code_per_ledger_uq',
    );
    const wrapped = new QueryFailedError(
      'INSERT …',
      [],
      pgError('23505', 'segment_name_per_ledger_uq'),
    );
    expect(uniqueViolationOf(wrapped)).toBe('segment_name_per_ledger_uq');
    expect(uniqueViolationOf(pgError('23503', 'fk'))).toBeUndefined();
    expect(uniqueViolationOf(new Error('x'))).toBeUndefined();
    expect(uniqueViolationOf(undefined)).toBeUndefined();
  });

  it('should map a named index to its domain error and let everything else through', async () => {
    const conflict = new DomainError(PlatformErrors.BAD_REQUEST, 'mapped');
    const map = { account_alias_per_ledger_uq: () => conflict };
    await expect(
      withUniqueViolations(
        () => Promise.reject(pgError('23505', 'account_alias_per_ledger_uq')),
        map,
      ),
    ).rejects.toBe(conflict);
    const other = pgError('23505', 'another_uq');
    await expect(withUniqueViolations(() => Promise.reject(other), map)).rejects.toBe(other);
    await expect(withUniqueViolations(() => Promise.resolve(42), map)).resolves.toBe(42);
  });
});
