import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@preempt/access';

import { type SubscriptionDto, toSubscriptionDto } from './subscriptions.dto';
import { SubscriptionsService } from './subscriptions.service';

/** A tenant's notice subscriptions: admin and noc keys every tenant, a customer key its own (else 404). */
@Controller('api/v1/tenants/:tenant/subscriptions')
@ApiTags('notices')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe (webhook, email, mqtt, pagerduty); 422 names the bad field' })
  async create(
    @Param('tenant') tenant: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubscriptionDto> {
    return toSubscriptionDto(await this.subscriptions.create(principal, tenant, body));
  }

  @Get()
  @ApiOperation({ summary: "The tenant's subscriptions (secrets never shown: hasSecret)" })
  async list(
    @Param('tenant') tenant: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ items: SubscriptionDto[] }> {
    return { items: (await this.subscriptions.list(principal, tenant)).map(toSubscriptionDto) };
  }

  @Get(':id')
  async get(
    @Param('tenant') tenant: string,
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubscriptionDto> {
    return toSubscriptionDto(await this.subscriptions.get(principal, tenant, id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change preferences, target or secret; {"enabled": true} re-enables it' })
  async update(
    @Param('tenant') tenant: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SubscriptionDto> {
    return toSubscriptionDto(await this.subscriptions.update(principal, tenant, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Param('tenant') tenant: string,
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.subscriptions.delete(principal, tenant, id);
  }
}
