import { expect, test, type Page } from "@playwright/test";
import { hydrated, signIn, snap, DEMO_PASSWORD } from "./helpers";

/** Opens the round happening now for a landing at Leeds. */
async function openRound(page: Page, landing: string) {
  await page.goto("/rounds");
  await hydrated(page);
  await expect(page).toHaveURL(/time=/);
  await page.getByLabel("Wing or landing").selectOption({ label: landing });
  await expect(page.getByTestId("round-progress")).toBeVisible();
}

function patientCard(page: Page, prisonOrName: RegExp | string) {
  return page.getByTestId("round-patient").filter({ hasText: prisonOrName });
}

// Rounds change shared demo data, so they run once, on the tablet the nurse carries.
test.describe("on a tablet round", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== "tablet", "rounds are recorded once, on the tablet");
  });

  test("a nurse completes a round of a landing, a controlled drug witnessed by a second nurse", async ({ page }, testInfo) => {
    await signIn(page, "nurse.lei");
    await openRound(page, "A wing, landing 2");
    // Today's arrival (A1003AA, one paracetamol dose) is on the open round only once it is
    // today's: between midnight and the morning round the round still open is yesterday's 20:00,
    // before he arrived.
    const arrivalOnRound = (await patientCard(page, "A1003AA").count()) > 0 ? 1 : 0;
    await expect(page.getByTestId("round-patient")).toHaveCount(9 + arrivalOnRound);
    await snap(page, testInfo, "round-start");

    // Tramadol (Schedule 3): the nurse cannot witness their own dose.
    const tramadol = page.getByTestId("dose").filter({ hasText: "Tramadol" });
    await tramadol.getByRole("button", { name: /^Given: Tramadol/ }).click();
    await tramadol.getByLabel("Witness username").fill("nurse.lei");
    await tramadol.getByLabel("Witness password").fill(DEMO_PASSWORD);
    await tramadol.getByRole("button", { name: "Confirm given" }).click();
    await expect(tramadol.getByRole("alert")).toContainText("second member of staff");
    await tramadol.getByLabel("Witness username").fill("pharmacist.lei");
    await tramadol.getByLabel("Witness password").fill(DEMO_PASSWORD);
    await snap(page, testInfo, "round-cd-witness");
    await tramadol.getByRole("button", { name: "Confirm given" }).click();
    await expect(tramadol.getByTestId("recorded")).toContainText(/Given by .* witnessed by/);

    // One dose refused, with the reason.
    const second = page.getByTestId("dose").filter({ hasText: "Paracetamol" }).nth(1);
    await second.getByRole("button", { name: /^Not given/ }).click();
    await second.getByLabel("Refused").check();
    await second.getByLabel("Reason").fill("Says the pain has gone");
    await second.getByRole("button", { name: "Save" }).click();
    await expect(second.getByTestId("recorded")).toContainText("Refused");

    // Everything else in one tap each.
    const due = page.locator("[data-testid='dose'][data-state='due']");
    for (let left = await due.count(); left > 0; left = await due.count()) {
      const id = await due.first().getAttribute("data-prescription-id");
      const card = page.locator(`[data-testid='dose'][data-prescription-id='${id}']`);
      await card.getByRole("button", { name: /^Given: / }).click();
      await expect(card.getByTestId("recorded")).toBeVisible();
    }
    await expect(page.getByTestId("round-complete")).toBeVisible();
    const doses = 10 + arrivalOnRound;
    await expect(page.getByTestId("round-progress")).toContainText(`${doses} of ${doses} doses recorded`);
    await snap(page, testInfo, "round-complete");
  });

  test("a when-required dose inside its minimum interval is refused, saying when the next is allowed", async ({ page }, testInfo) => {
    await signIn(page, "nurse.lei");
    await openRound(page, "A wing, landing 2");
    const prn = page.getByTestId("prn").filter({ hasText: "Ibuprofen" });
    await expect(prn.getByTestId("prn-refusal")).toHaveCount(0);
    await prn.getByRole("button", { name: /^Give dose when required: Ibuprofen/ }).click();
    // Recorded: the card says so, or (once the live feed has refreshed the list, which can come
    // first on a fast server) shows it as the last dose given.
    await expect(page.getByTestId("prn").filter({ hasText: "Ibuprofen" })).toContainText(/Given|Last given/);
    // The list refreshes from the live feed; the card now says why another dose must wait.
    const refreshed = page.getByTestId("prn").filter({ hasText: "Ibuprofen" });
    await expect(refreshed.getByTestId("prn-refusal")).toContainText(/Too soon: at least 8 hours between doses\. Next dose allowed from \d\d:\d\d/);
    await expect(refreshed.getByRole("button", { name: /^Give dose when required: Ibuprofen/ })).toBeDisabled();
    await snap(page, testInfo, "round-prn-refused");
  });

  test("two tablets on one landing see each other's entries within a second, and similar names are checked", async ({ browser }, testInfo) => {
    const contextOptions = { viewport: { width: 768, height: 1024 }, hasTouch: true };
    const first = await (await browser.newContext(contextOptions)).newPage();
    const second = await (await browser.newContext(contextOptions)).newPage();
    await signIn(first, "nurse.lei");
    await signIn(second, "nurse.lei");
    await openRound(first, "A wing, landing 3");
    await openRound(second, "A wing, landing 3");

    const jon = (page: Page) => patientCard(page, "A1004AA");
    await expect(jon(first).getByText(/Similar name on this round/)).toBeVisible();
    const dose = jon(first).getByTestId("dose").filter({ hasText: "Paracetamol" });
    await dose.getByRole("button", { name: /^Given: Paracetamol/ }).click();
    // A look-alike name means the identity is confirmed before the dose is saved.
    await expect(dose.getByText(/Giving to SMITH, Jon/)).toBeVisible();
    await dose.getByRole("button", { name: "Confirm given" }).click();
    await expect(dose.getByRole("alert")).toContainText("checked the patient's identity");
    await dose.getByLabel(/I have checked name, date of birth and prison number/).check();
    await snap(first, testInfo, "round-look-alike");
    const sent = Date.now();
    await dose.getByRole("button", { name: "Confirm given" }).click();
    await expect(jon(second).getByTestId("dose").filter({ hasText: "Paracetamol" }).getByTestId("recorded"))
      .toContainText("Given by", { timeout: 5_000 });
    testInfo.annotations.push({ type: "live latency (ms)", description: String(Date.now() - sent) });

    // And the other way round.
    const john = (page: Page) => patientCard(page, "A1005AA");
    const sertraline = john(second).getByTestId("dose").filter({ hasText: "Sertraline" });
    await sertraline.getByRole("button", { name: /^Not given/ }).click();
    await sertraline.getByLabel("Patient away").check();
    await sertraline.getByLabel("Reason").fill("At healthcare appointment");
    await sertraline.getByRole("button", { name: "Save" }).click();
    await expect(john(first).getByTestId("dose").filter({ hasText: "Sertraline" }).getByTestId("recorded"))
      .toContainText("Patient away", { timeout: 5_000 });
    await snap(second, testInfo, "round-live");
  });
});

test("the round page reads well at this size", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await openRound(page, "A wing, landing 1");
  await expect(page.getByRole("heading", { name: "Medication round" })).toBeVisible();
  await snap(page, testInfo, "round-landing-1");
});
