import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

test("recording an allergy and raising then closing an alert update the banner at once", async ({ page }, testInfo) => {
  // Each viewport works on its own patient, so the two runs do not meet.
  const patient = testInfo.project.name === "tablet" ? "A1004AA" : "A1005AA";
  await signIn(page, "nurse.lei");
  await page.goto(`/patients/${patient}`);
  await hydrated(page);
  await expect(page.getByTestId("allergies")).toHaveText(/No known allergies/);

  await page.getByText("Record an allergy").click();
  await page.getByLabel("Substance").fill("Co-amoxiclav");
  await page.getByLabel("Reaction").fill("Urticaria");
  await page.getByLabel("Severity").selectOption("moderate");
  await snap(page, testInfo, "record-allergy");
  await page.getByRole("button", { name: "Record allergy" }).click();

  await expect(page.getByTestId("allergies")).toContainText("Co-amoxiclav");
  await expect(page.getByTestId("allergies")).not.toContainText("No known allergies");
  await expect(page.getByTestId("timeline-entries").locator("li.entry").first()).toContainText("Allergy recorded: Co-amoxiclav");

  await page.getByText("Raise or close an alert").click();
  await page.getByLabel("Alert to raise").selectOption("ACCT");
  await page.getByLabel("Note on the alert (optional)").fill("Disclosed at evening hatch");
  await page.getByRole("button", { name: "Raise alert" }).click();
  await expect(page.getByTestId("alerts")).toContainText("ACCT open");

  await page.getByRole("button", { name: "Raise alert" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "already open" })).toBeVisible();

  // A reason of spaces is refused beside this alert's reason, before anything is sent.
  const reason = page.getByLabel("Reason for closing ACCT open");
  await reason.fill("   ");
  await page.getByRole("button", { name: "Close alert" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Say why the alert is being closed." })).toBeVisible();
  await expect(reason).toHaveAttribute("aria-invalid", "true");
  await expect(reason).toBeFocused();
  await expect(page.getByTestId("alerts")).toContainText("ACCT open");

  await reason.fill("Closed at case review");
  await snap(page, testInfo, "close-alert");
  await page.getByRole("button", { name: "Close alert" }).click();
  await expect(page.getByTestId("alerts")).not.toContainText("ACCT open");
  await expect(page.getByTestId("timeline-entries").locator("li.entry").first()).toContainText("Alert closed: ACCT open");
});

test("an allergy without a severity is not sent, and the form says what is missing", async ({ page }) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1003AA");
  await hydrated(page);
  await page.getByText("Record an allergy").click();
  await page.getByLabel("Substance").fill("Latex");
  await page.getByLabel("Reaction").fill("Rash");
  await page.getByRole("button", { name: "Record allergy" }).click();

  // The shared domain rule runs in the browser and names what is missing; nothing is sent.
  await expect(page.getByRole("alert").filter({ hasText: "Choose how severe the reaction was." })).toBeVisible();
  await expect(page.getByTestId("allergies")).toHaveText(/Allergies not recorded/);
});
