import { DomainError } from '@finplat/platform';
import { parseDateRange } from './history-list-query';
import { SqlFilter } from './sql-filter';

const refusal = (query: Record<string, string>) => {
  try {
    parseDateRange(query);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('accepted');
};

describe('parseDateRange', () => {
  it('should read both ends, an offset kept as the instant it names', () => {
    expect(
      parseDateRange({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-01-01T03:00:00+02:00' }),
    ).toEqual({
      startDate: new Date('2026-01-01T00:00:00.000Z'),
      endDate: new Date('2026-01-01T01:00:00.000Z'),
    });
  });

  it('should treat absent and empty parameters as no bound', () => {
    expect(parseDateRange({})).toEqual({});
    expect(parseDateRange({ start_date: '', end_date: '' })).toEqual({});
    expect(parseDateRange({ end_date: '2026-01-01T00:00:00Z' })).toEqual({
      endDate: new Date('2026-01-01T00:00:00.000Z'),
    });
  });

  it.each([
    ['start_date', '2026-01-01T00:00:00'],
    ['start_date', '2026-01-01'],
    ['end_date', 'yesterday'],
    ['end_date', '2026-13-45T00:00:00Z'],
  ])('should refuse %s=%s with TRC-0006 naming it', (parameter, value) => {
    expect(refusal({ [parameter]: value })).toMatchObject({
      code: 'TRC-0006',
      details: { fields: { [parameter]: expect.stringContaining('RFC 3339') } },
    });
  });

  it('should refuse an end before the start, naming end_date', () => {
    expect(
      refusal({ start_date: '2026-01-02T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }),
    ).toMatchObject({ code: 'TRC-0006', details: { fields: { end_date: expect.any(String) } } });
  });
});

describe('SqlFilter.within', () => {
  it('should bound the column on the ends given, both inclusive, as parameters', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const end = new Date('2026-01-02T00:00:00Z');
    const both = new SqlFilter().within({ startDate: start, endDate: end });
    expect(both.text()).toBe('WHERE created_at >= $1 AND created_at <= $2');
    expect(both.params).toEqual([start, end]);
    const open = new SqlFilter().within({ endDate: end }, 'processed_at');
    expect(open.text()).toBe('WHERE processed_at <= $1');
    expect(new SqlFilter().within({}).text()).toBe('');
  });
});
