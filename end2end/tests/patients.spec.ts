import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

test("search updates as the nurse types, finds a misspelt name, and opens the patient", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await page.getByRole("link", { name: "Patients" }).click();
  await expect(page).toHaveURL(/\/patients/);
  await hydrated(page);
  // A full page load would wipe this marker: its survival proves the results came live.
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = "still here"));

  await page.getByLabel("Name, prison number or NHS number").pressSequentially("Whitakre", { delay: 40 });

  const results = page.getByTestId("search-results");
  await expect(results).toContainText("WHITAKER");
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("still here");
  await expect(page).toHaveURL(/q=Whitakre/);
  await snap(page, testInfo, "search");

  await results.getByRole("link", { name: /WHITAKER/ }).click();

  const banner = page.getByTestId("patient-banner");
  await expect(banner).toContainText("WHITAKER, Daniel");
  await expect(page.getByTestId("nhs-number")).toHaveText("943 476 5919");
  await expect(page.getByTestId("prison-number")).toHaveText("A1001AA");
  await expect(page.getByTestId("location")).toHaveText("LEI-A-1-001");
  await expect(page.getByTestId("allergies")).toContainText("Penicillin");
  await expect(page.getByTestId("allergies")).toContainText("Anaphylaxis");
  await expect(page.getByTestId("alerts")).toContainText("ACCT open");
  await expect(page.getByTestId("alerts")).toContainText("On opioid substitution therapy");
  await expect(page.getByText("Transferred out of HMP Wandsworth to HMP Leeds")).toBeVisible();
  await snap(page, testInfo, "patient");
});

test("search by prison number and by NHS number", async ({ page }) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients?q=a1002aa");
  await expect(page.getByTestId("search-results")).toContainText("OKAFOR");

  await page.goto("/patients?q=943%20476%205919");
  await expect(page.getByTestId("search-results")).toContainText("WHITAKER");

  await page.goto("/patients?q=943%20476%205918");
  await expect(page.getByRole("alert")).toContainText("check digit");
});

test("the banner tells 'no known allergies' apart from 'allergies not recorded'", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");

  await page.goto("/patients/A1002AA");
  await expect(page.getByTestId("allergies")).toHaveText(/No known allergies/);
  await expect(page.getByTestId("alerts")).toContainText("Diabetic");

  await page.goto("/patients/A1003AA");
  await expect(page.getByTestId("allergies")).toHaveText(/Allergies not recorded/);
  await expect(page.getByTestId("alerts")).toHaveText("No active alerts");
  await snap(page, testInfo, "patient-not-recorded");
});

test("a patient at another establishment is refused with a clear message", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");

  await page.goto("/patients/B2001AA");

  await expect(page.getByRole("alert")).toHaveText(/not at your establishment/);
  await expect(page.getByTestId("patient-banner")).toHaveCount(0);
  await snap(page, testInfo, "refused");
});

test("search is usable with the keyboard alone", async ({ page }) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients");
  await hydrated(page);
  await page.getByLabel("Name, prison number or NHS number").focus();
  await page.keyboard.type("Okafor");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("search-results")).toContainText("OKAFOR");

  // Tab from the search box through the button to the first result, then open it.
  const link = page.getByTestId("search-results").getByRole("link").first();
  for (let i = 0; i < 10 && !(await link.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("patient-banner")).toContainText("OKAFOR");
});
