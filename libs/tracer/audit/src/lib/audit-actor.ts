import { AsyncLocalStorage } from 'node:async_hooks';
import { BlockList, isIP } from 'node:net';

/** Who made a change, as the audit trail records it (Tracer's `Actor`). */
export interface AuditActor {
  actorType: 'user' | 'system' | 'api_key';
  id: string;
  name: string;
  role?: string;
  ipAddress: string;
}

/** Work no request started (the reservation reaper, start-up jobs). */
export const SYSTEM_ACTOR: AuditActor = {
  actorType: 'system',
  id: 'tracer',
  name: 'tracer',
  ipAddress: '127.0.0.1',
};

const store = new AsyncLocalStorage<AuditActor>();

/** The actor of the work in progress: set per request, SYSTEM_ACTOR outside one. */
export const AuditActors = {
  current: (): AuditActor => store.getStore() ?? SYSTEM_ACTOR,
  run: <T>(actor: AuditActor, work: () => T): T => store.run(actor, work),
};

const stripMapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * The client address of a request: the socket peer, unless the peer is a trusted proxy, in
 * which case the rightmost X-Forwarded-For hop that is not itself a trusted proxy. A client
 * can prepend anything to X-Forwarded-For, so hops left of the first untrusted one are never
 * believed.
 */
export class ClientAddressResolver {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  constructor(trustedProxyCidrs: readonly string[]) {
    this.any = trustedProxyCidrs.length > 0;
    for (const entry of trustedProxyCidrs) {
      const [address, bits] = entry.split('/');
      const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.trusted.addAddress(address, type);
      else this.trusted.addSubnet(address, Number(bits), type);
    }
  }

  resolve(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    const socket = stripMapped(peer ?? 'unknown');
    if (!this.any || !this.isTrusted(socket)) return socket;
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
    const hops = header
      .split(',')
      .map((hop) => stripMapped(hop.trim()))
      .filter(Boolean);
    for (let i = hops.length - 1; i >= 0; i -= 1) {
      if (!isIP(hops[i])) return socket;
      if (!this.isTrusted(hops[i])) return hops[i];
    }
    return hops[0] ?? socket;
  }

  private isTrusted(address: string): boolean {
    const family = isIP(address);
    if (!family) return false;
    return this.trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}
