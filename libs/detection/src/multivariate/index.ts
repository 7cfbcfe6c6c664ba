export {
  defaultRelationshipOptions,
  DeviceRelationshipDetector,
  type RelationshipAssessment,
  type RelationshipOptions,
  type RelationshipState,
} from './device-relationship-detector';
