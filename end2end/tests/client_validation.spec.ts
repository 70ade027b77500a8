import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

test("the screening, alert and problem forms name what is missing beside the field without sending, and keep what was typed", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1002AA");
  await hydrated(page);
  const posted: string[] = [];
  page.on("request", (r) => {
    if (/\/api\/(record_reception_screening|raise_alert|record_problem)/.test(r.url())) posted.push(r.url());
  });

  // Reception screening: medicines named but no last dose, no risks chosen.
  await page.getByText("Reception screening (first stage)").click();
  const physical = page.getByLabel("Physical health (conditions, injuries, pain)");
  await physical.fill("Knee pain after a fall");
  await page.getByLabel("Current medicines and doses (or 'none')").fill("Naproxen 500 mg twice a day");
  await page.getByRole("button", { name: "Save screening" }).click();
  const lastDose = page.getByLabel("When was the last dose taken?");
  await expect(page.getByText("Record when the last dose of current medicines was taken.")).toBeVisible();
  await expect(lastDose).toHaveAttribute("aria-invalid", "true");
  await expect(lastDose).toBeFocused();
  await expect(page.getByLabel("Self-harm and suicide risk")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Record the self-harm and suicide risk.")).toBeVisible();
  await expect(physical).toHaveValue("Knee pain after a fall");
  await expect(physical).toHaveAttribute("aria-invalid", "false");
  await snap(page, testInfo, "screening-field-errors");

  // Alert: a note but no alert chosen.
  await page.getByText("Raise or close an alert").click();
  const alertNote = page.getByLabel("Note on the alert (optional)");
  await alertNote.fill("Threatened staff at the hatch");
  await page.getByRole("button", { name: "Raise alert" }).click();
  await expect(page.locator("#alert-alert-type-error")).toHaveText("Choose the alert to raise.");
  await expect(page.getByRole("alert").filter({ hasText: "Choose the alert to raise." })).toBeVisible();
  await expect(page.getByLabel("Alert to raise")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Alert to raise")).toBeFocused();
  await expect(alertNote).toHaveValue("Threatened staff at the hatch");

  // Problem: typed but not chosen from the list (one concept a project, as the record keeps it).
  const [typed, term] = testInfo.project.name === "tablet" ? ["heroin dep", "Heroin dependence"] : ["methadone dep", "Methadone dependence"];
  await page.getByText("Record or resolve a problem").click();
  const search = page.getByLabel("Problem (SNOMED CT)");
  await search.pressSequentially(typed, { delay: 20 });
  await expect(page.getByLabel(new RegExp(`^${term}`))).toBeVisible();
  await page.getByLabel("Note on the problem (optional)").fill("Using since 2019");
  await page.getByRole("button", { name: "Record problem" }).click();
  await expect(page.locator("#problem-concept-id-error")).toHaveText("Search for the problem and choose one from the list.");
  await expect(search).toHaveAttribute("aria-invalid", "true");
  await expect(search).toHaveValue(typed);
  await expect(page.getByLabel("Note on the problem (optional)")).toHaveValue("Using since 2019");
  await snap(page, testInfo, "problem-field-error");

  expect(posted).toEqual([]);

  // Chosen from the wider list, it is recorded.
  await page.getByLabel(new RegExp(`^${term}`)).check();
  await page.getByRole("button", { name: "Record problem" }).click();
  await expect(page.getByTestId("active-problems")).toContainText(term);
  await expect(search).toHaveAttribute("aria-invalid", "false");
});
