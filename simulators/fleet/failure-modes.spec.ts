import { DAY, HOUR, MINUTE } from '../src/device-simulator';
import { FleetDevice } from './device-model';
import { failingDevice, isDecreasing, isIncreasing, series } from './fleet-test-kit';

// Precursor shapes, on the noise-free physics (`expected`) and on the reported samples. Values compared at
// the same time of day (every 24 h back from the outage) so the daily cycles do not hide the trend.

/** Times every `step` back from just before the outage to the precursor's start, in increasing order. */
function sameHourPoints(device: FleetDevice, step = DAY): number[] {
  const f = device.failure!;
  const points: number[] = [];
  for (let t = f.outageAt - MINUTE; t >= f.precursorStart; t -= step) points.unshift(t);
  return points;
}

describe('failure modes: precursor shapes', () => {
  it('laser ageing: the bias creeps up past 100 mA, Tx then Rx power slide only after the knee, dark at the outage', () => {
    const device = failingDevice('laser_ageing');
    const f = device.failure!;
    const points = sameHourPoints(device, 12 * HOUR);
    const bias = points.map((t) => device.expected(t).laser_bias_current);
    expect(points.length).toBeGreaterThanOrEqual(4);
    expect(isIncreasing(bias)).toBe(true);
    // accelerating: the last half of the precursor adds more than the first half
    expect(bias[bias.length - 1] - bias[Math.floor(bias.length / 2)]).toBeGreaterThan(
      bias[Math.floor(bias.length / 2)] - bias[0],
    );
    expect(device.expected(f.outageAt - MINUTE).laser_bias_current).toBeGreaterThan(100);
    const healthyTx = device.expected(f.precursorStart - DAY).optical_tx_power;
    const knee = f.precursorStart + f.params.kneeAt * (f.outageAt - f.precursorStart);
    expect(device.expected(knee - DAY).optical_tx_power).toBeCloseTo(healthyTx, 0);
    const txDrop = healthyTx - device.expected(f.outageAt - MINUTE).optical_tx_power;
    expect(txDrop).toBeGreaterThan(1.5);
    const rx = (t: number) => device.expected(t).optical_rx_power;
    expect(rx(f.precursorStart - DAY) - rx(f.outageAt - MINUTE)).toBeCloseTo(txDrop, 0);
    expect(device.sample(f.outageAt)).toBeNull();
    expect(device.sample(f.outageAt + DAY)).toBeNull();
  });

  it('fibre degradation: an Rx step at the start, then an accelerating drift below -27 dBm with errors rising', () => {
    const device = failingDevice('fibre_degradation');
    const f = device.failure!;
    const rx = (t: number) => device.expected(t).optical_rx_power;
    // the step, compared across 10 minutes (the daily cycle barely moves)
    expect(rx(f.precursorStart - 5 * MINUTE) - rx(f.precursorStart + 5 * MINUTE)).toBeGreaterThan(0.9);
    const points = sameHourPoints(device, 6 * HOUR);
    expect(isDecreasing(points.map(rx))).toBe(true);
    expect(rx(f.outageAt - MINUTE)).toBeLessThan(-27);
    const errors = points.map((t) => device.expected(t).if_in_errors);
    expect(errors[errors.length - 1]).toBeGreaterThan(1000);
    expect(errors.every((e, i) => i === 0 || e >= errors[i - 1])).toBe(true);
    expect(device.sample(f.outageAt + HOUR)).toBeNull();
  });

  it('fan bearing wear: fan speed falls faster and faster, its noise grows, the temperature climbs to ~85 °C', () => {
    const device = failingDevice('fan_bearing_wear');
    const f = device.failure!;
    // same hour each day: the commanded speed only follows the ambient temperature
    const points = sameHourPoints(device);
    const fan = points.map((t) => device.expected(t).fan_speed);
    expect(isDecreasing(fan)).toBe(true);
    const late = fan.slice(-3);
    expect(late[1] - late[2]).toBeGreaterThan(late[0] - late[1]);
    const temp = (t: number) => device.expected(t).temperature;
    expect(temp(f.outageAt - MINUTE) - temp(f.outageAt - MINUTE - 7 * DAY)).toBeGreaterThan(20);
    expect(device.expected(f.outageAt - MINUTE).fan_speed).toBeLessThan(2000);
    expect(device.expected(f.outageAt - MINUTE).temperature).toBeGreaterThan(75);
    // spread of reported fan speed around the physics: larger near the outage than before the precursor
    const spread = (from: number) => {
      let sum = 0;
      for (let t = from; t < from + 2 * HOUR; t += MINUTE) {
        const s = device.sample(t);
        if (s) sum += Math.abs(s.fan_speed - device.expected(t).fan_speed);
      }
      return sum;
    };
    const before = spread(f.precursorStart - 4 * HOUR);
    expect(spread(f.outageAt - 2 * HOUR)).toBeGreaterThan(2 * before);
    expect(device.sample(f.outageAt)).toBeNull();
  });

  it('memory leak: the GC sawtooth keeps its shape, its floor climbs linearly to ~99 %, then a reboot back to the baseline', () => {
    const device = failingDevice('memory_leak');
    const f = device.failure!;
    const { gcPeriodMin, gcSwing } = device.profile;
    const period = gcPeriodMin * MINUTE;
    const mem = series(device, 'memory_utilization', f.precursorStart + HOUR, f.outageAt - MINUTE, MINUTE);
    const drops = mem.filter((v, i) => i > 0 && mem[i - 1] - v > gcSwing * 0.5).length;
    const expectedDrops = (f.outageAt - f.precursorStart - HOUR) / period;
    expect(drops).toBeGreaterThan(expectedDrops * 0.8);
    // the floor: the minimum of each quarter of the precursor rises
    const quarter = Math.floor(mem.length / 4);
    const floors = [0, 1, 2, 3].map((q) => Math.min(...mem.slice(q * quarter, (q + 1) * quarter)));
    expect(isIncreasing(floors)).toBe(true);
    expect(Math.max(...mem.slice(-Math.ceil(period / MINUTE)))).toBeGreaterThan(97);
    expect(device.sample(f.outageAt + MINUTE)).toBeNull(); // rebooting
    const back = device.expected(f.outageAt + f.rebootMs + HOUR).memory_utilization;
    expect(back).toBeLessThan(device.profile.memBase + 3 + gcSwing + 0.01);
    expect(device.sample(f.outageAt + f.rebootMs + HOUR)).not.toBeNull();
  });

  it('PSU degradation: the rail sags below 10.8 V while its ripple grows', () => {
    const device = failingDevice('psu_degradation');
    const f = device.failure!;
    const points = sameHourPoints(device, 6 * HOUR);
    expect(isDecreasing(points.map((t) => device.expected(t).psu_voltage))).toBe(true);
    expect(device.expected(f.outageAt - MINUTE).psu_voltage).toBeLessThan(10.8);
    const ripple = (from: number) => {
      const values: number[] = [];
      for (let t = from; t < from + HOUR; t += MINUTE) {
        const s = device.sample(t);
        if (s) values.push(s.psu_voltage - device.expected(t).psu_voltage);
      }
      return Math.max(...values) - Math.min(...values);
    };
    expect(ripple(f.outageAt - HOUR)).toBeGreaterThan(3 * ripple(f.precursorStart - 2 * HOUR));
    expect(device.sample(f.outageAt)).toBeNull();
  });

  it('error storm: the errors double every `doublingHours`, past 1000 per interval before the outage', () => {
    const device = failingDevice('error_storm');
    const f = device.failure!;
    const doubling = f.params.doublingHours * HOUR;
    const errors = (t: number) => device.expected(t).if_in_errors - device.profile.errorRate;
    const late = f.outageAt - HOUR;
    expect(errors(late) / errors(late - doubling)).toBeCloseTo(2, 5);
    expect(errors(late - 2 * doubling) / errors(late - 3 * doubling)).toBeCloseTo(2, 5);
    expect(device.expected(f.outageAt - MINUTE).if_in_errors).toBeGreaterThan(1000);
    expect(device.expected(f.precursorStart + HOUR).if_in_errors).toBeLessThan(100);
    if (f.effect === 'reboot') {
      expect(device.sample(f.outageAt)).toBeNull();
      expect(device.expected(f.outageAt + f.rebootMs).if_in_errors).toBe(device.profile.errorRate);
    } else expect(device.sample(f.outageAt + DAY)).toBeNull();
  });

  it('sudden line card: no precursor at all, then dark or loss of signal', () => {
    const device = failingDevice('sudden_line_card');
    const f = device.failure!;
    expect(f.precursorStart).toBe(f.outageAt);
    const twin = new FleetDevice(device.profile, undefined, device.events);
    for (let t = f.outageAt - DAY; t < f.outageAt; t += 10 * MINUTE)
      expect(device.expected(t)).toEqual(twin.expected(t));
    if (f.effect === 'dark') expect(device.sample(f.outageAt)).toBeNull();
    else {
      const after = device.expected(f.outageAt + MINUTE);
      expect(after.optical_rx_power).toBe(-40);
      expect(after.traffic_in_mbps).toBe(0);
    }
  });
});
