import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export type AppName = 'tenant-manager' | 'ledger' | 'tracer' | 'reporter';

export interface RunningApp {
  name: AppName;
  url: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** Runs a built app (`dist/apps/<name>/main.js`) configured only by environment variables. */
export function runBuiltApp(
  name: AppName,
  env: Record<string, string>,
): { process: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [join(WORKSPACE_ROOT, 'dist/apps', name, 'main.js')], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return { process: child, output: () => output };
}

/**
 * Whether a child has ended. One ended by a signal (SIGTERM with no handler left, SIGKILL) has
 * `exitCode` null and `signalCode` set, and its 'exit' event has already gone: waiting for it
 * again would only time out.
 */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Waits for a process to exit; resolves its exit code (null when a signal ended it). */
export function exitOf(child: ChildProcess, timeoutMs = 30_000): Promise<number | null> {
  return new Promise((resolveExit, reject) => {
    if (hasExited(child)) return resolveExit(child.exitCode);
    const timer = setTimeout(() => reject(new Error('process did not exit')), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
}

/**
 * Starts a built app and waits for /health; `port` pins it (e.g. to restart it in place).
 * An unpinned port is chosen free, but between that check and the app's listen another
 * process on the machine (the other test lane) may take it as an outgoing connection's
 * ephemeral port: then the app is started again on another free port.
 */
export async function startApp(
  name: AppName,
  env: Record<string, string>,
  port?: number,
): Promise<RunningApp> {
  if (port !== undefined) return startAppOn(name, env, port);
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAppOn(name, env, await freePort());
    } catch (error) {
      if (attempt >= 3 || !(error as Error).message.includes('EADDRINUSE')) throw error;
    }
  }
}

async function startAppOn(
  name: AppName,
  env: Record<string, string>,
  port: number,
): Promise<RunningApp> {
  const { process: child, output } = runBuiltApp(name, { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (hasExited(child))
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    name,
    url,
    process: child,
    output,
    async stop() {
      if (!hasExited(child)) {
        child.kill('SIGTERM');
        await exitOf(child).catch(() => child.kill('SIGKILL'));
      }
    },
  };
}
