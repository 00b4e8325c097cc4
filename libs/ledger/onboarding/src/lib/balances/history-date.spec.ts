import { DomainError } from '@finplat/platform';
import { parseHistoryDate } from './history-date';

const NOW = new Date('2025-06-15T12:00:00.000Z');

const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('history date parsing', () => {
  it('should read yyyy-mm-dd hh:mm:ss as UTC and hand PostgreSQL the same instant', () => {
    const at = parseHistoryDate('2024-01-15 10:30:00', NOW);
    expect(at.instant.toISOString()).toBe('2024-01-15T10:30:00.000Z');
    expect(at.sql).toBe('2024-01-15 10:30:00+00:00');
  });

  it('should read RFC 3339 with Z or an offset, keeping the fraction to the microsecond for SQL', () => {
    expect(parseHistoryDate('2024-01-15T10:30:00Z', NOW).instant.toISOString()).toBe(
      '2024-01-15T10:30:00.000Z',
    );
    const offset = parseHistoryDate('2024-01-15T07:30:00.250-03:00', NOW);
    expect(offset.instant.toISOString()).toBe('2024-01-15T10:30:00.250Z');
    const fine = parseHistoryDate('2024-01-15T10:30:00.123456Z', NOW);
    expect(fine.instant.toISOString()).toBe('2024-01-15T10:30:00.123Z');
    expect(fine.sql).toBe('2024-01-15T10:30:00.123456Z');
    expect(parseHistoryDate('2024-01-15T10:30:00.999999999Z', NOW).sql).toBe(
      '2024-01-15T10:30:00.999999Z',
    );
    expect(parseHistoryDate('2024-02-29t23:59:59+05:30', NOW).instant.toISOString()).toBe(
      '2024-02-29T18:29:59.000Z',
    );
  });

  it('should accept the present instant itself', () => {
    expect(parseHistoryDate('2025-06-15 12:00:00', NOW).instant).toEqual(NOW);
  });

  it.each([undefined, ''])(
    'should refuse a missing date (%j) with 400 0142 naming date',
    (value) => {
      const error = errorOf(() => parseHistoryDate(value, NOW));
      expect(error.code).toBe('0142');
      expect(error.definition.kind).toBe('validation');
      expect(error.details.fields).toHaveProperty('date');
    },
  );

  it.each([
    '2024-01-15',
    '2024-01-15 10:30',
    '15/01/2024 10:30:00',
    '2024-01-15T10:30:00',
    '2024-01-15 10:30:00Z',
    '2024-13-01 00:00:00',
    '2023-02-29 00:00:00',
    '2024-04-31 00:00:00',
    '2024-01-00 00:00:00',
    '2024-01-15 24:00:00',
    '2024-01-15 10:60:00',
    '2024-01-15 10:30:60',
    '2024-01-15T10:30:00+24:00',
    'yesterday',
    ' 2024-01-15 10:30:00',
  ])('should refuse %j with 400 0131 naming date', (value) => {
    const error = errorOf(() => parseHistoryDate(value, NOW));
    expect(error.code).toBe('0131');
    expect(error.definition.kind).toBe('validation');
    expect(error.details.fields).toHaveProperty('date');
  });

  it('should refuse an instant after now with 400 0140, whatever the notation', () => {
    for (const value of [
      '2025-06-15 12:00:01',
      '2025-06-15T13:00:00+00:30',
      '2999-01-01 00:00:00',
    ]) {
      const error = errorOf(() => parseHistoryDate(value, NOW));
      expect(error.code).toBe('0140');
      expect(error.definition.kind).toBe('validation');
      expect(error.details.fields).toHaveProperty('date');
    }
  });
});
