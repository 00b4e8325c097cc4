import { Logger } from '@nestjs/common';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { redactAmqpUrl } from './broker-url';
import { assertTopology, type Topology } from './topology';

interface Entry {
  ready: Promise<{ connection: ChannelModel; channel: ConfirmChannel }>;
}

const PENDING = Promise.reject(new Error('not opened')) as Entry['ready'];
PENDING.catch(() => undefined);

/**
 * One AMQP connection with one confirm channel per tenant broker URL (that is, per tenant
 * vhost and user). A connection that fails or closes is forgotten, so the next call
 * reconnects; callers treat a failure as "try again later", never as success.
 */
export class TenantPublishers {
  private readonly logger = new Logger(TenantPublishers.name);
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly topology: Topology,
    private readonly connectTimeoutMs = 3_000,
  ) {}

  async channel(url: string): Promise<ConfirmChannel> {
    let entry = this.entries.get(url);
    if (!entry) {
      const created: Entry = { ready: PENDING };
      created.ready = this.open(url, created);
      this.entries.set(url, created);
      entry = created;
      created.ready.catch(() => {
        if (this.entries.get(url) === created) this.entries.delete(url);
      });
    }
    return (await entry.ready).channel;
  }

  /** Closes the connection to one tenant broker (tenant gone, or its channel misbehaved). */
  async close(url: string): Promise<void> {
    const entry = this.entries.get(url);
    if (!entry) return;
    this.entries.delete(url);
    try {
      const { connection } = await entry.ready;
      await connection.close();
    } catch {
      // already failed or closed
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((url) => this.close(url)));
  }

  private async open(
    url: string,
    entry: Entry,
  ): Promise<{ connection: ChannelModel; channel: ConfirmChannel }> {
    const connection = await connect(url, { timeout: this.connectTimeoutMs });
    const forget = () => {
      if (this.entries.get(url) === entry) this.entries.delete(url);
    };
    connection.on('error', (error: Error) => {
      this.logger.warn(`publisher connection to ${redactAmqpUrl(url)} failed: ${error.message}`);
    });
    connection.on('close', forget);
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', (error: Error) => {
        this.logger.warn(`publisher channel on ${redactAmqpUrl(url)} failed: ${error.message}`);
      });
      channel.on('close', () => {
        forget();
        void connection.close().catch(() => undefined);
      });
      await assertTopology(channel, this.topology);
      return { connection, channel };
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
  }
}
