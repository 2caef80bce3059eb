// Live reload in a real browser: `minhbach serve` on a copy of the shipped site, a procedure page
// open in headless Chromium, the procedure's file edited on disk. The page must reload by itself
// and show the new text; a broken file must show the problems overlay, and fixing it remove it.
//
// Run: npm install && node --test tests/browser/live-reload.test.mjs
// MINHBACH_BIN: the binary to test (default: the release build, as for the rest of the suite).
// CHROMIUM: the browser (default /usr/bin/chromium).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { binary } from "./lib/site.mjs";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
// The release binary that tests/browser/run builds (or $MINHBACH_BIN), as the rest of the suite.
const bin = binary();
const TIMEOUT = 60_000;
const PROCEDURE = "content/procedures/2.002312.yaml";
const PAGE = "en/procedures/2.002312/";

let dir, server, browser, base, log = "";

before(async () => {
  assert.ok(bin && existsSync(bin), `no minhbach binary (build it, or set MINHBACH_BIN): ${bin}`);
  dir = mkdtempSync(join(tmpdir(), "minhbach-live-"));
  for (const part of ["content", "themes"]) {
    cpSync(join(repo, part), join(dir, part), { recursive: true });
  }
  server = spawn(bin, ["serve", "--root", dir, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  base = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address:\n${log}`)), TIMEOUT);
    const read = (chunk) => {
      log += chunk;
      const m = log.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[0]);
      }
    };
    server.stdout.setEncoding("utf8").on("data", read);
    server.stderr.setEncoding("utf8").on("data", (c) => (log += c));
    server.on("exit", (code) => reject(new Error(`serve exited (${code}):\n${log}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const edit = (from, to) => {
  const path = join(dir, PROCEDURE);
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${PROCEDURE} does not contain ${from}`);
  writeFileSync(path, text.replace(from, to));
};

test("an edited procedure reloads its open page by itself", async () => {
  const page = await browser.newPage();
  await page.goto(base + PAGE);
  assert.match(await page.locator("h1").innerText(), /Permission to hold/);
  // Survives only as long as the document does: gone after a reload.
  await page.evaluate(() => { window.beforeEdit = true; });
  let loads = 0;
  page.on("load", () => loads++);

  edit("  en: Permission to hold", "  en: Live-reloaded leave to hold");
  await page.waitForFunction(
    () => document.querySelector("h1")?.textContent.includes("Live-reloaded leave to hold"),
    null,
    { timeout: TIMEOUT },
  );
  assert.equal(await page.evaluate(() => window.beforeEdit), undefined, "the page was reloaded");
  assert.ok(loads >= 1);
  assert.equal(new URL(page.url()).pathname, "/" + PAGE, "reloaded in place");
  await page.close();
});

test("a broken file shows an accessible overlay, and fixing it removes it", async () => {
  const page = await browser.newPage();
  await page.goto(base + PAGE);
  edit("code: '2.002312'", "code: [2.002312");
  const overlay = page.getByRole("alertdialog");
  await overlay.waitFor({ timeout: TIMEOUT });
  const text = await overlay.innerText();
  assert.match(text, /content\/procedures\/2\.002312\.yaml:\d+:\d+/);
  assert.match(text, /hint:/);
  // The page behind still shows the last good build.
  assert.match(await page.locator("h1").innerText(), /hold/);

  edit("code: [2.002312", "code: '2.002312'");
  await overlay.waitFor({ state: "detached", timeout: TIMEOUT });
  await page.close();
});
