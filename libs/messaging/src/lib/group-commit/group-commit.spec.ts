import { GroupCommit, type Settled } from './group-commit';

/** A run function whose batches finish only when the test says so. */
function controlledRun() {
  const batches: {
    items: string[];
    finish: (outcomes?: Settled<string>[]) => void;
    fail: (e: unknown) => void;
  }[] = [];
  const run = (items: string[]) =>
    new Promise<Settled<string>[]>((resolve, reject) => {
      batches.push({
        items,
        finish: (outcomes) =>
          resolve(outcomes ?? items.map((item) => ({ ok: true, value: `done:${item}` }))),
        fail: reject,
      });
    });
  return { run, batches };
}

/** Lets the event loop turn twice: a batch's completion, then the pump it schedules. */
const tick = async () => {
  for (let i = 0; i < 2; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

describe('GroupCommit', () => {
  it('should write a lone item within the same event-loop turn, as a batch of one', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 10, maxInFlight: 1 });
    const answer = group.submit('lane', 'a');
    await tick();
    expect(batches.map((b) => b.items)).toEqual([['a']]);
    batches[0].finish();
    await expect(answer).resolves.toBe('done:a');
    expect(group.activeLanes).toBe(0);
  });

  it('should put items that arrive in the same turn in one batch, even with a slot free', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 10, maxInFlight: 2 });
    const answers = ['a', 'b', 'c'].map((item) => group.submit('lane', item));
    expect(batches).toHaveLength(0); // not before the input already waiting has been handled
    await tick();
    expect(batches.map((b) => b.items)).toEqual([['a', 'b', 'c']]);
    batches[0].finish();
    await expect(Promise.all(answers)).resolves.toEqual(['done:a', 'done:b', 'done:c']);
  });

  it('should put what arrives during a batch into the next one, up to the batch size', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 3, maxInFlight: 1 });
    const answers = [group.submit('lane', 'a')];
    await tick();
    answers.push(...['b', 'c', 'd', 'e'].map((item) => group.submit('lane', item)));
    await tick();
    expect(batches.map((b) => b.items)).toEqual([['a']]);
    batches[0].finish();
    await tick();
    expect(batches.map((b) => b.items)).toEqual([['a'], ['b', 'c', 'd']]);
    batches[1].finish();
    await tick();
    expect(batches[2].items).toEqual(['e']);
    batches[2].finish();
    await expect(Promise.all(answers)).resolves.toEqual([
      'done:a',
      'done:b',
      'done:c',
      'done:d',
      'done:e',
    ]);
  });

  it('should keep up to maxInFlight batches of a lane going at once', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 10, maxInFlight: 2 });
    for (const item of ['a', 'b', 'c']) {
      void group.submit('lane', item);
      await tick();
    }
    expect(batches.map((b) => b.items)).toEqual([['a'], ['b']]);
    batches[1].finish();
    await tick();
    expect(batches.map((b) => b.items)).toEqual([['a'], ['b'], ['c']]);
  });

  it('should never mix lanes in one batch', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 10, maxInFlight: 1 });
    const tenantA = { tenant: 'a' };
    const tenantB = { tenant: 'b' };
    void group.submit(tenantA, 'a1');
    void group.submit(tenantB, 'b1');
    await tick();
    void group.submit(tenantA, 'a2');
    void group.submit(tenantB, 'b2');
    await tick();
    expect(batches.map((b) => b.items)).toEqual([['a1'], ['b1']]);
    batches[0].finish();
    batches[1].finish();
    await tick();
    expect(batches.slice(2).map((b) => b.items)).toEqual([['a2'], ['b2']]);
  });

  it('should never put two items with the same dedupe key in one batch', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 10, maxInFlight: 1 });
    void group.submit('lane', 'x1', { dedupeKey: 'key-x' });
    void group.submit('lane', 'x2', { dedupeKey: 'key-x' });
    void group.submit('lane', 'y', { dedupeKey: 'key-y' });
    await tick();
    expect(batches[0].items).toEqual(['x1', 'y']);
    batches[0].finish();
    await tick();
    expect(batches[1].items).toEqual(['x2']);
  });

  it('should keep batches in flight together from sharing a resource', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 10, maxInFlight: 3 });
    void group.submit('lane', 'a->b', { resources: ['a', 'b'] });
    await tick();
    void group.submit('lane', 'b->c', { resources: ['b', 'c'] }); // shares b with the batch in flight
    void group.submit('lane', 'd->e', { resources: ['d', 'e'] });
    void group.submit('lane', 'c->a', { resources: ['c', 'a'] }); // shares a
    await tick();
    expect(batches.map((b) => b.items)).toEqual([['a->b'], ['d->e']]);
    batches[0].finish();
    await tick();
    // Items of one batch may share resources with each other.
    expect(batches[2].items).toEqual(['b->c', 'c->a']);
  });

  it('should answer each item with its own outcome', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 10, maxInFlight: 1 });
    const good = group.submit('lane', 'good');
    const bad = group.submit('lane', 'bad');
    await tick();
    const refusal = new Error('insufficient funds');
    batches[0].finish([
      { ok: true, value: 'posted' },
      { ok: false, error: refusal },
    ]);
    await expect(good).resolves.toBe('posted');
    await expect(bad).rejects.toBe(refusal);
  });

  it('should fail every item of a failed batch, and only those', async () => {
    const { run, batches } = controlledRun();
    const group = new GroupCommit(run, { maxBatchSize: 2, maxInFlight: 1 });
    const first = group.submit('lane', 'a');
    await tick();
    const second = group.submit('lane', 'b');
    const third = group.submit('lane', 'c');
    const failure = new Error('connection lost');
    batches[0].fail(failure);
    await expect(first).rejects.toBe(failure);
    await tick();
    expect(batches[1].items).toEqual(['b', 'c']);
    batches[1].finish();
    await expect(Promise.all([second, third])).resolves.toEqual(['done:b', 'done:c']);
  });
});
