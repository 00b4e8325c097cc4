import type { SchemaObject } from '@nestjs/swagger';
import { TRACER_FAIL_POSTURES, TRACER_MODES, TRACER_TIMEOUT_MS } from '@finplat/ledger-domain';

const booleans = (...names: string[]): Record<string, SchemaObject> =>
  Object.fromEntries(names.map((name) => [name, { type: 'boolean' }]));

const block = (properties: Record<string, SchemaObject>, required: boolean): SchemaObject => ({
  type: 'object',
  additionalProperties: false,
  properties,
  ...(required ? { required: Object.keys(properties) } : {}),
});

function settingsSchema(required: boolean): SchemaObject {
  const blocks = {
    accounting: block(booleans('validateAccountType', 'validateRoutes', 'requireHolder'), required),
    tracer: block(
      {
        mode: { type: 'string', enum: [...TRACER_MODES] },
        failPosture: { type: 'string', enum: [...TRACER_FAIL_POSTURES] },
        timeoutMs: {
          type: 'integer',
          minimum: TRACER_TIMEOUT_MS.min,
          maximum: TRACER_TIMEOUT_MS.max,
        },
      },
      required,
    ),
    overrides: block(booleans('allowFeeSkip', 'allowTracerSkip', 'allowHolderSkip'), required),
  };
  return block(blocks, required);
}

/** The contract's LedgerSettings (every field present in answers). */
export const LEDGER_SETTINGS_SCHEMA = settingsSchema(true);
/** A PATCH names only what it changes. */
export const LEDGER_SETTINGS_PATCH_SCHEMA = settingsSchema(false);
