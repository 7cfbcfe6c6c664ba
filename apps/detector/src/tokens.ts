/** Injection tokens of the detector module. */
export const DETECTOR_CONFIG = Symbol('DETECTOR_CONFIG');
