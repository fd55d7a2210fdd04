import { describe, expect, it } from 'vitest';
import { crossSiteVerdict, isJsonContentType } from './cross-site';

const h = (init: Record<string, string>) => new Headers(init);

describe('crossSiteVerdict', () => {
  it("lets the console's own pages through", () => {
    expect(crossSiteVerdict(h({ 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:3000' }), '127.0.0.1:3000')).toEqual({
      ok: true,
    });
    expect(crossSiteVerdict(h({ 'sec-fetch-site': 'none' }), 'console.example.com')).toEqual({ ok: true });
  });

  it('lets a client that is not a browser through (no cookies of the user to ride on)', () => {
    expect(crossSiteVerdict(h({}), 'console.example.com')).toEqual({ ok: true });
  });

  it('refuses another site, another port and another subdomain', () => {
    expect(crossSiteVerdict(h({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), 'console.example.com').ok).toBe(false);
    expect(crossSiteVerdict(h({ 'sec-fetch-site': 'same-site', origin: 'https://other.example.com' }), 'console.example.com').ok).toBe(
      false,
    );
    // Without Sec-Fetch-Site (older browsers), Origin decides: the port counts.
    expect(crossSiteVerdict(h({ origin: 'http://127.0.0.1:4000' }), '127.0.0.1:3000').ok).toBe(false);
    expect(crossSiteVerdict(h({ origin: 'https://sub.console.example.com' }), 'console.example.com').ok).toBe(false);
    expect(crossSiteVerdict(h({ origin: 'null' }), 'console.example.com').ok).toBe(false);
  });

  it('takes the first host a chain of proxies names, without its default port', () => {
    expect(crossSiteVerdict(h({ origin: 'https://console.example.com' }), 'console.example.com, internal-lb:8080')).toEqual({ ok: true });
    expect(crossSiteVerdict(h({ origin: 'https://console.example.com' }), 'console.example.com:443')).toEqual({ ok: true });
  });

  it('compares hosts without regard to case', () => {
    expect(crossSiteVerdict(h({ origin: 'https://Console.Example.com' }), 'console.example.COM')).toEqual({ ok: true });
  });
});

describe('isJsonContentType', () => {
  it('accepts application/json with or without a charset, nothing else', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('application/json; charset=utf-8')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonContentType('application/jsonp')).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});
