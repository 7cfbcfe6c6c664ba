/**
 * MQTT filter matching: `+` is one level, `#` (last) the rest including none; wildcards at the first level
 * do not match topics starting with `$` (broker topics).
 *
 * @example matchesFilter('telemetry/+/+', 'telemetry/acme/rtr-01') // true
 */
export function matchesFilter(filter: string, topic: string): boolean {
  if (topic.startsWith('$') && (filter.startsWith('+') || filter.startsWith('#'))) return false;
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') return true;
    if (i >= topicLevels.length || (level !== '+' && level !== topicLevels[i])) return false;
  }
  return filterLevels.length === topicLevels.length;
}

/** Throws for what a broker would refuse: empty filters, wildcards inside a level, `#` not last, `$share`. */
export function assertFilter(filter: string): void {
  const levels = filter.split('/');
  const bad =
    filter.length === 0 ||
    filter.startsWith('$share/') ||
    levels.some(
      (level, i) =>
        (level.includes('#') && (level !== '#' || i !== levels.length - 1)) ||
        (level.includes('+') && level !== '+'),
    );
  if (bad) throw new Error(`Invalid topic filter '${filter}' (groups are a consume option, not $share/)`);
}

/** A group name is one topic level without wildcards. */
export function assertGroup(group: string): void {
  if (!/^[^/+#]+$/.test(group)) throw new Error(`Invalid group '${group}': one topic level, no wildcards`);
}

/** 32-bit FNV-1a: stable across processes and runs, for choosing a group member by key. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The routes of concrete topics, computed once each: topics repeat (one per device), matching filters per
 * message would not. Bounded: cleared when full, it refills with the topics in use.
 */
export class RouteCache<T> {
  private readonly routes = new Map<string, T>();

  constructor(
    private readonly compute: (topic: string) => T,
    private readonly capacity = 100_000,
  ) {}

  get(topic: string): T {
    let route = this.routes.get(topic);
    if (route === undefined) {
      route = this.compute(topic);
      if (this.routes.size >= this.capacity) this.routes.clear();
      this.routes.set(topic, route);
    }
    return route;
  }
}
