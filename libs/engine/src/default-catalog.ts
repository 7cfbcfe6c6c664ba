import type { MetricCatalogEntry } from '@preempt/contracts';

/**
 * Shipped defaults for common network metrics. Limits are typical vendor alarm thresholds (transceiver
 * DOM alarm ranges, chassis environmental alarms); a site overrides them with a METRIC_CATALOG file.
 */
export const DEFAULT_METRIC_CATALOG: readonly MetricCatalogEntry[] = [
  {
    metric: 'temperature',
    unit: '°C',
    direction: 'up',
    warning: 70,
    critical: 85,
    failureMode: 'overheating',
    aliases: ['/components/component/state/temperature/instant'],
    recommendedAction:
      'Check fans and airflow (blocked intake, failed fan tray, rack hot spot) and room cooling; plan a maintenance window to replace the fan tray or relocate load before the critical temperature shuts the device down.',
  },
  {
    metric: 'optical_rx_power',
    unit: 'dBm',
    direction: 'down',
    warning: -24,
    critical: -27,
    failureMode: 'optical_degradation',
    recommendedAction:
      'Inspect and clean the fibre connectors on both ends, check patch cords and the far-end transmitter; schedule an optic or fibre replacement before the receiver loses the link.',
  },
  {
    metric: 'memory_utilization',
    unit: '%',
    direction: 'up',
    warning: 90,
    critical: 98,
    failureMode: 'memory_exhaustion',
    recommendedAction:
      'Look for a leaking process or table growth (routes, MAC, sessions); schedule a process restart or a failover and reload in a maintenance window, and open a vendor case if the growth persists.',
  },
  {
    metric: 'fan_speed',
    unit: 'rpm',
    direction: 'down',
    warning: 2500,
    critical: 1500,
    failureMode: 'fan_failure',
    // fans follow temperature: slowing down because the device cooled is not a failing fan
    controlled: true,
    recommendedAction:
      'Replace the failing fan or fan tray (hot-swappable on most chassis); until then watch the temperature of the device.',
  },
  {
    metric: 'cpu_utilization',
    unit: '%',
    direction: 'up',
    warning: 85,
    critical: 95,
    failureMode: 'cpu_exhaustion',
    aliases: ['/components/component/cpu/utilization/state/instant'],
    recommendedAction:
      'Find the busy process (routing churn, control-plane traffic, logging storm); check CoPP and route flaps, and move load or rate-limit before the control plane stops responding.',
  },
  {
    metric: 'if_in_errors',
    unit: 'errors/interval',
    direction: 'up',
    warning: 100,
    critical: 1000,
    failureMode: 'interface_errors',
    recommendedAction:
      'Check the link physical layer: clean or replace the optic and cable, check duplex/speed mismatch and the far-end port; move the circuit to a spare port if errors keep rising.',
  },
  {
    metric: 'psu_voltage',
    unit: 'V',
    direction: 'down',
    warning: 11.4,
    critical: 10.8,
    failureMode: 'power_supply_degradation',
    recommendedAction:
      'The 12 V rail is sagging: check the PSU input feed and PDU, then replace the power supply (hot-swap when redundant) before the rail drops out.',
  },
  {
    metric: 'laser_bias_current',
    unit: 'mA',
    direction: 'up',
    warning: 90,
    critical: 100,
    failureMode: 'laser_aging',
    recommendedAction:
      'The transmitter laser is ageing (rising bias to hold output power): schedule replacement of the optic before its output power collapses.',
  },
];
