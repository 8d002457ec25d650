// A seeded random source for demo data: the same seed gives the same company, ids included.

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T;
  /** k distinct items (k capped at the list's length). */
  sample<T>(items: readonly T[], k: number): T[];
  /** A UUID v7 whose time part is `ms` and whose random part comes from this source. */
  uuid(ms: number): string;
}

/** mulberry32: small, fast, good enough for believable data (not for secrets). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += int(0, 15).toString(16);
    return s;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted(items) {
      const total = items.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of items) {
        r -= w;
        if (r < 0) return v;
      }
      return items[items.length - 1][0];
    },
    sample(items, k) {
      const copy = [...items];
      const out = [];
      for (let i = 0; i < Math.min(k, copy.length); i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        [copy[i], copy[j]] = [copy[j], copy[i]];
        out.push(copy[i]);
      }
      return out;
    },
    uuid(ms) {
      const time = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
      const variant = (8 + int(0, 3)).toString(16);
      return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
    },
  };
}

/** ASCII for emails and domains: "Nguyễn Thị" → "nguyen thi", "Weiß" → "weiss". */
export function asciiFold(s: string): string {
  return s
    .replace(/ß/g, 'ss')
    .replace(/[Ææ]/g, 'ae')
    .replace(/[Øø]/g, 'o')
    .replace(/[Łł]/g, 'l')
    .replace(/[Đđ]/g, 'd')
    .replace(/ı/g, 'i')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** "O'Brien-Smith & Co" → "obriensmithco" (for a domain label) or with a separator for mailboxes. */
export function slug(s: string, sep = ''): string {
  return asciiFold(s)
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join(sep);
}
