export * from './errors.ts';
export * from './objects.ts';
