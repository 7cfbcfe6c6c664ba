import { connect } from 'mqtt';
import { Client } from 'pg';

import type { ServiceSpec } from './service-spec';

/** The one database every test uses, in InfluxDB and in PostgreSQL. */
export const TEST_DATABASE = 'preempt_test';
/** Superuser of the private PostgreSQL cluster (trust auth on loopback, no password). */
export const POSTGRES_USER = 'preempt';

/**
 * Resolves once the service answers like itself (not just an open port), and has the test database.
 * Throws when this attempt fails; the caller retries until its deadline.
 */
export async function probeReady(spec: ServiceSpec): Promise<void> {
  switch (spec.name) {
    case 'mosquitto':
      return probeMqtt(spec.url);
    case 'influxdb':
      return probeInflux(spec.url);
    case 'postgres':
      return probePostgres(spec.port);
  }
}

async function probeMqtt(url: string): Promise<void> {
  const client = connect(url, {
    clientId: `preempt-harness-probe-${process.pid}-${Date.now()}`,
    reconnectPeriod: 0,
    connectTimeout: 2000,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
      client.once('close', () => reject(new Error('mqtt connection closed before CONNACK')));
    });
  } finally {
    await client.endAsync(true);
  }
}

async function probeInflux(url: string): Promise<void> {
  const ping = await fetch(`${url}/ping`);
  if (ping.status !== 204) throw new Error(`influxdb /ping answered ${ping.status}`);
  // CREATE DATABASE is idempotent in InfluxDB 1.x, so every (re)start may run it.
  const body = new URLSearchParams({ q: `CREATE DATABASE "${TEST_DATABASE}"` });
  const created = await fetch(`${url}/query`, { method: 'POST', body });
  if (!created.ok)
    throw new Error(`influxdb CREATE DATABASE answered ${created.status}: ${await created.text()}`);
}

async function probePostgres(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: POSTGRES_USER, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [TEST_DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${TEST_DATABASE}`);
  } finally {
    await client.end();
  }
}
