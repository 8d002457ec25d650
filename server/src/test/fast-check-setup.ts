// Property tests run on a seed: KITH_FC_SEED fixes it (CI runs the suite on a fixed seed, then the
// property tests again on a random one it prints), so any red run can be replayed with the seed
// it printed. fast-check's own failure message names the seed and the shrunk counterexample:
// add that case to the property's `examples` so it stays tested whatever the seed.
import fc from 'fast-check';

const raw = process.env.KITH_FC_SEED;
if (raw !== undefined && raw !== '') {
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new Error(`KITH_FC_SEED must be an integer, not ${raw}`);
  fc.configureGlobal({ seed });
}
