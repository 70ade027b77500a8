import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, signIn, snap } from "./helpers";

test("a nurse signs in, sees her establishment at a glance, and signs out", async ({ page }, testInfo) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await snap(page, testInfo, "sign-in");

  await signIn(page, "nurse.lei");

  await expect(page.getByRole("heading", { level: 1 })).toContainText("HMP Leeds");
  await expect(page.getByTestId("working-at")).toHaveText("HMP Leeds (LEI)");
  await expect(page.getByTestId("patients-in")).toContainText(/\d+/);
  await snap(page, testInfo, "home");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reason=signed_out/);
  await expect(page.getByRole("status")).toHaveText("You have signed out.");

  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?reason=required/);
});

test("a wrong password is refused with a clear message and nothing else is revealed", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Username").fill("nurse.lei");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("alert")).toHaveText("The username or password is not right.");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-in works with the keyboard alone", async ({ page }) => {
  await page.goto("/sign-in");
  await hydrated(page);
  await page.getByLabel("Username").focus();
  await page.keyboard.type("nurse.lei");
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("HMP Leeds");
});

test("a nurse working at two establishments chooses where she is today", async ({ page }, testInfo) => {
  await signIn(page, "nurse.bank", /\/choose-establishment/);
  await snap(page, testInfo, "choose-establishment");

  await page.getByRole("button", { name: /HMP Moorland/ }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId("working-at")).toHaveText("HMP Moorland (MDI)");
});
