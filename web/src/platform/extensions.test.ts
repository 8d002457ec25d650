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
