import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeEmail } from './email.ts';

// The regular expression the forms used before: the oracle, on inputs short enough for it.
// eslint-disable-next-line regexp/no-super-linear-backtracking -- the old pattern, kept as the oracle on short inputs only
const before = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

describe('looksLikeEmail', () => {
  it('agrees with the old pattern on any short input', () => {
    const chars = fc.constantFrom('a', 'b', '.', '@', ' ', '-', '\t', 'é');
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 12 }), (s) => {
        expect(looksLikeEmail(s)).toBe(before.test(s.trim()));
      }),
    );
  });

  it('answers at once for a long run of dots', () => {
    expect(looksLikeEmail(`a@${'.'.repeat(200_000)}`)).toBe(true);
    expect(looksLikeEmail(`a@b${'.'.repeat(200_000)}@`)).toBe(false);
    expect(looksLikeEmail('ann@acme.com')).toBe(true);
  });
});
