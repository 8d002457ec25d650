import type { Ctx } from '../../platform/context.ts';
import type { WriteChange } from '../../platform/records/hooks.ts';

export async function scheduleReminder(_ctx: Ctx, _change: WriteChange): Promise<void> {}
