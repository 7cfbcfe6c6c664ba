// Pin what makes tests non-deterministic across machines.
process.env.TZ = 'UTC';
