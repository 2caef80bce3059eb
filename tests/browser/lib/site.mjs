// Build the shipped portal with the release binary and serve it on 127.0.0.1, the way a static
// host would: gzip for text, the language's 404 page for a missing address.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { LANGUAGES } from './pages.mjs';

/** The repository root. */
export const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** Where screenshots and reports go (gitignored). */
export const ARTIFACTS = join(REPO, 'tests', 'browser', 'artifacts');

/** The minhbach binary the suite builds with: `$MINHBACH_BIN`, or the release build. */
export function binary() {
  // Where cargo put the release binary (`CARGO_TARGET_DIR` moves it), unless named outright.
  const target = process.env.CARGO_TARGET_DIR ? resolve(REPO, process.env.CARGO_TARGET_DIR) : join(REPO, 'target');
  const bin = process.env.MINHBACH_BIN ?? join(target, 'release', 'minhbach');
  if (!existsSync(bin)) {
    throw new Error(`${bin} does not exist: run \`cargo build --release\` first (tests/browser/run does)`);
  }
  return bin;
}

/**
 * Build the shipped portal into a new temporary folder and return its path. The caller removes
 * it with `removeBuild`.
 */
export function buildPortal() {
  const dir = mkdtempSync(join(tmpdir(), 'minhbach-browser-'));
  const output = join(dir, 'public');
  const run = spawnSync(binary(), ['--quiet', 'build', '--root', REPO, '--output', output], {
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`minhbach build failed (${run.status}):\n${run.stdout}${run.stderr}`);
  }
  return output;
}

/** Remove a folder made by `buildPortal`. */
export function removeBuild(output) {
  rmSync(resolve(output, '..'), { recursive: true, force: true });
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml', '.txt']);

/**
 * Serve `root` on 127.0.0.1 (a free port). Returns `{ origin, requests, close() }`. Never serves
 * a file outside `root`. A missing page gets `/{lang}/404.html` (or `/404.html`) with status 404.
 * `requests` lists every request answered, as `{ url, status }`: the server's own view, which
 * also sees what the browser asks for by itself (such as `/favicon.ico`) and a page's scripts
 * cannot observe.
 */
export async function serve(root) {
  const requests = [];
  const server = createServer((req, res) => {
    res.on('finish', () => requests.push({ url: req.url, status: res.statusCode }));
    const url = new URL(req.url, 'http://127.0.0.1');
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return send(res, req, 400, '.txt', Buffer.from('bad request'));
    }
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      return send(res, req, 403, '.txt', Buffer.from('forbidden'));
    }
    let stat = statOrNull(file);
    if (stat?.isDirectory()) {
      if (!path.endsWith('/')) {
        res.writeHead(301, { location: `${url.pathname}/${url.search}` });
        return res.end();
      }
      const index = join(file, 'index.html');
      stat = statOrNull(index);
      if (stat?.isFile()) return send(res, req, 200, '.html', readFileSync(index));
    } else if (stat?.isFile()) {
      return send(res, req, 200, extname(file), readFileSync(file));
    }
    const lang = path.split('/')[1];
    const notFound = join(root, LANGUAGES.includes(lang) ? lang : '', '404.html');
    return send(res, req, 404, '.html', readFileSync(notFound));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

function statOrNull(file) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function send(res, req, status, ext, body) {
  const headers = { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'cache-control': 'no-store' };
  if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    body = gzipSync(body, { level: 9 });
    headers['content-encoding'] = 'gzip';
    headers.vary = 'accept-encoding';
  }
  headers['content-length'] = body.length;
  res.writeHead(status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}
