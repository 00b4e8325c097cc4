import { DomainError } from '@finplat/platform';
import {
  applyLedgerSettingsPatch,
  DEFAULT_LEDGER_SETTINGS,
  ledgerSettingsOf,
  parseLedgerSettingsPatch,
  resolveSkips,
} from './ledger-settings';

const failure = (fn: () => unknown): { code: string; fields: unknown } => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, fields: error.details.fields };
    throw error;
  }
  throw new Error('expected a DomainError');
};

describe('ledger settings', () => {
  it('should accept a partial patch and merge it field by field', () => {
    const patch = parseLedgerSettingsPatch({
      accounting: { validateRoutes: true },
      tracer: { mode: 'enforce', timeoutMs: 500 },
    });
    const next = applyLedgerSettingsPatch(DEFAULT_LEDGER_SETTINGS, patch);
    expect(next).toEqual({
      accounting: { validateAccountType: false, validateRoutes: true, requireHolder: false },
      tracer: { mode: 'enforce', failPosture: 'open', timeoutMs: 500 },
      overrides: { allowFeeSkip: false, allowTracerSkip: false, allowHolderSkip: false },
    });
    expect(DEFAULT_LEDGER_SETTINGS.tracer.mode).toBe('off');
  });

  it.each([
    [{ accounting: { validateRoutes: true, extra: true } }, '0147', 'accounting.extra'],
    [{ billing: {} }, '0147', 'billing'],
    [{ accounting: { validateRoutes: 'true' } }, '0148', 'accounting.validateRoutes'],
    [{ overrides: { allowFeeSkip: null } }, '0148', 'overrides.allowFeeSkip'],
    [{ tracer: { timeoutMs: 2.5 } }, '0148', 'tracer.timeoutMs'],
    [{ tracer: { mode: 1 } }, '0148', 'tracer.mode'],
    [{ tracer: 'enforce' }, '0148', 'tracer'],
    [{ tracer: { mode: 'block' } }, '0176', 'tracer.mode'],
    [{ tracer: { failPosture: 'OPEN' } }, '0176', 'tracer.failPosture'],
    [{ tracer: { timeoutMs: 0 } }, '0176', 'tracer.timeoutMs'],
    [{ tracer: { timeoutMs: 60_001 } }, '0176', 'tracer.timeoutMs'],
    [{ validateRoutes: true }, '0149', 'validateRoutes'],
  ])('should refuse %j with %s naming %s', (body, code, field) => {
    const error = failure(() => parseLedgerSettingsPatch(body));
    expect(error.code).toBe(code);
    expect(Object.keys(error.fields as object)).toEqual([field]);
  });

  it('should refuse a body that is not an object', () => {
    expect(failure(() => parseLedgerSettingsPatch([])).code).toBe('0148');
    expect(failure(() => parseLedgerSettingsPatch(null)).code).toBe('0148');
  });

  it('should fill defaults for whatever a stored value lacks', () => {
    expect(ledgerSettingsOf({})).toEqual(DEFAULT_LEDGER_SETTINGS);
    expect(ledgerSettingsOf(null)).toEqual(DEFAULT_LEDGER_SETTINGS);
    expect(ledgerSettingsOf({ overrides: { allowFeeSkip: true, junk: 1 } }).overrides).toEqual({
      allowFeeSkip: true,
      allowTracerSkip: false,
      allowHolderSkip: false,
    });
  });

  it('should honour a skip only where the ledger allows it', () => {
    const allowing = applyLedgerSettingsPatch(DEFAULT_LEDGER_SETTINGS, {
      overrides: { allowFeeSkip: true },
    });
    expect(resolveSkips(undefined, DEFAULT_LEDGER_SETTINGS)).toEqual({
      feesSkipped: false,
      tracerSkipped: false,
    });
    expect(resolveSkips({ fees: false, tracer: false }, DEFAULT_LEDGER_SETTINGS)).toEqual({
      feesSkipped: false,
      tracerSkipped: false,
    });
    expect(resolveSkips({ fees: true }, allowing)).toEqual({
      feesSkipped: true,
      tracerSkipped: false,
    });
    expect(failure(() => resolveSkips({ fees: true }, DEFAULT_LEDGER_SETTINGS)).code).toBe('0490');
    expect(failure(() => resolveSkips({ tracer: true }, allowing)).code).toBe('0490');
  });
});
