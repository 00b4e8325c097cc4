import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBinDir } from '@finplat/testing';
import { Client } from 'pg';
import { exitOf, freePort } from './processes';

/**
 * Dependencies a fault suite may kill and restart without disturbing anyone else on the
 * machine: a PostgreSQL cluster and a Redis server of its own (other ports, data under /tmp),
 * and a TCP proxy in front of the shared RabbitMQ that can cut every connection and refuse new
 * ones (a private RabbitMQ node is too heavy for the 2-core machine; see docs/operations/faults.md).
 */
export interface Killable {
  readonly name: string;
  /** Takes it away abruptly: a crash, not a clean shutdown. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its data. */
  dispose(): Promise<void>;
}

const run = (command: string, args: string[], options: { asPostgres?: boolean } = {}) => {
  const [cmd, argv] =
    options.asPostgres && process.getuid?.() === 0
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')}: ${result.stderr || result.stdout}`);
  return result.stdout;
};

/** A PostgreSQL program by absolute path: Debian keeps initdb and pg_ctl off PATH. */
const pgBin = (program: string) => join(postgresBinDir(), program);

/**
 * A throw-away PostgreSQL cluster (initdb, pg_ctl; trust authentication on 127.0.0.1). `kill`
 * is `pg_ctl stop -m immediate`: every backend is ended without a checkpoint and the next start
 * runs crash recovery, as after a crash of the server process. fsync is off (the machine is
 * shared): a process crash loses nothing with it, only an OS crash would.
 */
export class PrivatePostgres implements Killable {
  readonly name = 'postgresql';
  private constructor(
    readonly port: number,
    private readonly root: string,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const root = mkdtempSync(join(tmpdir(), 'finplat-soak-pg-'));
    chmodSync(root, 0o755);
    if (process.getuid?.() === 0) chownSync(root, uidOf('postgres'), gidOf('postgres'));
    const cluster = new PrivatePostgres(await freePort(), root);
    try {
      run(pgBin('initdb'), ['-D', cluster.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync'], {
        asPostgres: true,
      });
      await cluster.start();
    } catch (error) {
      // The caller never gets a cluster to dispose of: leave nothing running or on disk.
      await cluster.dispose();
      throw error;
    }
    return cluster;
  }

  get dataDir(): string {
    return join(this.root, 'data');
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off`;
    run(
      pgBin('pg_ctl'),
      ['-D', this.dataDir, '-l', join(this.root, 'log'), '-w', '-t', '60', '-o', options, 'start'],
      {
        asPostgres: true,
      },
    );
  }

  async kill(): Promise<void> {
    run(pgBin('pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop'], {
      asPostgres: true,
    });
  }

  async dispose(): Promise<void> {
    try {
      run(pgBin('pg_ctl'), ['-D', this.dataDir, '-m', 'fast', '-w', 'stop'], { asPostgres: true });
    } catch {
      // not running
    }
    rmSync(this.root, { recursive: true, force: true });
  }

  /** One statement as the superuser in `database`. */
  async query<T extends Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
    database = 'postgres',
    searchPath?: string,
  ): Promise<T[]> {
    const client = new Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database });
    client.on('error', () => undefined);
    await client.connect();
    try {
      if (searchPath)
        await client.query(`SELECT set_config('search_path', $1, false)`, [searchPath]);
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }
}

const idOf = (flag: '-u' | '-g', user: string) => Number(run('id', [flag, user]).trim());
const uidOf = (user: string) => idOf('-u', user);
const gidOf = (user: string) => idOf('-g', user);

/** A redis-server of its own, nothing persisted; `kill` is SIGKILL. */
export class PrivateRedis implements Killable {
  readonly name = 'redis';
  private child?: ChildProcess;
  private constructor(readonly port: number) {}

  static async create(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis did not start: ${output}`)), 10_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis exited (${code}): ${output}`));
      });
    });
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exitOf(child, 10_000).catch(() => undefined);
  }

  async dispose(): Promise<void> {
    await this.kill();
  }
}

/**
 * A TCP proxy to a shared server. `kill` destroys every connection through it and stops
 * listening (clients see resets, then refused connections); `start` listens again.
 */
export class FaultProxy implements Killable {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async create(name: string, target: { host: string; port: number }): Promise<FaultProxy> {
    const proxy = new FaultProxy(name, await freePort(), target);
    await proxy.start();
    return proxy;
  }

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async kill(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async dispose(): Promise<void> {
    await this.kill();
  }
}
