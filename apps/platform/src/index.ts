// The all-in-one's public face: its composition and configuration.
export { composePlatform, type PlatformConfigs } from './compose';
export { ALL_IN_ONE_DEFAULTS, loadAllEnv, platformEnv } from './config';
