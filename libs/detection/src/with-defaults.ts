/**
 * `{ ...defaults, ...options }`, except that no options (or the defaults themselves) give the defaults object
 * itself: thousands of detectors then share one options object per component, which stays in the CPU cache
 * (a private copy per instance costs a cache miss per component and point).
 *
 * @example
 * withDefaults(defaultCusumOptions, {}) === defaultCusumOptions; // true
 * withDefaults(defaultCusumOptions, { drift: 1 }).drift; // 1
 */
export function withDefaults<T extends object>(defaults: T, options: Partial<T> = {}): T {
  if (options === defaults || Object.keys(options).length === 0) return defaults;
  return { ...defaults, ...options };
}
