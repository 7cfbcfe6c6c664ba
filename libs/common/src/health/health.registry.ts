import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<boolean> | boolean;

/** Apps register what must be reachable for the process to be ready (broker, InfluxDB, ticket DB...). */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async readiness(): Promise<{ ready: boolean; checks: Record<string, 'up' | 'down'> }> {
    const checks: Record<string, 'up' | 'down'> = {};
    await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        let up = false;
        try {
          up = await check();
        } catch {
          up = false;
        }
        checks[name] = up ? 'up' : 'down';
      }),
    );
    return { ready: Object.values(checks).every((state) => state === 'up'), checks };
  }
}
