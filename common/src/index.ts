export * from './email.ts';
export * from './errors.ts';
export * from './imports.ts';
export * from './objects.ts';
export * from './paths.ts';
