// The app's mail and address settings, for the calendar's hooks (which receive only a ctx): kept
// per registry, i.e. per built app, when the module's routes are installed — not in a global.
import type { AppSettings } from '../../app.ts';
import type { Registry } from '../../platform/registry/registry.ts';

const byRegistry = new WeakMap<Registry, AppSettings>();

export const keepSettings = (registry: Registry, settings: AppSettings) => byRegistry.set(registry, settings);

export function settingsOf(registry: Registry): Pick<AppSettings, 'publicUrl' | 'smtpUrl'> {
  return byRegistry.get(registry) ?? { publicUrl: 'http://localhost' };
}

/** The host part of the public URL: the domain of event UIDs. */
export const hostOf = (registry: Registry) => new URL(settingsOf(registry).publicUrl).host || 'kith.local';
