import { expect, test, type Browser, type Page } from "@playwright/test";
import { idleTimeoutSecs } from "../playwright.config";
import { DEMO_PASSWORD, hydrated, signIn, snap } from "./helpers";

const TABLET = { viewport: { width: 768, height: 1024 }, hasTouch: true };
// Landings no other test records on; each test takes the first with enough one-tap doses due.
const SYNC_LANDINGS = ["C wing, landing 1", "C wing, landing 2", "C wing, landing 3", "D wing, landing 1", "D wing, landing 2"];
const CONFLICT_LANDINGS = ["B wing, landing 1", "B wing, landing 2", "B wing, landing 3", "D wing, landing 3"];

async function openRound(page: Page, landing: string) {
  await page.goto("/rounds");
  await hydrated(page);
  await expect(page).toHaveURL(/time=/);
  await page.getByLabel("Wing or landing").selectOption({ label: landing });
  await expect(page.getByTestId("round-progress")).toBeVisible();
  await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "live");
}

/** Due doses that can be given with one tap: not controlled drugs, no confirmation step. */
function oneTapDoses(page: Page) {
  return page
    .locator("[data-testid='dose'][data-state='due']")
    .filter({ hasNot: page.locator(".badge-cd, .badge-supervised") })
    .filter({ has: page.getByRole("button", { name: /^Given: / }) });
}

async function tablet(browser: Browser, username: string) {
  const context = await browser.newContext(TABLET);
  const page = await context.newPage();
  await signIn(page, username);
  return { context, page };
}

/** The round page's shell is cached by the service worker, so a reload works without a network. */
async function shellCached(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const pages = await caches.open("throughcare-pages-v1");
          const shell = await caches.open("throughcare-shell-v2");
          return !!(await pages.match("/rounds")) && !!(await shell.match("/pkg/throughcare.wasm"));
        }),
      { timeout: 15_000 },
    )
    .toBe(true);
}

/** Opens the first landing with at least `wanted` one-tap doses due, and returns its name. */
async function openLandingWith(page: Page, landings: string[], wanted: number): Promise<string> {
  for (const landing of landings) {
    await openRound(page, landing);
    if ((await oneTapDoses(page).count()) >= wanted) return landing;
  }
  throw new Error(`no landing among ${landings.join(", ")} has ${wanted} one-tap doses due now`);
}

function progress(text: string | null): number {
  const match = /(\d+) of \d+ doses recorded/.exec(text ?? "");
  return match ? Number(match[1]) : NaN;
}

// Offline rounds record shared demo data: once, on the tablet.
test.describe("a round without a network", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== "tablet", "offline rounds run once, on the tablet");
  });

  test("doses recorded offline wait on the tablet, survive a reload, and sync exactly once", async ({ browser }, testInfo) => {
    const { context, page } = await tablet(browser, "nurse.lei");
    const landing = await openLandingWith(page, SYNC_LANDINGS, 2);
    await shellCached(page);
    const before = progress(await page.getByTestId("round-progress").textContent());
    const doses = oneTapDoses(page);
    expect(await doses.count()).toBeGreaterThanOrEqual(2);
    const ids = [await doses.nth(0).getAttribute("data-prescription-id"), await doses.nth(1).getAttribute("data-prescription-id")];

    await context.setOffline(true);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "offline");
    for (const id of ids) {
      const card = page.locator(`[data-testid='dose'][data-prescription-id='${id}']`);
      await card.getByRole("button", { name: /^Given: / }).click();
      await expect(card.getByTestId("recorded")).toContainText("waiting to sync");
    }
    await expect(page.getByTestId("waiting")).toHaveText("2 entries waiting to sync");
    await snap(page, testInfo, "offline-round");

    // The tablet is reloaded in the dead zone: the page, the round and the queue come back.
    await page.reload();
    await hydrated(page);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "offline");
    await expect(page.getByTestId("waiting")).toHaveText("2 entries waiting to sync");
    for (const id of ids) {
      await expect(page.locator(`[data-testid='dose'][data-prescription-id='${id}'] [data-testid='recorded']`))
        .toContainText("waiting to sync");
    }

    await context.setOffline(false);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "live", { timeout: 20_000 });
    await expect(page.getByTestId("connection")).toContainText("every entry is saved", { timeout: 20_000 });
    for (const id of ids) {
      await expect(page.locator(`[data-testid='dose'][data-prescription-id='${id}'] [data-testid='recorded']`))
        .toContainText(/Given by (?!this tablet)/);
    }
    await snap(page, testInfo, "offline-synced");

    // Another tablet, online all along, sees each dose once.
    const other = await tablet(browser, "prescriber.lei");
    await openRound(other.page, landing);
    expect(progress(await other.page.getByTestId("round-progress").textContent())).toBe(before + 2);
    await other.context.close();
    await context.close();
  });

  test("the same dose recorded by an online tablet meanwhile is a conflict the nurse resolves", async ({ browser }, testInfo) => {
    const offline = await tablet(browser, "nurse.lei");
    const online = await tablet(browser, "pharmacist.lei");
    const landing = await openLandingWith(offline.page, CONFLICT_LANDINGS, 1);
    await openRound(online.page, landing);
    const id = await oneTapDoses(offline.page).first().getAttribute("data-prescription-id");
    const card = (page: Page) => page.locator(`[data-testid='dose'][data-prescription-id='${id}']`);

    await offline.context.setOffline(true);
    await expect(offline.page.getByTestId("connection")).toHaveAttribute("data-state", "offline");
    await card(offline.page).getByRole("button", { name: /^Not given/ }).click();
    await card(offline.page).getByLabel("Refused").check();
    await card(offline.page).getByLabel("Reason").fill("Refused at the door");
    await card(offline.page).getByRole("button", { name: "Save" }).click();
    await expect(card(offline.page).getByTestId("recorded")).toContainText("waiting to sync");

    await card(online.page).getByRole("button", { name: /^Given: / }).click();
    await expect(card(online.page).getByTestId("recorded")).toContainText("Given by");

    await offline.context.setOffline(false);
    const conflict = offline.page.getByTestId("offline-conflict");
    await expect(conflict).toBeVisible({ timeout: 20_000 });
    await expect(conflict).toContainText("Refused");
    await expect(conflict).toContainText("Already recorded: given");
    // The record keeps what the online tablet recorded; the offline entry was not merged into it.
    await expect(card(offline.page).getByTestId("recorded")).toContainText("Given by", { timeout: 20_000 });
    await snap(offline.page, testInfo, "offline-conflict");

    await conflict.getByRole("button", { name: "Record decision" }).click();
    await expect(conflict.getByRole("alert")).toContainText("Choose what happened");
    await conflict.getByLabel("It did not happen as entered (a duplicate or a mistaken entry)").check();
    await conflict.getByLabel("Note").fill("Patient took it from the pharmacist a minute later");
    await conflict.getByRole("button", { name: "Record decision" }).click();
    await expect(offline.page.getByTestId("offline-conflicts")).toHaveCount(0);
    await offline.context.close();
    await online.context.close();
  });
});

test.describe("a session without a network", () => {
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== "tablet", "offline rounds run once, on the tablet");
  });

  type KeysOnTablet = {
    unlocked: boolean;
    generations: number[];
    allExtractable: boolean;
    allCryptoKeys: boolean;
    wrapped: boolean;
    wrappedFields: string[];
    failures: number;
  };

  /** What the tablet holds of the offline keys (never the keys themselves). */
  async function keysOnTablet(page: Page): Promise<KeysOnTablet> {
    return JSON.parse(await page.evaluate(() => (window as any).throughcareOffline.describeKeys()));
  }

  /** Which key records IndexedDB holds, read directly: the pages shown after a session ends run no script of ours. */
  async function keyRecordsLeft(page: Page): Promise<{ unlocked: boolean; wrapped: boolean }> {
    return page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open("throughcare-offline");
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains("keys")) {
              db.close();
              resolve({ unlocked: false, wrapped: false });
              return;
            }
            const store = db.transaction("keys").objectStore("keys");
            const unlocked = store.getKey("unlocked");
            const wrapped = store.getKey("wrapped");
            store.transaction.oncomplete = () => {
              db.close();
              resolve({ unlocked: unlocked.result !== undefined, wrapped: wrapped.result !== undefined });
            };
          };
        }),
    );
  }

  /** Nothing in the tab's web storage looks like a key or a password verifier. */
  async function noSecretsInWebStorage(page: Page) {
    const values = await page.evaluate(() =>
      [sessionStorage, localStorage].flatMap((store) => Object.keys(store).map((k) => `${k}=${store.getItem(k)}`)),
    );
    for (const value of values) {
      expect(value, "web storage").not.toMatch(/[0-9a-f]{64}|verifier|salt/i);
    }
  }

  /** Sign-in wraps the offline keys under the password for an offline unlock; it takes a moment to derive. */
  async function offlineUnlockReady(page: Page) {
    await expect.poll(async () => (await keysOnTablet(page)).wrapped, { timeout: 15_000 }).toBe(true);
  }

  test("a tablet locked in a dead zone unlocks with the nurse's password, stays locked through a reload, and signs out after five wrong tries", async ({ browser }, testInfo) => {
    const { context, page } = await tablet(browser, "nurse.lei");
    await offlineUnlockReady(page);
    await openRound(page, SYNC_LANDINGS[0]);
    await shellCached(page);
    // The keys are non-extractable CryptoKeys, wrapped under the password with no verifier beside
    // them, and nothing secret sits in web storage.
    const held = await keysOnTablet(page);
    expect(held).toMatchObject({ unlocked: true, allExtractable: false, allCryptoKeys: true, wrapped: true, failures: 0 });
    expect(held.generations).toEqual([1]);
    expect(held.wrappedFields).toEqual(["data", "failures", "iterations", "iv", "owner", "salt", "username"]);
    await noSecretsInWebStorage(page);
    await context.setOffline(true);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "offline");

    // Signing out needs the server: offline the nurse is told so and offered the lock.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    const stillSignedIn = page.getByRole("alertdialog", { name: "You are still signed in" });
    await expect(stillSignedIn).toBeVisible();
    await expect(stillSignedIn.getByRole("button", { name: "Lock the screen" })).toBeFocused();
    await stillSignedIn.getByRole("button", { name: "Lock the screen" }).click();

    const lock = page.getByRole("dialog", { name: "Screen locked" });
    await expect(lock).toContainText("nurse.lei");
    await lock.getByLabel("Password").fill("not my password");
    await lock.getByLabel("Password").press("Enter");
    await expect(lock.getByRole("alert")).toContainText("not right. 4 more tries");
    await snap(page, testInfo, "offline-locked");
    // Locked, the tablet holds the keys only wrapped; the wrong try is counted beside them.
    expect(await keysOnTablet(page)).toMatchObject({ unlocked: false, wrapped: true, failures: 1 });

    // A reload in the dead zone comes back from the tablet's copy, still locked.
    await page.reload();
    await hydrated(page);
    await expect(lock).toBeVisible();
    await expect(page.getByTestId("round-progress")).toBeHidden();

    await lock.getByLabel("Password").fill(DEMO_PASSWORD);
    await lock.getByRole("button", { name: "Unlock" }).click();
    await expect(lock).toHaveCount(0);
    await expect(page.getByTestId("round-progress")).toBeVisible();
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "offline");

    await page.getByRole("button", { name: "Lock", exact: true }).click();
    for (const tries of ["4 more tries", "3 more tries", "2 more tries", "1 more tries"]) {
      await lock.getByLabel("Password").fill("still not my password");
      await lock.getByRole("button", { name: "Unlock" }).click();
      await expect(lock.getByRole("alert")).toContainText(tries);
    }
    await lock.getByLabel("Password").fill("still not my password");
    await lock.getByRole("button", { name: "Unlock" }).click();
    await page.waitForURL(/\/sign-in\?reason=locked_out/);
    await expect(page.getByTestId("offline-page")).toContainText("too many wrong passwords");
    expect(await keyRecordsLeft(page)).toEqual({ unlocked: false, wrapped: false });
    await context.close();
  });

  test("entries waiting are sent from any page, and signing out with entries waiting asks first", async ({ browser }, testInfo) => {
    const { context, page } = await tablet(browser, "nurse.lei");
    const landing = await openLandingWith(page, SYNC_LANDINGS, 1);
    const before = progress(await page.getByTestId("round-progress").textContent());
    const id = await oneTapDoses(page).first().getAttribute("data-prescription-id");
    const card = page.locator(`[data-testid='dose'][data-prescription-id='${id}']`);

    await context.setOffline(true);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "offline");
    await card.getByRole("button", { name: /^Given: / }).click();
    await expect(card.getByTestId("recorded")).toContainText("waiting to sync");
    await expect(page.getByTestId("header-waiting")).toHaveText("1 entry waiting to sync");

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    const warning = page.getByRole("alertdialog", { name: "1 entry has not been sent yet" });
    await expect(warning).toBeVisible();
    await expect(warning).toContainText("There is no network here to send them now.");
    await expect(warning.getByRole("button", { name: "Stay signed in" })).toBeFocused();
    await snap(page, testInfo, "sign-out-with-entries-waiting");
    await page.keyboard.press("Escape");
    await expect(warning).toHaveCount(0);

    // The nurse moves on to another page; the entry goes when the network comes back.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Patients" }).click();
    await expect(page).toHaveURL(/\/patients$/);
    await context.setOffline(false);
    await expect(page.getByTestId("header-waiting")).toHaveCount(0, { timeout: 20_000 });

    const other = await tablet(browser, "prescriber.lei");
    await openRound(other.page, landing);
    expect(progress(await other.page.getByTestId("round-progress").textContent())).toBe(before + 1);
    await other.context.close();

    // Nothing waits now: signing out asks nothing.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in\?reason=signed_out/);
    await context.close();
  });

  test("an idle tablet signed out in a dead zone forgets the key and says what happened", async ({ browser }, testInfo) => {
    test.setTimeout((idleTimeoutSecs + 60) * 1000);
    const { context, page } = await tablet(browser, "nurse.lei");
    await openRound(page, SYNC_LANDINGS[0]);
    await shellCached(page);
    await context.setOffline(true);
    await expect(page.getByTestId("connection")).toHaveAttribute("data-state", "offline");

    await page.waitForURL(/\/sign-in\?reason=idle/, { timeout: (idleTimeoutSecs + 15) * 1000 });
    const notice = page.getByTestId("offline-page");
    await expect(notice).toContainText("left idle");
    await expect(notice).toContainText("No network here");
    await snap(page, testInfo, "idle-signed-out-offline");
    expect(await keyRecordsLeft(page)).toEqual({ unlocked: false, wrapped: false });
    await context.close();
  });
});
