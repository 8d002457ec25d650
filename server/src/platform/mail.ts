// Outgoing mail. Every message is written to the outbox inside the caller's transaction: with no
// SMTP server configured it stays there as 'captured' (the Outbox page shows it); with SMTP_URL
// set it is 'queued' together with a durable job, and the worker delivers it through nodemailer.
import nodemailer from 'nodemailer';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { Ctx } from './context.ts';
import type { Jobs } from './jobs.ts';

export interface MailSettings {
  /** smtp(s)://user:pass@host:port — absent: mail is captured in the outbox, not sent. */
  smtpUrl?: string;
  mailFrom: string;
}

export interface MailAttachment {
  filename: string;
  /** e.g. `text/calendar; method=REQUEST; charset=UTF-8` for an invitation. */
  contentType: string;
  /** Text content (an .ics), or base64 when `encoding` says so (a PDF). */
  content: string;
  encoding?: 'base64';
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export type MailCtx = Pick<Ctx, 'db' | 'jobs' | 'now'>;

interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Writes the message to the outbox in ctx.db's transaction; returns its id. */
export async function queueMail(
  ctx: MailCtx,
  msg: MailMessage,
  settings: Pick<MailSettings, 'smtpUrl'>,
): Promise<string> {
  const id = uuidv7();
  const status = settings.smtpUrl ? 'queued' : 'captured';
  await ctx.db.query(sql`
    INSERT INTO outbox (id, created_at, to_address, subject, text_body, html_body, status, attachments)
    VALUES (${id}, ${ctx.now()}, ${msg.to}, ${msg.subject}, ${msg.text}, ${msg.html ?? null}, ${status},
      ${msg.attachments?.length ? JSON.stringify(msg.attachments) : null}::jsonb)`);
  // Sent in the same transaction: the job exists exactly when the message does.
  if (settings.smtpUrl) await ctx.jobs.send('mail.deliver', { id }, { tx: ctx.db });
  return id;
}

interface OutboxRow {
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  status: string;
  attachments: MailAttachment[] | null;
}

/** Delivers queued mail (in processes that run workers). A failure is recorded and rethrown so pg-boss retries. */
export async function registerMailWorker(
  jobs: Jobs,
  db: Queryable,
  settings: MailSettings,
  log: WorkerLog,
): Promise<void> {
  const transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null;
  await jobs.work<{ id: string }>('mail.deliver', async ({ id }, job) => {
    const [m] = await db.query<OutboxRow>(
      sql`SELECT to_address, subject, text_body, html_body, status, attachments FROM outbox WHERE id = ${id}`,
    );
    if (!m || m.status === 'sent' || m.status === 'captured') return;
    if (!transport) {
      // Queued while SMTP was configured, and the process restarted without it: nothing to retry.
      await db.query(
        sql`UPDATE outbox SET status = 'failed', error = ${'SMTP_URL is not set: the message was not sent'} WHERE id = ${id}`,
      );
      return;
    }
    try {
      await transport.sendMail({
        from: settings.mailFrom,
        to: m.to_address,
        subject: m.subject,
        text: m.text_body,
        ...(m.html_body ? { html: m.html_body } : {}),
        ...(m.attachments?.length ? { attachments: m.attachments } : {}),
      });
    } catch (err) {
      const error = (err as Error).message.slice(0, 1000);
      await db.query(sql`UPDATE outbox SET status = 'failed', error = ${error} WHERE id = ${id}`);
      // Only the outbox id and the error: never the address list, the body or the SMTP URL.
      log.warn({ outboxId: id, attempt: job.retryCount + 1, error }, 'mail delivery failed; will retry');
      throw err;
    }
    await db.query(sql`UPDATE outbox SET status = 'sent', error = NULL, sent_at = ${new Date()} WHERE id = ${id}`);
    log.info({ outboxId: id }, 'mail sent');
  });
}
