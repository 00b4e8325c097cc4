export * from './lib/engine';
export { TemplateSyntaxError, CUSTOM_TAGS } from './lib/parse';
export { TemplateRenderError, SafeString } from './lib/values';
export { DEFAULT_LIMITS, type RenderLimits, type RenderOptions } from './lib/interpreter';
export { FILTER_NAMES } from './lib/filters';
export type { MappedFields } from './lib/mapped-fields';
export { toNunjucksSyntax } from './lib/syntax';
