import { ConfigError } from '@finplat/platform';
import { loadCrmOptions } from './crm.config';

describe('CRM configuration', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  const other = Buffer.alloc(32, 9).toString('base64');

  it('should run without a KEK (PII endpoints then answer 503)', () => {
    expect(loadCrmOptions({})).toEqual({ kek: undefined, retiredKeks: [] });
  });

  it('should read the KEK and the retired KEKs', () => {
    const options = loadCrmOptions({ LEDGER_CRM_KEK: key, LEDGER_CRM_KEK_RETIRED: ` ${other}, ` });
    expect(options.kek?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(options.retiredKeks.map((k) => k.toString('base64'))).toEqual([other]);
  });

  it.each([
    [{ LEDGER_CRM_KEK: 'short' }, 'LEDGER_CRM_KEK'],
    [{ LEDGER_CRM_KEK: Buffer.alloc(16).toString('base64') }, 'LEDGER_CRM_KEK'],
    [{ LEDGER_CRM_KEK: key, LEDGER_CRM_KEK_RETIRED: 'nope' }, 'LEDGER_CRM_KEK_RETIRED'],
    [{ LEDGER_CRM_KEK_RETIRED: other }, 'LEDGER_CRM_KEK'],
  ])('should refuse %j naming %s', (env, name) => {
    expect(() => loadCrmOptions(env)).toThrow(ConfigError);
    expect(() => loadCrmOptions(env)).toThrow(new RegExp(`${name}:`));
  });
});
