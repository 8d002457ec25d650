// KITH_ADMIN_EMAIL + KITH_ADMIN_PASSWORD: set up without a browser, only while no user exists.
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { needsSetup, setup } from './auth.service.ts';

export async function bootstrapAdmin(
  db: Db,
  config: Pick<Config, 'adminEmail' | 'adminPassword' | 'orgName'>,
  log: Logger,
): Promise<void> {
  if (!config.adminEmail || !config.adminPassword) return;
  if (!(await needsSetup(db))) return;
  await setup(
    db,
    { organizationName: config.orgName, name: 'Admin', email: config.adminEmail, password: config.adminPassword },
    { now: new Date(), log },
  );
  log.info(`created the first admin ${config.adminEmail} from KITH_ADMIN_EMAIL`);
}
