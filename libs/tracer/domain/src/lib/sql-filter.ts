import type { DateRange } from './history-list-query';
import type { ListPaging } from './list-query';

/** Builds a parameterized WHERE clause for the raw-SQL lists (values never enter the text). */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds a parameter and answers its placeholder. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition; `build` receives the placeholder of `value`. */
  where(value: unknown, build: (placeholder: string) => string): this {
    if (value !== undefined) this.clauses.push(build(this.param(value)));
    return this;
  }

  /** Rows whose `column` falls inside the range, both ends inclusive (parseDateRange's). */
  within(range: DateRange, column = 'created_at'): this {
    return this.where(range.startDate, (p) => `${column} >= ${p}`).where(
      range.endDate,
      (p) => `${column} <= ${p}`,
    );
  }

  raw(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  /**
   * Keyset paging: rows strictly after the cursor in the page's order, ordered by the sort
   * column then the id, one row more than the page so the caller knows whether more follow.
   */
  page<C extends string>(
    paging: ListPaging<C>,
    columns: Record<C, { sql: string; cast: string }>,
    id: { sql: string; cast: string },
  ): string {
    const column = columns[paging.sortBy];
    if (paging.after) {
      const comparator = paging.sortOrder === 'ASC' ? '>' : '<';
      const value = this.param(paging.after.value);
      const after = this.param(paging.after.id);
      this.clauses.push(
        `(${column.sql}, ${id.sql}) ${comparator} (CAST(${value} AS ${column.cast}), CAST(${after} AS ${id.cast}))`,
      );
    }
    const limit = this.param(paging.limit + 1);
    return `${this.text()} ORDER BY ${column.sql} ${paging.sortOrder}, ${id.sql} ${paging.sortOrder} LIMIT ${limit}`;
  }

  text(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}
