// The detector's public face: what a composition root, a bench or a test may use.
export { CheckpointService } from './checkpoint/checkpoint.service';
export { composeDetector } from './compose';
export {
  type DetectorConfig,
  type DetectorEnv,
  detectorEnv,
  loadDetectorEnv,
  toDetectorConfig,
} from './config';
export { ControlState } from './control/control-state.service';
export { PointsHandler } from './detection/points.handler';
export { DetectorModule } from './detector.module';
export { DETECTOR_CONFIG } from './tokens';
