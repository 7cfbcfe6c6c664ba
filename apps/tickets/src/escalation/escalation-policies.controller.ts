import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import { Escalations } from './escalations';

export interface EscalationPolicyDto {
  name: string;
  severity: string;
  tenant: string | null;
  steps: { afterMinutes: number; target: string }[];
  repeatEveryMinutes: number | null;
}

@Controller('api/v1/escalation-policies')
@ApiTags('escalation')
export class EscalationPoliciesController {
  constructor(private readonly escalations: Escalations) {}

  @Get()
  @ApiOperation({
    summary: 'The escalation policies in force (ESCALATION_POLICY_FILE or the defaults): {items}',
  })
  list(): { items: EscalationPolicyDto[] } {
    const minutes = (ms: number) => Math.round((ms / 60_000) * 1000) / 1000;
    return {
      items: this.escalations.all.map((p) => ({
        name: p.name,
        severity: p.severity,
        tenant: p.tenant,
        steps: p.steps.map((s) => ({ afterMinutes: minutes(s.afterMs), target: s.target })),
        repeatEveryMinutes: p.repeatEveryMs === null ? null : minutes(p.repeatEveryMs),
      })),
    };
  }
}
