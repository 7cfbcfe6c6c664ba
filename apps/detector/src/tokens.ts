/** Injection tokens of the detector module. */
export const DETECTOR_CONFIG = Symbol('DETECTOR_CONFIG');
/** How points arrive and events leave: {@link DetectorIo} */
export const DETECTOR_IO = Symbol('DETECTOR_IO');
/** rxjs Subject<DetectionEvent>: every event the detector emits, in process (the tickets module consumes it). */
export const DETECTION_EVENTS = Symbol('DETECTION_EVENTS');
