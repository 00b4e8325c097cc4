import { loadConfig, type Env } from '@finplat/platform';
import { z } from 'zod';
import { KEY_BYTES } from './encryption/field-cipher';

/** Keys of the CRM's field encryption, from configuration (decision 0050). */
export interface CrmOptions {
  /** Key-encryption key that wraps every organization's data keys; unset: PII endpoints answer 503. */
  kek?: Buffer;
  /** Former KEKs, still accepted to unwrap data keys until they are re-wrapped. */
  retiredKeks: Buffer[];
}

const base64Key = (text: string): Buffer | undefined => {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const key = Buffer.from(text, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
};

const keyMessage = `must be ${KEY_BYTES} random bytes in base64 (e.g. openssl rand -base64 ${KEY_BYTES})`;

export const crmEnvSchema = z.object({
  LEDGER_CRM_KEK: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const key = base64Key(value);
      if (!key) ctx.addIssue({ code: 'custom', message: keyMessage });
      return key;
    }),
  LEDGER_CRM_KEK_RETIRED: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const keys: Buffer[] = [];
      for (const [i, part] of (value ?? '').split(',').entries()) {
        if (part.trim() === '') continue;
        const key = base64Key(part.trim());
        if (!key) ctx.addIssue({ code: 'custom', message: `entry ${i + 1} ${keyMessage}` });
        else keys.push(key);
      }
      return keys;
    }),
});

/** The CRM's settings; throws ConfigError naming a bad variable. */
export function loadCrmOptions(env: Env): CrmOptions {
  const schema = crmEnvSchema.superRefine((parsed, ctx) => {
    // Retired keys alone could read but never write: almost surely a mistake.
    if (!parsed.LEDGER_CRM_KEK && parsed.LEDGER_CRM_KEK_RETIRED.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['LEDGER_CRM_KEK'],
        message: 'required when LEDGER_CRM_KEK_RETIRED is set',
      });
    }
  });
  const parsed = loadConfig(schema, env);
  return { kek: parsed.LEDGER_CRM_KEK, retiredKeks: parsed.LEDGER_CRM_KEK_RETIRED };
}
