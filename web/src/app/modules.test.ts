// The app's modules: every page a module adds at /{id} is a path the app keeps for itself, so no
// object's plural (its list at /{plural}) can ever take it.
import { isReservedPath } from '@kith/common/paths';
import { expect, it } from 'vitest';
import { collectExtensions } from '../platform/extensions';
import { webModules } from './modules';

it("keeps every module page's address out of the objects' reach", () => {
  const pages = collectExtensions(webModules).pages.map((p) => p.id);
  expect(pages).toEqual(expect.arrayContaining(['home', 'calendar']));
  expect(pages.filter((id) => !isReservedPath(id))).toEqual([]);
});
