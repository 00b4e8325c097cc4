import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ObservedResponse } from './openapi-contract';

/**
 * Calls `onResponse` with every response `server` finishes, as sent on the wire (status,
 * content type, parsed JSON body). Installed ahead of the app's own request handler, so it
 * sees every request, routed or not.
 */
export function recordResponses(
  server: Server,
  onResponse: (observed: ObservedResponse) => void,
): void {
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    const collect = (chunk: unknown, encoding?: unknown): void => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(
        Buffer.isBuffer(chunk)
          ? chunk
          : Buffer.from(
              String(chunk),
              typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
            ),
      );
    };
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    (response as { write: unknown }).write = (...args: unknown[]) => {
      collect(args[0], args[1]);
      return write(...args);
    };
    (response as { end: unknown }).end = (...args: unknown[]) => {
      collect(args[0], args[1]);
      return end(...args);
    };
    response.once('finish', () => {
      const raw = Buffer.concat(chunks);
      const contentType = response.getHeader('content-type');
      onResponse({
        method: request.method ?? 'GET',
        path: (request.url ?? '/').split('?')[0],
        status: response.statusCode,
        contentType: contentType === undefined ? undefined : String(contentType),
        body: parseJson(raw, contentType),
        bodyLength: raw.length,
      });
    });
  });
}

function parseJson(raw: Buffer, contentType: unknown): unknown {
  if (raw.length === 0 || !/json/.test(String(contentType ?? ''))) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}
