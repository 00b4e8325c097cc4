import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { OnApplicationShutdown } from '@nestjs/common';
import { dependencyFaultOf, dependencyUnavailable, DomainError } from '@finplat/platform';
import type { ObjectStorageOptions } from '../reports.options';

interface S3ErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

const SOCKET_FAILURE =
  /\b(ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EHOSTDOWN|EPIPE|EAI_AGAIN|ENOTFOUND|socket hang up)\b/;

/**
 * An S3 call that failed because the store is down, unreachable, slow or overloaded becomes a
 * 503 object-storage fault (Retry-After); anything else (access denied, no such bucket) stays
 * an error, i.e. a 500 and a log line an operator must act on.
 */
export function objectStorageError(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  const fault = dependencyFaultOf(error, 'object-storage');
  if (fault) return dependencyUnavailable({ dependency: 'object-storage', reason: fault.reason });
  const s3 = (error ?? {}) as S3ErrorLike;
  const status = s3.$metadata?.httpStatusCode;
  // The SDK's retry layer re-wraps a rejection that is not an Error of its own realm (as under
  // jest's VM) into "AWS SDK error wrapper for Error: connect ECONNREFUSED …", dropping `code`:
  // the socket error is then only in the message.
  const socket = status === undefined ? SOCKET_FAILURE.exec(String(s3.message ?? '')) : null;
  if (socket) return dependencyUnavailable({ dependency: 'object-storage', reason: socket[1] });
  if (
    (status !== undefined && status >= 500) ||
    s3.name === 'TimeoutError' ||
    s3.name === 'RequestTimeout' ||
    s3.$retryable
  ) {
    return dependencyUnavailable({
      dependency: 'object-storage',
      reason: `${s3.name ?? 'error'}${status ? ` (HTTP ${status})` : ''}`,
    });
  }
  return error;
}

/**
 * Report files in an S3-compatible bucket (OBJECT_STORAGE_*, decision 0035). Provided by a
 * factory only when configured; ReportFileStore falls back to the database without it.
 */
export class ReportObjectStorage implements OnApplicationShutdown {
  private readonly client: S3Client;

  constructor(readonly options: ObjectStorageOptions) {
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.usePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretKey },
      // One retry: a download waits on this, and an outage should answer 503 quickly.
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 30_000 },
      // Checksums only where S3 requires them: several S3-compatible servers reject the
      // newer default (CRC32 on every request) or send none back.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put(key: string, content: Buffer, contentType: string): Promise<void> {
    await this.call(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: content,
          ContentType: contentType,
          ContentLength: content.length,
        }),
      ),
    );
  }

  /** The object's bytes as a stream; null when there is no such object. */
  async get(key: string): Promise<Readable | null> {
    try {
      const output = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
      );
      return output.Body as Readable;
    } catch (error) {
      if ((error as S3ErrorLike).name === 'NoSuchKey') return null;
      throw objectStorageError(error);
    }
  }

  /** Deletes the object; deleting one that is already gone succeeds (S3 semantics). */
  async delete(key: string): Promise<void> {
    await this.call(() =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key })),
    );
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw objectStorageError(error);
    }
  }
}
