import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { actorOf, canSeeTenant, CurrentPrincipal, type Principal, Roles } from '@preempt/access';
import { InvalidRequestError } from '@preempt/common';
import { parseRfc3339 } from '@preempt/contracts';

import { checkUuid } from '../maintenance/maintenance-windows.dto';
import type { TicketRecord } from '../storage/ticket.record';
import { TicketNotFoundError } from '../tickets/ticket.errors';
import { checkTicketId, rejectUnknown } from '../tickets/tickets.dto';
import { TicketsService } from '../tickets/tickets.service';
import type { BookingImpact } from './bookings.repository';
import { type BookingDto, type BookingInput, BookingsService, toBookingDto } from './bookings.service';

const IMPACTS: readonly BookingImpact[] = ['none', 'degraded', 'outage'];
const MAX_MS = 31 * 86_400_000;

const BODY = {
  type: 'object',
  required: ['start', 'end', 'impact'],
  properties: {
    start: { type: 'string', format: 'date-time', example: '2027-03-28T06:00:00+02:00' },
    end: { type: 'string', format: 'date-time', example: '2027-03-28T07:00:00+02:00' },
    impact: { type: 'string', enum: [...IMPACTS] },
    note: { type: 'string', maxLength: 2000 },
  },
  additionalProperties: false,
};

/** Maintenance booked on a ticket (README "Booked maintenance"). */
@Controller('api/v1/tickets/:id/maintenance')
@ApiTags('tickets')
export class BookingsController {
  constructor(
    private readonly bookings: BookingsService,
    private readonly tickets: TicketsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Book the fix: a device-scoped maintenance window, told to the customer (admin, noc)',
  })
  @ApiBody({ schema: BODY })
  @Roles('admin', 'noc')
  async book(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingDto> {
    const ticket = await this.visible(id, principal);
    const input = toBookingInput(body, null, Date.now()) as BookingInput;
    return toBookingDto(await this.bookings.book(ticket, input, actorOf(principal)));
  }

  @Get()
  @ApiOperation({ summary: 'The maintenance booked on a ticket, oldest first: {items}' })
  async list(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: BookingDto[] }> {
    const ticket = await this.visible(id, principal);
    return { items: (await this.bookings.list(ticket.id)).map(toBookingDto) };
  }

  @Patch(':maintenanceId')
  @ApiOperation({ summary: 'Reschedule booked maintenance (admin, noc)' })
  @ApiBody({ schema: { ...BODY, required: [] } })
  @Roles('admin', 'noc')
  async reschedule(
    @Param('id') id: string,
    @Param('maintenanceId') maintenanceId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingDto> {
    const ticket = await this.visible(id, principal);
    const patch = toBookingInput(body, 'patch', Date.now());
    const booking = await this.bookings.reschedule(
      ticket,
      checkUuid(maintenanceId, 'maintenance'),
      patch,
      actorOf(principal),
    );
    return toBookingDto(booking);
  }

  @Delete(':maintenanceId')
  @ApiOperation({ summary: 'Cancel booked maintenance (admin, noc)' })
  @HttpCode(200)
  @Roles('admin', 'noc')
  async cancel(
    @Param('id') id: string,
    @Param('maintenanceId') maintenanceId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingDto> {
    const ticket = await this.visible(id, principal);
    const id2 = checkUuid(maintenanceId, 'maintenance');
    return toBookingDto(await this.bookings.finish(ticket, id2, 'cancelled', null, actorOf(principal)));
  }

  @Post(':maintenanceId/complete')
  @ApiOperation({ summary: 'The booked maintenance is done (admin, noc)' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { note: { type: 'string' } } } })
  @HttpCode(200)
  @Roles('admin', 'noc')
  async complete(
    @Param('id') id: string,
    @Param('maintenanceId') maintenanceId: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<BookingDto> {
    const ticket = await this.visible(id, principal);
    const fields = (body ?? {}) as Record<string, unknown>;
    if (typeof fields !== 'object' || Array.isArray(fields))
      throw new InvalidRequestError('body must be a JSON object: {"note"?: string}', 'body');
    rejectUnknown(fields, ['note'], 'field');
    const note = fields.note === undefined ? null : text(fields.note, 'note');
    const id2 = checkUuid(maintenanceId, 'maintenance');
    return toBookingDto(await this.bookings.finish(ticket, id2, 'completed', note, actorOf(principal)));
  }

  private async visible(id: string, principal: Principal): Promise<TicketRecord> {
    const { ticket } = await this.tickets.get(checkTicketId(id));
    if (!canSeeTenant(principal, ticket.tenant)) throw new TicketNotFoundError(id);
    return ticket;
  }
}

/** Validates a booking body (`patch`: every field optional); every problem names its field. */
export function toBookingInput(body: unknown, mode: 'patch' | null, now: number): Partial<BookingInput> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InvalidRequestError('body must be a JSON object: {"start", "end", "impact", "note"?}', 'body');
  const b = body as Record<string, unknown>;
  rejectUnknown(b, ['start', 'end', 'impact', 'note'], 'field');
  const out: Partial<BookingInput> = {};
  for (const field of ['start', 'end'] as const) {
    if (b[field] === undefined) {
      if (mode !== 'patch') throw new InvalidRequestError(`"${field}" is required`, field);
      continue;
    }
    const ms = typeof b[field] === 'string' ? parseRfc3339(b[field]) : null;
    if (ms === null)
      throw new InvalidRequestError(
        `"${field}" must be an RFC 3339 time with a zone, e.g. 2027-03-28T06:00:00+02:00`,
        field,
      );
    out[field] = ms;
  }
  if (b.impact !== undefined || mode !== 'patch') {
    if (!IMPACTS.includes(b.impact as BookingImpact))
      throw new InvalidRequestError(`"impact" must be one of ${IMPACTS.join(', ')}`, 'impact');
    out.impact = b.impact as BookingImpact;
  }
  if (b.note !== undefined) out.note = text(b.note, 'note');
  else if (mode !== 'patch') out.note = null;
  if (out.start !== undefined && out.end !== undefined) {
    if (out.end <= out.start) throw new InvalidRequestError('"end" must be after "start"', 'end');
    if (out.end - out.start > MAX_MS)
      throw new InvalidRequestError('maintenance may last at most 31 days', 'end');
  }
  if (out.end !== undefined && out.end <= now)
    throw new InvalidRequestError('"end" must be in the future', 'end');
  return out;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 2000)
    throw new InvalidRequestError(`"${field}" must be a non-empty string of at most 2000 characters`, field);
  return value.trim();
}
