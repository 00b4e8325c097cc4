import { defineErrors, DomainError } from '@finplat/platform';

/**
 * A ledger's settings (Midaz notes §1.6): accounting validations, how the ledger consults the
 * tracer, and which request-level skips it honours. Stored as the `ledger.settings` jsonb;
 * a ledger that never set a field has its default.
 */
export interface LedgerSettings {
  accounting: {
    validateAccountType: boolean;
    validateRoutes: boolean;
    requireHolder: boolean;
  };
  tracer: {
    mode: TracerMode;
    failPosture: TracerFailPosture;
    timeoutMs: number;
  };
  overrides: {
    allowFeeSkip: boolean;
    allowTracerSkip: boolean;
    allowHolderSkip: boolean;
  };
}

export const TRACER_MODES = ['off', 'advisory', 'enforce'] as const;
export type TracerMode = (typeof TRACER_MODES)[number];
export const TRACER_FAIL_POSTURES = ['open', 'closed'] as const;
export type TracerFailPosture = (typeof TRACER_FAIL_POSTURES)[number];

/** Bounds of `tracer.timeoutMs`: a consult must give up within a minute. */
export const TRACER_TIMEOUT_MS = { min: 1, max: 60_000 } as const;

export const DEFAULT_LEDGER_SETTINGS: LedgerSettings = {
  accounting: { validateAccountType: false, validateRoutes: false, requireHolder: false },
  tracer: { mode: 'off', failPosture: 'open', timeoutMs: 250 },
  overrides: { allowFeeSkip: false, allowTracerSkip: false, allowHolderSkip: false },
};

/** Settings failures, numbered as in Midaz's registry (0147–0149, 0176, 0490). */
export const SettingsErrors = defineErrors({
  UNKNOWN_FIELD: { code: '0147', title: 'Unknown Settings Field', kind: 'validation' },
  INVALID_TYPE: { code: '0148', title: 'Invalid Settings Field Type', kind: 'validation' },
  ROOT_LEVEL_FIELD: { code: '0149', title: 'Settings Field At Root Level', kind: 'validation' },
  INVALID_VALUE: {
    code: '0176',
    title: 'Invalid Settings Field Value',
    kind: 'validation',
  },
  SKIP_NOT_PERMITTED: { code: '0490', title: 'Skip Not Permitted', kind: 'business' },
});

type Block = keyof LedgerSettings;
type FieldRule =
  | { type: 'boolean' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'integer'; min: number; max: number };

/** Every settings field and what it accepts: the one place the shape is spelled out. */
const SCHEMA: { [B in Block]: Record<keyof LedgerSettings[B], FieldRule> } = {
  accounting: {
    validateAccountType: { type: 'boolean' },
    validateRoutes: { type: 'boolean' },
    requireHolder: { type: 'boolean' },
  },
  tracer: {
    mode: { type: 'enum', values: TRACER_MODES },
    failPosture: { type: 'enum', values: TRACER_FAIL_POSTURES },
    timeoutMs: { type: 'integer', ...TRACER_TIMEOUT_MS },
  },
  overrides: {
    allowFeeSkip: { type: 'boolean' },
    allowTracerSkip: { type: 'boolean' },
    allowHolderSkip: { type: 'boolean' },
  },
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const settingsError =
  (definition: (typeof SettingsErrors)[keyof typeof SettingsErrors]) =>
  (field: string, message: string) =>
    new DomainError(definition, `${field ? `settings.${field}` : 'settings'}: ${message}`, {
      entityType: 'LedgerSettings',
      fields: { [field || 'settings']: message },
    });

const unknownField = settingsError(SettingsErrors.UNKNOWN_FIELD);
const invalidType = settingsError(SettingsErrors.INVALID_TYPE);

function checkField(field: string, rule: FieldRule, value: unknown): void {
  switch (rule.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidType(field, 'must be a boolean');
      return;
    case 'enum':
      if (typeof value !== 'string') throw invalidType(field, 'must be a string');
      if (!rule.values.includes(value)) {
        throw settingsError(SettingsErrors.INVALID_VALUE)(
          field,
          `must be one of ${rule.values.join(', ')}`,
        );
      }
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw invalidType(field, 'must be an integer');
      }
      if (value < rule.min || value > rule.max) {
        throw settingsError(SettingsErrors.INVALID_VALUE)(
          field,
          `must be between ${rule.min} and ${rule.max}`,
        );
      }
      return;
  }
}

/** A validated partial update: only the fields the request named. */
export type LedgerSettingsPatch = { [B in Block]?: Partial<LedgerSettings[B]> };

/**
 * Validates a PATCH body strictly: an unknown block or field is 0147 (0149 when it is a field
 * of a block sent at the root, e.g. `{"validateRoutes":true}`), a value of the wrong JSON type
 * (null included) 0148, a value of the right type outside what the field allows (enum, range)
 * 0176. Nothing is coerced: `"true"` is not a boolean.
 */
export function parseLedgerSettingsPatch(body: unknown): LedgerSettingsPatch {
  if (!isPlainObject(body)) throw invalidType('', 'the body must be a JSON object');
  const patch: LedgerSettingsPatch = {};
  for (const [block, value] of Object.entries(body)) {
    if (!(block in SCHEMA)) {
      const home = (Object.keys(SCHEMA) as Block[]).find((b) => block in SCHEMA[b]);
      if (home) {
        throw settingsError(SettingsErrors.ROOT_LEVEL_FIELD)(
          block,
          `belongs inside the ${home} block`,
        );
      }
      throw unknownField(block, 'is not a settings block');
    }
    const rules = SCHEMA[block as Block] as Record<string, FieldRule>;
    if (!isPlainObject(value)) throw invalidType(block, 'must be an object');
    for (const [field, fieldValue] of Object.entries(value)) {
      const rule = rules[field];
      if (!rule) throw unknownField(`${block}.${field}`, 'is not a settings field');
      checkField(`${block}.${field}`, rule, fieldValue);
    }
    (patch as Record<string, unknown>)[block] = { ...value };
  }
  return patch;
}

/** The settings after a patch: blocks merge field by field, unnamed fields keep their value. */
export function applyLedgerSettingsPatch(
  current: LedgerSettings,
  patch: LedgerSettingsPatch,
): LedgerSettings {
  return {
    accounting: { ...current.accounting, ...patch.accounting },
    tracer: { ...current.tracer, ...patch.tracer },
    overrides: { ...current.overrides, ...patch.overrides },
  };
}

/**
 * The effective settings of a stored `ledger.settings` value: defaults for whatever is absent.
 * Stored values were validated on write; anything else found there (a ledger created before
 * settings existed stores `{}`) falls back to the default rather than failing a posting.
 */
export function ledgerSettingsOf(stored: unknown): LedgerSettings {
  const source = isPlainObject(stored) ? stored : {};
  const result = structuredClone(DEFAULT_LEDGER_SETTINGS);
  for (const block of Object.keys(SCHEMA) as Block[]) {
    const values = source[block];
    if (!isPlainObject(values)) continue;
    const target = result[block] as Record<string, unknown>;
    for (const [field, rule] of Object.entries(SCHEMA[block] as Record<string, FieldRule>)) {
      const value = values[field];
      if (value === undefined) continue;
      try {
        checkField(field, rule, value);
        target[field] = value;
      } catch {
        // keep the default
      }
    }
  }
  return result;
}

/** What a transaction asks to skip (`skip {fees, tracer}` of its body). */
export interface SkipRequest {
  fees?: boolean;
  tracer?: boolean;
}

/** The skips a transaction gets: each honoured only where the ledger allows it, else 0490. */
export function resolveSkips(
  skip: SkipRequest | undefined,
  settings: LedgerSettings,
): { feesSkipped: boolean; tracerSkipped: boolean } {
  const refuse = (what: string, allow: string) =>
    new DomainError(
      SettingsErrors.SKIP_NOT_PERMITTED,
      `skip.${what} is not permitted: the ledger's settings.overrides.${allow} is false.`,
      { fields: { [`skip.${what}`]: 'not permitted by the ledger' } },
    );
  if (skip?.fees && !settings.overrides.allowFeeSkip) throw refuse('fees', 'allowFeeSkip');
  if (skip?.tracer && !settings.overrides.allowTracerSkip)
    throw refuse('tracer', 'allowTracerSkip');
  return { feesSkipped: skip?.fees === true, tracerSkipped: skip?.tracer === true };
}
