import type { Response } from 'express';
import { HealthController } from './health.controller';
import { ReadinessRegistry } from './readiness.registry';

function probe(checks: Record<string, () => Promise<void | { degraded: string }>>) {
  const registry = new ReadinessRegistry();
  for (const [name, check] of Object.entries(checks)) registry.register(name, check);
  const res = { status: jest.fn(), json: jest.fn() };
  res.status.mockReturnValue(res);
  return { controller: new HealthController(registry), res, response: res as unknown as Response };
}

describe('HealthController /readyz', () => {
  it('should answer 200 ready when every check passes', async () => {
    const { controller, res, response } = probe({ db: async () => undefined });
    await controller.readyz(response);
    expect(res.status).toHaveBeenCalledWith(200);
    expect(res.json).toHaveBeenCalledWith({ status: 'ready', checks: { db: 'up' } });
  });

  it('should stay 200 but say degraded when a dependency is down and the app still serves', async () => {
    const { controller, res, response } = probe({
      db: async () => undefined,
      'tenant-manager': async () => ({ degraded: 'fetch failed, serving 3 cached tenants' }),
    });
    await controller.readyz(response);
    expect(res.status).toHaveBeenCalledWith(200);
    expect(res.json).toHaveBeenCalledWith({
      status: 'degraded',
      checks: { db: 'up', 'tenant-manager': 'degraded: fetch failed, serving 3 cached tenants' },
    });
  });

  it('should answer 503 naming the failing dependency', async () => {
    const { controller, res, response } = probe({
      db: async () => Promise.reject(new Error('refused')),
      'tenant-manager': async () => ({ degraded: 'x' }),
    });
    await controller.readyz(response);
    expect(res.status).toHaveBeenCalledWith(503);
    expect(res.json).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'unavailable', failing: ['db'] }),
    );
  });
});
