import type {
  ListTicketsQuery,
  MaintenanceWindowBody,
  MaintenanceWindowDto,
  NoticeDto,
  OperationsReport,
  ProblemDetails,
  RetiredDeviceDto,
  SessionResponseDto,
  SilenceDto,
  SubscriptionDto,
  SuppressedEvidenceDto,
  TelemetryQueryResponseDto,
  TicketDetailResponseDto,
  TicketListResponseDto,
} from './api-types.generated';

/** A non-2xx answer, with its RFC 9457 problem document when the server sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemDetails | null,
  ) {
    super(problem?.detail ?? `The server answered ${status}`);
  }
}

/** The optional body of acknowledge and resolve; `falsePositive` marks a resolution as a false alarm. */
export interface ActionBody {
  comment?: string;
  falsePositive?: true;
}

/** POST /api/v1/silences: the matchers and comment of a silence, and its end (a time, or its tickets' resolution). */
export type SilenceBody = Pick<SilenceDto, 'tenant' | 'comment'> &
  Partial<Record<'device' | 'site' | 'failureMode', string>> &
  ({ endsAt: string } | { untilResolved: true });

/** POST /api/v1/tenants/{tenant}/subscriptions, as the portal sends it (webhook or e-mail). */
export type SubscriptionBody = Pick<SubscriptionDto, 'channel' | 'minSeverity' | 'quietHours'> &
  Partial<Pick<SubscriptionDto, 'url' | 'address'>> & { secret?: string };

export type TicketsQuery = Omit<ListTicketsQuery, 'limit' | 'cursor'>;

/** Page size of the queue: one request fills it (the API's maximum). */
export const PAGE_LIMIT = 500;

/**
 * The console's typed client of /api/v1, with the key of this browser session as a bearer token.
 * State changes carry `If-Match` with the version the user saw: a stale one answers 409.
 */
export class Api {
  constructor(
    private readonly key: string,
    private readonly base = '',
  ) {}

  session(): Promise<SessionResponseDto> {
    return this.request('GET', '/api/v1/session');
  }

  tickets(query: TicketsQuery): Promise<TicketListResponseDto> {
    const params = new URLSearchParams({ limit: String(PAGE_LIMIT) });
    for (const [name, value] of Object.entries(query))
      if (typeof value === 'string' && value !== '') params.set(name, value);
    return this.request('GET', `/api/v1/tickets?${params.toString()}`);
  }

  ticket(id: string): Promise<TicketDetailResponseDto> {
    return this.request('GET', `/api/v1/tickets/${encodeURIComponent(id)}`);
  }

  acknowledge(id: string, version: number, body: ActionBody = {}): Promise<TicketDetailResponseDto> {
    return this.request('POST', `/api/v1/tickets/${encodeURIComponent(id)}/acknowledge`, body, version);
  }

  resolve(id: string, version: number, body: ActionBody = {}): Promise<TicketDetailResponseDto> {
    return this.request('POST', `/api/v1/tickets/${encodeURIComponent(id)}/resolve`, body, version);
  }

  comment(id: string, comment: string): Promise<TicketDetailResponseDto> {
    return this.request('POST', `/api/v1/tickets/${encodeURIComponent(id)}/comments`, { comment });
  }

  assign(id: string, version: number, assignee: string | null): Promise<TicketDetailResponseDto> {
    return this.request('POST', `/api/v1/tickets/${encodeURIComponent(id)}/assign`, { assignee }, version);
  }

  retiredDevices(): Promise<{ items: RetiredDeviceDto[] }> {
    return this.request('GET', '/api/v1/retired-devices');
  }

  /** The operations report of the tickets opened in [from, to) (epoch ms). */
  operationsReport(from: number, to: number): Promise<OperationsReport> {
    return this.request('GET', `/api/v1/reports/operations?from=${from}&to=${to}`);
  }

  /** The device's retirement, or null when it is not retired. */
  async retiredDevice(tenant: string, device: string): Promise<RetiredDeviceDto | null> {
    try {
      return await this.request<RetiredDeviceDto>(
        'GET',
        `/api/v1/retired-devices/${encodeURIComponent(tenant)}/${encodeURIComponent(device)}`,
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }
  }

  /** Undoes a retirement: the device's next points start afresh. */
  unretireDevice(tenant: string, device: string): Promise<void> {
    return this.request(
      'DELETE',
      `/api/v1/retired-devices/${encodeURIComponent(tenant)}/${encodeURIComponent(device)}`,
    );
  }

  /** Retires a decommissioned device: its open tickets resolve and nothing opens for it any more. */
  retireDevice(
    tenant: string,
    device: string,
    comment: string,
  ): Promise<RetiredDeviceDto & { resolvedTickets: string[] }> {
    return this.request(
      'PUT',
      `/api/v1/retired-devices/${encodeURIComponent(tenant)}/${encodeURIComponent(device)}`,
      { comment },
    );
  }

  telemetry(
    tenant: string,
    device: string,
    metric: string,
    from: number,
    to: number,
  ): Promise<TelemetryQueryResponseDto> {
    const params = new URLSearchParams({ metric, from: String(Math.floor(from)), to: String(Math.ceil(to)) });
    return this.request(
      'GET',
      `/api/v1/telemetry/${encodeURIComponent(tenant)}/${encodeURIComponent(device)}?${params.toString()}`,
    );
  }

  /** A tenant's windows (a customer key: its own, whatever it asks). */
  maintenanceWindows(tenant?: string): Promise<{ items: MaintenanceWindowDto[] }> {
    const query = tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
    return this.request('GET', `/api/v1/maintenance-windows${query}`);
  }

  /** Evidence maintenance windows kept from opening tickets on a device, newest first (up to 1,000). */
  suppressedEvidence(tenant: string, device: string): Promise<{ items: SuppressedEvidenceDto[] }> {
    const query = new URLSearchParams({ tenant, device, limit: '1000' });
    return this.request('GET', `/api/v1/suppressed-evidence?${query.toString()}`);
  }

  createMaintenanceWindow(body: MaintenanceWindowBody): Promise<MaintenanceWindowDto> {
    return this.request('POST', '/api/v1/maintenance-windows', body);
  }

  deleteMaintenanceWindow(id: string): Promise<void> {
    return this.request('DELETE', `/api/v1/maintenance-windows/${encodeURIComponent(id)}`);
  }

  silences(): Promise<{ items: SilenceDto[] }> {
    return this.request('GET', '/api/v1/silences');
  }

  createSilence(body: SilenceBody): Promise<SilenceDto> {
    return this.request('POST', '/api/v1/silences', body);
  }

  /** DELETE expires a silence now (the answer is the expired silence). */
  expireSilence(id: string): Promise<SilenceDto> {
    return this.request('DELETE', `/api/v1/silences/${encodeURIComponent(id)}`);
  }

  /** The newest notices (a customer key: its own tenant's), newest first. */
  notices(limit = 50): Promise<{ items: NoticeDto[]; nextCursor: string | null }> {
    return this.request('GET', `/api/v1/notices?limit=${limit}`);
  }

  subscriptions(tenant: string): Promise<{ items: SubscriptionDto[] }> {
    return this.request('GET', `/api/v1/tenants/${encodeURIComponent(tenant)}/subscriptions`);
  }

  createSubscription(tenant: string, body: SubscriptionBody): Promise<SubscriptionDto> {
    return this.request('POST', `/api/v1/tenants/${encodeURIComponent(tenant)}/subscriptions`, body);
  }

  deleteSubscription(tenant: string, id: string): Promise<void> {
    return this.request(
      'DELETE',
      `/api/v1/tenants/${encodeURIComponent(tenant)}/subscriptions/${encodeURIComponent(id)}`,
    );
  }

  /** The bearer header, for the event stream (fetch-streamed: EventSource cannot send headers). */
  authorization(): Record<string, string> {
    return { authorization: `Bearer ${this.key}` };
  }

  private async request<T>(method: string, path: string, body?: object, version?: number): Promise<T> {
    const headers: Record<string, string> = { ...this.authorization(), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (version !== undefined) headers['if-match'] = `"${version}"`;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
    if (!response.ok) throw new ApiError(response.status, await problemOf(response));
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
}

async function problemOf(response: Response): Promise<ProblemDetails | null> {
  try {
    const body = (await response.json()) as Partial<ProblemDetails>;
    return typeof body.detail === 'string' ? (body as ProblemDetails) : null;
  } catch {
    return null;
  }
}
