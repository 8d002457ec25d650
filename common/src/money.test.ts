// Money in minor units, written in its currency's format; figures made by kept formatters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber, minorDigits } from './money.ts';

describe('money', () => {
  it('knows each currency’s minor unit, and takes two for a code Intl does not know', () => {
    expect([minorDigits('EUR'), minorDigits('JPY'), minorDigits('KWD'), minorDigits('XQQ')]).toEqual([2, 0, 3, 2]);
  });

  it('formats money in the currency, in minor units', () => {
    expect(formatMoney({ amount: 1_322_222, currency: 'EUR' })).toBe('€13,222.22');
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('¥1,500');
    expect(formatMoney({ amount: 12345, currency: 'KWD' })).toBe('KWD\u00a012.345');
    expect(formatMoney({ amount: -5, currency: 'EUR' })).toBe('-€0.05');
    expect(formatMoney({ amount: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney({ amount: 1999, currency: 'XQQ' })).toMatch(/^XQQ\s19\.99$/);
  });

  it('gives the same text as a new Intl formatter, whatever was formatted before', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('EUR', 'JPY', 'USD', 'KWD')), {
          maxLength: 20,
        }),
        fc.constantFrom('en', 'de-DE', 'fr-FR'),
        (moneys, locale) => {
          for (const [amount, currency] of moneys) {
            const d = minorDigits(currency);
            const fresh = new Intl.NumberFormat(locale, {
              style: 'currency',
              currency,
              minimumFractionDigits: d,
              maximumFractionDigits: d,
            }).format(amount / 10 ** d);
            expect(formatMoney({ amount, currency }, locale)).toBe(fresh);
          }
        },
      ),
    );
  });

  it('writes plain numbers with at most the decimals asked for', () => {
    expect(formatNumber(1234.56789)).toBe('1,234.5679');
    expect(formatNumber(12.3456, 'en', 3)).toBe('12.346');
  });
});
