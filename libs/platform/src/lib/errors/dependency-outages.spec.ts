import { Logger } from '@nestjs/common';
import { DependencyOutages } from './dependency-outages';

describe('DependencyOutages', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    jest.useRealTimers();
  });

  it('logs once when an outage starts and once, with the count, when it has been quiet', () => {
    const outages = new DependencyOutages(5_000);
    for (let i = 0; i < 1_000; i += 1)
      outages.record({ dependency: 'postgresql', reason: 'ECONNREFUSED' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toEqual({ dependency: 'postgresql', reason: 'ECONNREFUSED' });
    expect(outages.current()).toEqual([
      expect.objectContaining({ dependency: 'postgresql', affected: 1_000 }),
    ]);

    jest.advanceTimersByTime(4_000);
    outages.record({ dependency: 'postgresql', reason: '57P03 starting up' });
    jest.advanceTimersByTime(4_000);
    expect(warn).toHaveBeenCalledTimes(1);

    jest.advanceTimersByTime(2_000);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1][0]).toMatchObject({ dependency: 'postgresql', affected: 1_001 });
    expect(warn.mock.calls[1][1]).toMatch(/PostgreSQL outage over: 1001 requests or jobs/);
    expect(outages.current()).toEqual([]);
  });

  it('tracks each dependency on its own, and starts a new outage after one ended', () => {
    const outages = new DependencyOutages(1_000);
    outages.record({ dependency: 'postgresql', reason: 'ECONNREFUSED' });
    outages.record({ dependency: 'tenant-manager', reason: 'circuit open' });
    outages.record({ dependency: 'tenant-manager', reason: 'circuit open' });
    expect(warn).toHaveBeenCalledTimes(2);
    jest.advanceTimersByTime(2_000);
    expect(warn).toHaveBeenCalledTimes(4);
    outages.record({ dependency: 'postgresql', reason: 'ECONNREFUSED' });
    expect(warn).toHaveBeenCalledTimes(5);
    outages.onModuleDestroy();
    expect(warn).toHaveBeenCalledTimes(6);
  });

  it('lets a worker count a failed attempt as part of an outage, and nothing else', () => {
    const outages = new DependencyOutages(1_000);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5672'), {
      code: 'ECONNREFUSED',
    });
    expect(outages.recordFault(refused, 'rabbitmq')).toBe(true);
    expect(outages.recordFault(refused, 'rabbitmq')).toBe(true);
    expect(outages.recordFault(new TypeError('a bug'), 'rabbitmq')).toBe(false);
    expect(outages.current()).toEqual([
      expect.objectContaining({ dependency: 'rabbitmq', affected: 2 }),
    ]);
    expect(warn).toHaveBeenCalledTimes(1);
    outages.onModuleDestroy();
  });
});
