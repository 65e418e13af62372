import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium (apt-get install chromium); CHROMIUM_PATH overrides. */
export function launchChromium(): Promise<Browser> {
  const executablePath =
    process.env.CHROMIUM_PATH ??
    ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!executablePath) throw new Error('Chromium não encontrado: apt-get install -y chromium');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A new browser session (its own cookies) signed in as `email` through the login page. */
export async function signIn(
  browser: Browser,
  email: string,
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
  /** The browser's language (the app's stays pt-BR): 'en-US' checks what must not follow the browser. */
  locale = 'pt-BR',
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  watchCsp(page);
  await page.goto(`${inject('baseUrl')}/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(inject('password'));
  await page.getByRole('button', { name: 'Entrar' }).click();
  // Everyone lands on the people list, except a manager, whose home is their team's dashboard.
  await page.waitForURL(/\/(people|dashboards)/);
  return page;
}

/** Every Content-Security-Policy violation Chromium reported on a watched page, with the page's address. */
export const cspViolations: string[] = [];

/** Records (and prints) the CSP violations of `page` and its frames: the app must work under its own policy. */
export function watchCsp(page: Page) {
  page.on('console', (message) => {
    if (message.type() !== 'error' || !/Content Security Policy/i.test(message.text())) return;
    const violation = `${page.url()}: ${message.text()}`;
    cspViolations.push(violation);
    console.error(`CSP violation — ${violation}`);
  });
}
