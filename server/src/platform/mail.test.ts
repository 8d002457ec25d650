import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../db/sql.ts';
import { createTestApp, type TestApp } from '../test/factories.ts';
import { queueMail } from './mail.ts';

/** A real SMTP server on a random localhost port; refuses recipients at reject.example. */
async function startSmtp(): Promise<{ url: string; received: ParsedMail[]; close(): Promise<void> }> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'kith' && auth.password === 'smtp-secret') cb(null, { user: 'kith' });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (address.address.endsWith('@reject.example'))
        cb(Object.assign(new Error('No such mailbox here'), { responseCode: 550 }));
      else cb();
    },
    onData(stream, _session, cb) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://kith:smtp-secret@127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const outboxRow = async (t: TestApp, id: string) =>
  (
    await t.db.query<{ status: string; error: string | null; sent_at: Date | null }>(
      sql`SELECT status, error, sent_at FROM outbox WHERE id = ${id}`,
    )
  )[0];
const jobCount = async (t: TestApp) =>
  (await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.deliver'`))[0].n;

describe('mail', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    // buildApp registers the mail worker (registerMailWorker) with these settings.
    t = await createTestApp({ workers: true, settings: { smtpUrl: smtp.url } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('without SMTP: captures the message in the outbox and queues no job', async () => {
    const id = await t.db.transaction((tx) =>
      queueMail(
        { db: tx, jobs: t.jobs, now: () => new Date() },
        { to: 'sam@example.com', subject: 'Hello', text: 'Plain' },
        {},
      ),
    );
    expect(await outboxRow(t, id)).toMatchObject({ status: 'captured', error: null });
    expect(await jobCount(t)).toBe(0);
    const list = await t.admin.request('GET', '/api/v1/outbox');
    expect(list.body.data[0]).toMatchObject({ id, to: 'sam@example.com', subject: 'Hello', status: 'captured' });
  });

  it('queues inside the transaction and delivers to the SMTP server', async () => {
    const id = await t.db.transaction((tx) =>
      queueMail(
        { db: tx, jobs: t.jobs, now: () => new Date() },
        {
          to: 'ola@example.com',
          subject: 'Your invitation',
          text: 'Open the link',
          html: '<p>Open the <b>link</b></p>',
        },
        { smtpUrl: smtp.url },
      ),
    );
    expect((await outboxRow(t, id)).status).toMatch(/queued|sent/);
    const mail = await waitFor('delivery', async () => smtp.received.find((m) => m.subject === 'Your invitation'));
    expect(mail.text?.trim()).toBe('Open the link');
    expect(mail.html).toContain('<b>link</b>');
    expect(mail.from?.text).toContain('kith@test.example');
    expect((mail.to as { text: string }).text).toBe('ola@example.com');
    const row = await waitFor('sent status', async () => {
      const r = await outboxRow(t, id);
      return r.status === 'sent' && r;
    });
    expect(row.sent_at).not.toBeNull();
  });

  it('writes neither message nor job when the transaction rolls back', async () => {
    const before = await jobCount(t);
    await expect(
      t.db.transaction(async (tx) => {
        await queueMail(
          { db: tx, jobs: t.jobs, now: () => new Date() },
          { to: 'x@example.com', subject: 'Never', text: 'x' },
          { smtpUrl: smtp.url },
        );
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.db.query(sql`SELECT 1 FROM outbox WHERE subject = 'Never'`)).toEqual([]);
    expect(await jobCount(t)).toBe(before);
  });

  it('marks a refused message failed with the server error, for pg-boss to retry', async () => {
    const id = await t.db.transaction((tx) =>
      queueMail(
        { db: tx, jobs: t.jobs, now: () => new Date() },
        { to: 'nobody@reject.example', subject: 'Refused', text: 'x' },
        { smtpUrl: smtp.url },
      ),
    );
    const row = await waitFor('failure', async () => {
      const r = await outboxRow(t, id);
      return r.status === 'failed' && r;
    });
    expect(row.error).toContain('No such mailbox here');
    expect(row.error).not.toContain('smtp-secret');
    // The handler rethrew: pg-boss schedules another attempt.
    await waitFor('retry state', async () => {
      const [job] = await t.db.query<{ state: string }>(
        sql`SELECT state FROM pgboss.job WHERE name = 'mail.deliver' AND data->>'id' = ${id}`,
      );
      return job?.state === 'retry';
    });
  });
});
