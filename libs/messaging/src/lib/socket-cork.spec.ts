import { coalesceWrites } from './socket-cork';

describe('coalesceWrites', () => {
  it('should cork the channel socket once per burst and uncork it after amqplib wrote', async () => {
    const stream = { cork: jest.fn(), uncork: jest.fn() };
    const channel = { connection: { stream } };
    coalesceWrites(channel);
    coalesceWrites(channel);
    expect(stream.cork).toHaveBeenCalledTimes(1);
    expect(stream.uncork).not.toHaveBeenCalled();
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.uncork).not.toHaveBeenCalled(); // amqplib writes on this turn
    await new Promise((resolve) => setImmediate(resolve));
    expect(stream.uncork).toHaveBeenCalledTimes(1);
    coalesceWrites(channel); // a later burst corks again
    expect(stream.cork).toHaveBeenCalledTimes(2);
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    expect(stream.uncork).toHaveBeenCalledTimes(2);
  });

  it('should leave anything without a socket alone', () => {
    expect(() => coalesceWrites({ publish: jest.fn() })).not.toThrow();
    expect(() => coalesceWrites(undefined)).not.toThrow();
  });
});
