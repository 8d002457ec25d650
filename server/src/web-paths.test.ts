// The web app serves every object at its plural (/contacts, /contacts/{id}); the first path
// segments it keeps for its own pages (settings, login…) can be no object's plural.
import { isReservedPath, reservedPaths } from '@kith/common';
import { expect, it } from 'vitest';
import { builtinObjects } from './modules/index.ts';

it('no built-in object has a plural the web app keeps for its own pages', () => {
  for (const o of builtinObjects) expect(reservedPaths, o.name).not.toContain(o.plural.toLowerCase());
  expect(isReservedPath('Settings')).toBe(true);
  expect(isReservedPath('contacts')).toBe(false);
});
