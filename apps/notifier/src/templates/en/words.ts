/** Failure modes in words a customer understands (never the detector's names). */
const PROBLEMS: Record<string, string> = {
  overheating: 'is running hotter than it should',
  optical_degradation: 'has a fibre link whose signal is weakening',
  laser_aging: 'has an optical transmitter that is wearing out',
  memory_exhaustion: 'is running short of memory',
  cpu_exhaustion: 'is running short of processing capacity',
  fan_failure: 'has a cooling fan that is failing',
  interface_errors: 'is seeing a growing number of transmission errors on a link',
  power_supply_degradation: 'has a power supply that is weakening',
  device_silent: 'has stopped reporting to us',
};

export function problem(failureMode: string): string {
  return PROBLEMS[failureMode] ?? 'is showing signs of a developing fault';
}

export function duration(ms: number): string {
  const hours = Math.round(ms / 3_600_000);
  if (hours >= 1) return hours === 1 ? '1 hour' : `${hours} hours`;
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function equipment(device: string, site: string | null): string {
  return site ? `${device} at ${site}` : device;
}

export const SIGNATURE =
  '\n\nYou receive this because your organisation subscribed to maintenance notices from Preempt.';

export function impactSentence(impact: 'none' | 'degraded' | 'outage'): string {
  switch (impact) {
    case 'none':
      return 'We do not expect any interruption of service.';
    case 'degraded':
      return 'Service may be slower or less resilient during this time, but should stay available.';
    case 'outage':
      return 'Service through this equipment will be interrupted during this time.';
  }
}
