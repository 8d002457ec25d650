// What a web module adds to the generic object pages: list views beside the table (a board, a
// calendar…), panels on a record's page and actions in its menu. The app lists its modules once
// (app/modules.ts) and hands them to <ExtensionsProvider>; the platform reads them from here and
// imports no module.
import type { FilterGroup } from '@kith/common';
import type { Icon } from '@tabler/icons-react';
import { type ComponentType, createContext, type ReactNode, useContext, useMemo } from 'react';
import type { ObjectMeta } from './meta/objects';
import type { KRecord } from './records/records-api';

/** What the list page shows, whatever the layout: a view applies the same query as the table. */
export interface ListQuery {
  q: string;
  filter: FilterGroup | null;
  sort?: string;
}

/** A layout's own settings (a board's field and sum), kept in the URL and in saved views. */
export interface LayoutSettings {
  groupBy?: string;
  sum?: string;
  /** Grouped by a relation within another: the record the groups lie within (a pipeline). */
  within?: string;
}

export interface ListViewProps {
  meta: ObjectMeta;
  query: ListQuery;
  settings: LayoutSettings;
  onSettingsChange: (next: LayoutSettings) => void;
  /** What to show when nothing matches (the list page's empty state for this query). */
  empty: ReactNode;
}

export interface ListViewDef {
  /** In the URL (`?layout=board`) and in saved views. `table` is the platform's own. */
  id: string;
  label: string;
  icon: Icon;
  appliesTo: (meta: ObjectMeta) => boolean;
  /** The settings it starts with when a person switches to it (a board's field and sum). */
  defaultSettings?: (meta: ObjectMeta) => LayoutSettings;
  component: ComponentType<ListViewProps>;
}

export interface RecordContext {
  meta: ObjectMeta;
  record: KRecord;
}

export interface DetailPanelDef {
  id: string;
  appliesTo: (meta: ObjectMeta) => boolean;
  /** Rendered above the related lists on the record's page ('top': across the page, under its title: a banner). */
  component: ComponentType<RecordContext>;
  placement?: 'top';
}

/** A mark on a record's card on boards (a deal rotting in its stage); it renders nothing when there is none. */
export interface CardBadgeDef {
  id: string;
  appliesTo: (meta: ObjectMeta) => boolean;
  /** The fields it reads: boards fetch only the fields cards show. */
  fields: string[];
  component: ComponentType<RecordContext>;
}

export interface RecordActionDef {
  id: string;
  label: string;
  icon: Icon;
  color?: string;
  appliesTo: (ctx: RecordContext) => boolean;
  /** Its message is shown when it throws. */
  run: (ctx: RecordContext) => Promise<void> | void;
}

/**
 * How an activity is logged from a record's timeline when its entry's plain form is not enough
 * (a meeting is booked with attendees and a free/busy check). Shown instead of that form.
 */
export interface ActivityFormDef {
  /** The activity entry's name (event). */
  id: string;
  /** The button's words ("Book meeting"). */
  label: string;
  component: ComponentType<RecordContext & { onDone: () => void }>;
}

/** A page under /settings, listed in the menu's Settings section. */
export interface SettingsPageDef {
  /** Its address: /settings/{id}. */
  id: string;
  label: string;
  icon: Icon;
  /** In the menu for admins only (the server refuses the others' requests anyway). */
  adminOnly?: boolean;
  component: ComponentType;
  /** Addresses under it that show the same page, e.g. ':object' for /settings/data-model/:object. */
  subPaths?: string[];
}

/** A page of a module's own at /{id} (the home page), listed at the top of the menu. */
export interface PageDef {
  id: string;
  label: string;
  icon: Icon;
  component: ComponentType;
  /** Beside its menu entry: a count that asks for attention (what waits for the reader); renders nothing when none. */
  badge?: ComponentType;
}

/** One web module: what it adds to the generic pages. */
export interface WebModule {
  name: string;
  pages?: PageDef[];
  activityForms?: ActivityFormDef[];
  listViews?: ListViewDef[];
  detailPanels?: DetailPanelDef[];
  recordActions?: RecordActionDef[];
  settingsPages?: SettingsPageDef[];
  cardBadges?: CardBadgeDef[];
}

export const tableLayout = 'table';

interface Extensions {
  pages: PageDef[];
  activityForms: ActivityFormDef[];
  listViews: ListViewDef[];
  detailPanels: DetailPanelDef[];
  recordActions: RecordActionDef[];
  settingsPages: SettingsPageDef[];
  cardBadges: CardBadgeDef[];
}

const kinds = [
  'pages',
  'activityForms',
  'listViews',
  'detailPanels',
  'recordActions',
  'settingsPages',
  'cardBadges',
] as const;
const noExtensions = (): Extensions => ({
  pages: [],
  activityForms: [],
  listViews: [],
  detailPanels: [],
  recordActions: [],
  settingsPages: [],
  cardBadges: [],
});

/** The modules' contributions, merged; two modules may not claim one id. */
export function collectExtensions(modules: WebModule[]): Extensions {
  const out = noExtensions();
  const seen = new Set<string>([`listViews:${tableLayout}`]);
  for (const m of modules)
    for (const kind of kinds)
      for (const item of m[kind] ?? []) {
        const key = `${kind}:${item.id}`;
        if (seen.has(key)) throw new Error(`Module ${m.name}: a second ${kind} entry with id "${item.id}"`);
        seen.add(key);
        (out[kind] as Array<typeof item>).push(item);
      }
  return out;
}

const ExtensionsContext = createContext<Extensions>(noExtensions());

export function ExtensionsProvider({ modules, children }: { modules: WebModule[]; children: ReactNode }) {
  const value = useMemo(() => collectExtensions(modules), [modules]);
  return <ExtensionsContext.Provider value={value}>{children}</ExtensionsContext.Provider>;
}

export function useListViews(meta: ObjectMeta): ListViewDef[] {
  const { listViews } = useContext(ExtensionsContext);
  return listViews.filter((v) => v.appliesTo(meta));
}

export function useDetailPanels(meta: ObjectMeta): DetailPanelDef[] {
  const { detailPanels } = useContext(ExtensionsContext);
  return detailPanels.filter((p) => p.appliesTo(meta));
}

export function useCardBadges(meta: ObjectMeta): CardBadgeDef[] {
  const { cardBadges } = useContext(ExtensionsContext);
  return useMemo(() => cardBadges.filter((b) => b.appliesTo(meta)), [cardBadges, meta]);
}

/** Every module's settings pages, in module order (the menu lists them so). */
export function useSettingsPages(): SettingsPageDef[] {
  return useContext(ExtensionsContext).settingsPages;
}

/** Every module's record actions; each says by `appliesTo` whether it is offered on a record. */
export function useRecordActions(): RecordActionDef[] {
  return useContext(ExtensionsContext).recordActions;
}

/** Every module's own pages (the home page), in module order. */
export function usePages(): PageDef[] {
  return useContext(ExtensionsContext).pages;
}

/** The forms modules give for logging activities of their entries, by the entry's name. */
export function useActivityForms(): ActivityFormDef[] {
  return useContext(ExtensionsContext).activityForms;
}
