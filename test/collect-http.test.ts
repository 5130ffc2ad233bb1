// The small pieces of collect a user meets only through their effects: Retry-After read
// as seconds or an HTTP date, which URLs may be plain http, the timeout settings.
import { describe, expect, it } from 'vitest';
import { baseUrl } from '../src/collect/collect.js';
import { httpSettings, retryAfterMs } from '../src/collect/http.js';
import { clean, registerSecret } from '../src/collect/redact.js';
import { window } from '../src/collect/window.js';

describe('collect: requests', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-10-01T12:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Oct 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Thu, 01 Oct 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });

  it('allows http only to loopback, and no credential, query or fragment in a URL', () => {
    for (const ok of ['http://127.0.0.1:8080', 'http://127.9.9.9', 'http://localhost:3000/domino', 'http://[::1]:8080', 'https://domino.example.com/prefix']) {
      expect(() => baseUrl('--url', ok)).not.toThrow();
    }
    const refused: [string, RegExp][] = [
      ['http://localhost.evil.example', /https:\/\/ \(http:\/\/ is allowed to loopback/],
      ['http://10.0.0.1', /loopback addresses only/],
      ['http://[::ffff:10.0.0.1]', /loopback addresses only/],
      ['ftp://domino.example.com', /must be an https:\/\/ URL/],
      ['https://u:p@domino.example.com', /must not hold a user name or password/],
      ['https://domino.example.com/?key=1', /must not hold a query/],
      ['domino.example.com', /must be a URL/],
    ];
    for (const [url, msg] of refused) expect(() => baseUrl('--url', url)).toThrow(msg);
  });

  it('takes its timeout and retries from the environment, refusing nonsense', () => {
    expect(httpSettings({})).toMatchObject({ timeoutMs: 60_000, retries: 6 });
    expect(httpSettings({ ACCESS_AUDIT_HTTP_TIMEOUT_MS: '250', ACCESS_AUDIT_HTTP_RETRIES: '0' })).toMatchObject({ timeoutMs: 250, retries: 0 });
    expect(() => httpSettings({ ACCESS_AUDIT_HTTP_TIMEOUT_MS: '0' })).toThrow(/ACCESS_AUDIT_HTTP_TIMEOUT_MS must be a whole number ≥ 1/);
    expect(() => httpSettings({ ACCESS_AUDIT_HTTP_RETRIES: 'many' })).toThrow(/ACCESS_AUDIT_HTTP_RETRIES/);
  });

  it('masks a registered credential and control characters in any message', () => {
    registerSecret('s3cr3t-value-123');
    expect(clean('server said: bad key s3cr3t-value-123\u001b[2J\nnext')).toBe('server said: bad key *** [2J next');
  });

  it('bounds the event window: --since defaults to --as-of − 400 days, ends at the as-of instant', () => {
    expect(window({ asOf: '2026-09-30' })).toEqual({ since: '2025-08-26', asOf: '2026-09-30', startMs: Date.parse('2025-08-26T00:00:00Z'), endMs: Date.parse('2026-09-30T23:59:59.999Z') });
    expect(window({ asOf: '2026-09-30', since: '2026-01-01' }).startMs).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(() => window({ asOf: '2026-09-30', since: '2026-10-01' })).toThrow(/--since 2026-10-01 is after --as-of 2026-09-30/);
    expect(() => window({ asOf: '2026-13-01' })).toThrow(/--as-of must be a date/);
    expect(window({}, new Date('2026-12-01T10:00:00Z')).asOf).toBe('2026-12-01');
  });
});
