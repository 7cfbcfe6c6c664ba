import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';

/** A webhook / PagerDuty target that is (or resolves to) a private address while those are not allowed. */
export class PrivateTargetError extends Error {
  constructor(host: string, address: string) {
    super(
      `${host === address ? address : `${host} resolves to ${address}`}: a loopback or private address (WEBHOOK_ALLOW_PRIVATE=false)`,
    );
    this.name = 'PrivateTargetError';
  }
}

/** dns.lookup's shape (what node:net calls to resolve a host name). */
export type Lookup = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** loopback and private targets allowed (WEBHOOK_ALLOW_PRIVATE) */
  allowPrivate: boolean;
  /** how names are resolved (dns.lookup; a test maps its own names) */
  lookup?: Lookup;
}

/**
 * POSTs `body` to `url` and resolves with the response's status and Retry-After (the body is read and
 * dropped; redirects are not followed). Unless private targets are allowed, the address the connection goes
 * to is checked *as resolved for this connection*: a name that resolves to a loopback or private address
 * is refused with {@link PrivateTargetError}, and no second lookup can rebind it (the URL's literal check at
 * subscription time cannot see what a name resolves to, nor a DNS answer that changes later).
 * @example await postJson('https://hooks.example.com/x', { headers, body, timeoutMs: 10_000, allowPrivate: false })
 */
export function postJson(
  url: string,
  o: PostOptions,
): Promise<{ status: number; retryAfter: string | null }> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!o.allowPrivate && isIP(host) !== 0 && isPrivateHost(host))
    return Promise.reject(new PrivateTargetError(host, host));
  const base = o.lookup ?? (dnsLookup as unknown as Lookup);
  const lookup: Lookup = o.allowPrivate
    ? base
    : (hostname, options, callback) =>
        base(hostname, options, (error, address, family) => {
          if (error) return callback(error, address, family);
          const addresses = typeof address === 'string' ? [address] : address.map((a) => a.address);
          const refused = addresses.find((a) => isPrivateHost(a));
          if (refused !== undefined) return callback(new PrivateTargetError(hostname, refused), '', 4);
          callback(null, address, family);
        });
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        headers: { ...o.headers, 'content-length': String(Buffer.byteLength(o.body)) },
        lookup: lookup as never,
        signal: AbortSignal.timeout(o.timeoutMs),
      },
      (res: IncomingMessage) => {
        res.on('error', reject);
        res.on('end', () => {
          const retryAfter = res.headers['retry-after'];
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
          });
        });
        res.resume();
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

/** Literal loopback, private, link-local and unique-local addresses, and localhost names. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (isIP(host) === 6)
    return (
      host === '::1' ||
      host === '::' ||
      /^f[cd]/.test(host) ||
      /^fe[89ab]/.test(host) ||
      host.startsWith('::ffff:')
    );
  return false;
}
