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

test("five wrong passwords lock the account on this device only, saying until when and what else to do", async ({ page }, testInfo) => {
  // A username of its own (unknown ones are answered exactly like real ones), so that no other
  // test's account is locked on this machine's address.
  const username = `locked.${testInfo.project.name}.${Date.now()}`;
  await page.goto("/sign-in");
  await hydrated(page);
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(`wrong password ${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    const expected =
      attempt < 5
        ? /^The username or password is not right\.$/
        : /^Too many failed sign-ins for this account on this device\. Try again after \d\d:\d\d, or sign in on another device\.$/;
    await expect(page.getByRole("alert")).toHaveText(expected);
  }
  await snap(page, testInfo, "sign-in-locked-here");
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
