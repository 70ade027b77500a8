import { expect, test, type Page } from "@playwright/test";
import { hydrated, signIn, snap, switchUser } from "./helpers";

function londonToday(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
}

async function openRoundAt(page: Page, time: string, landing: string) {
  await page.goto("/rounds");
  await hydrated(page);
  await expect(page).toHaveURL(/time=/);
  // Today's round, whatever the hour: after midnight the round still open is yesterday's.
  await page.getByLabel("Day", { exact: true }).selectOption({ index: 0 });
  await expect(page).toHaveURL(new RegExp(`date=${await page.getByLabel("Day", { exact: true }).inputValue()}`));
  await page.getByLabel("Round", { exact: true }).selectOption(time);
  await page.getByLabel("Wing or landing").selectOption({ label: landing });
  await expect(page.getByTestId("round-progress")).toBeVisible();
}

test("Leeds sees Mr Price on his way with the handover from Wandsworth, critical medicines first", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await page.goto("/transfers");
  await hydrated(page);
  const incoming = page.getByTestId("incoming");
  await expect(incoming).toContainText("PRICE, Ryan");
  await expect(incoming).toContainText("2 critical medicines");
  await snap(page, testInfo, "transfers-incoming");
  await incoming.getByRole("link", { name: "PRICE, Ryan" }).click();
  await expect(page).toHaveURL(/\/patients\/A1007AA\/reception/);
  await hydrated(page);
  const handover = page.getByTestId("handover");
  await expect(handover).toContainText("ACCT open");
  await expect(handover.getByTestId("handover-medicines").first()).toContainText("Sodium valproate");
  await expect(handover.getByTestId("handover-transfer")).toContainText("HMP Wandsworth → HMP Leeds");
  await expect(page.getByLabel("Cell")).toBeVisible();
  await snap(page, testInfo, "reception-incoming");
});

// A transfer changes shared demo data, so it runs once, on the tablet.
test.describe("a transfer from Leeds to Moorland", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== "tablet", "the transfer is made once, on the tablet");
  });

  test("Leeds prepares and departs Mr Doyle; Moorland receives him, reconciles his medicines and finds him on the round", async ({ page }, testInfo) => {
    await signIn(page, "nurse.lei");
    await page.goto("/patients/A1006AA");
    await hydrated(page);
    const movement = page.getByTestId("movement-panel");
    await movement.getByText("Schedule a transfer").click();
    await movement.getByLabel("Receiving establishment").selectOption("MDI");
    await movement.getByLabel("Planned date").fill(londonToday());
    await movement.getByLabel("Reason").fill("Re-categorised to C");
    await movement.getByRole("button", { name: "Schedule transfer" }).click();
    await expect(movement.getByTestId("transfer")).toContainText("HMP Moorland");
    await movement.getByLabel(/Fit to transfer/).fill("Escort briefed on levetiracetam");
    await movement.getByRole("button", { name: "Confirm fit to transfer" }).click();
    await expect(movement.getByTestId("fit-confirmed")).toBeVisible();

    // The pack the escort carries: critical medicine first, with its last dose; printable.
    await page.goto("/patients/A1006AA/handover");
    await hydrated(page);
    const critical = page.getByTestId("handover-medicines").first();
    await expect(critical).toContainText("Levetiracetam");
    await expect(critical.getByTestId("last-dose")).not.toContainText("Not yet given");
    await snap(page, testInfo, "handover");
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("button", { name: "Print handover" })).toBeHidden();
    await snap(page, testInfo, "handover-print");
    await page.emulateMedia({ media: "screen" });

    await page.goto("/patients/A1006AA");
    await hydrated(page);
    await movement.getByRole("button", { name: "Patient has left (depart)" }).click();
    await expect(movement.getByTestId("movement-whereabouts")).toContainText("In transit");

    // Off the Leeds round: the sending nurse can no longer record his doses.
    await openRoundAt(page, "20:00", "A wing, landing 1");
    await expect(page.getByTestId("round-patient").filter({ hasText: "A1006AA" })).toHaveCount(0);

    // Moorland: incoming, then reception into a cell.
    await switchUser(page, "nurse.mdi");
    await page.goto("/transfers");
    await hydrated(page);
    await page.getByTestId("incoming").getByRole("link", { name: "DOYLE, Kieran" }).click();
    await hydrated(page);
    await page.getByLabel("Cell").selectOption({ label: "A-1-005" });
    await page.getByRole("button", { name: "Receive into cell" }).click();
    await expect(page.getByTestId("reconciliation")).toContainText("await a prescriber's decision");
    // His outstanding appointments came with him, to rebook here.
    await expect(page.getByTestId("handover-appointments")).toContainText("Hospital: rebook at the receiving establishment");
    // The reception screen starts from the handover.
    await expect(page.getByLabel("Current medicines and doses (or 'none')")).toHaveValue(/Levetiracetam 500mg tablets/);

    // The prescriber reconciles: the anti-epileptic continued tonight, the PPI stopped.
    await switchUser(page, "prescriber.mdi");
    await page.goto("/patients/A1006AA/reception");
    await hydrated(page);
    await expect(page.getByTestId("reconciliation")).toContainText("must be reconciled tonight");
    await snap(page, testInfo, "reconciliation");
    const levetiracetam = page.getByTestId("reconcile-row").filter({ hasText: "Levetiracetam" });
    await levetiracetam.getByRole("button", { name: "Save decision" }).click();
    await expect(levetiracetam.getByRole("alert")).toContainText("Choose continue, change or stop");
    await levetiracetam.getByLabel("Continue").check();
    await levetiracetam.getByLabel("Reason").fill("Seizure-free; confirmed with patient and handover");
    await levetiracetam.getByRole("button", { name: "Save decision" }).click();
    await expect(page.getByTestId("reconciled")).toContainText("Levetiracetam");
    const omeprazole = page.getByTestId("reconcile-row").filter({ hasText: "Omeprazole" });
    await omeprazole.getByLabel("Stop").check();
    await omeprazole.getByLabel("Reason").fill("No dyspepsia for months");
    await omeprazole.getByRole("button", { name: "Save decision" }).click();
    await expect(page.getByTestId("reconciliation-complete")).toBeVisible();
    await snap(page, testInfo, "reconciliation-complete");

    // On the Moorland round tonight.
    await switchUser(page, "nurse.mdi");
    await openRoundAt(page, "20:00", "A wing, landing 1");
    await expect(page.getByTestId("round-patient").filter({ hasText: "A1006AA" })).toContainText("Levetiracetam");

    await page.goto("/patients/A1006AA");
    await hydrated(page);
    await expect(page.getByTestId("outstanding-appointments")).toContainText("To rebook");
    await expect(page.getByTestId("outstanding-appointments")).toContainText("came from HMP Leeds");

    // Leeds sees only what Leeds recorded.
    await switchUser(page, "nurse.lei");
    await page.goto("/patients/A1006AA");
    await hydrated(page);
    await expect(page.getByTestId("own-entries-only")).toContainText("LEI");
    await expect(page.getByTestId("movement-panel")).toHaveCount(0);
  });
});

test.describe("a release from Leeds", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== "tablet", "the release is made once, on the tablet");
  });

  test("the nurse downloads the record, bridges methadone to the community prescriber and releases Mr Murphy", async ({ page }, testInfo) => {
    await signIn(page, "nurse.lei");
    await page.goto("/patients/A1008AA");
    await hydrated(page);
    await page.getByTestId("movement-panel").getByRole("link", { name: /Release from custody/ }).click();
    await expect(page).toHaveURL(/\/patients\/A1008AA\/discharge/);
    await hydrated(page);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download record (FHIR R4 JSON)" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe("A1008AA-fhir.json");
    const bundle = JSON.parse(await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
    expect(bundle.resourceType).toBe("Bundle");
    expect(bundle.entry.some((e: { resource: { resourceType: string } }) => e.resource.resourceType === "MedicationRequest")).toBe(true);

    const form = page.getByTestId("release-form");
    await expect(form.getByTestId("supply-line").filter({ hasText: "Methadone" })).toContainText("bridged");
    await form.getByRole("button", { name: "Release and write the discharge summary" }).click();
    await expect(form.getByRole("alert")).toContainText("community prescriber");
    await form.getByLabel(/Community prescriber taking over/).fill("Leeds Recovery Service, Dr Ahmed, 0113 000 0000");
    await form.getByLabel("GP practice").fill("Park Lane Surgery");
    await form.getByLabel("Follow-up for community care").fill("Sertraline review in 4 weeks");
    await snap(page, testInfo, "release-form");
    await form.getByRole("button", { name: "Release and write the discharge summary" }).click();

    const summary = page.getByTestId("discharge-summary");
    await expect(summary).toContainText("Released from HMP Leeds");
    await expect(summary.getByTestId("ost-bridge")).toContainText("Leeds Recovery Service");
    await expect(summary).toContainText("14 days: 14 tablet");
    await snap(page, testInfo, "discharge-summary");
  });
});
