import { FLEET_USAGE, type FleetArgs, FleetArgsError, parseFleetArgs } from './fleet-args';
import { runFleet } from './run-fleet';

/** `npm run simulate -- --scenario NAME ...`: the fleet simulator's command line (see FLEET_USAGE). */
export async function fleetMain(argv: readonly string[]): Promise<void> {
  let args: FleetArgs;
  try {
    args = parseFleetArgs(argv);
  } catch (error) {
    if (!(error instanceof FleetArgsError)) throw error;
    console.error(`simulate: ${error.message}\n\n${FLEET_USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(FLEET_USAGE);
    return;
  }
  let stopping = false;
  process.once('SIGINT', () => (stopping = true));
  process.once('SIGTERM', () => (stopping = true));
  const started = Date.now();
  const result = await runFleet(
    args,
    started,
    (line) => console.error(`[simulate] ${line}`),
    () => stopping,
  );
  console.error(
    `[simulate] ${JSON.stringify({ ...result, eventTime: new Date(result.eventTime).toISOString(), seconds: (Date.now() - started) / 1000 })}`,
  );
}
