// Every HTML file of the build, minified as it ships, through the W3C Nu HTML checker (vnu-jar).
// The checker runs once over all files: starting Java per file would take minutes.

import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { buildPortal, removeBuild } from './lib/site.mjs';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));
const JAVA = process.env.JAVA ?? 'java';

let output;
let canaryDir;

before(() => {
  output = buildPortal();
  canaryDir = mkdtempSync(join(tmpdir(), 'minhbach-vnu-'));
});

after(() => {
  if (output) removeBuild(output);
  if (canaryDir) rmSync(canaryDir, { recursive: true, force: true });
});

it('every HTML file of the build passes the Nu HTML checker', () => {
  const files = htmlFiles(output);
  assert.ok(files.length > 100, `only ${files.length} HTML files in the build`);
  // A file with a known error, checked in the same run: proves the checker really ran over the
  // list and that its report is read correctly.
  const canary = join(canaryDir, 'canary.html');
  writeFileSync(canary, '<!DOCTYPE html><html lang="en"><title>x</title><p><div></p>');
  // Warnings are reported too and printed, but only errors fail the check: the bar is
  // "no errors", and a warning (say, a footnote <section> without a heading) is advice about
  // the document outline, not a fault a browser or a screen reader trips over.
  const run = spawnSync(JAVA, ['-jar', VNU_JAR, '--format', 'json', canary, ...files], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(run.error, undefined, `cannot run ${JAVA}: ${run.error}`);
  // vnu writes its JSON report to stderr.
  let report;
  try {
    report = JSON.parse(run.stderr);
  } catch {
    assert.fail(`vnu did not report JSON (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  }
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  const canaryErrors = errors.filter((m) => m.url.endsWith('/canary.html'));
  assert.ok(canaryErrors.length > 0, 'the checker found the error planted in canary.html');
  const buildErrors = errors
    .filter((m) => !m.url.endsWith('/canary.html'))
    .map((m) => `${relative(output, new URL(m.url).pathname)}:${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message} [${(m.extract ?? '').trim()}]`);
  const warnings = new Map();
  for (const m of report.messages) {
    if (m.subType !== 'warning' || m.url.endsWith('/canary.html')) continue;
    warnings.set(m.message, (warnings.get(m.message) ?? 0) + 1);
  }
  console.log(`vnu checked ${files.length} HTML files of the build: ${buildErrors.length} errors, ${[...warnings.values()].reduce((a, b) => a + b, 0)} warnings`);
  for (const [message, count] of warnings) console.log(`  warning ×${count}: ${message}`);
  assert.deepEqual(buildErrors.slice(0, 50), [], `${buildErrors.length} errors`);
  assert.equal(run.status, 1, 'vnu exits non-zero because of the canary, and only because of it');
});

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}
