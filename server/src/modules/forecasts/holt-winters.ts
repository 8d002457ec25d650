// Holt-Winters exponential smoothing, as R's stats::HoltWinters computes it (decision 022): the
// same recursions, the same start values (a decomposition of the first two seasons for seasonal
// models, the first two observations for Holt's linear trend), the same error (the sum of squared
// one-step-ahead errors from the second season on) and the same prediction intervals. Parameters
// are fitted in [0, 1] by Nelder-Mead kept inside the box, restarted until it stops improving;
// R uses L-BFGS-B. Pure functions: no I/O, no clock.

export type Seasonality = 'additive' | 'multiplicative';
export type HoltWintersKind = Seasonality | 'none';

export interface HoltWintersOptions {
  /** 'none': Holt's linear trend (no season). Default additive when a period is given, else none. */
  seasonal?: HoltWintersKind;
  /** Observations per season (12 for months in a year); needed by seasonal models, at least 2. */
  period?: number;
  /** Fixed smoothing parameters; those left out are fitted. `beta: false` drops the trend. */
  alpha?: number;
  beta?: number | false;
  gamma?: number;
}

export interface HoltWintersFit {
  seasonal: HoltWintersKind;
  period: number;
  alpha: number;
  /** Null when the model has no trend (`beta: false`). */
  beta: number | null;
  gamma: number | null;
  /** The final state, R's coefficients a, b and s1…sp: the level, the trend and the next season's figures. */
  level: number;
  trend: number;
  season: number[];
  /** Sum of squared one-step-ahead errors over the observations from `start` on. */
  sse: number;
  /** Index of the first observation that has a one-step forecast (R's start.time - 1). */
  start: number;
  /** One-step-ahead forecasts of observations start…n-1. */
  fitted: number[];
  residuals: number[];
}

export interface ForecastPoint {
  value: number;
  /** Bounds of the prediction interval; null where no interval is computed (multiplicative models). */
  lower: number | null;
  upper: number | null;
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
}

interface Start {
  level: number;
  trend: number;
  season: number[];
  /** Index of the first observation filtered. */
  from: number;
}

interface Filtered {
  sse: number;
  level: number;
  trend: number;
  season: number[];
  fitted: number[];
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** The recursions of one pass over the series (R's C_HoltWinters): state, SSE and one-step forecasts. */
function filter(x: readonly number[], kind: HoltWintersKind, trendOn: boolean, p: Params, s0: Start): Filtered {
  const seasonalOn = kind !== 'none';
  const alpha = clamp01(p.alpha);
  const beta = clamp01(p.beta);
  const gamma = clamp01(p.gamma);
  // A ring of the last `period` seasonal figures; season[k] is the figure for the k-th next step.
  const season = seasonalOn ? [...s0.season] : [];
  let level = s0.level;
  let trend = trendOn ? s0.trend : 0;
  let sse = 0;
  const fitted: number[] = [];
  for (let i = s0.from; i < x.length; i++) {
    const s = seasonalOn ? (season.shift() as number) : 0;
    const base = level + trend;
    const xhat = kind === 'multiplicative' ? base * s : base + s;
    fitted.push(xhat);
    const res = x[i] - xhat;
    sse += res * res;
    const next = alpha * (kind === 'multiplicative' ? x[i] / s : x[i] - s) + (1 - alpha) * base;
    if (trendOn) trend = beta * (next - level) + (1 - beta) * trend;
    level = next;
    if (seasonalOn) season.push(gamma * (kind === 'multiplicative' ? x[i] / level : x[i] - level) + (1 - gamma) * s);
  }
  return { sse, level, trend, season, fitted };
}

/**
 * R's decompose() of the first two seasons: a centred moving average for the trend, the mean
 * deviation from it per position in the season (normalised to sum 0, or to average 1), then a
 * straight line through the trend for the start level and slope.
 */
export function seasonalStart(x: readonly number[], period: number, kind: Seasonality): Start {
  const wind = 2 * period;
  const head = x.slice(0, wind);
  const even = period % 2 === 0;
  const weights = even
    ? [0.5, ...Array<number>(period - 1).fill(1), 0.5].map((w) => w / period)
    : Array<number>(period).fill(1 / period);
  const half = Math.floor(weights.length / 2);
  const trend: Array<number | null> = head.map((_, i) => {
    if (i - half < 0 || i + half >= head.length) return null;
    let sum = 0;
    for (let k = 0; k < weights.length; k++) sum += weights[k] * head[i - half + k];
    return sum;
  });
  const figure = Array.from({ length: period }, (_, j) => {
    const devs: number[] = [];
    for (let i = j; i < wind; i += period) {
      const t = trend[i];
      if (t !== null) devs.push(kind === 'multiplicative' ? head[i] / t : head[i] - t);
    }
    return devs.reduce((a, b) => a + b, 0) / devs.length;
  });
  const mean = figure.reduce((a, b) => a + b, 0) / period;
  const season = figure.map((f) => (kind === 'multiplicative' ? f / mean : f - mean));
  // lm(trend ~ 1…k) over the defined trend values: the intercept is the level at k = 0.
  const ys = trend.filter((t): t is number => t !== null);
  const { intercept, slope } = linearFit(ys);
  return { level: intercept, trend: slope, season, from: period };
}

/** Least squares line through (1, y1)…(k, yk). */
export function linearFit(ys: readonly number[]): { intercept: number; slope: number } {
  const k = ys.length;
  const mx = (k + 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / k;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < k; i++) {
    sxy += (i + 1 - mx) * (ys[i] - my);
    sxx += (i + 1 - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

function startValues(x: readonly number[], kind: HoltWintersKind, period: number, trendOn: boolean): Start {
  if (kind !== 'none') return seasonalStart(x, period, kind);
  // R: level x[2] and slope x[2] - x[1] from the third observation on; without trend, x[1] from the second.
  return trendOn
    ? { level: x[1], trend: x[1] - x[0], season: [], from: 2 }
    : { level: x[0], trend: 0, season: [], from: 1 };
}

function checkParam(name: string, v: number | undefined) {
  if (v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1))
    throw new RangeError(`${name} must be within [0, 1]`);
}

/** The minimum number of observations a model needs to have at least one one-step error. */
export function minimumLength(kind: HoltWintersKind, period: number, trendOn = true): number {
  if (kind !== 'none') return 2 * period;
  return trendOn ? 3 : 2;
}

/** Fits a Holt-Winters model: the free parameters by least squares, then the final state. */
export function holtWinters(series: readonly number[], options: HoltWintersOptions = {}): HoltWintersFit {
  const kind = options.seasonal ?? (options.period ? 'additive' : 'none');
  const period = kind === 'none' ? 1 : (options.period ?? 0);
  const trendOn = options.beta !== false;
  if (!series.every(Number.isFinite)) throw new RangeError('the series must hold finite numbers');
  if (kind !== 'none' && !(Number.isInteger(period) && period >= 2))
    throw new RangeError('a seasonal model needs a whole period of at least 2');
  if (series.length < minimumLength(kind, period, trendOn))
    throw new RangeError(`this model needs at least ${minimumLength(kind, period, trendOn)} observations`);
  if (kind === 'multiplicative' && series.some((v) => v === 0))
    throw new RangeError('a multiplicative model needs non-zero data');
  checkParam('alpha', options.alpha);
  if (options.beta !== false) checkParam('beta', options.beta);
  checkParam('gamma', options.gamma);
  if (options.alpha === 0) throw new RangeError('alpha must not be 0: a model without level cannot be fitted');

  const start = startValues(series, kind, period, trendOn);
  const free: Array<keyof Params> = [];
  if (options.alpha === undefined) free.push('alpha');
  if (trendOn && options.beta === undefined) free.push('beta');
  if (kind !== 'none' && options.gamma === undefined) free.push('gamma');
  const fixed: Params = {
    alpha: options.alpha ?? 0.3,
    beta: trendOn ? ((options.beta as number | undefined) ?? 0.1) : 0,
    gamma: kind === 'none' ? 0 : (options.gamma ?? 0.1),
  };
  const withFree = (v: number[]): Params => {
    const p = { ...fixed };
    free.forEach((name, i) => {
      p[name] = clamp01(v[i]);
    });
    return p;
  };
  let params = fixed;
  if (free.length) {
    const sse = (v: number[]) => {
      const r = filter(series, kind, trendOn, withFree(v), start).sse;
      return Number.isFinite(r) ? r : Number.POSITIVE_INFINITY;
    };
    // R starts its optimiser at alpha 0.3, beta 0.1, gamma 0.1.
    params = withFree(
      minimiseInBox(
        sse,
        free.map((name) => fixed[name]),
      ),
    );
  }
  const f = filter(series, kind, trendOn, params, start);
  return {
    seasonal: kind,
    period,
    alpha: params.alpha,
    beta: trendOn ? params.beta : null,
    gamma: kind === 'none' ? null : params.gamma,
    level: f.level,
    trend: f.trend,
    season: f.season,
    sse: f.sse,
    start: start.from,
    fitted: f.fitted,
    residuals: f.fitted.map((v, i) => series[start.from + i] - v),
  };
}

/**
 * Forecasts h steps ahead from a fit, with prediction intervals at `level` (0.95 by default) for
 * additive and non-seasonal models: R's predict.HoltWinters, the variance of the one-step errors
 * times 1 + Σ ψ(j)² (Yar and Chatfield, 1990). Multiplicative models get none: the formula
 * assumes additive errors, and R's adaptation of it is not a derivation we could check.
 */
export function forecast(fit: HoltWintersFit, h: number, level = 0.95): ForecastPoint[] {
  if (!(Number.isInteger(h) && h >= 0)) throw new RangeError('h must be a whole number of steps');
  if (!(level > 0 && level < 1)) throw new RangeError('level must be between 0 and 1');
  const variance = sampleVariance(fit.residuals);
  const z = normalQuantile((1 + level) / 2);
  const beta = fit.beta ?? 0;
  const gamma = fit.gamma ?? 0;
  const psi = (j: number) =>
    fit.alpha * (1 + j * beta) + (fit.seasonal !== 'none' && j % fit.period === 0 ? gamma * (1 - fit.alpha) : 0);
  const out: ForecastPoint[] = [];
  let sumPsi2 = 0;
  for (let step = 1; step <= h; step++) {
    if (step > 1) sumPsi2 += psi(step - 1) ** 2;
    const base = fit.level + step * fit.trend;
    const s = fit.seasonal === 'none' ? null : fit.season[(step - 1) % fit.period];
    const value = s === null ? base : fit.seasonal === 'multiplicative' ? base * s : base + s;
    if (fit.seasonal === 'multiplicative' || !Number.isFinite(variance)) {
      out.push({ value, lower: null, upper: null });
      continue;
    }
    const half = z * Math.sqrt(variance * (1 + sumPsi2));
    out.push({ value, lower: value - half, upper: value + half });
  }
  return out;
}

/** var() in R: around the mean, divided by n - 1 (NaN below two values). */
export function sampleVariance(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
}

/**
 * The standard normal quantile by Acklam's rational approximation (relative error below 1.2e-9,
 * far finer than an interval needs): 1.95996398 for 0.975.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be between 0 and 1');
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * Nelder-Mead on [0, 1]^n: every trial point is projected into the box (the objective clamps as
 * R's does), and the search restarts from its best point with a fresh simplex until a restart
 * no longer improves the minimum — the usual guard against a simplex collapsing early.
 */
export function minimiseInBox(f: (v: number[]) => number, start: number[], tolerance = 1e-10): number[] {
  let best = start.map(clamp01);
  let bestValue = f(best);
  for (let restart = 0; restart < 20; restart++) {
    const { point, value } = nelderMead(f, best, tolerance);
    const improved = bestValue - value > tolerance * (1 + Math.abs(bestValue));
    if (value <= bestValue) {
      best = point;
      bestValue = value;
    }
    if (!improved && restart > 0) break;
  }
  return best;
}

function nelderMead(f: (v: number[]) => number, x0: number[], tolerance: number) {
  const n = x0.length;
  const project = (v: number[]) => v.map(clamp01);
  const simplex: Array<{ point: number[]; value: number }> = [{ point: x0, value: f(x0) }];
  for (let i = 0; i < n; i++) {
    const p = [...x0];
    // Step towards the box's far side so that no vertex starts outside it.
    p[i] = p[i] + (p[i] < 0.5 ? 0.1 : -0.1);
    simplex.push({ point: p, value: f(p) });
  }
  const evaluate = (point: number[]) => {
    const p = project(point);
    return { point: p, value: f(p) };
  };
  for (let iter = 0; iter < 2000 * n; iter++) {
    simplex.sort((a, b) => a.value - b.value);
    const bestV = simplex[0].value;
    const worst = simplex[n];
    const spread = Math.abs(worst.value - bestV);
    const size = Math.max(
      ...simplex.slice(1).map((s) => Math.max(...s.point.map((v, k) => Math.abs(v - simplex[0].point[k])))),
    );
    if (spread <= tolerance * (Math.abs(bestV) + tolerance) && size < 1e-9) break;
    if (size < 1e-12) break;
    const centroid = Array.from({ length: n }, (_, k) => simplex.slice(0, n).reduce((a, s) => a + s.point[k], 0) / n);
    const along = (t: number) => centroid.map((c, k) => c + t * (worst.point[k] - c));
    const reflected = evaluate(along(-1));
    if (reflected.value < simplex[0].value) {
      const expanded = evaluate(along(-2));
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < simplex[n - 1].value) {
      simplex[n] = reflected;
    } else {
      const contracted = evaluate(reflected.value < worst.value ? along(-0.5) : along(0.5));
      if (contracted.value < Math.min(worst.value, reflected.value)) simplex[n] = contracted;
      else {
        for (let i = 1; i <= n; i++)
          simplex[i] = evaluate(simplex[i].point.map((v, k) => simplex[0].point[k] + 0.5 * (v - simplex[0].point[k])));
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0];
}
