import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

test("a problem is found by typing, recorded with its SNOMED CT code, and resolved", async ({ page }, testInfo) => {
  const patient = testInfo.project.name === "tablet" ? "A1004AA" : "A1005AA";
  await signIn(page, "nurse.lei");
  await page.goto(`/patients/${patient}`);
  await hydrated(page);

  await page.getByText("Record or resolve a problem").click();
  await page.getByLabel("Problem (SNOMED CT)").pressSequentially("epilepsey", { delay: 30 });
  // The wider list also offers "Epilepsy due to and following traumatic brain injury".
  await page.getByLabel(/^Epilepsy 84757009/).check();
  await snap(page, testInfo, "record-problem");
  await page.getByRole("button", { name: "Record problem" }).click();

  await expect(page.getByTestId("active-problems")).toContainText("Epilepsy");
  await expect(page.getByTestId("timeline-entries").locator("li.entry").first()).toContainText("Problem recorded: Epilepsy");

  await page.getByRole("button", { name: "Resolve Epilepsy" }).click();
  await expect(page.getByText("No active problems.")).toBeVisible();
  await expect(page.getByTestId("timeline-entries").locator("li.entry").first()).toContainText("Problem resolved: Epilepsy");
});
