import { formatPhone, generateCpf, generateMobile } from '@funil/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, boardWithOneCard, card, column, random } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);

/** What has keyboard focus: enough to find it by name, and whether the eye can see where it is. */
type Focused = {
  tag: string;
  testId: string | null;
  role: string | null;
  name: string;
  inDialog: boolean;
  /** An outline or a box-shadow on it — or on the box of the field it sits in (a field holding pills). */
  ring: boolean;
};

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) {
      return { tag: 'body', testId: null, role: null, name: '', inDialog: false, ring: false };
    }
    const hasRing = (node: Element | null) => {
      if (!node) return false;
      const style = getComputedStyle(node);
      const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
      return outline || style.boxShadow !== 'none';
    };
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      (el as HTMLInputElement).labels?.[0]?.textContent ??
      el.textContent ??
      '';
    return {
      tag: el.tagName.toLowerCase(),
      testId: el.getAttribute('data-testid'),
      role: el.getAttribute('role'),
      name: name.trim(),
      inDialog: el.closest('[role="dialog"]') !== null,
      ring: hasRing(el) || hasRing(el.closest('.mantine-Input-input')),
    };
  });
}

const describeFocus = (f: Focused) => `${f.tag}${f.testId ? `[${f.testId}]` : ''} "${f.name.slice(0, 40)}"`;

/**
 * Presses Tab (or `key`) until focus is on what `wanted` accepts, as a keyboard user moves through a page; every
 * stop on the way must show a focus ring. Answers the stops, the last one the control; fails after `limit` presses.
 */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, key = 'Tab', limit = 60) {
  const stops: Focused[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    expect(now.ring, `no focus ring on ${describeFocus(now)}`).toBe(true);
    stops.push(now);
    if (wanted(now)) return stops;
  }
  throw new Error(
    `${key} ×${limit} never reached the control; passed ${stops.map(describeFocus).join(', ')}`,
  );
}
const named = (name: string) => (f: Focused) => f.name === name;
const testId = (id: string) => (f: Focused) => f.testId === id;

/** In an open combobox (Mantine Select), arrows down to the option named `name` and picks it with Enter. */
async function chooseOption(page: Page, name: string) {
  const highlighted = page.locator('[role="option"][data-combobox-selected]');
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('ArrowDown');
    if ((await highlighted.count()) === 1 && (await highlighted.textContent()) === name) {
      await page.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`option "${name}" not reached with ArrowDown`);
}

/**
 * The open dialog keeps focus: Tab and Shift+Tab go all the way round it (back to where they started) without
 * leaving it, each stop with a focus ring; Escape closes it and focus is back on `opener`.
 */
async function expectFocusTrappedThenReturned(page: Page, opener: string) {
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await expect.poll(async () => (await focused(page)).inDialog).toBe(true);
  await page.evaluate(() => {
    (window as unknown as { trapStart: Element | null }).trapStart = document.activeElement;
  });
  const backAtStart = () =>
    page.evaluate(() => document.activeElement === (window as unknown as { trapStart: Element }).trapStart);
  for (const key of ['Tab', 'Shift+Tab']) {
    let presses = 0;
    do {
      await page.keyboard.press(key);
      const now = await focused(page);
      expect(now.inDialog, `${key} left the dialog for ${describeFocus(now)}`).toBe(true);
      expect(now.ring, `no focus ring on ${describeFocus(now)}`).toBe(true);
      presses++;
    } while (!(await backAtStart()) && presses < 40);
    expect(presses, `${key} did not come round the dialog`).toBeGreaterThan(1);
    expect(await backAtStart()).toBe(true);
  }
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expect.poll(async () => (await focused(page)).testId).toBe(opener);
}

/**
 * The elements the keyboard can reach (they take focus) that the eye cannot: no size, hidden, or outside
 * the page (left of or above it, or beyond its scrollable width/height). Described for the failure message.
 */
function invisibleTabStops(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const candidates = document.querySelectorAll<HTMLElement>(
      'a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]',
    );
    const pageWidth = document.documentElement.scrollWidth;
    const pageHeight = document.documentElement.scrollHeight;
    const previous = document.activeElement as HTMLElement | null;
    const found: string[] = [];
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return (
        el.checkVisibility({ visibilityProperty: true }) &&
        r.width > 0 &&
        r.height > 0 &&
        r.right + window.scrollX > 0 &&
        r.bottom + window.scrollY > 0 &&
        r.left + window.scrollX < pageWidth &&
        r.top + window.scrollY < pageHeight
      );
    };
    const describe = (el: HTMLElement) =>
      `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
    for (const el of Array.from(candidates)) {
      if (el.tabIndex < 0) continue;
      el.focus();
      if (document.activeElement !== el) continue; // disabled, inert, display: none…
      // A visually hidden radio or checkbox shows its focus on its label (Mantine's chips, segmented controls).
      const shown = [el, ...Array.from((el as HTMLInputElement).labels ?? [])];
      if (!shown.some(visible)) found.push(describe(el));
    }
    previous?.focus();
    return found;
  });
}

it('every tab stop can be seen, on a wide screen and on a phone with the menu closed and open', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  for (const path of ['/people', '/pipelines', '/activities']) {
    await admin.goto(`${baseUrl}${path}`);
    await admin.getByTestId('notifications-bell').waitFor();
    expect({ path, hidden: await invisibleTabStops(admin) }).toEqual({ path, hidden: [] });
  }

  // A short phone (iPhone SE): the open menu is taller than the screen, so it must scroll to show its last items.
  const phone = await signIn(browser, 'admin@funil.local', { width: 375, height: 600 });
  await phone.getByTestId('notifications-bell').waitFor();
  expect(await invisibleTabStops(phone)).toEqual([]);
  const menuLink = phone.getByRole('navigation', { name: 'Navegação principal' }).getByRole('link', {
    name: 'Funis',
    exact: true,
  });
  // The burger opens a menu whose links take focus and work.
  await phone.getByRole('button', { name: 'Abrir menu' }).click();
  await menuLink.focus();
  expect(await menuLink.evaluate((el) => el === document.activeElement)).toBe(true);
  expect(await invisibleTabStops(phone)).toEqual([]);
  await menuLink.click();
  await phone.waitForURL(/\/pipelines$/);
  await expect.poll(() => invisibleTabStops(phone)).toEqual([]);
  await admin.context().close();
  await phone.context().close();
});

it('the notification bell is the button that says whether its list is open', async () => {
  const carla = await signIn(browser, 'carla@funil.local');
  const bell = carla.getByTestId('notifications-bell');
  expect(await bell.evaluate((el) => el.tagName)).toBe('BUTTON');
  expect(await bell.getAttribute('aria-expanded')).toBe('false');
  // No other element claims to expand something it does not control.
  expect(await carla.locator('[aria-expanded]:not(button, [role="button"], [role="combobox"])').count()).toBe(
    0,
  );
  await bell.click();
  await expect.poll(() => bell.getAttribute('aria-expanded')).toBe('true');
  const controls = await bell.getAttribute('aria-controls');
  expect(await carla.locator(`[id="${controls}"]`).isVisible()).toBe(true);
  await bell.click();
  await expect.poll(() => bell.getAttribute('aria-expanded')).toBe('false');
  await carla.context().close();
});

it('every tab stop shows where focus is: links, buttons, fields of each kind, board cards', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  // The new person form from its first tab stop to "Cadastrar": the ring is checked on every stop on the way.
  await admin.goto(`${baseUrl}/people/new`);
  await admin.getByLabel('Nome', { exact: true }).waitFor();
  const stops = await tabTo(admin, named('Cadastrar'), 'Tab', 80);
  const kinds = new Set(stops.map((f) => (f.role === 'combobox' ? 'combobox' : f.tag)));
  expect([...kinds]).toEqual(expect.arrayContaining(['a', 'button', 'input', 'combobox']));

  // On a board, up to a card (one control holding the opportunity's summary).
  const { card: onBoard } = await boardWithOneCard(admin, {
    funnel: `Funil foco ${stamp}`,
    person: `Pessoa Foco ${stamp}`,
    title: `Card foco ${stamp}`,
  });
  await tabTo(admin, testId('board-card'));
  const ring = await onBoard.evaluate((el) => {
    const style = getComputedStyle(el);
    return {
      focused: el === document.activeElement,
      focusVisible: el.matches(':focus-visible'),
      outline: style.outlineStyle === 'none' ? 'none' : `${style.outlineWidth} ${style.outlineColor}`,
    };
  });
  expect(ring.focused).toBe(true);
  expect(ring.focusVisible).toBe(true);
  expect(ring.outline).not.toMatch(/^(none|0px)/);
  await admin.context().close();
});

it('keyboard only: the skip link reaches the content, a card moves to the next stage from its menu, Enter opens it', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const {
    pipeline,
    opportunity,
    card: onBoard,
  } = await boardWithOneCard(admin, {
    funnel: `Funil teclado ${stamp}`,
    person: `Pessoa Teclado ${stamp}`,
    title: `Card teclado ${stamp}`,
  });
  const active = () =>
    admin.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id);

  // The first tab stop of the page is the skip link; it takes focus to the main content.
  await admin.keyboard.press('Tab');
  expect(await active()).toBe('skip-link');
  await admin.keyboard.press('Enter');
  expect(await active()).toBe('main-content');

  // The card is one control (nothing focusable inside it); its menu is the next tab stop.
  expect(await onBoard.locator('a, button, input, [tabindex]').count()).toBe(0);
  await onBoard.focus();
  await admin.keyboard.press('Tab');
  expect(await active()).toBe('board-card-menu');
  await admin.keyboard.press('Enter');
  const moveNext = admin.getByTestId('board-card-move-next');
  await moveNext.waitFor();
  expect(await moveNext.textContent()).toContain('Visita');
  for (let i = 0; i < 5 && (await active()) !== 'board-card-move-next'; i++)
    await admin.keyboard.press('ArrowDown');
  expect(await active()).toBe('board-card-move-next');
  await admin.keyboard.press('Enter');

  // The card is in "Visita" (on the server too), and keyboard focus went with it.
  const moved = card(column(admin, 'Visita'), opportunity.id);
  await moved.waitFor();
  await expect.poll(() => moved.evaluate((el) => el === document.activeElement)).toBe(true);
  const stages = await apiCall<{ stages: { id: string; name: string }[] }>(
    admin,
    'GET',
    `/pipelines/${pipeline.id}`,
  );
  const now = await apiCall<{ stageId: string }>(admin, 'GET', `/opportunities/${opportunity.id}`);
  expect(stages.stages.find((s) => s.id === now.stageId)?.name).toBe('Visita');

  // Enter on the card opens its opportunity.
  await admin.keyboard.press('Enter');
  await admin.waitForURL(new RegExp(`/opportunities/${opportunity.id}$`));
  await admin.context().close();
});

/** The Date a day and a time in São Paulo stand for, as the server stores them (`YYYY-MM-DD`, `HH:MM`). */
const saoPauloInstant = (day: string, time: string) => new Date(`${day}T${time}:00-03:00`).toISOString();

it('keyboard only: registers a person from the list, schedules a call on their page and completes it', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  await admin.getByTestId('notifications-bell').waitFor();
  const cpf = generateCpf(random);
  const mobile = generateMobile(random);
  const name = `Pessoa Só Teclado ${stamp}`;
  const email = `teclado.${cpf}@exemplo.com.br`;
  const carla = (
    await apiCall<{ items: { id: string; email: string }[] }>(admin, 'GET', '/users')
  ).items.find((u) => u.email === 'carla@funil.local');

  // People list → "Nova pessoa" (a link) → the form: name, CPF and phone typed (the masks format them), the owner
  // picked in its combobox, the e-mail, then "Cadastrar".
  await tabTo(admin, named('Nova pessoa'));
  await admin.keyboard.press('Enter');
  await admin.waitForURL(/\/people\/new$/);
  await admin.getByLabel('Nome', { exact: true }).waitFor();
  await tabTo(admin, named('Nome'));
  await admin.keyboard.type(name);
  await tabTo(admin, named('CPF'));
  await admin.keyboard.type(cpf);
  await tabTo(admin, named('Telefone'));
  await admin.keyboard.type(formatPhone(mobile).replace(/\D/g, ''));
  await tabTo(admin, named('E-mail'));
  await admin.keyboard.type(email);
  await tabTo(admin, named('Responsável'));
  await admin.keyboard.type('Carla');
  await chooseOption(admin, 'Carla Mendes');
  await tabTo(admin, named('Cadastrar'));
  await admin.keyboard.press('Enter');
  await admin.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  const personId = admin.url().split('/').at(-1) ?? '';

  // On the server: the person as typed, the phone in full behind its mask.
  const person = await apiCall<{
    name: string;
    document: string;
    ownerId: string;
    emails: { address: string }[];
  }>(admin, 'GET', `/people/${personId}`);
  expect(person).toMatchObject({ name, document: cpf, ownerId: carla?.id, emails: [{ address: email }] });
  const phones = await apiCall<{ phones: { number: string }[] }>(
    admin,
    'POST',
    `/people/${personId}/phones/reveal`,
  );
  expect(phones.phones.map((p) => p.number)).toEqual([mobile]);

  // Person page: the tab list (arrows move between tabs) → "Atividades" → "Nova atividade".
  await admin.getByTestId('person-tab-activities').waitFor();
  await tabTo(admin, (f) => f.role === 'tab');
  for (let i = 0; i < 6 && (await focused(admin)).name !== 'Atividades'; i++)
    await admin.keyboard.press('ArrowRight');
  await admin.waitForURL(/tab=activities/);
  await admin.getByTestId('activity-add').waitFor();
  await tabTo(admin, testId('activity-add'));
  await admin.keyboard.press('Enter');

  // The form opens on its title; the kind is a combobox (Shift+Tab back to it), the hour goes up with ArrowUp.
  await admin.getByTestId('activity-form').waitFor();
  await expect.poll(async () => (await focused(admin)).testId).toBe('activity-title');
  const title = `Ligar para ${name}`;
  await admin.keyboard.type(title);
  await tabTo(admin, testId('activity-kind'), 'Shift+Tab');
  await chooseOption(admin, 'Ligação');
  await tabTo(admin, testId('activity-time'));
  const day = await admin.getByTestId('activity-date').inputValue();
  await admin.keyboard.press('ArrowUp'); // 10:00, the form's default, → 11:00
  await tabTo(admin, testId('activity-save'));
  await admin.keyboard.press('Enter');
  await admin.getByTestId('activity-form').waitFor({ state: 'detached' });
  await expect.poll(async () => (await focused(admin)).testId).toBe('activity-add');
  type Listed = {
    items: {
      id: string;
      kind: string;
      title: string;
      dueAt: string;
      status: string;
      outcome: string | null;
    }[];
  };
  const scheduled = await apiCall<Listed>(admin, 'GET', `/activities?personId=${personId}`);
  expect(scheduled.items).toEqual([
    expect.objectContaining({ kind: 'call', title, dueAt: saoPauloInstant(day, '11:00'), status: 'open' }),
  ]);

  // Its menu opens on "Concluir"; the confirmation takes the outcome and is confirmed from the keyboard.
  await tabTo(admin, testId('activity-menu'));
  await admin.keyboard.press('Enter');
  await expect.poll(async () => (await focused(admin)).testId).toBe('activity-complete');
  await admin.keyboard.press('Enter');
  await expect.poll(async () => (await focused(admin)).testId).toBe('activity-outcome');
  await admin.keyboard.type('Atendeu e pediu proposta');
  await tabTo(admin, testId('activity-complete-confirm'));
  await admin.keyboard.press('Enter');
  await admin.getByRole('dialog').waitFor({ state: 'detached' });
  await expect.poll(async () => (await focused(admin)).testId).toBe('activity-menu');
  const completed = await apiCall<Listed>(admin, 'GET', `/activities?personId=${personId}`);
  expect(completed.items).toEqual([
    expect.objectContaining({ title, status: 'done', outcome: 'Atendeu e pediu proposta' }),
  ]);
  await admin.context().close();
});

it('dialogs keep focus inside while open and give it back to what opened them', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const person = await apiCall<{ id: string }>(admin, 'POST', '/people', {
    kind: 'individual',
    name: `Pessoa Diálogos ${stamp}`,
  });
  await apiCall(admin, 'POST', '/activities', {
    kind: 'task',
    title: `Tarefa diálogos ${stamp}`,
    dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    durationMinutes: 30,
    personId: person.id,
  });
  await admin.goto(`${baseUrl}/people/${person.id}?tab=activities`);
  await admin.getByTestId('activity-item').waitFor();

  // The activity form, opened by its button.
  await tabTo(admin, testId('activity-add'));
  await admin.keyboard.press('Enter');
  await expectFocusTrappedThenReturned(admin, 'activity-add');

  // A confirmation opened from a menu: focus goes back to the menu's button, not to the page's start.
  await tabTo(admin, testId('activity-menu'));
  await admin.keyboard.press('Enter');
  await expect.poll(async () => (await focused(admin)).testId).toBe('activity-complete');
  await admin.keyboard.press('Enter');
  await expectFocusTrappedThenReturned(admin, 'activity-menu');

  // The person's actions: "Arquivar" asks first; its close button is named.
  await tabTo(admin, testId('person-actions'), 'Shift+Tab');
  await admin.keyboard.press('Enter');
  await tabTo(admin, testId('action-archive'), 'ArrowDown', 20);
  await admin.keyboard.press('Enter');
  await admin.getByRole('dialog').getByRole('button', { name: 'Fechar' }).waitFor();
  await expectFocusTrappedThenReturned(admin, 'person-actions');
  await admin.context().close();
});
