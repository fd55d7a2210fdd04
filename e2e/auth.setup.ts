import { expect, test as setup } from '@playwright/test';
import { E2E } from './ports';
import { signIn } from './helpers';

setup('sign in as the administrator and as a viewer', async ({ browser }) => {
  for (const [user, password, state] of [
    [E2E.admin, process.env.E2E_ADMIN_PASSWORD!, E2E.adminState],
    [E2E.viewer, process.env.E2E_VIEWER_PASSWORD!, E2E.viewerState],
  ] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, user, password);
    await expect(page.getByText(`Signed in as ${user}`)).toBeVisible();
    await context.storageState({ path: state });
    await context.close();
  }
});
