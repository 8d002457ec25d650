import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { airPassengers, airPassengersExpected, co2, co2Expected } from './fixtures/r-datasets.ts';
import { forecast, holtWinters, linearFit, normalQuantile, sampleVariance } from './holt-winters.ts';

// R prints 5 significant digits, and its printed parameters are themselves rounded: filtering with
// them reproduces R's coefficients to the last printed digit (seasonal figures ±2e-5, the level to
// 2e-6 of itself). Fitted parameters sit on a flat optimum where R's L-BFGS-B and our Nelder-Mead
// stop at slightly different points: within 5e-4 of R's, with an SSE no worse than R's.
const closeTo = (actual: number, expected: number, tolerance: number) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);

const rForecast = (e: { a: number; b: number; s: number[] }, h: number, kind: 'additive' | 'multiplicative') =>
  Array.from({ length: h }, (_, i) =>
    kind === 'additive' ? e.a + (i + 1) * e.b + e.s[i % 12] : (e.a + (i + 1) * e.b) * e.s[i % 12],
  );

describe('against R: HoltWinters(co2), additive', () => {
  it("filters with R's parameters to R's coefficients", () => {
    const fit = holtWinters(co2, { period: 12, ...pick(co2Expected) });
    closeTo(fit.level, co2Expected.a, 2e-6 * co2Expected.a);
    closeTo(fit.trend, co2Expected.b, 5e-5);
    fit.season.forEach((s, i) => {
      closeTo(s, co2Expected.s[i], 2e-5);
    });
  });

  it("fits parameters within 5e-4 of R's, with an SSE no larger, and forecasts as R's coefficients do", () => {
    const fit = holtWinters(co2, { period: 12 });
    closeTo(fit.alpha, co2Expected.alpha, 5e-4);
    closeTo(fit.beta ?? -1, co2Expected.beta, 5e-4);
    closeTo(fit.gamma ?? -1, co2Expected.gamma, 5e-4);
    const atR = holtWinters(co2, { period: 12, ...pick(co2Expected) });
    expect(fit.sse).toBeLessThanOrEqual(atR.sse * (1 + 1e-9));
    closeTo(fit.sse, atR.sse, 1e-6 * atR.sse);
    const ours = forecast(fit, 24).map((p) => p.value);
    rForecast(co2Expected, 24, 'additive').forEach((v, i) => {
      closeTo(ours[i], v, 2e-5 * v);
    });
  });

  it('keeps the SSE equal to the sum of squared one-step errors from the second season on', () => {
    const fit = holtWinters(co2, { period: 12, ...pick(co2Expected) });
    expect(fit.start).toBe(12);
    expect(fit.residuals).toHaveLength(co2.length - 12);
    closeTo(
      fit.residuals.reduce((a, r) => a + r * r, 0),
      fit.sse,
      1e-9 * fit.sse,
    );
  });
});

describe('against R: HoltWinters(AirPassengers, seasonal = "mult")', () => {
  it("filters with R's parameters to R's coefficients", () => {
    const fit = holtWinters(airPassengers, { period: 12, seasonal: 'multiplicative', ...pick(airPassengersExpected) });
    closeTo(fit.level, airPassengersExpected.a, 2e-6 * airPassengersExpected.a);
    closeTo(fit.trend, airPassengersExpected.b, 5e-5);
    fit.season.forEach((s, i) => {
      closeTo(s, airPassengersExpected.s[i], 2e-5);
    });
  });

  it("fits parameters within 5e-4 of R's, with an SSE no larger", () => {
    const fit = holtWinters(airPassengers, { period: 12, seasonal: 'multiplicative' });
    closeTo(fit.alpha, airPassengersExpected.alpha, 5e-4);
    closeTo(fit.beta ?? -1, airPassengersExpected.beta, 5e-4);
    closeTo(fit.gamma ?? -1, airPassengersExpected.gamma, 5e-4);
    const atR = holtWinters(airPassengers, {
      period: 12,
      seasonal: 'multiplicative',
      ...pick(airPassengersExpected),
    });
    expect(fit.sse).toBeLessThanOrEqual(atR.sse * (1 + 1e-9));
    const ours = forecast(fit, 12).map((p) => p.value);
    rForecast(airPassengersExpected, 12, 'multiplicative').forEach((v, i) => {
      closeTo(ours[i], v, 1e-4 * v);
    });
    // No interval for a multiplicative model (see forecast()).
    expect(forecast(fit, 1)[0].lower).toBeNull();
  });
});

describe('fixed parameters, by hand', () => {
  it("Holt's linear trend: start from x2 and x2 - x1, then the recursions", () => {
    // level 2, trend 1 → forecast 3 for x3 = 4 (error 1); level .5·4 + .5·3 = 3.5; trend .5·1.5 + .5·1 = 1.25.
    const fit = holtWinters([1, 2, 4], { alpha: 0.5, beta: 0.5 });
    expect(fit).toMatchObject({ seasonal: 'none', start: 2, sse: 1, level: 3.5, trend: 1.25, fitted: [3] });
    expect(forecast(fit, 2).map((p) => p.value)).toEqual([4.75, 6]);
  });

  it('simple exponential smoothing without trend', () => {
    // level 10 → forecast 10 for 20 (error 10), level 15; forecast 15 for 15 (error 0).
    const fit = holtWinters([10, 20, 15], { alpha: 0.5, beta: false });
    expect(fit).toMatchObject({ sse: 100, level: 15, trend: 0, beta: null, fitted: [10, 15] });
  });

  it('an exact seasonal pattern: decomposition start, no error, the pattern forecast', () => {
    // Period 2: the centred average of 1, 3 is 2, the figures -1 and +1, the line through 2, 2 is flat.
    const fit = holtWinters([1, 3, 1, 3, 1, 3], { period: 2, alpha: 0.5, beta: 0.5, gamma: 0.5 });
    expect(fit.sse).toBe(0);
    expect(fit.level).toBe(2);
    expect(fit.season).toEqual([-1, 1]);
    expect(forecast(fit, 4).map((p) => p.value)).toEqual([1, 3, 1, 3]);
  });

  it('additive intervals: ±z·sd of the errors at one step, widening with ψ(j) = α(1 + jβ) after', () => {
    const x = [3, 5, 4, 6, 7, 6, 8, 9, 8, 10];
    const fit = holtWinters(x, { alpha: 0.4, beta: 0.2 });
    const sd = Math.sqrt(sampleVariance(fit.residuals));
    const [one, two] = forecast(fit, 2);
    closeTo((one.upper ?? 0) - one.value, 1.959963985 * sd, 1e-7);
    closeTo((two.upper ?? 0) - two.value, 1.959963985 * sd * Math.sqrt(1 + (0.4 * 1.2) ** 2), 1e-7);
  });

  it('refuses what R refuses', () => {
    expect(() => holtWinters([1, 2, 3], { period: 12 })).toThrow(/at least 24 observations/);
    expect(() => holtWinters([1, 2, 3], { alpha: 0 })).toThrow(/alpha must not be 0/);
    expect(() => holtWinters([1, 2, 3], { alpha: 1.5 })).toThrow(/within \[0, 1\]/);
    expect(() => holtWinters([...co2.slice(0, 24), 0], { period: 12, seasonal: 'multiplicative' })).toThrow(/non-zero/);
    expect(() => holtWinters([1, Number.NaN, 3])).toThrow(/finite/);
  });
});

describe('helpers', () => {
  it('normal quantiles and the least-squares line', () => {
    closeTo(normalQuantile(0.975), 1.959963984540054, 1e-8);
    closeTo(normalQuantile(0.5), 0, 1e-12);
    closeTo(normalQuantile(0.001), -3.090232306167813, 1e-8);
    expect(linearFit([3, 5, 7])).toEqual({ intercept: 1, slope: 2 });
  });
});

describe('properties', () => {
  const level = fc.double({ min: 1, max: 1e7, noNaN: true });
  const param = fc.double({ min: 0.01, max: 1, noNaN: true });

  it('a constant series forecasts the constant, whatever the model and parameters', () => {
    fc.assert(
      fc.property(
        level,
        param,
        param,
        param,
        fc.constantFrom('additive', 'multiplicative', 'none'),
        (c, alpha, beta, gamma, seasonal) => {
          const fit = holtWinters(Array(30).fill(c), { period: 12, seasonal, alpha, beta, gamma });
          for (const p of forecast(fit, 15)) closeTo(p.value, c, 1e-9 * c);
        },
      ),
    );
  });

  it("Holt's linear trend extrapolates a straight line exactly, and fitting finds no error", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.integer({ min: 3, max: 40 }),
        param,
        param,
        (a, b, n, alpha, beta) => {
          const line = Array.from({ length: n }, (_, t) => a + b * t);
          const fit = holtWinters(line, { alpha, beta });
          forecast(fit, 6).forEach((p, h) => {
            closeTo(p.value, a + b * (n + h), 1e-6 * (1 + Math.abs(a) + Math.abs(b) * n));
          });
        },
      ),
    );
  });

  it('recovers the seasonal pattern of a trend plus season, additive and multiplicative', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 3, max: 5 }),
        fc.constantFrom('additive' as const, 'multiplicative' as const),
        (raw, slope, seasons, seasonal) => {
          const mean = raw.reduce((x, y) => x + y, 0) / 12;
          const pattern = raw.map((v) => v - mean);
          const truth = (t: number) =>
            seasonal === 'additive'
              ? 1000 + slope * t + pattern[t % 12]
              : (1000 + slope * t) * (1 + pattern[t % 12] / 100);
          const n = 12 * seasons;
          const fit = holtWinters(
            Array.from({ length: n }, (_, t) => truth(t)),
            { period: 12, seasonal },
          );
          // Within 1 % of the truth a year ahead: R's start level lags the series by half a season,
          // which the fitted smoothing absorbs within the history.
          forecast(fit, 12).forEach((p, h) => {
            closeTo(p.value, truth(n + h), 0.01 * truth(n + h));
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});

function pick(e: { alpha: number; beta: number; gamma: number }) {
  return { alpha: e.alpha, beta: e.beta, gamma: e.gamma };
}
