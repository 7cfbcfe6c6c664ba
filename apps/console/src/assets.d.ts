// esbuild bundles imported CSS into the app's one stylesheet
declare module '*.css';
