import { expect, type Page, type TestInfo } from "@playwright/test";

export const DEMO_PASSWORD = "throughcare-demo";

/** Waits until the WASM client has hydrated the page, so interactions run in the live app. */
export async function hydrated(page: Page) {
  await page.locator("body[data-hydrated='true']").waitFor({ timeout: 30_000 });
}

export async function signIn(page: Page, username: string, landing: RegExp = /\/$/) {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(landing);
}

/** Saves a full-page screenshot named after the viewport, for people to look at. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: `screenshots/${testInfo.project.name}-${name}.png`, fullPage: true });
}

/** Signs the current user out and another in. */
export async function switchUser(page: Page, username: string) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/sign-in/);
  await signIn(page, username);
}
