export type Settled<O> = { ok: true; value: O } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Most items written in one batch. */
  maxBatchSize: number;
  /** Most batches of one lane being written at the same time. */
  maxInFlight: number;
}

/** What an item touches, for scheduling. */
export interface ItemFootprint {
  /**
   * Things two concurrently written batches must not share (a balance): an item touching
   * one of them waits until no batch in flight touches it. Items of one batch may share them.
   */
  resources?: string[];
  /** Two items with the same key never share a batch (nor two batches in flight). */
  dedupeKey?: string;
}

interface Waiting<I, O> {
  item: I;
  resources: string[];
  dedupeKey?: string;
  resolve(value: O): void;
  reject(error: unknown): void;
}

interface Lane<I, O> {
  waiting: Waiting<I, O>[];
  inFlight: number;
  /** A pump is scheduled for the end of this event-loop turn. */
  scheduled: boolean;
  /** Resources of the batches in flight, with how many batches hold each. */
  busy: Map<string, number>;
}

/**
 * Group commit: items submitted while a lane's batches are being written wait, and go
 * together in the next batch, so N concurrent postings cost one database transaction, one
 * set of round trips and one WAL flush instead of N. Nothing waits for a timer: an item
 * that finds a free slot is written at once (a lone request is a batch of one), so batching
 * only happens when there is already a queue.
 *
 * A lane is one place batches are written to (a tenant's database or schema); lanes never
 * share a batch. Batches in flight at the same time never share a resource (see
 * ItemFootprint), so they cannot conflict with each other; an item that would waits for the
 * next batch. `run` answers every item of a batch, in order; if it throws, every item of the
 * batch gets that error.
 */
export class GroupCommit<I, O> {
  private readonly lanes = new Map<unknown, Lane<I, O>>();

  constructor(
    private readonly run: (items: I[]) => Promise<Settled<O>[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(lane: unknown, item: I, footprint: ItemFootprint = {}): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      let state = this.lanes.get(lane);
      if (!state) {
        state = { waiting: [], inFlight: 0, scheduled: false, busy: new Map() };
        this.lanes.set(lane, state);
      }
      const resources = [...(footprint.resources ?? [])];
      if (footprint.dedupeKey !== undefined) resources.push(`dedupe:${footprint.dedupeKey}`);
      state.waiting.push({ item, resources, dedupeKey: footprint.dedupeKey, resolve, reject });
      this.schedule(lane, state);
    });
  }

  /** Lanes with work queued or in flight (for tests and metrics). */
  get activeLanes(): number {
    return this.lanes.size;
  }

  /**
   * Fills free slots once the event loop has handled the input already waiting (setImmediate
   * runs after the poll phase): requests that arrived together, or while a batch finished,
   * go in one batch instead of the first of them taking a slot alone. No timer: with nothing
   * else to handle, the batch leaves in the same turn.
   */
  private schedule(key: unknown, lane: Lane<I, O>): void {
    if (lane.scheduled) return;
    lane.scheduled = true;
    setImmediate(() => {
      lane.scheduled = false;
      this.pump(key, lane);
    });
  }

  private pump(key: unknown, lane: Lane<I, O>): void {
    while (lane.inFlight < this.options.maxInFlight && lane.waiting.length > 0) {
      const batch = this.take(lane);
      if (batch.length === 0) return; // everything waiting conflicts with a batch in flight
      const held = new Set(batch.flatMap((w) => w.resources));
      for (const r of held) lane.busy.set(r, (lane.busy.get(r) ?? 0) + 1);
      lane.inFlight += 1;
      void this.execute(batch).finally(() => {
        lane.inFlight -= 1;
        for (const r of held) {
          const holders = (lane.busy.get(r) ?? 1) - 1;
          if (holders === 0) lane.busy.delete(r);
          else lane.busy.set(r, holders);
        }
        if (lane.waiting.length === 0 && lane.inFlight === 0) this.lanes.delete(key);
        else this.schedule(key, lane);
      });
    }
  }

  private take(lane: Lane<I, O>): Waiting<I, O>[] {
    const batch: Waiting<I, O>[] = [];
    const rest: Waiting<I, O>[] = [];
    const keys = new Set<string>();
    for (const waiting of lane.waiting) {
      const fits =
        batch.length < this.options.maxBatchSize &&
        !(waiting.dedupeKey !== undefined && keys.has(waiting.dedupeKey)) &&
        !waiting.resources.some((r) => lane.busy.has(r));
      if (fits) {
        batch.push(waiting);
        if (waiting.dedupeKey !== undefined) keys.add(waiting.dedupeKey);
      } else {
        rest.push(waiting);
      }
    }
    lane.waiting = rest;
    return batch;
  }

  private async execute(batch: Waiting<I, O>[]): Promise<void> {
    let outcomes: Settled<O>[];
    try {
      outcomes = await this.run(batch.map((w) => w.item));
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (!outcome) w.reject(new Error('group commit: no outcome for an item'));
      else if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }
}
