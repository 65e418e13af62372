import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, useTestSmtp } from './fixtures.ts';

const baseUrl = inject('baseUrl');
const password = inject('password');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** São Paulo's date (YYYY-MM-DD) and time (HH:MM) of an instant, as the form's inputs take them. */
function saoPaulo(at: Date) {
  const part = (options: Intl.DateTimeFormatOptions, locale: string) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'America/Sao_Paulo', ...options }).format(at);
  return {
    date: part({ year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA'),
    time: part({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }, 'en-GB'),
  };
}

it('a broker schedules a visit from the person page; the reminder arrives by e-mail and in the bell; she completes it in "Minhas atividades"', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const smtp = await useTestSmtp(admin, 'agenda@funil.test');

  const carla = await signIn(browser, 'carla@funil.local');
  const stamp = Date.now().toString(36);
  const person = await apiCall<{ id: string }>(carla, 'POST', '/people', {
    kind: 'individual',
    name: `Pessoa Visita ${stamp}`,
  });
  await carla.goto(`${baseUrl}/people/${person.id}`);
  await carla.getByTestId('status-panel').waitFor();
  await carla.getByTestId('person-actions').click();
  await carla.getByTestId('action-scheduleVisit').click();

  // The form opens as a visit for this person; due in 3 minutes, reminded 5 minutes before (so: now).
  const form = carla.getByTestId('activity-form');
  await form.waitFor();
  expect(await carla.getByTestId('activity-kind').inputValue()).toBe('Visita');
  const title = `Visita ao decorado ${stamp}`;
  await carla.getByTestId('activity-title').fill(title);
  const due = saoPaulo(new Date(Date.now() + 3 * 60_000));
  await carla.getByTestId('activity-date').fill(due.date);
  await carla.getByTestId('activity-time').fill(due.time);
  await carla.getByTestId('activity-reminder').click();
  await carla.getByRole('option', { name: '5 min antes', exact: true }).click();
  await carla.getByTestId('activity-save').click();
  await form.waitFor({ state: 'detached' });

  // The reminder job polls every second (global setup): the e-mail reaches the test SMTP server…
  await expect.poll(() => smtp.received.some((m) => m.data.includes(stamp)), { timeout: 20_000 }).toBe(true);
  const mail = smtp.received.find((m) => m.data.includes(stamp))?.data ?? '';
  expect(mail).toContain('carla@funil.local');
  expect(mail).toContain('agenda@funil.test');
  // …and the bell shows it without reloading the page.
  const reminder = carla.locator('[data-testid="notification"][data-kind="activity_reminder"]');
  await expect
    .poll(
      async () => {
        await carla.getByTestId('notifications-bell').click();
        const seen = await reminder.filter({ hasText: title }).count();
        await carla.keyboard.press('Escape');
        return seen;
      },
      { timeout: 10_000 },
    )
    .toBe(1);

  // Minhas atividades lists it (today or upcoming); she completes it with an outcome.
  await carla.getByTestId('nav-activities').click();
  const item = carla.locator('[data-testid="activity-item"]').filter({ hasText: title });
  await item.waitFor();
  await item.getByTestId('activity-menu').click();
  await carla.getByTestId('activity-complete').click();
  await carla.getByTestId('activity-outcome').fill('Cliente gostou da planta de 3 dormitórios');
  await carla.getByTestId('activity-complete-confirm').click();
  await item.waitFor({ state: 'detached' });
  const mine = await apiCall<{
    items: { title: string; status: string; outcome: string | null; reminderEmailStatus: string }[];
  }>(carla, 'GET', `/activities?personId=${person.id}`);
  expect(mine.items).toEqual([
    expect.objectContaining({
      title,
      status: 'done',
      outcome: 'Cliente gostou da planta de 3 dormitórios',
      reminderEmailStatus: 'sent',
    }),
  ]);
  // The person's history records the visit and its completion.
  await carla.goto(`${baseUrl}/people/${person.id}`);
  await carla.locator('[data-testid="timeline-event"][data-kind="activity_completed"]').waitFor();

  for (const page of [carla, admin]) await page.context().close();
  await smtp.close();
});

it('"Minhas atividades" asks for each group apart: real counts, 20 at a time with "Carregar mais", most recently missed first', async () => {
  // A broker of their own, so every count below is exactly what this test schedules.
  const admin = await signIn(browser, 'admin@funil.local');
  const stamp = Date.now().toString(36);
  const email = `agenda-${stamp}@funil.test`;
  await apiCall(admin, 'POST', '/users', { name: `Corretora ${stamp}`, email, password, role: 'broker' });
  const broker = await signIn(browser, email);
  const person = await apiCall<{ id: string }>(broker, 'POST', '/people', {
    kind: 'individual',
    name: `Pessoa Agenda ${stamp}`,
  });
  const schedule = (title: string, dueAt: Date) =>
    apiCall(broker, 'POST', '/activities', {
      kind: 'task',
      title,
      dueAt: dueAt.toISOString(),
      personId: person.id,
      reminderMinutesBefore: null,
    });
  // 23 overdue, "Atrasada 01" one day late … "Atrasada 23" 23 days late; more than a page of the group.
  const now = Date.now();
  const day = 86_400_000;
  const late = (i: number) => `Atrasada ${String(i).padStart(2, '0')}`;
  for (let i = 1; i <= 23; i++) await schedule(late(i), new Date(now - i * day));
  await schedule('Próxima', new Date(now + 2 * day));
  // Today's group needs time left before São Paulo's midnight (always unless the test runs at 23:5x).
  const today = saoPaulo(new Date(now));
  const later = new Date(now + 10 * 60_000);
  const hasToday = saoPaulo(later).date === today.date;
  if (hasToday) await schedule('Hoje', later);

  await broker.getByTestId('nav-activities').click();
  const overdue = broker.getByTestId('activities-overdue');
  const overdueItems = overdue.getByTestId('activity-item');
  // The heading counts all 23 while only the first page is shown, the most recently missed first.
  await expect.poll(() => overdue.getAttribute('data-total')).toBe('23');
  await expect.poll(() => overdue.getByRole('heading').textContent()).toBe('Atrasadas (23)');
  await expect.poll(() => overdueItems.count()).toBe(20);
  expect(await overdueItems.first().textContent()).toContain(late(1));
  expect(await overdueItems.nth(19).textContent()).toContain(late(20));
  // Today and upcoming come from their own requests, whatever the size of the overdue pile.
  const upcoming = broker.getByTestId('activities-upcoming');
  await expect.poll(() => upcoming.getByRole('heading').textContent()).toBe('Próximas (1)');
  expect(await upcoming.getByTestId('activity-item').textContent()).toContain('Próxima');
  const todayGroup = broker.getByTestId('activities-today');
  await expect.poll(() => todayGroup.getAttribute('data-total')).toBe(hasToday ? '1' : '0');
  if (!hasToday) await todayGroup.getByText('Nada por aqui.').waitFor();
  expect(await upcoming.getByTestId('activities-upcoming-more').count()).toBe(0);

  // "Carregar mais" brings the rest, in order; then there is nothing more to load.
  await overdue.getByTestId('activities-overdue-more').click();
  await expect.poll(() => overdueItems.count()).toBe(23);
  expect(await overdueItems.last().textContent()).toContain(late(23));
  await overdue.getByTestId('activities-overdue-more').waitFor({ state: 'detached' });

  // Completing one refreshes the group: one fewer in the heading and the list.
  const first = overdue.locator(`[data-id="${await overdueItems.first().getAttribute('data-id')}"]`);
  await first.getByTestId('activity-menu').click();
  await broker.getByTestId('activity-complete').click();
  await broker.getByTestId('activity-complete-confirm').click();
  await expect.poll(() => overdue.getByRole('heading').textContent()).toBe('Atrasadas (22)');
  await expect.poll(() => overdueItems.count()).toBe(22);
  await first.waitFor({ state: 'detached' });
  expect(await overdueItems.first().textContent()).toContain(late(2));

  for (const page of [broker, admin]) await page.context().close();
});
