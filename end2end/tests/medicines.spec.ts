import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap, DEMO_PASSWORD } from "./helpers";

test("a prescriber prescribes, and a recorded allergy needs an override reason", async ({ page }, testInfo) => {
  await signIn(page, "prescriber.lei");
  await page.goto("/patients/A1001AA");
  await hydrated(page);
  await expect(page.getByTestId("allergies")).toContainText("Penicillin");
  await page.locator("summary", { hasText: /^Prescribe$/ }).click();
  const form = page.locator("details.prescribe");
  await form.getByRole("searchbox", { name: "Medicine" }).fill("amoxicillin 500");
  await form.getByLabel("Amoxicillin 500mg capsules").check();
  await form.getByLabel(/^Dose/).fill("1");
  await form.getByLabel("08:00 Morning").check();
  await form.getByLabel("17:00 Teatime").check();
  await form.getByLabel("Indication").fill("Chest infection");
  await form.getByRole("button", { name: "Prescribe", exact: true }).click();
  await expect(page.getByTestId("prescribe-message")).toContainText("Recorded allergy: Penicillin");
  await snap(page, testInfo, "prescribe-allergy");
  await form.getByLabel("Reason to prescribe despite the allergy").fill("Allergy label disputed; tolerated amoxicillin in 2024 under observation");
  await form.getByRole("button", { name: "Prescribe", exact: true }).click();
  await expect(page.getByTestId("prescription").filter({ hasText: "Amoxicillin 500mg capsules" }).first())
    .toContainText("Prescribed despite a recorded allergy");
  await expect(page.getByTestId("timeline-entries").locator("li.entry").first()).toContainText("Prescribed: Amoxicillin 500mg capsules");
});

test("a medicine on the never-in-possession list cannot be prescribed to keep", async ({ page }) => {
  await signIn(page, "prescriber.lei");
  await page.goto("/patients/A1002AA");
  await hydrated(page);
  await page.locator("summary", { hasText: /^Prescribe$/ }).click();
  const form = page.locator("details.prescribe");
  await form.getByRole("searchbox", { name: "Medicine" }).fill("pregabalin 75");
  await form.getByLabel("Pregabalin 75mg capsules").check();
  await expect(page.getByTestId("chosen-medicine")).toContainText("never in possession here");
  await form.getByLabel(/^Dose/).fill("1");
  await form.getByLabel("08:00 Morning").check();
  await form.getByLabel("In possession (patient keeps it)").check();
  await form.getByLabel("Indication").fill("Neuropathic pain");
  await form.getByRole("button", { name: "Prescribe", exact: true }).click();
  await expect(page.getByTestId("prescribe-message")).toContainText(/never-in-possession|Schedule/);
  await expect(page.getByTestId("prescription").filter({ hasText: "Pregabalin" })).toHaveCount(0);
});

test("opioid substitution missed for days stops until a prescriber records the review", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "tablet", "the review is recorded once");
  await signIn(page, "prescriber.lei");
  await page.goto("/patients/A1001AA");
  await hydrated(page);
  const methadone = page.getByTestId("prescription").filter({ hasText: "Methadone" });
  await expect(methadone.getByRole("alert")).toContainText("prescriber review required");
  await methadone.getByText("Record the opioid substitution review").click();
  await methadone.getByLabel("Continue at the prescribed dose").check();
  await methadone.getByLabel("Review note").fill("Seen: last dose 4 days ago at court. No intoxication. Continue 70 ml, observe 2 hours.");
  await snap(page, testInfo, "ost-review");
  await methadone.getByRole("button", { name: "Record review" }).click();
  await expect(page.getByTestId("prescription").filter({ hasText: "Methadone" }).getByRole("alert")).toHaveCount(0);
});

test("the MAR chart shows each dose in words, for 7 and 28 days", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1002AA/mar");
  await hydrated(page);
  const table = page.getByTestId("mar-table");
  await expect(table).toContainText("Insulin glargine");
  await expect(table.locator("abbr[title^='Given']").first()).toBeVisible();
  await snap(page, testInfo, "mar-7");
  await page.getByRole("link", { name: "28 days" }).click();
  await expect(page).toHaveURL(/days=28/);
  await expect(table.locator("thead th.day")).toHaveCount(28);
  await snap(page, testInfo, "mar-28");
});

test("the pharmacist records a witnessed receipt in the controlled drugs register", async ({ page }, testInfo) => {
  await signIn(page, "pharmacist.lei");
  await page.goto("/controlled-drugs");
  await hydrated(page);
  const tramadol = page.getByTestId("cd-balances").getByRole("row", { name: /Tramadol 50mg capsules/ });
  const before = Number((await tramadol.locator("td.num").innerText()).split(" ")[0]);
  await page.getByText("Record a receipt, return or adjustment").click();
  await page.getByLabel("Product").selectOption({ label: "Tramadol 50mg capsules (capsule)" });
  await page.getByLabel("Receipt (stock received)").check();
  await page.getByLabel("Quantity").fill("100");
  await page.getByLabel(/^Note/).fill("Delivery note 4471");
  await page.getByLabel("Witness username").fill("nurse.lei");
  await page.getByLabel("Witness password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Record entry" }).click();
  await expect(page.getByTestId("cd-message")).toContainText(`balance is now ${before + 100}`);
  await expect(tramadol.locator("td.num")).toContainText(String(before + 100));
  await tramadol.getByRole("button", { name: /Show register entries/ }).click();
  await expect(page.getByTestId("cd-entries").locator("tbody tr").first()).toContainText("Delivery note 4471");
  await snap(page, testInfo, "cd-register");
});

test("the healthcare manager sees missed doses by wing", async ({ page }, testInfo) => {
  await signIn(page, "manager.lei");
  await page.goto("/rounds/missed");
  await hydrated(page);
  await expect(page.getByTestId("missed-doses")).toContainText("A");
  await snap(page, testInfo, "missed-doses");
});

test("changing a prescription stops it and starts the new one in its place", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== "tablet", "the change is made once");
  await signIn(page, "prescriber.lei");
  await page.goto("/patients/A1002AA");
  await hydrated(page);
  await page.getByRole("button", { name: /^Change Insulin glargine/ }).click();
  const form = page.locator("details.prescribe");
  await expect(form.getByTestId("changing")).toContainText("Changing Insulin glargine");
  await expect(form.getByLabel(/^Dose/)).toHaveValue("24");
  await form.getByLabel(/^Dose/).fill("26");
  await snap(page, testInfo, "prescription-change");
  await form.getByRole("button", { name: "Prescribe", exact: true }).click();
  const insulin = page.getByTestId("prescription").filter({ hasText: "Insulin glargine" });
  await expect(insulin).toHaveCount(1);
  await expect(insulin).toContainText("26 unit");
  const entries = page.getByTestId("timeline-entries");
  await expect(entries).toContainText("Stopped: Insulin glargine");
  await expect(entries).toContainText("Prescribed: Insulin glargine");
});
