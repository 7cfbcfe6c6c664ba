import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import mqtt from 'mqtt';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { DAY, degradingDevice, HOUR, MINUTE } from '../../simulators/src/device-simulator';
import { deviceSeed } from '../../simulators/src/random';
import { publishAll, type TelemetryMessage } from '../../simulators/src/telemetry-publisher';
import { AppProcess, ROOT } from '../e2e/app-process';
import { authorization, TEST_ADMIN_KEY, uniqueId } from '../harness/test-kit';

/** Where the screenshots go (gitignored: results/). */
export const ARTIFACTS = join(ROOT, 'results/browser');
export const CHROMIUM = '/usr/bin/chromium';

/**
 * The built all-in-one (`npm start` from dist/, console included) on the harness's Mosquitto, InfluxDB
 * and PostgreSQL, with a client id and a shared group of its own.
 */
export async function startPlatform(): Promise<AppProcess> {
  const platform = new AppProcess('platform', {
    MQTT_URL: process.env.MQTT_URL!,
    MQTT_CLIENT_ID: uniqueId('console-platform'),
    MQTT_SHARED_GROUP: uniqueId('g-console'),
    INFLUX_URL: process.env.INFLUX_URL!,
    INFLUX_DATABASE: process.env.INFLUX_DATABASE!,
    DATABASE_URL: process.env.DATABASE_URL!,
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'warn',
  });
  await platform.start();
  return platform;
}

/** A new API key made by the tests' admin key; the key itself. */
export async function createKey(
  baseUrl: string,
  body: { name: string; role: 'noc' | 'customer'; tenant?: string },
): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/keys`, {
    method: 'POST',
    headers: { ...authorization(), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`key creation answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { key: string }).key;
}

/** GET an API path with a key: status and JSON body. */
export async function apiGet<T>(
  baseUrl: string,
  path: string,
  key: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, { headers: authorization(key) });
  return { status: response.status, body: (await response.json()) as T };
}

/**
 * A device of `tenant` whose temperature drifts towards 85 °C: 3 days of healthy history at 1-min event
 * time, then 20 h of the 24 h drift, ending now; the crossing is predicted some 4 h ahead, so its ticket
 * opens (an overheating forecast) during the replay. Resolves, once the broker acknowledged everything,
 * with the number of points sent.
 */
export async function publishDrift(tenant: string, device: string, seed: number): Promise<number> {
  const end = Math.floor((Date.now() - MINUTE) / MINUTE) * MINUTE;
  const driftStart = end - 20 * HOUR;
  const simulated = degradingDevice(device, deviceSeed(seed, 0), driftStart, ['temperature']);
  const messages: TelemetryMessage[] = [];
  for (let t = driftStart - 3 * DAY; t <= end; t += MINUTE)
    messages.push({ topic: `telemetry/${tenant}/${device}`, sample: simulated.next(t) });
  const client = await mqtt.connectAsync(process.env.MQTT_URL!, {
    clientId: uniqueId('console-devices'),
    protocolVersion: 5,
    reconnectPeriod: 0,
  });
  try {
    await publishAll(client, messages, { maxInFlight: 500 });
    return messages.length;
  } finally {
    await client.endAsync();
  }
}

/** Debian's Chromium, headless, no download. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A browser tab of its own (its own sessionStorage) on a 1366×768 laptop screen. The page's
 * Content-Security-Policy is bypassed unless `csp` (axe-core is injected as an inline script).
 */
export async function newTab(
  browser: Browser,
  { csp = false } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: !csp });
  return { context, page: await context.newPage() };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core run in the page: the serious and critical violations (each with where it is). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}
