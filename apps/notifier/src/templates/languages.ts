import { en } from './en';
import type { Language } from './template';

/** Languages with a full set of templates: a new one is a folder like en/ added here. */
export const LANGUAGE_TEMPLATES: Readonly<Record<string, Language>> = { en };
export const LANGUAGES = Object.keys(LANGUAGE_TEMPLATES);
