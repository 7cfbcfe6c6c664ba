export { LANGUAGE_TEMPLATES, LANGUAGES } from './languages';
export * from './render';
export type { Language, NoticeTemplate, NoticeValues } from './template';
