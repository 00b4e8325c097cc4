import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** s3rver's built-in credentials (it checks signatures made with them). */
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

export interface TestS3 {
  /** OBJECT_STORAGE_* for the reporter under test. */
  env: Record<string, string>;
  bucket: string;
  /** Every key in the bucket, sorted. */
  keys(prefix?: string): Promise<string[]>;
  /** Stops the server (an outage); its files stay in the directory. */
  stop(): Promise<void>;
  /** Starts it again on the same port over the same directory (the outage ends). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** An S3-compatible server (s3rver) in this process, on a free port, over a temp directory. */
export async function startTestS3(bucket = 'reports'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'reporter-s3-'));
  const serve = (port: number) =>
    new S3rver({
      address: '127.0.0.1',
      port,
      silent: true,
      directory,
      configureBuckets: [{ name: bucket }],
    });
  let server = serve(0);
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
  });
  let running = true;
  return {
    bucket,
    env: {
      OBJECT_STORAGE_ENDPOINT: endpoint,
      OBJECT_STORAGE_REGION: 'us-east-1',
      OBJECT_STORAGE_ACCESS_KEY_ID: ACCESS_KEY,
      OBJECT_STORAGE_SECRET_KEY: SECRET_KEY,
      OBJECT_STORAGE_BUCKET: bucket,
      OBJECT_STORAGE_USE_PATH_STYLE: 'true',
      OBJECT_STORAGE_DISABLE_SSL: 'true',
    },
    keys: async (prefix) => {
      const out = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
      return (out.Contents ?? []).map((object) => object.Key ?? '').sort();
    },
    stop: async () => {
      if (running) await server.close();
      running = false;
    },
    restart: async () => {
      if (running) return;
      server = serve(port);
      await server.run();
      running = true;
    },
    close: async () => {
      client.destroy();
      if (running) await server.close();
      running = false;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
