import { expect, test } from "@playwright/test";
import { idleTimeoutSecs } from "../playwright.config";
import { signIn } from "./helpers";

test("an idle screen signs itself out and says why", async ({ page }) => {
  test.setTimeout((idleTimeoutSecs + 40) * 1000);
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1001AA");
  await expect(page.getByTestId("patient-banner")).toBeVisible();

  await page.waitForURL(/\/sign-in\?reason=idle/, { timeout: (idleTimeoutSecs + 15) * 1000 });

  await expect(page.getByRole("status")).toContainText("left idle");
  await expect(page.getByTestId("patient-banner")).toHaveCount(0);
  await page.goto("/patients/A1001AA");
  await expect(page).toHaveURL(/\/sign-in/);
});
