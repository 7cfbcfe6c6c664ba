/** RFC 9457 problem document, as the API answers every error (members the CLI reads). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** the query parameter, field or header that was invalid */
  parameter?: string;
}

/** The API answered with an error status; `problem` is its document (or one made from the status). */
export class ApiError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    readonly problem: Problem,
    /** seconds, from Retry-After (429) */
    readonly retryAfter: string | null,
  ) {
    super(problem.detail);
    this.name = 'ApiError';
  }
}

/** No usable answer: refused, unresolvable, timed out, redirected, or not JSON. */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'UnreachableError';
  }
}

export interface ApiClientOptions {
  /** e.g. http://127.0.0.1:8080 (a path prefix behind a proxy is kept) */
  baseUrl: string;
  key: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The platform's HTTP API with a bearer key. The key goes in the Authorization header only: it is never in
 * a URL, an error or a log line, and never follows a redirect (a redirect is an error).
 *
 * @example
 * const api = new ApiClient({ baseUrl: 'http://127.0.0.1:8080', key });
 * const { items } = await api.request<{ items: KeyRecord[] }>('GET', 'api/v1/keys');
 */
export class ApiClient {
  readonly baseUrl: string;
  readonly #key: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.#key = options.key;
    this.#fetch = options.fetch ?? fetch;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * `path` is relative to the base URL, without a leading slash: `api/v1/tickets/${encodeURIComponent(id)}`.
   * A 204 (No Content) resolves to undefined.
   */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(path, this.baseUrl);
    for (const [name, value] of Object.entries(options.query ?? {}))
      if (value !== undefined) url.searchParams.set(name, String(value));
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#key}`,
      accept: 'application/json',
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        redirect: 'error',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new UnreachableError(this.baseUrl, this.reasonOf(error));
    }
    if (!response.ok)
      throw new ApiError(
        this.baseUrl,
        response.status,
        toProblem(response, text, `${method} ${url.pathname}`),
        retryAfter(response, text),
      );
    if (response.status === 204) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new UnreachableError(
        this.baseUrl,
        `${method} ${url.pathname} answered ${response.status} with something other than JSON: is this the Preempt API?`,
      );
    }
  }

  /** ECONNREFUSED, ENOTFOUND, ... with the address, from undici's `fetch failed` and its cause. */
  private reasonOf(error: unknown): string {
    const failure = asFailure(error);
    if (failure?.name === 'TimeoutError' || failure?.name === 'AbortError')
      return `no answer within ${this.#timeoutMs / 1000} s`;
    // connecting to a name with several addresses fails with an AggregateError of each attempt
    const cause = asFailure(failure?.cause);
    const first = Array.isArray(cause?.errors) ? asFailure(cause.errors[0]) : null;
    const reason = first ?? cause ?? failure;
    if (reason === null) return String(error);
    if (reason.message !== '')
      return reason.code && !reason.message.includes(reason.code)
        ? `${reason.code}: ${reason.message}`
        : reason.message;
    return reason.code ?? reason.name;
  }
}

interface Failure {
  name: string;
  message: string;
  code?: string;
  cause?: unknown;
  errors?: unknown;
}

/** Errors by shape, not instanceof: fetch's errors may come from another realm (jest's vm contexts). */
function asFailure(value: unknown): Failure | null {
  if (typeof value !== 'object' || value === null) return null;
  const { name, message } = value as Partial<Failure>;
  return typeof name === 'string' && typeof message === 'string' ? (value as Failure) : null;
}

function toProblem(response: Response, text: string, request: string): Problem {
  const statusLine = `${response.status} ${response.statusText}`.trim();
  const body = parseObject(text);
  if (body && typeof body.detail === 'string')
    return {
      type: typeof body.type === 'string' ? body.type : 'about:blank',
      title: typeof body.title === 'string' ? body.title : response.statusText,
      status: response.status,
      detail: body.detail,
      instance: typeof body.instance === 'string' ? body.instance : undefined,
      parameter: typeof body.parameter === 'string' ? body.parameter : undefined,
    };
  // not a problem document (a proxy's page, or not the Preempt API at all): the status is all we can trust
  const detail = `${request} answered ${statusLine}, not a problem document: is this the Preempt API?`;
  return { type: 'about:blank', title: response.statusText, status: response.status, detail };
}

function retryAfter(response: Response, text: string): string | null {
  const header = response.headers.get('retry-after');
  if (header !== null) return header;
  const value = parseObject(text)?.retryAfter;
  return typeof value === 'number' ? String(value) : null;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
