import { randomBytes } from 'node:crypto';

const HEX = /^[0-9a-f]{32,}$/;

/** 32 random bytes as hex: strong, and safe to embed in DDL, which takes no parameters. */
export const randomPassword = (): string => randomBytes(32).toString('hex');

/**
 * A password as an SQL string literal. `CREATE ROLE ... PASSWORD` cannot be parameterised, so
 * only the hex passwords generated above are accepted: nothing else can reach the statement.
 */
export function passwordLiteral(password: string): string {
  if (!HEX.test(password))
    throw new Error('refusing to embed a password that is not generated hex');
  return `'${password}'`;
}
