#!/usr/bin/env bash
# Save-to-served time of `minhbach serve` (a benchmark, not a test).
#
#   benches/serve-rebuild.sh [SITE_DIR] [RUNS]
#
# Copies SITE_DIR (holding content/ and themes/; default: this repository) to a temporary
# folder, starts `minhbach serve` on it, then RUNS times (default 10): edits the Vietnamese name
# of one procedure and measures the time from the write until the procedure's page is served
# with the new name; then waits for the server to finish the files that summarise every record
# (search index, feeds, open data), which it makes after serving the pages, before the next
# run. Prints each run, the server's own account of each rebuild (pages rendered, time), the
# first full build, the median, and the server's peak resident memory. Uses $MINHBACH_BIN, default target/release/minhbach.
# The theme comes from this repository (the one the binary goes with), not from SITE_DIR, whose
# copy a generated site took when it was generated; set SITE_THEME=1 to use SITE_DIR's.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
site="$(cd "${1:-$repo}" && pwd)"
runs="${2:-10}"
bin="${MINHBACH_BIN:-$repo/target/release/minhbach}"
[ -x "$bin" ] || { echo "no binary at $bin: cargo build --release, or set MINHBACH_BIN" >&2; exit 1; }

work="$(mktemp -d)"
log="$work/serve.log"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ -n "${SITE_THEME:-}" ]; then
  cp -r "$site/content" "$site/themes" "$work/"
else
  cp -r "$site/content" "$repo/themes" "$work/"
fi

# The procedure to edit: the first one, by file name.
shopt -s nullglob
files=("$work"/content/procedures/*.yaml "$work"/content/procedures/*.yml)
[ ${#files[@]} -gt 0 ] || { echo "no procedure in $site/content/procedures"; exit 1; }
path="${files[0]}"
file="${path##*/}"
code="$(sed -nE "s/^code: *['\"]?([^'\"]+)['\"]? *$/\1/p" "$path" | head -1)"
slug="${code:-${file%.*}}"
count=${#files[@]}

"$bin" serve --root "$work" --port 0 >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
  url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$log" | head -1 || true)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "serve did not start"; cat "$log"; exit 1; }
page="${url}vi/procedures/$slug/"
curl -sf -o /dev/null "$page" || { echo "not served: $page"; exit 1; }

echo "site: $site ($count procedure files), binary: $bin"
echo "edited: content/procedures/$file, page: /vi/procedures/$slug/"
grep -m1 '^Built the site' "$log" | sed 's/^/first build: /'

times=()
for i in $(seq 1 "$runs"); do
  marker="BENCH$i-$RANDOM"
  before="$(grep -c '^Changed ' "$log" || true)"
  # Replace the first Vietnamese text (the procedure's name) with a marked one, in one write.
  text="$(awk -v m="$marker" '!done && /^  vi: / { sub(/^  vi: (BENCH[0-9]+-[0-9]+ )?/, "  vi: " m " "); done=1 } { print }' "$path")"
  start=$(date +%s%N)
  printf '%s\n' "$text" >"$path"
  until curl -sf "$page" | grep -q "$marker"; do
    if [ $(( ($(date +%s%N) - start) / 1000000 )) -gt 60000 ]; then
      echo "run $i: not served after 60 s"; tail -20 "$log"; exit 1
    fi
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  # The server's line for this rebuild.
  for _ in $(seq 1 50); do
    [ "$(grep -c '^Changed ' "$log" || true)" -gt "$before" ] && break
    sleep 0.05
  done
  echo "run $i: served after $ms ms; server: $(grep '^Changed ' "$log" | tail -1 | sed 's/^Changed [^:]*: //')"
  # Each run starts from a server at rest: wait until the files that summarise every record
  # (made after the pages are served) are done too, and print the server's account of them.
  for _ in $(seq 1 1200); do
    [ "$(grep -c '^  then ' "$log" || true)" -ge "$i" ] && break
    sleep 0.1
  done
  echo "       $(grep '^  then ' "$log" | tail -1 | sed 's/^ *then //')"
  sleep 0.3
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "median save-to-served: ${sorted[$(( ${#sorted[@]} / 2 ))]} ms over $runs runs (includes the watcher's debounce, 20 + 15 ms)"
# The most memory the server held at any point of the runs (the kernel's high-water mark).
hwm_kib=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
[ -n "$hwm_kib" ] && echo "serve peak resident: $((hwm_kib / 1024)) MiB (VmHWM after the runs)"
