import type { TenantConnections } from '@finplat/contracts';
import {
  TenantConnectionsSource,
  tenantNotFound,
  tenantSuspended,
  tenantUnavailable,
} from '@finplat/tenancy';
import { amqpUrlOf, redactAmqpUrl } from './broker-url';
import { isTenantGone, TenantBrokers } from './tenant-brokers';

class FakeSource extends TenantConnectionsSource {
  constructor(private readonly byTenant: Record<string, Partial<TenantConnections>>) {
    super();
  }
  async get(tenantId: string): Promise<TenantConnections> {
    return { id: tenantId, ...this.byTenant[tenantId] } as TenantConnections;
  }
  invalidate(): void {
    // nothing cached
  }
  async ping(): Promise<void> {
    // always answers
  }
}

const rabbit = {
  host: '10.0.0.5',
  port: 5673,
  vhost: 'acme-1',
  username: 'tenant-acme-1',
  password: 'p@ss/word:1',
};

describe('tenant broker URLs', () => {
  it('escapes credentials and the vhost', () => {
    expect(amqpUrlOf(rabbit)).toBe('amqp://tenant-acme-1:p%40ss%2Fword%3A1@10.0.0.5:5673/acme-1');
    expect(amqpUrlOf({ ...rabbit, vhost: '/' })).toMatch(/:5673\/%2F$/);
  });

  it('never logs the password', () => {
    expect(redactAmqpUrl(amqpUrlOf(rabbit))).not.toContain('word');
  });

  it("uses the tenant's own vhost in multi-tenant mode", async () => {
    const brokers = new TenantBrokers(new FakeSource({ acme: { rabbitmq: rabbit } }), 'amqp://x');
    expect(await brokers.urlFor('acme')).toBe(amqpUrlOf(rabbit));
  });

  it('uses RABBITMQ_URL for the single tenant, and no broker for anyone else', async () => {
    const source = new FakeSource({ default: {}, other: {} });
    expect(await new TenantBrokers(source, 'amqp://guest:guest@h:5672').urlFor('default')).toBe(
      'amqp://guest:guest@h:5672',
    );
    expect(await new TenantBrokers(source, 'amqp://h').urlFor('other')).toBeUndefined();
    expect(await new TenantBrokers(source, undefined).urlFor('default')).toBeUndefined();
  });

  it('knows which errors mean the tenant is gone', () => {
    expect(isTenantGone(tenantSuspended('a'))).toBe(true);
    expect(isTenantGone(tenantNotFound('a'))).toBe(true);
    expect(isTenantGone(tenantUnavailable('down'))).toBe(false);
    expect(isTenantGone(new Error('x'))).toBe(false);
  });
});
