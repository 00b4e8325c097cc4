import { envInt, loadConfig, type Env } from '@finplat/platform';
import { z } from 'zod';
import type { PostingOptions } from './posting.service';

export const postingEnvSchema = z.object({
  LEDGER_POSTING_BATCH_SIZE: envInt(64, 1, 1_000),
  LEDGER_POSTING_BATCHES_IN_FLIGHT: envInt(2, 1, 64),
});

/** The posting engine's settings; throws ConfigError naming a bad variable. */
export function loadPostingOptions(env: Env): PostingOptions {
  const parsed = loadConfig(postingEnvSchema, env);
  return {
    batchSize: parsed.LEDGER_POSTING_BATCH_SIZE,
    batchesInFlight: parsed.LEDGER_POSTING_BATCHES_IN_FLIGHT,
  };
}
