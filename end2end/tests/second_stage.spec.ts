import { expect, test } from "@playwright/test";
import { hydrated, signIn, snap } from "./helpers";

test("a nurse records the second-stage health assessment from the worklist, checked before it is sent", async ({ page }, testInfo) => {
  await signIn(page, "nurse.lei");
  const due = page.getByTestId("second-stage-due");
  const link = due.getByRole("link", { name: /^Record assessment for / }).first();
  await expect(link).toBeVisible();
  const name = ((await link.getAttribute("aria-label")) ?? "").replace("Record assessment for ", "");
  await snap(page, testInfo, "second-stage-worklist");
  await link.click();
  await hydrated(page);

  const form = page.locator("#second-stage");
  await expect(form).toHaveAttribute("open", "");
  const posted: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/record_second_stage_assessment")) posted.push(r.url());
  });

  // An implausible blood pressure and most answers missing: named beside each field, nothing sent.
  const bp = form.getByLabel("Blood pressure (mmHg)");
  await bp.fill("13/84");
  await form.getByLabel("Examination findings").fill("Chest clear, heart sounds normal");
  await form.getByRole("button", { name: "Save assessment" }).click();
  await expect(form.getByText("Enter the blood pressure as systolic/diastolic, e.g. 128/82.")).toBeVisible();
  await expect(bp).toHaveAttribute("aria-invalid", "true");
  await expect(bp).toBeFocused();
  await expect(form.getByText("Write the plan: referrals, follow-up and who does what.")).toBeVisible();
  await expect(form.getByRole("alert")).toContainText("answers need attention");
  await expect(form.getByLabel("Examination findings")).toHaveValue("Chest clear, heart sounds normal");
  await expect(form.getByLabel("Examination findings")).toHaveAttribute("aria-invalid", "false");
  expect(posted).toEqual([]);
  await snap(page, testInfo, "second-stage-errors");

  await bp.fill("128/82");
  await form.getByLabel("Pulse (beats a minute)").fill("72");
  await form.getByLabel("Weight in kg (optional)").fill("80");
  await form.getByLabel("Height in cm (optional)").fill("180");
  await form.getByLabel(/^Long-term conditions/).fill("Asthma: inhaler technique checked");
  await form.getByLabel(/^Alcohol and drugs since reception/).fill("Cannabis daily before custody; no withdrawal");
  await form.getByLabel("Smoking").selectOption("smoker");
  await form.getByLabel(/^Mental health since reception/).fill("Low mood, sleeping poorly; no thoughts of self-harm");
  await form.getByLabel("Blood-borne virus testing (HIV, hepatitis B and C)").selectOption("accepted");
  await form.getByLabel("Immunisations").selectOption("offered");
  await form.getByLabel("Dental").selectOption("routine");
  await form.getByLabel("Optical").selectOption("none");
  await form.getByLabel("Social care").selectOption("none");
  await form.getByLabel("Plan: referrals, follow-up and who does what").fill("Dental list; GP review of mood in 2 weeks");
  await form.getByRole("button", { name: "Save assessment" }).click();

  await expect(page.getByTestId("second-stage-saved")).toContainText("Second-stage health assessment saved");
  expect(posted).toHaveLength(1);
  // The record's screening section says so too, without a reload.
  await expect(page.getByTestId("second-stage-status")).toContainText("Second-stage assessment done");
  await expect(page.getByTestId("timeline-entries").locator("li.kind-screening").first()).toContainText(
    "Second-stage health assessment: BP 128/82, pulse 72, BMI 24.7",
  );
  await snap(page, testInfo, "second-stage-saved");

  await page.goto("/");
  await hydrated(page);
  await expect(page.getByTestId("screening-worklist")).toBeVisible();
  await expect(page.getByTestId("second-stage-due")).not.toContainText(name);
});
