// The minified portal is readable by the tools people run over static sites: Pagefind (the npm
// package pinned in package.json, whose linux-x64 binary comes in the registry package
// @pagefind/linux-x64; nothing is downloaded at run time) indexes every page of the default,
// minified build. It indexed none while the minifier dropped `</head>`, `</body>` and `</html>`.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, buildPortal, removeBuild } from './lib/site.mjs';

let output;
let index;

before(() => {
  output = buildPortal();
  index = mkdtempSync(join(tmpdir(), 'minhbach-pagefind-'));
});

after(() => {
  if (output) removeBuild(output);
  if (index) rmSync(index, { recursive: true, force: true });
});

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.html'));
}

describe('Pagefind over the minified build', () => {
  it('indexes every page, in all five languages', () => {
    const pagefind = join(REPO, 'node_modules', '.bin', 'pagefind');
    const run = spawnSync(pagefind, ['--site', output, '--output-path', index], { encoding: 'utf8' });
    const log = `${run.stdout}${run.stderr}`;
    assert.equal(run.status, 0, log);
    const pages = Number(log.match(/Indexed (\d+) pages?/)?.[1]);
    const languages = Number(log.match(/Indexed (\d+) languages?/)?.[1]);
    const expected = htmlFiles(output).length;
    assert.ok(expected > 500, `${expected} pages built`);
    assert.equal(pages, expected, `Pagefind indexed ${pages} of ${expected} pages:\n${log}`);
    assert.equal(languages, 5, log);
  });
});
