import { CursorQueryDto } from '@finplat/ledger-domain';
import type { SelectQueryBuilder } from 'typeorm';
import { cursorPage } from './list-queries';

/** A stand-in query builder over in-memory rows, enough for cursorPage's calls. */
function fakeBuilder(ids: string[]) {
  const conditions: { sql: string; params: Record<string, unknown> }[] = [];
  let order: 'ASC' | 'DESC' = 'ASC';
  let take = Infinity;
  const qb = {
    alias: 'row',
    andWhere(sql: string, params: Record<string, unknown> = {}) {
      conditions.push({ sql, params });
      return qb;
    },
    orderBy(_column: string, direction: 'ASC' | 'DESC') {
      order = direction;
      return qb;
    },
    limit(n: number) {
      take = n;
      return qb;
    },
    async getMany() {
      let rows = [...ids].sort();
      for (const { sql, params } of conditions) {
        if (sql.includes('> :cursorId')) rows = rows.filter((id) => id > String(params.cursorId));
        if (sql.includes('< :cursorId')) rows = rows.filter((id) => id < String(params.cursorId));
      }
      if (order === 'DESC') rows.reverse();
      return rows.slice(0, take).map((id) => ({ id }));
    },
  };
  return { qb: qb as unknown as SelectQueryBuilder<{ id: string }>, conditions };
}

const query = (fields: Partial<CursorQueryDto>): CursorQueryDto =>
  Object.assign(new CursorQueryDto(), fields);

describe('cursor pages', () => {
  const ids = Array.from({ length: 5 }, (_, i) => `0196f3a2-7d4e-7000-8000-00000000000${i}`);
  const page = (fields: Partial<CursorQueryDto>) => cursorPage(fakeBuilder(ids).qb, query(fields));
  const idsOf = (p: { items: { id: string }[] }) => p.items.map((item) => item.id);

  it('should walk forward page by page and back again with the cursors it hands out', async () => {
    const first = await page({ limit: 2 });
    expect(idsOf(first)).toEqual([ids[0], ids[1]]);
    expect(first.prev_cursor).toBeUndefined();
    expect(first.limit).toBe(2);
    const second = await page({ limit: 2, cursor: first.next_cursor! });
    expect(idsOf(second)).toEqual([ids[2], ids[3]]);
    const third = await page({ limit: 2, cursor: second.next_cursor! });
    expect(idsOf(third)).toEqual([ids[4]]);
    expect(third.next_cursor).toBeUndefined();
    const back = await page({ limit: 2, cursor: third.prev_cursor! });
    expect(idsOf(back)).toEqual([ids[2], ids[3]]);
    const start = await page({ limit: 2, cursor: back.prev_cursor! });
    expect(idsOf(start)).toEqual([ids[0], ids[1]]);
    expect(start.prev_cursor).toBeUndefined();
    expect(start.next_cursor).not.toBeNull();
  });

  it('should walk a descending order the same way', async () => {
    const first = await page({ limit: 3, sort_order: 'desc' });
    expect(idsOf(first)).toEqual([ids[4], ids[3], ids[2]]);
    const second = await page({ limit: 3, sort_order: 'desc', cursor: first.next_cursor! });
    expect(idsOf(second)).toEqual([ids[1], ids[0]]);
    expect(second.next_cursor).toBeUndefined();
    const back = await page({ limit: 3, sort_order: 'desc', cursor: second.prev_cursor! });
    expect(idsOf(back)).toEqual([ids[4], ids[3], ids[2]]);
    expect(back.prev_cursor).toBeUndefined();
  });

  it('should hand out no cursor when everything fits on one page', async () => {
    const all = await page({ limit: 10 });
    expect(idsOf(all)).toEqual(ids);
    expect(all.next_cursor).toBeUndefined();
    expect(all.prev_cursor).toBeUndefined();
  });

  it('should add the creation-date window and refuse an unpaired date with 0083', async () => {
    const { qb, conditions } = fakeBuilder(ids);
    await cursorPage(qb, query({ start_date: '2024-01-01', end_date: '2024-01-31' }));
    expect(conditions[0].sql).toContain('created_at BETWEEN');
    expect(conditions[0].params).toEqual({
      cursorFrom: new Date('2024-01-01T00:00:00.000Z'),
      cursorTo: new Date('2024-01-31T23:59:59.999Z'),
    });
    await expect(page({ start_date: '2024-01-01' })).rejects.toMatchObject({ code: '0083' });
  });
});
