import { ClientAddressResolver } from './audit-actor';

describe('ClientAddressResolver', () => {
  it('should take the socket peer when no proxy is trusted, whatever X-Forwarded-For says', () => {
    const resolver = new ClientAddressResolver([]);
    expect(resolver.resolve('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(resolver.resolve('::ffff:203.0.113.9', undefined)).toBe('203.0.113.9');
  });

  it('should take the socket peer when the peer is not a trusted proxy', () => {
    const resolver = new ClientAddressResolver(['10.0.0.0/8']);
    expect(resolver.resolve('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
  });

  it('should take the rightmost untrusted hop behind trusted proxies', () => {
    const resolver = new ClientAddressResolver(['10.0.0.0/8', '127.0.0.1']);
    expect(resolver.resolve('10.1.2.3', '6.6.6.6, 198.51.100.7, 10.9.9.9')).toBe('198.51.100.7');
    expect(resolver.resolve('127.0.0.1', '198.51.100.7')).toBe('198.51.100.7');
  });

  it('should not believe a malformed hop and fall back to the peer', () => {
    const resolver = new ClientAddressResolver(['10.0.0.0/8']);
    expect(resolver.resolve('10.1.2.3', 'evil, 10.2.2.2')).toBe('10.1.2.3');
  });
});
