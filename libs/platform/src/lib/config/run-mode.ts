import { z } from 'zod';

/**
 * What one instance of an app does. `all` (the default) serves the HTTP API and runs the
 * app's background work — the outbox relay, queue consumers, reapers. `api` serves the API
 * only: its writes wait in the outbox for a worker. `worker` runs the background work only;
 * it still answers `/health`, `/readyz` and `/metrics` on PORT, and nothing else.
 */
export const RUN_MODES = ['api', 'worker', 'all'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export const runModeEnvShape = {
  RUN_MODE: z
    .enum(RUN_MODES, { message: `expected one of ${RUN_MODES.join(', ')}` })
    .default('all'),
};

/** Whether an instance in `mode` serves the HTTP API. */
export const servesApi = (mode: RunMode): boolean => mode !== 'worker';

/** Whether an instance in `mode` runs background work (relay, consumers, reapers). */
export const runsWorkers = (mode: RunMode): boolean => mode !== 'api';

/** The instance's RunMode, injectable anywhere (PlatformModule provides it). */
export const RUN_MODE = Symbol('RUN_MODE');

/** The routes a worker still answers on PORT: probes and metrics. */
export const WORKER_ROUTES: readonly string[] = ['/health', '/readyz', '/metrics'];
