import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, boardWithOneCard, card, column } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);

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

it('a board card reached with the keyboard shows a focus ring', async () => {
  const admin = await signIn(browser, 'admin@funil.local');
  const { card: focused } = await boardWithOneCard(admin, {
    funnel: `Funil foco ${stamp}`,
    person: `Pessoa Foco ${stamp}`,
    title: `Card foco ${stamp}`,
  });
  // Tab away and back, as a keyboard user moves (focus by keyboard is what :focus-visible answers to).
  await focused.focus();
  await admin.keyboard.press('Tab');
  await admin.keyboard.press('Shift+Tab');
  const ring = await focused.evaluate((el) => {
    const style = getComputedStyle(el);
    return {
      focused: el === document.activeElement,
      focusVisible: el.matches(':focus-visible'),
      outline: style.outlineStyle === 'none' ? 'none' : `${style.outlineWidth} ${style.outlineColor}`,
      shadow: style.boxShadow,
    };
  });
  expect(ring.focused).toBe(true);
  expect(ring.focusVisible).toBe(true);
  expect(ring.outline !== 'none' || ring.shadow !== 'none').toBe(true);
  expect(ring.outline).not.toMatch(/^0px/);
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
