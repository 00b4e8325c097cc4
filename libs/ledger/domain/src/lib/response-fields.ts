/**
 * How a value the contract types as a plain (non-nullable) string goes out when there is
 * none, the way Midaz sends it: a field the contract requires is sent empty, an optional
 * one is left out. Never `null`, which a strict generated client rejects.
 */
export const requiredText = (value: string | null | undefined): string => value ?? '';

/** `{ [key]: value }` when there is a value, `{}` otherwise: spread it into a response. */
export function optionalText<K extends string>(
  key: K,
  value: string | null | undefined,
): Partial<Record<K, string>> {
  return value === null || value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
