import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { hydrated, signIn } from "./helpers";

// WCAG 2.2 A and AA, as axe-core checks them, on every page a nurse or a manager opens, at both
// sizes. Axe finds only part of what matters (the keyboard tests find more); what it finds is
// never acceptable.
const WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function noViolations(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  // Pages load their data in the browser: check what the user sees, not the loading line.
  await expect(page.locator(".loading")).toHaveCount(0, { timeout: 10_000 });
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const found = results.violations.map(
    (v) => `${path}: ${v.id} (${v.impact}) on ${v.nodes.map((n) => n.target.join(" ")).slice(0, 5).join(", ")}: ${v.help}`,
  );
  expect(found, found.join("\n")).toEqual([]);
}

test("the nurse's pages pass axe's WCAG 2.2 AA checks", async ({ page }) => {
  test.setTimeout(120_000);
  await noViolations(page, "/sign-in");
  await signIn(page, "nurse.lei");
  for (const path of [
    "/",
    "/patients?q=smith",
    "/patients/A1001AA",
    "/patients/A1002AA/mar",
    "/patients/A1006AA/handover",
    "/patients/A1006AA/reception",
    "/patients/A1001AA/discharge",
    "/transfers",
    "/clinics",
    "/appointments/report",
    "/rounds",
    "/rounds/missed",
    "/controlled-drugs",
    "/never-in-possession",
    "/account/password",
  ]) {
    await noViolations(page, path);
  }
});

test("the manager's reports pass axe's WCAG 2.2 AA checks", async ({ page }) => {
  await signIn(page, "manager.lei");
  for (const path of ["/break-glass", "/audit"]) {
    await noViolations(page, path);
  }
});
