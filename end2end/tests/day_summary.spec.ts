import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

test("a day's medicines show as one summary that opens to its doses; single doses are a kind of their own", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1004AA");
  await hydrated(page);
  const entries = page.getByTestId("timeline-entries");
  const day = entries.locator("li.kind-administration_day").first();
  await expect(day).toContainText(/Medicines on \w{3} \d{1,2} \w{3}: \d+ given/);
  await expect(entries.locator("li.kind-administration")).toHaveCount(0);

  await day.getByRole("button").first().click();
  const doses = day.getByTestId("day-doses");
  await expect(doses.locator("li.kind-administration").first()).toContainText("Paracetamol 500mg tablets");
  await snap(page, testInfo, "day-summary-open");

  await page.locator("summary", { hasText: "Filters" }).click();
  await page.getByLabel("Doses (each one)", { exact: true }).check();
  await expect(page).toHaveURL(/kind=administration/);
  await expect(entries.locator("li.entry").first()).toContainText("Paracetamol 500mg tablets");
  await expect(entries.locator("li.kind-administration_day")).toHaveCount(0);
  await snap(page, testInfo, "day-summary-doses-filter");
});
