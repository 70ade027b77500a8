import { defineConfig, devices } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// The server under test: by default the release build, on its own port, with a fresh private
// database seeded with the demo data. THROUGHCARE_E2E_URL points the tests at a running server.
const port = process.env.THROUGHCARE_E2E_PORT ?? "3100";
const baseURL = process.env.THROUGHCARE_E2E_URL ?? `http://127.0.0.1:${port}`;
const dataDir = path.join(os.tmpdir(), `throughcare-e2e-${port}`);
// Short, so the idle sign-out can be seen in a test; every other test is active throughout.
export const idleTimeoutSecs = Number(process.env.THROUGHCARE_E2E_IDLE_SECS ?? "20");

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: chromium,
  },
  projects: [
    {
      name: "tablet",
      use: { ...devices["Desktop Chrome"], viewport: { width: 768, height: 1024 }, hasTouch: true, launchOptions: chromium },
    },
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1366, height: 768 }, launchOptions: chromium },
    },
  ],
  webServer: process.env.THROUGHCARE_E2E_URL
    ? undefined
    : {
        command: "bash end2end/start-server.sh",
        cwd: "..",
        url: `${baseURL}/sign-in`,
        reuseExistingServer: false,
        timeout: 180_000,
        stdout: "pipe",
        stderr: "pipe",
        env: {
          THROUGHCARE_ADDR: `127.0.0.1:${port}`,
          THROUGHCARE_DATA_DIR: dataDir,
          THROUGHCARE_IDLE_TIMEOUT_SECS: String(idleTimeoutSecs),
          // Every page of the suite signs in from 127.0.0.1: far more than one device's 30 password
          // attempts a minute (the limit itself is tested in server/tests/integration/sign_in_lockout.rs).
          THROUGHCARE_PASSWORD_ATTEMPTS_PER_MINUTE: "100000",
          THROUGHCARE_SERVER_BIN: process.env.THROUGHCARE_SERVER_BIN ?? "target/release/server",
          RUST_LOG: "warn",
        },
      },
});
