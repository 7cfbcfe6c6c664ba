import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ConfigError } from '@preempt/config';
import { DEFAULT_METRIC_CATALOG, MetricCatalog } from '@preempt/engine';

import { loadCatalogFile, mergeCatalog } from './catalog-file';

describe('MetricCatalog', () => {
  const catalog = new MetricCatalog();

  it('ships the required defaults with consistent limits', () => {
    for (const name of [
      'temperature',
      'optical_rx_power',
      'memory_utilization',
      'fan_speed',
      'cpu_utilization',
      'if_in_errors',
      'psu_voltage',
      'laser_bias_current',
    ]) {
      const entry = catalog.lookup(name)!;
      expect(entry).toBeDefined();
      expect(entry.direction === 'up' ? entry.warning < entry.critical : entry.warning > entry.critical).toBe(
        true,
      );
      expect(entry.recommendedAction.length).toBeGreaterThan(20);
    }
    expect(catalog.lookup('temperature')).toMatchObject({ unit: '°C', warning: 70, critical: 85 });
    expect(catalog.lookup('optical_rx_power')).toMatchObject({
      direction: 'down',
      warning: -24,
      critical: -27,
    });
  });

  it('matches <measurement>.<field> by the field, an exact entry winning', () => {
    expect(catalog.lookup('sfp.temperature')?.failureMode).toBe('overheating');
    expect(catalog.lookup('if_out_octets')).toBeUndefined();
    const custom = new MetricCatalog([
      ...DEFAULT_METRIC_CATALOG,
      { ...DEFAULT_METRIC_CATALOG[0], metric: 'cpu.temperature', critical: 100, warning: 90 },
    ]);
    expect(custom.lookup('cpu.temperature')?.critical).toBe(100);
    expect(custom.lookup('inlet.temperature')?.critical).toBe(85);
  });
});

describe('mergeCatalog / loadCatalogFile', () => {
  it('overrides some fields of a default and adds a complete new metric', () => {
    const merged = new MetricCatalog(
      mergeCatalog(
        [
          { metric: 'temperature', warning: 65 },
          {
            metric: 'dsp_snr',
            unit: 'dB',
            direction: 'down',
            warning: 14,
            critical: 11,
            failureMode: 'signal_degradation',
            recommendedAction: 'Check the line amplifiers and the fibre span.',
          },
        ],
        DEFAULT_METRIC_CATALOG,
      ),
    );
    expect(merged.lookup('temperature')).toMatchObject({
      warning: 65,
      critical: 85,
      failureMode: 'overheating',
    });
    expect(merged.lookup('dsp_snr')?.critical).toBe(11);
  });

  it('lists every problem with entry index, metric and field', () => {
    let error: unknown;
    try {
      mergeCatalog(
        [
          { metric: 'temperature', critical: 'hot' },
          { metric: 'new_metric', unit: 'x' },
          { metric: 'fan_speed', warning: 1000 },
          { metric: 'psu_voltage', colour: 'red' },
          42,
        ],
        DEFAULT_METRIC_CATALOG,
        'catalog.json',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        'catalog.json: entry 0 ("temperature"): critical must be a finite number, got "hot"',
        'catalog.json: entry 1 ("new_metric"): direction is required for a metric not in the defaults',
        'catalog.json: entry 2 ("fan_speed"): warning (1000) must be above critical (1500) for direction "down"',
        expect.stringContaining('entry 3 ("psu_voltage"): colour is not a field'),
        'catalog.json: entry 4: must be an object',
      ]),
    );
  });

  it('reads aliases from the file, keeps the default ones when not given, and lets an alias reach the entry', () => {
    const merged = new MetricCatalog(
      mergeCatalog(
        [
          { metric: 'temperature', warning: 65 },
          { metric: 'fan_speed', aliases: ['/components/component/fan/state/speed', 'fan_rpm'] },
        ],
        DEFAULT_METRIC_CATALOG,
      ),
    );
    expect(merged.lookup('components.component.temperature.instant')).toMatchObject({
      warning: 65,
      failureMode: 'overheating',
    });
    expect(merged.lookup('components.component.fan.speed')?.failureMode).toBe('fan_failure');
    expect(merged.lookup('env.fan_rpm')?.failureMode).toBe('fan_failure');
  });

  it('rejects malformed and ambiguous aliases', () => {
    expect(() =>
      mergeCatalog([{ metric: 'fan_speed', aliases: 'fan_rpm' }], DEFAULT_METRIC_CATALOG, 'c'),
    ).toThrow(
      'c: entry 0 ("fan_speed"): aliases must be an array of metric names or gNMI paths ("/..."), got "fan_rpm"',
    );
    let error: unknown;
    try {
      mergeCatalog(
        [
          { metric: 'fan_speed', aliases: ['temperature'] },
          { metric: 'psu_voltage', aliases: ['/components/component/state/temperature/instant'] },
        ],
        DEFAULT_METRIC_CATALOG,
        'c',
      );
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'c: alias "temperature" of "fan_speed" is already metric "temperature"',
      'c: alias "/components/component/state/temperature/instant" of "psu_voltage" is already an alias of "temperature"',
    ]);
  });

  it('reports unreadable and non-JSON files as config errors', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-'));
    const file = path.join(dir, 'c.json');
    fs.writeFileSync(file, '{ nope');
    expect(() => loadCatalogFile(file)).toThrow(/not JSON/);
    expect(() => loadCatalogFile(path.join(dir, 'missing.json'))).toThrow(/cannot read/);
    fs.writeFileSync(file, JSON.stringify({ metrics: [{ metric: 'cpu_utilization', critical: 99 }] }));
    expect(loadCatalogFile(file).find((e) => e.metric === 'cpu_utilization')?.critical).toBe(99);
  });
});
