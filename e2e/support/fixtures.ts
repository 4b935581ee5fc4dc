import { test as base, expect, type Page } from '@playwright/test';
import { isForeignRequest } from './chromium.js';
import type { CullerServer } from './culler-server.js';

type GuardFixtures = {
  /** URLs the page tried to reach off 127.0.0.1 (aborted); the test fails if any. */
  foreignRequests: string[];
  /** Uncaught errors in the page; the test fails if any. */
  pageErrors: string[];
};

/**
 * The page of every e2e test runs offline by construction: any request to a host other than
 * 127.0.0.1 is aborted and recorded, and a test during which the app tried one (or hit its own
 * Content-Security-Policy trying) fails, as does a test during which the page threw an uncaught error.
 */
export const test = base.extend<GuardFixtures>({
  // Playwright reads a fixture's dependencies from its destructured first parameter: `{}` is "none".
  // eslint-disable-next-line no-empty-pattern
  foreignRequests: async ({}, use) => {
    await use([]);
  },
  // eslint-disable-next-line no-empty-pattern
  pageErrors: async ({}, use) => {
    await use([]);
  },
  context: async ({ context, foreignRequests, pageErrors }, use) => {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isForeignRequest(url)) {
        foreignRequests.push(url);
        await route.abort('blockedbyclient');
        return;
      }
      await route.continue();
    });
    context.on('page', (page) => {
      page.on('pageerror', (error) => pageErrors.push(`${error.name}: ${error.message}`));
      // A fetch or image off 127.0.0.1 is stopped by the app's Content-Security-Policy before it
      // becomes a request the route above could see; the browser reports it on the console.
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) foreignRequests.push(`CSP: ${message.text()}`);
      });
    });
    await use(context);
    expect(foreignRequests, 'the app tried to reach a host other than 127.0.0.1').toEqual([]);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** Opens the printed launch URL: the key becomes the session cookie and the address becomes `/`. */
export async function openApp(page: Page, server: CullerServer): Promise<void> {
  await page.goto(server.launchUrl);
  await expect(page).toHaveURL(`${server.baseUrl}/`);
}
