import type { Page } from '@playwright/test';

/**
 * Bursts (issue 15) stack in the grid by default and the switch is not remembered across page
 * loads; a journey that counts or culls every frame (copies of one photo, a camera series) turns
 * stacking off first.
 */
export async function showEveryFrame(page: Page): Promise<void> {
  const toggle = page.getByTestId('stack-toggle');
  if (await toggle.isChecked()) await toggle.uncheck();
}
