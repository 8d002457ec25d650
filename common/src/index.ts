export * from './email.ts';
export * from './errors.ts';
export * from './objects.ts';
