/** One column of a recordset: its SQL type and how a row gives its value. */
export type RecordsetColumn<T> = readonly [sqlType: string, value: (row: T) => unknown];

/** Collects positional parameters while a statement is assembled: `p.add(x)` returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }

  /**
   * Rows as one JSON parameter, read back as a table by `json_to_recordset`. A batch costs
   * one JSON.stringify instead of one array per column escaped element by element, and the
   * text needs next to no quoting when it travels inline (SCHEMA mode). Values must already
   * be JSON-safe: amounts as decimal strings, versions as strings, never `number`.
   * Returns the column names (in order) and the FROM item, aliased `alias`.
   */
  recordset<T>(
    rows: readonly T[],
    columns: Record<string, RecordsetColumn<T>>,
    alias: string,
  ): { names: string; from: string } {
    const entries = Object.entries(columns);
    const objects = rows.map((row) => {
      const object: Record<string, unknown> = {};
      for (const [name, [, value]] of entries) object[name] = value(row);
      return object;
    });
    const definition = entries.map(([name, [sqlType]]) => `${name} ${sqlType}`).join(', ');
    return {
      names: entries.map(([name]) => name).join(', '),
      from: `json_to_recordset(${this.add(JSON.stringify(objects), 'json')}) AS ${alias}(${definition})`,
    };
  }
}
