// Lighthouse on the patient timeline and the medication round at a tablet profile, against a
// running Throughcare server with the demo data. Called by scripts/lighthouse.sh, which starts
// the server; usage: node run.mjs <base url> <output dir>.
import fs from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { ReportGenerator } from "lighthouse/report/generator/report-generator.js";

const [base, outDir] = process.argv.slice(2);
const username = process.env.THROUGHCARE_LIGHTHOUSE_USER ?? "nurse.lei";
const password = process.env.THROUGHCARE_LIGHTHOUSE_PASSWORD ?? "throughcare-demo";

/** Signs in through the same server function the sign-in form posts to; returns the cookie. */
async function signIn() {
  const response = await fetch(`${base}/api/sign_in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ username, password, next: "/" }),
    redirect: "manual",
  });
  const cookie = response.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  if (!cookie || response.status >= 400) {
    throw new Error(`sign-in as ${username} failed: HTTP ${response.status}`);
  }
  return cookie;
}

/** The round the app suggests now, on A wing landing 2 (ten patients in the demo data). */
async function roundUrl(cookie) {
  const response = await fetch(`${base}/api/round_options`, { method: "POST", headers: { cookie } });
  if (!response.ok) throw new Error(`round options: HTTP ${response.status}`);
  const options = await response.json();
  const [date, time] = options.suggested ?? [options.today, options.round_times[0].time];
  const landing = options.locations.find((l) => l.description === "A wing, landing 2") ?? options.locations[0];
  return `${base}/rounds?date=${date}&time=${time.slice(0, 5)}&location=${landing.id}`;
}

const cookie = await signIn();
const pages = [
  { name: "timeline", url: `${base}/patients/A1001AA` },
  { name: "round", url: await roundUrl(cookie) },
];

// A tablet held upright: 768×1024 CSS pixels, touch, mobile form factor (the stricter mobile
// scoring curves). No network or CPU throttling: this measures the app itself on loopback, where
// the budget is set; the first-load bytes are budgeted separately (docs/benchmarks.md).
const settings = {
  formFactor: "mobile",
  screenEmulation: { mobile: true, width: 768, height: 1024, deviceScaleFactor: 1, disabled: false },
  throttlingMethod: "provided",
  throttling: { rttMs: 0, throughputKbps: 0, cpuSlowdownMultiplier: 1, requestLatencyMs: 0, downloadThroughputKbps: 0, uploadThroughputKbps: 0 },
  emulatedUserAgent:
    "Mozilla/5.0 (Linux; Android 14; Tablet) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  onlyCategories: ["performance", "accessibility", "best-practices"],
  extraHeaders: { Cookie: cookie },
  disableFullPageScreenshot: true,
};

/** The report without its screenshots and trace timings, so it stays small enough to commit. */
function slim(lhr) {
  for (const id of ["screenshot-thumbnails", "final-screenshot"]) {
    if (lhr.audits[id]) delete lhr.audits[id].details;
  }
  delete lhr.fullPageScreenshot;
  if (lhr.timing) delete lhr.timing.entries;
  if (lhr.i18n) delete lhr.i18n.icuMessagePaths;
  return lhr;
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
const rows = [];
try {
  fs.mkdirSync(outDir, { recursive: true });
  for (const page of pages) {
    const result = await lighthouse(page.url, { port: chrome.port, logLevel: "error" }, { extends: "lighthouse:default", settings });
    const lhr = slim(result.lhr);
    if (lhr.runtimeError) throw new Error(`${page.name}: ${lhr.runtimeError.message}`);
    const finalUrl = lhr.finalDisplayedUrl ?? lhr.finalUrl;
    if (finalUrl.includes("/sign-in")) throw new Error(`${page.name}: the page sent Lighthouse to sign in (cookie refused)`);
    // A server built without cargo-leptos names no WASM (`/pkg/.js`): the audit would be of a page
    // that never hydrates, and look perfect.
    const failed = lhr.audits["network-requests"].details.items.filter(
      (r) => r.url.startsWith(base) && r.statusCode >= 400 && !r.url.endsWith("/favicon.ico"),
    );
    if (failed.length) throw new Error(`${page.name}: ${failed.map((r) => `${r.url} ${r.statusCode}`).join(", ")}`);
    fs.writeFileSync(path.join(outDir, `${page.name}.json`), JSON.stringify(lhr, null, 1) + "\n");
    fs.writeFileSync(path.join(outDir, `${page.name}.html`), ReportGenerator.generateReportHtml(lhr));
    const audit = (id) => lhr.audits[id];
    rows.push({
      page: page.name,
      performance: lhr.categories.performance.score,
      accessibility: lhr.categories.accessibility.score,
      "best-practices": lhr.categories["best-practices"].score,
      "FCP ms": Math.round(audit("first-contentful-paint").numericValue),
      "LCP ms": Math.round(audit("largest-contentful-paint").numericValue),
      CLS: Number(audit("cumulative-layout-shift").numericValue.toFixed(3)),
      "TBT ms": Math.round(audit("total-blocking-time").numericValue),
      "transfer KB": Math.round(audit("total-byte-weight").numericValue / 1024),
    });
  }
} finally {
  await chrome.kill();
}
console.table(rows);
fs.writeFileSync(path.join(outDir, "summary.json"), JSON.stringify(rows, null, 2) + "\n");
