import { generateMobile } from '@funil/domain';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { launchChromium, signIn } from './browser.ts';
import { apiCall, random } from './fixtures.ts';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await signIn(browser, 'carla@funil.local');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
});
afterAll(async () => {
  await browser?.close();
});

const stamp = Date.now().toString(36);
const hyphenated = (s: string) => `${s.slice(0, -4)}-${s.slice(-4)}`;

/** The ways of writing a number that normalizePhone documents, for a DDD, a subscriber and a carrier code. */
const WRITINGS: [string, (d: string, s: string, c: string) => string][] = [
  ['(DD) 9XXXX-XXXX', (d, s) => `(${d}) ${hyphenated(s)}`],
  ['DD 9XXXX XXXX', (d, s) => `${d} ${s.slice(0, -4)} ${s.slice(-4)}`],
  ['DD9XXXXXXXX', (d, s) => `${d}${s}`],
  ['DD.9XXXX.XXXX', (d, s) => `${d}.${s.slice(0, -4)}.${s.slice(-4)}`],
  ['+55 DD 9XXXX-XXXX', (d, s) => `+55 ${d} ${hyphenated(s)}`],
  ['+55 (DD) 9XXXX-XXXX', (d, s) => `+55 (${d}) ${hyphenated(s)}`],
  ['+55DD9XXXXXXXX', (d, s) => `+55${d}${s}`],
  ['55 DD 9XXXX-XXXX', (d, s) => `55 ${d} ${hyphenated(s)}`],
  ['55 DD 9XXXXXXXX', (d, s) => `55 ${d} ${s}`],
  ['55DD9XXXXXXXX', (d, s) => `55${d}${s}`],
  ['0xxDD 9XXXX-XXXX', (d, s) => `0xx${d} ${hyphenated(s)}`],
  ['(0xxDD) 9XXXX-XXXX', (d, s) => `(0xx${d}) ${hyphenated(s)}`],
  ['0DD 9XXXX-XXXX', (d, s) => `0${d} ${hyphenated(s)}`],
  ['(0DD) 9XXXX-XXXX', (d, s) => `(0${d}) ${hyphenated(s)}`],
  ['0 CC DD 9XXXX-XXXX', (d, s, c) => `0 ${c} ${d} ${hyphenated(s)}`],
];

/** A fresh number (phones are unique in a workspace), in a DDD that looks like a country code when it is 55. */
function freshMobile(ddd?: string) {
  const e164 = generateMobile(random);
  return ddd ? `+55${ddd}${e164.slice(5)}` : e164;
}

/** Fills /people/new with a name and the phone (pasted from the clipboard or typed key by key), saves it. */
async function registerWithPhone(raw: string, how: 'paste' | 'type') {
  await page.goto(`${baseUrl}/people/new`);
  await page.getByLabel('Nome', { exact: true }).fill(`Telefone ${how} ${stamp} ${raw}`);
  const field = page.getByLabel('Telefone', { exact: true });
  await field.click();
  if (how === 'paste') {
    await page.evaluate((text) => navigator.clipboard.writeText(text), raw);
    await page.keyboard.press('ControlOrMeta+V');
  } else {
    await field.pressSequentially(raw);
  }
  const shown = await field.inputValue();
  await page.getByRole('button', { name: 'Cadastrar' }).click();
  await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop() as string;
  const stored = await apiCall<{ phones: { number: string }[] }>(page, 'POST', `/people/${id}/phones/reveal`);
  return { shown, stored: stored.phones.map((p) => p.number) };
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

// Fifteen and five registrations through the page: more than the default minute on a busy machine.
it('stores every documented way of writing a phone, pasted into /people/new, as the number it is', {
  timeout: 180_000,
}, async () => {
  for (const [format, write] of WRITINGS) {
    // Area code 55 with the country code 55 in front is the case the old mask read as another number.
    const e164 = freshMobile(format.includes('55') ? '55' : undefined);
    const raw = write(e164.slice(3, 5), e164.slice(5), String(10 + Math.floor(random() * 90)));
    const { shown, stored } = await registerWithPhone(raw, 'paste');
    expect({ format, shown: digitsOf(shown), stored }).toEqual({
      format,
      shown: digitsOf(raw),
      stored: [e164],
    });
  }
});

it('stores the number typed digit by digit, with or without prefixes', { timeout: 120_000 }, async () => {
  const cases = [
    (e: string) => `55 ${e.slice(3, 5)} ${hyphenated(e.slice(5))}`,
    (e: string) => `+55 ${e.slice(3, 5)} ${e.slice(5)}`,
    (e: string) => `0 15 ${e.slice(3, 5)} ${hyphenated(e.slice(5))}`,
    (e: string) => `0${e.slice(3)}`,
    (e: string) => e.slice(3),
  ];
  for (const write of cases) {
    const e164 = freshMobile('91');
    const raw = write(e164);
    const { shown, stored } = await registerWithPhone(raw, 'type');
    expect({ raw, shown: digitsOf(shown), stored }).toEqual({ raw, shown: digitsOf(raw), stored: [e164] });
  }
});
