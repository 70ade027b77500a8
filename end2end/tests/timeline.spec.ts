import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

test("the timeline spans custody episodes and filters by kind and establishment, in the URL", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1001AA");
  await hydrated(page);
  const entries = page.getByTestId("timeline-entries");
  await expect(entries).toContainText("Transferred out of HMP Wandsworth to HMP Leeds");
  await expect(entries.getByRole("heading", { level: 3 }).first()).toContainText("current");
  await snap(page, testInfo, "timeline");

  await page.locator("summary", { hasText: "Filters" }).click();
  await page.getByLabel("Movement", { exact: true }).check();
  await expect(page).toHaveURL(/kind=movement/);
  await expect(entries.locator("li.entry")).toHaveCount(5);
  await expect(entries.locator("li.entry:not(.kind-movement)")).toHaveCount(0);
  // Both custody episodes, each under its own heading.
  await expect(entries.getByRole("heading", { level: 3 })).toHaveCount(2);
  await expect(entries.getByRole("heading", { level: 3 }).last()).toContainText("HMP Wandsworth");

  await page.getByLabel("Establishment", { exact: true }).selectOption("LEI");
  await expect(page).toHaveURL(/est=LEI/);
  await expect(entries.locator("li.entry")).toHaveCount(1);
  await expect(entries).toContainText("Received on transfer at HMP Leeds");
  await snap(page, testInfo, "timeline-filtered");

  // The back button restores the previous view.
  await page.goBack();
  await expect(entries.locator("li.entry")).toHaveCount(5);
});

test("a nurse adds a note, sees it at the top, and marks it entered in error", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1002AA");
  await hydrated(page);
  const note = `Seen at hatch ${testInfo.project.name} ${Date.now()}. Settled.`;

  await page.getByLabel("New consultation note").fill(note);
  await page.getByRole("button", { name: "Save note" }).click();

  const first = page.getByTestId("timeline-entries").locator("li.entry").first();
  await expect(first).toContainText(note);
  await expect(page.getByLabel("New consultation note")).toHaveValue("");

  await first.getByRole("button").first().click();
  await first.getByRole("button", { name: "Mark entered in error" }).click();
  await first.getByLabel("Why is this entry in error? (required)").fill("Written on the wrong record");
  await snap(page, testInfo, "entered-in-error-form");
  await first.getByRole("button", { name: "Mark entered in error" }).click();
  await expect(page.getByTestId("timeline-entries")).not.toContainText(note);

  await page.locator("summary", { hasText: "Filters" }).click();
  await page.getByLabel("Show entries marked entered in error").check();
  const marked = page.getByTestId("timeline-entries").locator("li.entered-in-error", { hasText: note });
  await expect(marked).toContainText("Entered in error");
  await marked.getByRole("button").first().click();
  await expect(marked).toContainText("Written on the wrong record");
  await snap(page, testInfo, "entered-in-error-shown");
});

test("scrolling loads older entries, and a button does the same for keyboard users", async ({ page }) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1001AA");
  await hydrated(page);
  const entries = page.getByTestId("timeline-entries").locator("li.entry");
  await expect(entries).toHaveCount(40);

  await page.getByRole("button", { name: "Show older entries" }).scrollIntoViewIfNeeded();
  await expect(entries).toHaveCount(80);

  const more = page.getByRole("button", { name: "Show older entries" });
  while (await more.isVisible()) {
    await more.focus();
    await page.keyboard.press("Enter");
    await page.waitForTimeout(300);
  }
  await expect(page.getByText("Start of the record.")).toBeVisible();
  const total = await entries.count();
  expect(total).toBeGreaterThan(120);
  // Every entry once: no page overlapped another.
  const ids = await page.getByTestId("timeline-entries").locator("li.entry button.entry-head").evaluateAll((els) =>
    els.map((e) => e.getAttribute("aria-controls")),
  );
  expect(new Set(ids).size).toBe(ids.length);
  await expect(entries.last()).toContainText("Admitted to HMP Wandsworth");
});

test("the timeline filters work with the keyboard alone", async ({ page }) => {
  await signIn(page, "nurse.lei");
  await page.goto("/patients/A1001AA");
  await hydrated(page);
  const summary = page.locator("summary", { hasText: "Filters" });
  await summary.focus();
  await page.keyboard.press("Enter");
  const alertKind = page.locator("#kind-alert");
  await alertKind.focus();
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/kind=alert/);
  await expect(page.getByTestId("timeline-entries").locator("li.entry:not(.kind-alert)")).toHaveCount(0);
  await expect(page.getByTestId("timeline-entries").locator("li.kind-alert").first()).toBeVisible();
});
