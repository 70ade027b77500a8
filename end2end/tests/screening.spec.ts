import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

test("a nurse completes the reception screen for today's arrival and sees the second-stage due date", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  const worklist = page.getByTestId("screening-worklist");
  if (testInfo.project.name === "tablet") {
    // Today's new reception is on the worklist until screened (the desktop run comes second).
    await expect(worklist.getByTestId("first-stage-due")).toContainText("BRENNAN, Liam");
  }
  await snap(page, testInfo, "home-worklist");

  await page.goto("/patients/A1003AA");
  await hydrated(page);
  await page.getByText("Reception screening (first stage)").click();
  await page.getByLabel("Physical health (conditions, injuries, pain)").fill("Asthma, uses salbutamol inhaler");
  await page.getByLabel("Current medicines and doses (or 'none')").fill("Salbutamol 100 micrograms inhaler PRN");
  await page.getByLabel("When was the last dose taken?").fill("Yesterday evening");
  await page.getByLabel("Alcohol use").selectOption("some");
  await page.getByLabel("Drug use").selectOption("none");
  await page.getByLabel("Withdrawal risk").selectOption("none");
  // The desktop run comes after every other test has used this patient, so only it opens an ACCT.
  const highRisk = testInfo.project.name === "desktop";
  await page.getByLabel("Self-harm and suicide risk").selectOption(highRisk ? "high" : "low");
  await page.getByLabel("Mental health (or 'none reported')").fill("Low mood since arrest");
  await snap(page, testInfo, "screening-form");
  await page.getByRole("button", { name: "Save screening" }).click();

  await expect(page.getByTestId("screening-saved")).toContainText("Second-stage health assessment due by");
  const due = new Date(Date.now() + 7 * 24 * 3600 * 1000);
  const day = due.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "Europe/London" });
  await expect(page.getByTestId("screening-saved")).toContainText(day);
  // The screening section's status line follows the save. On the tablet run this is his first
  // screen here, which sets the due date; by the desktop run the second stage may be done.
  await expect(page.getByTestId("second-stage-status")).toContainText(
    testInfo.project.name === "tablet" ? `Second-stage assessment due by ${day}` : /Second-stage assessment (due by|done)/,
  );
  if (highRisk) {
    await expect(page.getByTestId("screening-saved")).toContainText("An ACCT has been opened.");
    await expect(page.getByTestId("alerts")).toContainText("ACCT open");
  }
  await expect(page.getByTestId("timeline-entries").locator("li.kind-screening").first()).toContainText(
    `First-stage reception screening: self-harm risk ${highRisk ? "high" : "low"}`,
  );

  await page.goto("/");
  await expect(page.getByTestId("first-stage-due")).not.toContainText("BRENNAN, Liam");
  await expect(page.getByTestId("second-stage-due").locator("li", { hasText: "BRENNAN, Liam" })).toHaveCount(1);
});

test("a screen with medicines but no last dose time is refused with the reason", async ({ page }) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1002AA");
  await hydrated(page);
  await page.getByText("Reception screening (first stage)").click();
  await page.getByLabel("Physical health (conditions, injuries, pain)").fill("Type 1 diabetes");
  await page.getByLabel("Current medicines and doses (or 'none')").fill("Insulin glargine 20 units at night");
  await page.getByLabel("Alcohol use").selectOption("none");
  await page.getByLabel("Drug use").selectOption("none");
  await page.getByLabel("Withdrawal risk").selectOption("none");
  await page.getByLabel("Self-harm and suicide risk").selectOption("none");
  await page.getByLabel("Mental health (or 'none reported')").fill("None reported");
  await page.getByRole("button", { name: "Save screening" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "last dose" })).toBeVisible();
});
