import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { actorOf, CurrentPrincipal, type Principal, Roles } from '@preempt/access';
import { InvalidRequestError, NotFoundError } from '@preempt/common';

import { optionalId, tenantFilter } from '../maintenance/maintenance-windows.controller';
import type { RetiredRecord } from '../storage/noc.repository';
import { rejectUnknown } from '../tickets/tickets.dto';
import { RetiredDevicesService } from './retired-devices.service';

export interface RetiredDeviceDto {
  tenant: string;
  device: string;
  comment: string;
  retiredBy: string;
  retiredAt: string;
}

@Controller('api/v1/retired-devices')
@ApiTags('retired devices')
export class RetiredDevicesController {
  constructor(private readonly retired: RetiredDevicesService) {}

  @Put(':tenant/:device')
  @ApiOperation({
    summary:
      'Retire a device (decommissioned): its open tickets resolve, nothing opens for it, the detectors drop ' +
      'its points and forget its models (admin, noc; idempotent)',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['comment'],
      properties: {
        comment: { type: 'string', maxLength: 2000, example: 'replaced by rtr-02 (change 4711)' },
      },
      additionalProperties: false,
    },
  })
  @Roles('admin', 'noc')
  async retire(
    @Param('tenant') tenant: string,
    @Param('device') device: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RetiredDeviceDto & { resolvedTickets: string[] }> {
    const { record, resolvedTickets } = await this.retired.retire(
      optionalId(tenant, 'tenant')!,
      optionalId(device, 'device')!,
      toComment(body),
      actorOf(principal),
    );
    return { ...toRetiredDeviceDto(record), resolvedTickets };
  }

  @Get()
  @ApiOperation({ summary: 'Retired devices, oldest first: {items} (a customer key: its own tenant)' })
  @ApiQuery({ name: 'tenant', required: false })
  async list(
    @Query() query: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: RetiredDeviceDto[] }> {
    rejectUnknown(query, ['tenant'], 'query parameter');
    const items = await this.retired.list(tenantFilter(query.tenant, principal));
    return { items: items.map(toRetiredDeviceDto) };
  }

  @Get(':tenant/:device')
  @ApiOperation({
    summary: 'One retired device; 404 when it is not retired (a customer key: its own tenant)',
  })
  async get(
    @Param('tenant') tenant: string,
    @Param('device') device: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RetiredDeviceDto> {
    const asked = optionalId(tenant, 'tenant')!;
    const record =
      principal.tenant === null || principal.tenant === asked
        ? await this.retired.find(asked, optionalId(device, 'device')!)
        : null;
    // another tenant's device reads as not retired: its existence is not disclosed
    if (!record) throw new NotFoundError(`device ${tenant}/${device} is not retired`);
    return toRetiredDeviceDto(record);
  }

  @Delete(':tenant/:device')
  @ApiOperation({ summary: 'Undo a retirement: the device starts afresh with its next points (admin, noc)' })
  @HttpCode(204)
  @Roles('admin', 'noc')
  async undo(
    @Param('tenant') tenant: string,
    @Param('device') device: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.retired.undo(optionalId(tenant, 'tenant')!, optionalId(device, 'device')!, actorOf(principal));
  }
}

function toComment(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('body must be a JSON object {"comment": "..."}', 'body');
  const b = body as Record<string, unknown>;
  rejectUnknown(b, ['comment'], 'field');
  if (typeof b.comment !== 'string' || b.comment.trim() === '')
    throw new InvalidRequestError('"comment" is required: say why the device is retired', 'comment');
  if (b.comment.length > 2000)
    throw new InvalidRequestError('"comment" must be at most 2000 characters', 'comment');
  return b.comment.trim();
}

export function toRetiredDeviceDto(r: RetiredRecord): RetiredDeviceDto {
  return {
    tenant: r.tenant,
    device: r.device,
    comment: r.comment,
    retiredBy: r.retiredBy,
    retiredAt: new Date(r.retiredAt).toISOString(),
  };
}
