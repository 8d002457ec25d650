// `node scripts/ensure-installed.mjs`: install dependencies when missing (CI runs lint before tests).
import { ensureInstalled } from './lib.mjs';

ensureInstalled();
