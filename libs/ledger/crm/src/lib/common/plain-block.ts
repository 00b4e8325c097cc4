/** A DTO's nested block as plain JSON: no class instances, no undefined keys ({} when absent). */
export const plainBlock = (value: object | undefined | null): Record<string, unknown> =>
  value == null ? {} : (JSON.parse(JSON.stringify(value)) as Record<string, unknown>);
