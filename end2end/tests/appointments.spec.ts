import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

async function gpDnaCount(page: import("@playwright/test").Page): Promise<number> {
  await page.goto("/appointments/report");
  await hydrated(page);
  const row = page.getByTestId("clinic-rates").filter({ hasText: "GP clinic" });
  await expect(row).toBeVisible();
  const cell = await row.locator("td").nth(2).innerText();
  return Number(cell.split(" ")[0]);
}

test("today's GP clinic list shows who is booked, with allergies and alerts, the free slots and the waiting list", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await page.goto("/clinics");
  await hydrated(page);
  await page.getByLabel("Clinic", { exact: true }).selectOption({ label: "GP clinic" });
  const list = page.getByTestId("clinic-list");
  await expect(list.getByTestId("clinic-row").first()).toBeVisible();
  await expect(list.getByTestId("clinic-row").first()).toContainText(/Allergies/);
  await expect(page.getByTestId("waiting-list")).toContainText("days");
  await snap(page, testInfo, "clinic-list");
});

test.describe("running a clinic", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== "tablet", "appointments are recorded once, on the tablet");
  });

  test("a nurse books, runs today's GP list and the report counts the outcome", async ({ page }, testInfo) => {
    await signIn(page, "nurse.lei");
    const before = await gpDnaCount(page);

    // Book Mr Okafor into the GP clinic tomorrow.
    await page.goto("/patients/A1002AA");
    await hydrated(page);
    const panel = page.getByTestId("appointments-panel");
    await panel.getByText("Book an appointment").click();
    await panel.getByLabel("Clinic", { exact: true }).selectOption({ label: "GP clinic (GP)" });
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
    await panel.getByLabel(/^Date/).fill(new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(tomorrow));
    await panel.getByLabel("Time", { exact: true }).fill("10:30");
    await panel.getByLabel("Urgent", { exact: true }).check();
    await panel.getByLabel("Reason", { exact: true }).fill("Review of insulin doses");
    await panel.getByRole("button", { name: "Save appointment" }).click();
    await expect(panel.getByTestId("outstanding-appointments")).toContainText("Review of insulin doses");
    await snap(page, testInfo, "appointments-panel");

    // Today's list: the first patient did not attend; the second was cancelled for a lockdown.
    await page.goto("/clinics");
    await hydrated(page);
    await page.getByLabel("Clinic", { exact: true }).selectOption({ label: "GP clinic" });
    const rows = page.getByTestId("clinic-row");
    const first = rows.first();
    await first.getByLabel("Did not attend").check();
    await first.getByRole("button", { name: /Save outcome/ }).click();
    await expect(first.getByTestId("outcome")).toContainText("Did not attend");
    const second = rows.nth(1);
    await second.getByLabel("Cancelled by the establishment").check();
    await second.getByRole("button", { name: /Save outcome/ }).click();
    await expect(second.getByRole("alert")).toContainText("why the establishment cancelled");
    await second.getByLabel("If the establishment cancelled: why").selectOption("lockdown");
    await second.getByRole("button", { name: /Save outcome/ }).click();
    await expect(second.getByTestId("outcome")).toContainText("lockdown");
    await snap(page, testInfo, "clinic-outcomes");

    expect(await gpDnaCount(page)).toBe(before + 1);
    await snap(page, testInfo, "appointment-report");
  });

  test("a hospital appointment's slip leaves out the date and time", async ({ page }, testInfo) => {
    await signIn(page, "nurse.lei");
    await page.goto("/patients/A1006AA");
    await hydrated(page);
    const hospital = page.getByTestId("appointment").filter({ hasText: "Hospital outpatients" });
    await hospital.getByRole("link", { name: "Print slip" }).click();
    await hydrated(page);
    await expect(page.getByTestId("slip-when")).toContainText("not shown for security");
    await snap(page, testInfo, "appointment-slip");
  });
});
