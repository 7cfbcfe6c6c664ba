import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { actorOf, canSeeTenant, CurrentPrincipal, type Principal, Roles } from '@preempt/access';
import { InvalidRequestError, NotFoundError } from '@preempt/common';
import { checkId } from '@preempt/contracts';

import { NocRepository, type SuppressedRecord } from '../storage/noc.repository';
import { rejectUnknown, toExpectedVersion } from '../tickets/tickets.dto';
import { checkUuid, type MaintenanceWindowDto, toWindowDto, toWindowFields } from './maintenance-windows.dto';
import { MaintenanceWindowsService } from './maintenance-windows.service';

const WINDOW_BODY = {
  type: 'object',
  required: ['tenant', 'start', 'durationMinutes', 'timeZone', 'comment'],
  properties: {
    tenant: { type: 'string', example: 'acme' },
    devices: { type: 'array', items: { type: 'string' }, nullable: true, example: ['rtr-01'] },
    site: { type: 'string', nullable: true, example: 'par1' },
    start: { type: 'string', description: 'local wall time in timeZone', example: '2027-03-28T01:30' },
    durationMinutes: { type: 'integer', minimum: 1, maximum: 44640, example: 120 },
    timeZone: { type: 'string', description: 'IANA time zone', example: 'Europe/Paris' },
    rrule: {
      type: 'string',
      nullable: true,
      description: 'RFC 5545 RRULE, no DTSTART',
      example: 'FREQ=WEEKLY;BYDAY=SU',
    },
    comment: { type: 'string', maxLength: 2000, example: 'weekly firmware window' },
  },
  additionalProperties: false,
};

/**
 * Maintenance windows (README "Maintenance windows"): inside one, evidence of the devices it covers opens
 * no ticket (it is listed under /suppressed-evidence), the detector does not learn their points, and their
 * open tickets do not escalate; what is still abnormal when it ends gets its ticket at once. NOC and admin
 * keys manage them; a customer key reads its own tenant's.
 */
@Controller('api/v1')
@ApiTags('maintenance windows')
export class MaintenanceWindowsController {
  constructor(
    private readonly windows: MaintenanceWindowsService,
    private readonly repository: NocRepository,
  ) {}

  @Post('maintenance-windows')
  @ApiOperation({
    summary: 'Create a one-off or recurring (RRULE, time zone, DST-correct) window (admin, noc)',
  })
  @ApiBody({ schema: WINDOW_BODY })
  @Roles('admin', 'noc')
  async create(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MaintenanceWindowDto> {
    const window = await this.windows.create(toWindowFields(body, null), actorOf(principal));
    return toWindowDto(window, Date.now());
  }

  @Get('maintenance-windows')
  @ApiOperation({ summary: 'Windows, oldest first: {items}' })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'active', required: false, description: '`true`: only those in progress now' })
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: MaintenanceWindowDto[] }> {
    rejectUnknown(query, ['tenant', 'active'], 'query parameter');
    const tenant = tenantFilter(query.tenant, principal);
    if (query.active !== undefined && query.active !== 'true' && query.active !== 'false')
      throw new InvalidRequestError('"active" must be true or false', 'active');
    const now = Date.now();
    const items = (await this.windows.list(tenant)).map((w) => toWindowDto(w, now));
    return { items: query.active === 'true' ? items.filter((w) => w.active) : items };
  }

  @Get('maintenance-windows/:id')
  @ApiOperation({ summary: 'One window, with its current and next occurrence' })
  async get(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MaintenanceWindowDto> {
    return toWindowDto(await this.visible(id, principal), Date.now());
  }

  @Patch('maintenance-windows/:id')
  @ApiOperation({ summary: 'Change a window (any field but tenant; If-Match: its version) (admin, noc)' })
  @ApiBody({ schema: { ...WINDOW_BODY, required: [] } })
  @Roles('admin', 'noc')
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MaintenanceWindowDto> {
    const current = await this.visible(id, principal);
    const fields = toWindowFields(body, current);
    const updated = await this.windows.update(
      current,
      fields,
      toExpectedVersion(ifMatch),
      actorOf(principal),
    );
    return toWindowDto(updated, Date.now());
  }

  @Delete('maintenance-windows/:id')
  @ApiOperation({ summary: 'Delete a window (admin, noc)' })
  @HttpCode(204)
  @Roles('admin', 'noc')
  async delete(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.visible(id, principal);
    await this.windows.delete(checkUuid(id, 'maintenance window'), actorOf(principal));
  }

  @Get('suppressed-evidence')
  @ApiOperation({
    summary: 'Evidence a maintenance window kept from opening a ticket, newest first: {items, nextCursor}',
  })
  @ApiQuery({ name: 'tenant', required: false })
  @ApiQuery({ name: 'device', required: false })
  @ApiQuery({ name: 'window', required: false, description: 'a maintenance window id' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  async suppressed(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: SuppressedEvidenceDto[]; nextCursor: string | null }> {
    rejectUnknown(query, ['tenant', 'device', 'window', 'limit', 'cursor'], 'query parameter');
    const tenant = tenantFilter(query.tenant, principal) ?? undefined;
    const device = optionalId(query.device, 'device');
    const windowId = query.window === undefined ? undefined : checkUuid(String(query.window), 'window');
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new InvalidRequestError('"limit" must be an integer from 1 to 1000', 'limit');
    const cursor = query.cursor === undefined ? null : Number(query.cursor);
    if (cursor !== null && !Number.isSafeInteger(cursor))
      throw new InvalidRequestError('"cursor" must be the nextCursor of a previous page', 'cursor');
    const rows = await this.repository.listSuppressed({ tenant, device, windowId }, limit + 1, cursor);
    return {
      items: rows.slice(0, limit).map(toSuppressedDto),
      nextCursor: rows.length > limit ? String(rows[limit - 1].id) : null,
    };
  }

  /** The window, when the caller may see it (another tenant's: 404, as an unknown id). */
  private async visible(id: string, principal: Principal) {
    const window = await this.windows.get(checkUuid(id, 'maintenance window'));
    if (!canSeeTenant(principal, window.tenant))
      throw new NotFoundError(`maintenance window ${id} does not exist`);
    return window;
  }
}

export interface SuppressedEvidenceDto {
  id: number;
  tenant: string;
  device: string;
  windowId: string;
  eventId: string;
  type: string;
  metric: string;
  failureMode: string;
  at: string;
  score: number;
  recordedAt: string;
}

function toSuppressedDto(r: SuppressedRecord): SuppressedEvidenceDto {
  return { ...r, at: new Date(r.at).toISOString(), recordedAt: new Date(r.recordedAt).toISOString() };
}

/** A customer key sees its own tenant only, whatever it asks for; others may filter by tenant. */
export function tenantFilter(value: unknown, principal: Principal): string | null {
  const asked = optionalId(value, 'tenant') ?? null;
  if (principal.tenant === null) return asked;
  return principal.tenant;
}

export function optionalId(value: unknown, kind: 'tenant' | 'device'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidRequestError(`"${kind}" must be given once`, kind);
  const problem = checkId(kind, value);
  if (problem) throw new InvalidRequestError(problem, kind);
  return value;
}
