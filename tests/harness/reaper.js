// Watchdog for the private test services: `node reaper.js <ownerPid> <stateFile>`.
// If the owner (the jest process) dies without running teardown (Ctrl-C, crash, kill -9), this stops
// every service recorded in the state file and removes the temp dir (unless KEEP_TEST_SERVICES_DIR=1).
// Teardown kills the reaper itself with SIGTERM. Plain JS: it must run without any transform.
'use strict';
const fs = require('node:fs');

const ownerPid = Number(process.argv[2]);
const stateFile = process.argv[3];

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function reap() {
  let state;
  try {
    state = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return; // teardown already removed it
  }
  const services = Object.values(state.services).filter((s) => typeof s.pid === 'number');
  const pids = services.map((s) => s.pid);
  for (const s of services) {
    try {
      process.kill(s.pid, s.stopSignal || 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const deadline = Date.now() + 15000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const pid of pids) signalGroup(pid, 'SIGKILL');
  if (process.env.KEEP_TEST_SERVICES_DIR !== '1') fs.rmSync(state.dir, { recursive: true, force: true });
}

const timer = setInterval(() => {
  if (!fs.existsSync(stateFile)) process.exit(0);
  if (alive(ownerPid)) return;
  clearInterval(timer);
  reap().finally(() => process.exit(0));
}, 500);
