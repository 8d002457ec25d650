// Each figure beside the previous results file of the same label: req/s (rows/s for import and
// export), p50, p99 and RSS, with the change in per cent.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The part of a results JSON that the comparison reads (older files have the same shape). */
export interface ComparableResult {
  date: string;
  database: string;
  sizes?: { contacts: number; companies: number };
  server?: { peakRssMb: number; rssAtEndMb: number };
  scenarios: Array<{
    name: string;
    kind: string;
    api?: { p50: number; p99: number; rps: number; rssAfterMb: number };
    rowsPerSecond?: number;
  }>;
}

export interface Previous {
  file: string; // bench/results/….json
  result: ComparableResult;
}

/**
 * The newest results JSON of exactly this label (`<YYYY-MM-DD>-<label>.json`), of the run database
 * `database` (the label, unless the file name adds to it: `-c1` for one connection), whose run started
 * before `before`: read before this run writes its own file, so a same-day earlier run counts too.
 */
export function findPrevious(dir: string, label: string, before: Date, database = label): Previous | null {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return null;
  }
  const pattern = new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.json$`);
  let best: Previous | null = null;
  for (const f of files.filter((x) => pattern.test(x))) {
    try {
      const result = JSON.parse(readFileSync(join(dir, f), 'utf8')) as ComparableResult;
      if (result.database !== database || !(new Date(result.date) < before)) continue;
      if (!best || new Date(result.date) > new Date(best.result.date)) best = { file: `bench/results/${f}`, result };
    } catch {
      // not a results file of ours
    }
  }
  return best;
}

const change = (now: number | undefined, prev: number | undefined) => {
  if (now === undefined || prev === undefined || !Number.isFinite(now) || !Number.isFinite(prev) || prev === 0)
    return '—';
  const pct = ((now - prev) / prev) * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(0)} %`;
};

const fmt = (n: number | undefined, d = 0) =>
  n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en', { maximumFractionDigits: d });

/** The scenario of `prev` that stands for `s`: the same name, else the same kind at the same place among its kind. */
function counterpart(s: ComparableResult['scenarios'][number], now: ComparableResult, prev: ComparableResult) {
  const byName = prev.scenarios.find((p) => p.name === s.name);
  if (byName) return byName;
  const nth = now.scenarios.filter((x) => x.kind === s.kind).indexOf(s);
  return prev.scenarios.filter((x) => x.kind === s.kind)[nth];
}

/**
 * A markdown table: each figure, the previous one and the change. Throughput is req/s (rows/s for
 * import and export: higher is better); latency and RSS: lower is better.
 */
export function comparisonTable(now: ComparableResult, previous: Previous): string {
  const prev = previous.result;
  const lines = [
    '| Scenario | req/s | previous | change | p50 ms | previous | change | p99 ms | previous | change | RSS after MB | previous | change |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of now.scenarios) {
    const p = counterpart(s, now, prev);
    const rate = (x: typeof s | undefined) => x?.rowsPerSecond ?? x?.api?.rps;
    const unit = s.rowsPerSecond !== undefined ? ' rows/s' : '';
    lines.push(
      `| ${s.name} | ${fmt(rate(s))}${unit} | ${fmt(rate(p))}${unit && rate(p) !== undefined ? unit : ''} | ${change(rate(s), rate(p))} | ${fmt(s.api?.p50, 1)} | ${fmt(p?.api?.p50, 1)} | ${change(s.api?.p50, p?.api?.p50)} | ${fmt(s.api?.p99, 1)} | ${fmt(p?.api?.p99, 1)} | ${change(s.api?.p99, p?.api?.p99)} | ${fmt(s.api?.rssAfterMb)} | ${fmt(p?.api?.rssAfterMb)} | ${change(s.api?.rssAfterMb, p?.api?.rssAfterMb)} |`,
    );
  }
  if (now.server && prev.server) {
    lines.push(
      `| Server peak RSS (MB) | — | — | — | — | — | — | — | — | — | ${fmt(now.server.peakRssMb)} | ${fmt(prev.server.peakRssMb)} | ${change(now.server.peakRssMb, prev.server.peakRssMb)} |`,
    );
  }
  return lines.join('\n');
}

/** The comparison section of a results file, or a line saying there was nothing to compare with. */
export function comparisonSection(now: ComparableResult, previous: Previous | null): string {
  if (!previous)
    return `## Against the previous run\n\nNo earlier results file for \`${now.database}\` in bench/results: nothing to compare with.\n`;
  const p = previous.result;
  const sizes =
    p.sizes && now.sizes && (p.sizes.contacts !== now.sizes.contacts || p.sizes.companies !== now.sizes.companies)
      ? ` Its data was a different size (${p.sizes.contacts.toLocaleString('en')} contacts, ${p.sizes.companies.toLocaleString('en')} companies): the figures do not compare like for like.`
      : '';
  return `## Against the previous run

Compared with \`${previous.file}\` (run ${p.date.slice(0, 16).replace('T', ' ')} UTC).${sizes} Change is (now − previous) / previous:
more req/s is better, fewer ms and MB are better. Both runs shared their machine with other work (see the load
averages in each file), so changes of a few tens of per cent can be noise.

${comparisonTable(now, previous)}
`;
}
