import { describe, expect, it } from 'vitest';
import { forwardedChain } from './forwarded.mjs';

describe('forwardedChain', () => {
  it('without a trusted proxy, ignores what the client claims and names the socket', () => {
    expect(forwardedChain('203.0.113.9', '198.51.100.7', 0)).toBe('198.51.100.7');
    expect(forwardedChain(undefined, '::ffff:127.0.0.1', 0)).toBe('127.0.0.1');
    expect(forwardedChain(undefined, undefined, 0)).toBe('unknown');
  });

  it("behind trusted proxies, keeps only the entries they appended, then the proxy's own address", () => {
    // The client forged 203.0.113.9; the proxy appended the real client, 198.51.100.20.
    expect(forwardedChain('203.0.113.9, 198.51.100.20', '10.0.0.5', 1)).toBe('198.51.100.20, 10.0.0.5');
    expect(forwardedChain(['203.0.113.9', '198.51.100.20, 10.0.0.4'], '10.0.0.5', 2)).toBe('198.51.100.20, 10.0.0.4, 10.0.0.5');
    // Fewer entries than proxies (one was skipped): nothing is invented.
    expect(forwardedChain(undefined, '10.0.0.5', 1)).toBe('10.0.0.5');
    expect(forwardedChain(' , ', '10.0.0.5', 1)).toBe('10.0.0.5');
  });
});
