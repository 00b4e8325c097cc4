import { provisioningConflict, provisioningUnavailable } from '../tenant-manager.errors';

/** The management API could not be reached at all (refused, DNS, timeout). */
export class RabbitUnreachableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RabbitUnreachableError';
  }
}

const REQUEST_TIMEOUT_MS = 5_000;

/**
 * A small client of the RabbitMQ management HTTP API: just the vhost, user and permission
 * calls provisioning needs. Credentials come from the URL's user info (fetch refuses URLs
 * with credentials, so they become a Basic header).
 */
export class RabbitManagementClient {
  private readonly baseUrl: string;
  private readonly authorization: string;

  constructor(
    managementUrl: string,
    private readonly timeoutMs = REQUEST_TIMEOUT_MS,
  ) {
    const url = new URL(managementUrl);
    const user = decodeURIComponent(url.username || 'guest');
    const password = decodeURIComponent(url.password || 'guest');
    url.username = '';
    url.password = '';
    this.baseUrl = url.toString().replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  /** Where the API lives, without credentials (for messages). */
  get endpoint(): string {
    return this.baseUrl;
  }

  async vhostExists(vhost: string): Promise<boolean> {
    return (await this.call('GET', `/api/vhosts/${encodeURIComponent(vhost)}`, undefined, [404]))
      .ok;
  }

  /** Every vhost with its description. */
  async listVhosts(): Promise<{ name: string; description: string | null }[]> {
    const answer = await this.call('GET', '/api/vhosts?columns=name,description');
    return (JSON.parse(answer.text || '[]') as { name: string; description?: string }[]).map(
      (v) => ({ name: v.name, description: v.description || null }),
    );
  }

  /** The vhost's description (its ownership marker); undefined when there is no such vhost. */
  async vhostDescription(vhost: string): Promise<string | null | undefined> {
    const answer = await this.call(
      'GET',
      `/api/vhosts/${encodeURIComponent(vhost)}`,
      undefined,
      [404],
    );
    if (!answer.ok) return undefined;
    const body = JSON.parse(answer.text || '{}') as { description?: string | null };
    return body.description || null;
  }

  async userExists(user: string): Promise<boolean> {
    return (await this.call('GET', `/api/users/${encodeURIComponent(user)}`, undefined, [404])).ok;
  }

  async createVhost(vhost: string, description: string): Promise<void> {
    await this.call('PUT', `/api/vhosts/${encodeURIComponent(vhost)}`, { description });
  }

  /** A user without management tags: it may use AMQP, not this API. */
  async createUser(user: string, password: string): Promise<void> {
    await this.call('PUT', `/api/users/${encodeURIComponent(user)}`, { password, tags: '' });
  }

  async grantFullPermissions(vhost: string, user: string): Promise<void> {
    await this.call(
      'PUT',
      `/api/permissions/${encodeURIComponent(vhost)}/${encodeURIComponent(user)}`,
      {
        configure: '.*',
        write: '.*',
        read: '.*',
      },
    );
  }

  /** Idempotent: a vhost that is already gone is fine. */
  async deleteVhost(vhost: string): Promise<void> {
    await this.call('DELETE', `/api/vhosts/${encodeURIComponent(vhost)}`, undefined, [404]);
  }

  /** Idempotent: a user that is already gone is fine. */
  async deleteUser(user: string): Promise<void> {
    await this.call('DELETE', `/api/users/${encodeURIComponent(user)}`, undefined, [404]);
  }

  /**
   * One API call. Network failures become RabbitUnreachableError (the caller decides whether
   * that means "skipped"); an HTTP error answer (bad credentials, server error) is a real
   * provisioning failure, since the broker is there but refuses.
   */
  private async call(
    method: string,
    path: string,
    body?: unknown,
    tolerated: number[] = [],
  ): Promise<{ ok: boolean; status: number; text: string }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: this.authorization,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new RabbitUnreachableError(
        `RabbitMQ management API at ${this.baseUrl} is unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})`,
      );
    }
    // Drain the body so the connection can be reused.
    const text = await response.text().catch(() => '');
    if (response.ok || tolerated.includes(response.status))
      return { ok: response.ok, status: response.status, text };
    if (response.status === 409) throw provisioningConflict(`RabbitMQ object ${path}`);
    throw provisioningUnavailable(
      `RabbitMQ management API answered ${response.status} to ${method} ${path}${text ? `: ${text.slice(0, 200)}` : ''}`,
    );
  }
}
