/** Exchanges and queues a publisher or consumer declares (idempotently) on a tenant's vhost. */
export interface Topology {
  exchanges: { name: string; type: 'topic' | 'direct' | 'fanout' }[];
  queues: { name: string; bindings: { exchange: string; pattern: string }[] }[];
}

/** The subset of an amqplib channel that declaring a topology needs. */
export interface TopologyChannel {
  assertExchange(name: string, type: string, options: { durable: boolean }): Promise<unknown>;
  assertQueue(name: string, options: { durable: boolean }): Promise<unknown>;
  bindQueue(queue: string, exchange: string, pattern: string): Promise<unknown>;
}

/** Everything durable: a broker restart keeps exchanges, queues and persistent messages. */
export async function assertTopology(channel: TopologyChannel, topology: Topology): Promise<void> {
  for (const exchange of topology.exchanges) {
    await channel.assertExchange(exchange.name, exchange.type, { durable: true });
  }
  for (const queue of topology.queues) {
    await channel.assertQueue(queue.name, { durable: true });
    for (const binding of queue.bindings) {
      await channel.bindQueue(queue.name, binding.exchange, binding.pattern);
    }
  }
}
