import { IconLayoutKanban } from '@tabler/icons-react';
import { expect, it } from 'vitest';
import { collectExtensions, type ListViewDef, type WebModule } from './extensions';

const view = (id: string): ListViewDef => ({
  id,
  label: id,
  icon: IconLayoutKanban,
  appliesTo: () => true,
  component: () => null,
});

it('merges what the modules add, in module order', () => {
  const modules: WebModule[] = [
    { name: 'boards', listViews: [view('board')] },
    { name: 'calendar', listViews: [view('calendar')], recordActions: [] },
  ];
  expect(collectExtensions(modules).listViews.map((v) => v.id)).toEqual(['board', 'calendar']);
});

it('refuses two entries with one id, and a view that claims the table’s', () => {
  expect(() =>
    collectExtensions([
      { name: 'a', listViews: [view('board')] },
      { name: 'b', listViews: [view('board')] },
    ]),
  ).toThrow(/Module b: a second listViews entry with id "board"/);
  expect(() => collectExtensions([{ name: 'a', listViews: [view('table')] }])).toThrow(/"table"/);
});

it('collects settings pages in module order and refuses a second page at one address', () => {
  const page = (id: string) => ({ id, label: id, icon: IconLayoutKanban, component: () => null });
  const modules: WebModule[] = [
    { name: 'settings', settingsPages: [page('profile'), page('users')] },
    { name: 'imports', settingsPages: [page('imports')] },
  ];
  expect(collectExtensions(modules).settingsPages.map((p) => p.id)).toEqual(['profile', 'users', 'imports']);
  expect(() => collectExtensions([...modules, { name: 'clash', settingsPages: [page('users')] }])).toThrow(
    /Module clash: a second settingsPages entry with id "users"/,
  );
});
