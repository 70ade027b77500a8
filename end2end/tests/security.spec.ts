import { expect, test, type Page } from "@playwright/test";
import { DEMO_PASSWORD, hydrated, signIn, snap, switchUser } from "./helpers";

/** Collects every Content-Security-Policy violation the page reports. */
async function watchPolicy(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return violations;
}

// Seeded patients held at Birmingham, which no other test moves: one per viewport, so each run
// starts without break-glass access.
const BIRMINGHAM_PATIENT: Record<string, string> = { tablet: "G0557MW", desktop: "G2294TE" };

test.describe("security", () => {
  test("the app runs under its Content-Security-Policy without a single violation", async ({ page }) => {
    const violations = await watchPolicy(page);
    await signIn(page, "nurse.lei");
    for (const path of ["/patients/A1006AA", "/rounds", "/transfers", "/clinics", "/appointments/report"]) {
      await page.goto(path);
      await hydrated(page);
    }
    expect(violations).toEqual([]);
  });

  test("a nurse breaks the glass on a record elsewhere and her manager reviews it", async ({ page }, testInfo) => {
    const patient = BIRMINGHAM_PATIENT[testInfo.project.name] ?? "G0557MW";
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await signIn(page, "nurse.lei");
    await page.goto(`/patients/${patient}`);
    await hydrated(page);
    // Refused outright, or (for a patient who once was at Leeds) only Leeds' own entries.
    await expect(page.getByText(/not at your establishment|has left your establishment/)).toBeVisible();
    const form = page.getByTestId("break-glass-form");
    await expect(form).toBeVisible();

    // Keyboard only: the reason is labelled and the shared rule refuses a vague one at once.
    await page.getByLabel("Reason for opening this record").focus();
    await page.keyboard.type("curious");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(form.getByRole("alert")).toContainText("at least 10 characters");
    await snap(page, testInfo, "break-glass-form");

    await page.getByLabel("Reason for opening this record").fill("Paramedic at court asks for his current medicines");
    await page.getByRole("button", { name: "Open the record (break-glass)" }).click();
    await expect(page.getByTestId("break-glass-notice")).toContainText("Break-glass access");
    await expect(page.getByTestId("patient-banner")).toContainText(patient);
    // Read only: nothing on the page offers to add to the record.
    await expect(page.getByRole("button", { name: "Save note" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Mark entered in error" })).toHaveCount(0);
    await snap(page, testInfo, "break-glass-record");

    await switchUser(page, "manager.lei");
    await page.getByRole("link", { name: "Break-glass" }).click();
    await hydrated(page);
    await page.getByLabel("Prison number").fill(patient);
    await page.getByLabel("Prison number").press("Tab");
    const use = page.getByTestId("break-glass-use").filter({ hasText: patient });
    await expect(use).toContainText("Paramedic at court asks for his current medicines");
    await snap(page, testInfo, "break-glass-report");
    await use.getByLabel("Review").selectOption("appropriate");
    await use.getByRole("button", { name: "Record review" }).click();
    // Reviewed uses leave the default "not yet reviewed" list.
    await expect(page.getByTestId("break-glass-use").filter({ hasText: patient })).toHaveCount(0);
    await page.getByLabel("Not yet reviewed here only").uncheck();
    await expect(page.getByTestId("break-glass-use").filter({ hasText: patient })).toContainText("Appropriate");

    // The audit trail of the nurse shows the break-glass and the look that followed.
    await page.getByRole("link", { name: "Audit" }).click();
    await hydrated(page);
    await page.getByLabel("A member of staff").check();
    await page.getByLabel("Username").fill("nurse.lei");
    await page.getByRole("button", { name: "Show" }).click();
    const trail = page.getByTestId("audit-trail");
    await expect(trail).toContainText("Broke the glass");
    await expect(trail.locator("tr", { hasText: patient }).first()).toBeVisible();
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download CSV" }).click();
    expect((await download).suggestedFilename()).toBe("audit-trail.csv");
    await snap(page, testInfo, "audit-trail");
    expect(pageErrors).toEqual([]);
  });

  test("a nurse locks the tablet, the record is hidden, and she unlocks it where she left off", async ({ page }, testInfo) => {
    await signIn(page, "nurse.lei");
    await page.goto("/patients/A1001AA");
    await hydrated(page);
    const note = page.getByLabel("New consultation note");
    await note.fill("Half-written note about his inhaler technique");

    await page.getByRole("button", { name: "Lock", exact: true }).click();
    const lock = page.getByRole("dialog", { name: "Screen locked" });
    await expect(lock).toContainText("nurse.lei");
    await expect(page.getByTestId("patient-banner")).toBeHidden();
    await snap(page, testInfo, "screen-locked");

    await lock.getByLabel("Password").fill("not my password");
    await lock.getByLabel("Password").press("Enter");
    await expect(lock.getByRole("alert").first()).toContainText("not right");
    await lock.getByLabel("Password").fill(DEMO_PASSWORD);
    await lock.getByRole("button", { name: "Unlock" }).click();
    await expect(lock).toHaveCount(0);
    await expect(page.getByTestId("patient-banner")).toBeVisible();
    await expect(note).toHaveValue("Half-written note about his inhaler technique");

    // Reloading a locked tablet shows the lock screen, then the same page again.
    await page.getByRole("button", { name: "Lock", exact: true }).click();
    await expect(lock).toBeVisible();
    await page.reload();
    await expect(page).toHaveURL(/\/unlock\?next=%2Fpatients%2FA1001AA/);
    await hydrated(page);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Unlock" }).click();
    await expect(page).toHaveURL(/\/patients\/A1001AA$/);
    await expect(page.getByTestId("patient-banner")).toBeVisible();
  });

  test("a healthcare assistant changes her password under the password rule", async ({ page }, testInfo) => {
    const user = testInfo.project.name === "desktop" ? "hca.wwi" : "hca.bmi";
    const fresh = `kettle orchard lantern ${testInfo.project.name}`;
    await signIn(page, user);
    await page.getByRole("link", { name: /Healthcare assistant/ }).click();
    await expect(page).toHaveURL(/\/account\/password$/);
    await hydrated(page);
    await page.getByLabel("Current password").fill(DEMO_PASSWORD);
    await page.getByLabel("New password", { exact: true }).fill("short");
    await expect(page.getByText("Use at least 15 characters")).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill("Password!!2024!!!");
    await page.getByLabel("New password again").fill("Password!!2024!!!");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("commonly used")).toBeVisible();
    await page.getByLabel("New password", { exact: true }).fill(fresh);
    await page.getByLabel("New password again").fill(fresh);
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByTestId("password-changed")).toBeVisible();
    await snap(page, testInfo, "password-changed");

    await page.getByRole("button", { name: "Sign out" }).click();
    await hydrated(page);
    await page.getByLabel("Username").fill(user);
    await page.getByLabel("Password").fill(fresh);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/$/);
  });
});
