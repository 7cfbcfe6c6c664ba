import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { actorOf, canSeeTenant, CurrentPrincipal, type Principal, Roles } from '@preempt/access';
import { InvalidRequestError, NotFoundError } from '@preempt/common';
import { checkId, checkTag, parseRfc3339 } from '@preempt/contracts';

import { optionalId, tenantFilter } from '../maintenance/maintenance-windows.controller';
import { checkUuid } from '../maintenance/maintenance-windows.dto';
import type { SilenceRecord } from '../storage/noc.repository';
import { rejectUnknown } from '../tickets/tickets.dto';
import { type SilenceInput, SilencesService } from './silences.service';

const MAX_SILENCE_MS = 366 * 86_400_000;

export interface SilenceDto {
  id: string;
  tenant: string;
  device: string | null;
  site: string | null;
  failureMode: string | null;
  comment: string;
  startsAt: string;
  endsAt: string | null;
  untilResolved: boolean;
  ticketIds: string[];
  createdBy: string;
  createdAt: string;
  state: 'active' | 'expired';
  expiredAt: string | null;
  expiredBy: string | null;
}

@Controller('api/v1/silences')
@ApiTags('silences')
export class SilencesController {
  constructor(private readonly silences: SilencesService) {}

  @Post()
  @ApiOperation({ summary: 'Silence matching tickets until a time or until they resolve (admin, noc)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['tenant', 'comment'],
      properties: {
        tenant: { type: 'string' },
        device: { type: 'string' },
        site: { type: 'string' },
        failureMode: { type: 'string', example: 'thermal' },
        comment: { type: 'string', maxLength: 2000 },
        endsAt: { type: 'string', format: 'date-time', description: 'one of endsAt / untilResolved' },
        untilResolved: { type: 'boolean', enum: [true] },
      },
      additionalProperties: false,
    },
  })
  @Roles('admin', 'noc')
  async create(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<SilenceDto> {
    return toSilenceDto(await this.silences.create(toSilenceInput(body, Date.now()), actorOf(principal)));
  }

  @Get()
  @ApiOperation({ summary: 'Silences, newest first: {items}' })
  @ApiQuery({ name: 'state', required: false, enum: ['active', 'expired'] })
  @ApiQuery({ name: 'tenant', required: false })
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: SilenceDto[] }> {
    rejectUnknown(query, ['state', 'tenant'], 'query parameter');
    if (query.state !== undefined && query.state !== 'active' && query.state !== 'expired')
      throw new InvalidRequestError('"state" must be active or expired', 'state');
    const tenant = tenantFilter(query.tenant, principal) ?? undefined;
    const items = await this.silences.list({
      tenant,
      state: query.state as 'active' | 'expired' | undefined,
    });
    return { items: items.map(toSilenceDto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One silence' })
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<SilenceDto> {
    return toSilenceDto(await this.visible(id, principal));
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Expire a silence now; what it covered and still fails is re-notified (admin, noc)',
  })
  @HttpCode(200)
  @Roles('admin', 'noc')
  async expire(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<SilenceDto> {
    const silence = await this.visible(id, principal);
    return toSilenceDto(await this.silences.expire(silence.id, actorOf(principal)));
  }

  private async visible(id: string, principal: Principal): Promise<SilenceRecord> {
    const silence = await this.silences.get(checkUuid(id, 'silence'));
    if (!canSeeTenant(principal, silence.tenant)) throw new NotFoundError(`silence ${id} does not exist`);
    return silence;
  }
}

export function toSilenceInput(body: unknown, now: number): SilenceInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('body must be a JSON object (see the API docs for a silence)', 'body');
  const b = body as Record<string, unknown>;
  rejectUnknown(
    b,
    ['tenant', 'device', 'site', 'failureMode', 'comment', 'endsAt', 'untilResolved'],
    'field',
  );
  if (b.tenant === undefined) throw new InvalidRequestError('"tenant" is required', 'tenant');
  const tenant = optionalId(b.tenant, 'tenant')!;
  const device = optionalId(b.device, 'device') ?? null;
  let site: string | null = null;
  if (b.site !== undefined) {
    const problem = checkTag('site', b.site);
    if (problem) throw new InvalidRequestError(`"site": ${problem}`, 'site');
    site = b.site as string;
  }
  let failureMode: string | null = null;
  if (b.failureMode !== undefined) {
    if (typeof b.failureMode !== 'string' || checkId('device', b.failureMode) !== null)
      throw new InvalidRequestError(
        '"failureMode" must be a failure mode name such as "thermal"',
        'failureMode',
      );
    failureMode = b.failureMode;
  }
  if (typeof b.comment !== 'string' || b.comment.trim() === '')
    throw new InvalidRequestError('"comment" is required: say why the silence is there', 'comment');
  if (b.comment.length > 2000)
    throw new InvalidRequestError('"comment" must be at most 2000 characters', 'comment');
  if ((b.endsAt === undefined) === (b.untilResolved === undefined))
    throw new InvalidRequestError('give exactly one of "endsAt" and "untilResolved": true', 'endsAt');
  let endsAt: number | null = null;
  if (b.untilResolved !== undefined) {
    if (b.untilResolved !== true)
      throw new InvalidRequestError('"untilResolved" must be true', 'untilResolved');
  } else {
    endsAt = typeof b.endsAt === 'string' ? parseRfc3339(b.endsAt) : null;
    if (endsAt === null || !Number.isFinite(endsAt))
      throw new InvalidRequestError(
        '"endsAt" must be an RFC 3339 time with a zone, e.g. 2027-03-28T06:00:00Z',
        'endsAt',
      );
    if (endsAt <= now) throw new InvalidRequestError('"endsAt" must be in the future', 'endsAt');
    if (endsAt - now > MAX_SILENCE_MS)
      throw new InvalidRequestError('"endsAt" must be within a year', 'endsAt');
  }
  return { tenant, device, site, failureMode, comment: b.comment.trim(), endsAt };
}

export function toSilenceDto(s: SilenceRecord): SilenceDto {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: s.id,
    tenant: s.tenant,
    device: s.device,
    site: s.site,
    failureMode: s.failureMode,
    comment: s.comment,
    startsAt: iso(s.startsAt)!,
    endsAt: iso(s.endsAt),
    untilResolved: s.untilResolved,
    ticketIds: s.ticketIds,
    createdBy: s.createdBy,
    createdAt: iso(s.createdAt)!,
    state: s.expiredAt === null ? 'active' : 'expired',
    expiredAt: iso(s.expiredAt),
    expiredBy: s.expiredBy,
  };
}
