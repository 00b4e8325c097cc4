import { ConfigError } from '@finplat/platform';
import { loadPostingOptions } from './posting.config';

describe('loadPostingOptions', () => {
  it('should default to batches of 64, two in flight', () => {
    expect(loadPostingOptions({})).toEqual({ batchSize: 64, batchesInFlight: 2 });
  });

  it('should read both variables', () => {
    expect(
      loadPostingOptions({ LEDGER_POSTING_BATCH_SIZE: '1', LEDGER_POSTING_BATCHES_IN_FLIGHT: '4' }),
    ).toEqual({ batchSize: 1, batchesInFlight: 4 });
  });

  it('should refuse a bad value, naming the variable', () => {
    expect(() => loadPostingOptions({ LEDGER_POSTING_BATCH_SIZE: '0' })).toThrow(ConfigError);
    expect(() => loadPostingOptions({ LEDGER_POSTING_BATCHES_IN_FLIGHT: 'many' })).toThrow(
      /LEDGER_POSTING_BATCHES_IN_FLIGHT/,
    );
  });
});
