import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError } from '../config/load-config';
import { ApiDocsOptions, configureApp } from './configure-app';

export interface AppDefinition {
  name: string;
  module: DynamicModule;
  port: number;
  host: string;
  docs: ApiDocsOptions;
}

/**
 * Starts an app from a definition built from the environment. A configuration error stops
 * the process with a non-zero exit code and a message naming each bad variable.
 */
export async function runApp(define: () => AppDefinition): Promise<void> {
  let definition: AppDefinition;
  try {
    definition = define();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  try {
    const app = await NestFactory.create(definition.module, {
      bufferLogs: true,
      bodyParser: false,
    });
    configureApp(app, definition.docs);
    await app.listen(definition.port, definition.host);
    process.stdout.write(
      `${definition.name} listening on http://${urlHost(definition.host)}:${definition.port}\n`,
    );
  } catch (error) {
    process.stderr.write(
      `${definition.name} failed to start: ${(error as Error).stack ?? error}\n`,
    );
    process.exit(1);
  }
}

/** The address to print: a wildcard address is reached on loopback; IPv6 goes in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
