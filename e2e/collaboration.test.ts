// Two people, two browsers (issue 12): Ada books a meeting that clashes with Ben's event, is
// warned and takes the suggested slot; Ben's bell rings live; the invitation in the outbox carries
// an .ics that ical.js reads with the booked times; Ben accepts and Ada's calendar shows it. Ada
// attaches a PDF to her contact; Ben, a rep who may not read that contact, cannot fetch it.
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { samplePdf } from '../server/src/modules/files/files.test-helpers.ts';
import {
  type ApiRequest,
  dropFiles,
  inviteUser,
  launchBrowser,
  openPage,
  type RunningServer,
  setUpAdmin,
  signIn,
  startServer,
} from './harness.ts';

let server: RunningServer;
let browser: Browser;
let ada: Page;
let ben: Page;
let api: ApiRequest;
const errors: string[] = [];
const adaLogin = {
  organizationName: 'Two Desks',
  name: 'Ada Organizer',
  email: 'ada@desks.example',
  password: 'Ada-password-42',
};
const benLogin = { email: 'ben@desks.example', password: 'Ben-password-42' };
let benId: string;
let contactId: string;

/** The next weekday after today, as YYYY-MM-DD (UTC: both browsers run in UTC). */
function nextWeekday(from = new Date()): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1));
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
const day = nextWeekday();
/** Monday of a day's week (the calendar's weeks start on Monday). */
const weekOf = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
};

/** A browser of its own for each person, in UTC so that the times the test types are the times it checks. */
const open = () => openPage(browser, errors, { width: 1440, height: 900 }, { timezoneId: 'UTC', locale: 'en-GB' });

/** Opens the calendar on the week of `day`. */
async function calendarAt(page: Page) {
  await page.goto(`${server.url}/calendar`);
  await page.getByTestId('calendar-view').waitFor();
  if (weekOf(day) !== weekOf(new Date().toISOString().slice(0, 10))) await page.locator('.fc-next-button').click();
}

beforeAll(async () => {
  server = await startServer();
  const admin = await setUpAdmin(server.url, adaLogin);
  api = admin.request;
  // Ben joins as a sales rep through an invitation, as a colleague would.
  benId = await inviteUser(server.url, api, { ...benLogin, name: 'Ben Busy', role: 'sales_rep' });
  const users = (await api('GET', 'users')).body.data as Array<{ id: string; email: string }>;
  const me = users.find((u) => u.email === adaLogin.email)?.id;
  // Ben is busy 10:00–11:00 that day; Ada's contact is hers (a rep of no team of hers cannot read it).
  expect(
    (
      await api('POST', 'events', {
        subject: 'Ben’s dentist',
        startsAt: `${day}T10:00:00Z`,
        endsAt: `${day}T11:00:00Z`,
        timeZone: 'UTC',
        organizerId: benId,
      })
    ).status,
  ).toBe(201);
  contactId = await admin.create('contacts', { firstName: 'Grace', lastName: 'Hopper', ownerId: me });

  browser = await launchBrowser();
  ada = await open();
  ben = await open();
  await signIn(ada, server.url, adaLogin);
  await signIn(ben, server.url, benLogin);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('warns Ada of the clash with Ben, books the suggested slot, and Ben is told live', async () => {
  await calendarAt(ada);
  await ada.getByTestId('calendar-new').click();
  await ada.getByTestId('booking-title').fill('Pilot planning');
  await ada.getByTestId('booking-start').fill(`${day}T10:30`);
  await ada.getByTestId('booking-end').fill(`${day}T11:30`);
  await ada.getByTestId('booking-users').click();
  await ada.getByRole('option', { name: 'Ben Busy' }).click();
  await ada.keyboard.press('Escape');

  const clash = ada.getByTestId('booking-clash');
  await expect.poll(() => clash.textContent()).toContain('Ben Busy: Ben’s dentist');
  await expect.poll(() => ada.getByTestId('booking-submit').textContent()).toBe('Book anyway');
  await ada.getByTestId('booking-take-slot').click();
  // The slot right after Ben's event: no clash left.
  await expect.poll(() => ada.getByTestId('booking-start').inputValue()).toBe(`${day}T11:00`);
  await expect.poll(() => clash.count()).toBe(0);
  // Ben's bell shows nothing yet; it rings as soon as the booking commits, without a reload.
  await expect.poll(() => ben.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications');
  await ada.getByTestId('booking-submit').click();
  await expect
    .poll(() => ben.getByTestId('notification-bell').getAttribute('aria-label'), { timeout: 10_000 })
    .toBe('Notifications, 1 unread');
  await ben.getByTestId('notification-bell').click();
  await expect.poll(() => ben.getByTestId('notification-item').first().textContent()).toContain('Pilot planning');
  await ben.keyboard.press('Escape');
});

it("puts an .ics in Ben's invitation that ical.js reads with the booked times", async () => {
  const mails = (await api('GET', 'outbox')).body.data as Array<{
    to: string;
    subject: string;
    attachments: Array<{ contentType: string; content: string }>;
  }>;
  const invite = mails.find((m) => m.to === benLogin.email && m.attachments.length);
  expect(invite?.attachments[0].contentType).toContain('text/calendar');
  const cal = new ICAL.Component(ICAL.parse(invite?.attachments[0].content ?? ''));
  expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
  const event = new ICAL.Event(cal.getFirstSubcomponent('vevent') ?? undefined);
  expect(event.summary).toBe('Pilot planning');
  expect(event.startDate.toJSDate().toISOString()).toBe(`${day}T11:00:00.000Z`);
  expect(event.endDate.toJSDate().toISOString()).toBe(`${day}T12:00:00.000Z`);
  expect(event.attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toContain(`mailto:${benLogin.email}`);
});

it("lets Ben accept from his calendar, and Ada's calendar shows it", async () => {
  await calendarAt(ben);
  await ben.locator('.fc-event', { hasText: 'Pilot planning' }).first().click();
  await ben.getByTestId('respond-accept').click();
  await ben.keyboard.press('Escape');

  await calendarAt(ada);
  await ada.locator('.fc-event', { hasText: 'Pilot planning' }).first().click();
  await expect.poll(() => ada.getByTestId(`attendee-${benId}`).textContent()).toContain('Accepted');
  await ada.keyboard.press('Escape');
  // Ada was told of the answer too.
  await expect
    .poll(() => ada.getByTestId('notification-bell').getAttribute('aria-label'), { timeout: 10_000 })
    .toBe('Notifications, 1 unread');
});

it('keeps a PDF attached to Ada’s contact from Ben, who may not read the contact', async () => {
  await ada.goto(`${server.url}/contacts/${contactId}`);
  await ada.getByTestId('files-dropzone').waitFor();
  await dropFiles(ada, 'files-dropzone', [
    { name: 'Pilot terms.pdf', type: 'application/pdf', bytes: samplePdf('Pilot terms') },
  ]);
  const row = ada.getByTestId('file-row').filter({ hasText: 'Pilot terms.pdf' });
  await expect.poll(() => row.count()).toBe(1);
  const files = (await api('GET', `files?object=contact&recordId=${contactId}`)).body.data as Array<{ id: string }>;
  expect(files).toHaveLength(1);

  // Ben, signed in, asks for the file, its list and the contact: each is simply not there for him.
  const answers = await ben.evaluate(
    async ([fileId, id]) =>
      Promise.all(
        [
          `/api/v1/files/${fileId}/content`,
          `/api/v1/files/${fileId}`,
          `/api/v1/files?object=contact&recordId=${id}`,
        ].map(async (u) => (await fetch(u)).status),
      ),
    [files[0].id, contactId],
  );
  expect(answers).toEqual([404, 404, 404]);
  await ben.goto(`${server.url}/contacts/${contactId}`);
  await expect.poll(() => ben.getByText('Pilot terms.pdf').count()).toBe(0);
  expect(errors).toEqual([]);
});
