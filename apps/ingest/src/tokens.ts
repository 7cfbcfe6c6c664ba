/** Injection tokens of the ingest module. */
export const INGEST_CONFIG = Symbol('INGEST_CONFIG');
