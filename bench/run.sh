#!/usr/bin/env bash
# bench/run.sh — xundian's performance harness (issue 9; `make bench`).
#
# In one run on this machine it builds xundian, starts `xundian demoshop`
# on loopback and measures, with rate limits off (crawl.delay 0):
#   (a) bare crawl: bench/barecrawl, a minimal colly + goquery program with
#       the same parallelism and discovery (the sitemap) as xundian;
#   (b) full patrol: `xundian patrol --full` of the same shop into a new
#       database (OCR off); and (b′) separately, with OCR on, a full
#       patrol of a small demo shop (BENCH_OCR_LISTINGS, its images read by
#       Tesseract), beside the same patrol with OCR off;
#   (c) incremental patrol: a second `xundian patrol` of the unchanged shop;
#   (d) rule engine: bench/rulebench, listings checked per second on one
#       core with 5,000 extra trademark terms;
#   (e) memory: peak RSS (GNU time) of a full patrol of 100,000 listings.
# (a)–(c) run BENCH_ROUNDS times, interleaved so background load hits them
# alike; each figure is the median. Every wall time is the whole process,
# start to exit. It writes bench/RESULTS.md and prints the same table.
#
# (b″) repeats (a) and (b) once on a shop of BENCH_NET_LISTINGS that
# answers every request after BENCH_LATENCY (demoshop --latency): where the
# network, not this machine's CPU, sets the pace.
#
# Knobs (environment): BENCH_LISTINGS (10000), BENCH_BIG_LISTINGS (100000),
# BENCH_OCR_LISTINGS (100), BENCH_NET_LISTINGS (2000), BENCH_LATENCY
# (20ms), BENCH_ROUNDS (3), BENCH_TERMS (5000), BENCH_OUT
# (bench/RESULTS.md). Tesseract comes from scripts/install-ocr.sh
# (`make bench` runs it first).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$PWD
N=${BENCH_LISTINGS:-10000}
BIG=${BENCH_BIG_LISTINGS:-100000}
OCR_N=${BENCH_OCR_LISTINGS:-100}
NET_N=${BENCH_NET_LISTINGS:-2000}
NET_LATENCY=${BENCH_LATENCY:-20ms}
ROUNDS=${BENCH_ROUNDS:-3}
TERMS=${BENCH_TERMS:-5000}
OUT=${BENCH_OUT:-$root/bench/RESULTS.md}
SEED=1

work=$(mktemp -d "${TMPDIR:-/tmp}/xundian-bench.XXXXXX")
shop_pids=()
cleanup() {
	for p in "${shop_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# GNU time reports the peak RSS ("Maximum resident set size").
if ! /usr/bin/time -v true >/dev/null 2>&1; then
	say "installing GNU time"
	apt-get install -y time >/dev/null 2>&1 || die "GNU time (/usr/bin/time -v) is missing and apt-get install time failed"
fi

say "building"
go build -o "$work/xundian" ./cmd/xundian
go build -o "$work/barecrawl" ./bench/barecrawl
go build -o "$work/rulebench" ./bench/rulebench

# start_shop N [FLAGS]: starts a demo shop of N listings on a free
# loopback port and sets shop_url to its base URL (not a $(…) subshell:
# cleanup must see the PID).
start_shop() {
	local log="$work/shop-$1.log"
	"$work/xundian" demoshop --port 0 --listings "$1" --seed "$SEED" "${@:2}" >"$log" 2>&1 &
	shop_pids+=($!)
	local url=""
	for _ in $(seq 100); do
		url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)
		[ -n "$url" ] && break
		sleep 0.1
	done
	[ -n "$url" ] || die "demo shop of $1 listings did not start: $(cat "$log")"
	shop_url=$url
}

# write_config URL FILE: the shipped config.yaml pointed at URL, discovery
# through the sitemap only (no index pages), reports into $work.
write_config() {
	sed -e "s#http://127.0.0.1:8080#$1#g" \
		-e '/^  start_urls:/,/^  sitemap_url:/{/^    - /d}' \
		-e 's/^  start_urls:$/  start_urls: []/' \
		"$root/config.yaml" >"$2"
}

# Rate limits off; OCR off when this build has it (figure (b) is OCR-free).
export XUNDIAN_CRAWL_DELAY=0s XUNDIAN_CRAWL_RANDOM_DELAY=0s
if grep -q '^ocr:' "$root/config.yaml"; then
	export XUNDIAN_OCR_ENABLED=false
fi
PAR=$(awk '$1 == "parallelism:" {print $2; exit}' "$root/config.yaml")
[ -n "$PAR" ] || die "crawl.parallelism not found in config.yaml"
export XUNDIAN_CRAWL_PARALLELISM=$PAR

now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# patrol CONFIG DB LOG [flags]: runs a patrol, checks it stored a complete
# run of every listing, prints its wall seconds.
patrol() {
	local cfg=$1 db=$2 log=$3 want=$4
	shift 4
	local t0 t1
	t0=$(now)
	"$work/xundian" patrol --config "$cfg" --db "$db" --out "$work/report.md" --quiet --lang en "$@" >/dev/null 2>"$log" ||
		die "patrol failed: $(cat "$log")"
	t1=$(now)
	grep -q "complete: $want listings checked, 0 fetch failures" "$log" ||
		die "patrol did not check all $want listings: $(head -1 "$log")"
	elapsed "$t0" "$t1"
}

# bare_crawl URL N: runs the bare crawl of the shop at URL, checks it
# parsed all N listings, prints its wall seconds.
bare_crawl() {
	local t0 t1 line
	t0=$(now)
	line=$("$work/barecrawl" --sitemap "$1/sitemap.xml" --parallelism "$PAR")
	t1=$(now)
	case $line in
	"listings=$2 errors=0 "*) ;;
	*) die "bare crawl did not parse all $2 listings: $line" ;;
	esac
	elapsed "$t0" "$t1"
}

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
start_shop "$N"
url=$shop_url
cfg="$work/config.yaml"
write_config "$url" "$cfg"

: >"$work/a" && : >"$work/b" && : >"$work/c"
for r in $(seq "$ROUNDS"); do
	ta=$(bare_crawl "$url" "$N")
	tb=$(patrol "$cfg" "$work/r$r.db" "$work/full$r.log" "$N" --full)
	tc=$(patrol "$cfg" "$work/r$r.db" "$work/incr$r.log" "$N")
	echo "$ta" >>"$work/a" && echo "$tb" >>"$work/b" && echo "$tc" >>"$work/c"
	say "round $r: bare ${ta}s, full patrol ${tb}s, incremental ${tc}s"
done
ta=$(median <"$work/a")
tb=$(median <"$work/b")
tc=$(median <"$work/c")

# (b′) OCR on over a small image set: the same full patrol of a small shop
# with image reading on, then off. Tesseract must be there and read every
# image: a run that skipped OCR or failed an image is no figure.
say "OCR: full patrol of $OCR_N listings, images read, then OCR off"
start_shop "$OCR_N"
write_config "$shop_url" "$work/ocr.yaml"
tbo=$(XUNDIAN_OCR_ENABLED=true patrol "$work/ocr.yaml" "$work/ocr-on.db" "$work/ocr-on.log" "$OCR_N" --full)
images_line=$(grep -m1 '^Images read: ' "$work/report.md" || true)
case $images_line in
"Images read: "*", failed 0)"*) ;;
*) die "the OCR patrol did not read its images (${images_line:-no \"Images read\" line; OCR skipped?}): $(head -3 "$work/ocr-on.log")" ;;
esac
ocr_images=$(sed -E 's/^Images read: ([0-9]+) \(OCR ([0-9]+),.*/\1/' <<<"$images_line")
ocr_calls=$(sed -E 's/^Images read: ([0-9]+) \(OCR ([0-9]+),.*/\2/' <<<"$images_line")
tbn=$(XUNDIAN_OCR_ENABLED=false patrol "$work/ocr.yaml" "$work/ocr-off.db" "$work/ocr-off.log" "$OCR_N" --full)

# (b″) network-bound: (a) against (b) once more, on a shop that answers
# every request after NET_LATENCY, as a shop across a network does. The
# crawl then waits on the network, not on this machine's cores. Reported
# beside (b), not instead of it.
say "network-bound: $NET_N listings, every response after $NET_LATENCY"
start_shop "$NET_N" --latency "$NET_LATENCY"
write_config "$shop_url" "$work/net.yaml"
tna=$(bare_crawl "$shop_url" "$NET_N")
tnb=$(patrol "$work/net.yaml" "$work/net.db" "$work/net.log" "$NET_N" --full)

say "rule engine: $TERMS extra terms, one core"
"$work/rulebench" --terms "$TERMS" --listings "$N" --seed "$SEED" --duration 3s >"$work/d"
kv() { awk -F= -v k="$1" '$1 == k {print $2}' "$work/d"; }
d_rate=$(kv per_sec_per_core)
d_heap=$(kv build_heap_mb)
d_def=$(kv default_build_heap_mb)
d_build=$(kv build_seconds)

say "memory: full patrol of $BIG listings"
start_shop "$BIG"
big_url=$shop_url
write_config "$big_url" "$work/big.yaml"
t0=$(now)
/usr/bin/time -v -o "$work/time-big" "$work/xundian" patrol --config "$work/big.yaml" --db "$work/big.db" \
	--out "$work/report-big.md" --quiet --lang en --full >/dev/null 2>"$work/big.log" ||
	die "100k patrol failed: $(cat "$work/big.log")"
t1=$(now)
grep -q "complete: $BIG listings checked, 0 fetch failures" "$work/big.log" ||
	die "100k patrol did not check all $BIG listings: $(head -1 "$work/big.log")"
te=$(elapsed "$t0" "$t1")
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$work/time-big")

# Figures, ratios and verdicts.
calc() { awk "BEGIN {printf \"$1\", $2}"; }
pa=$(calc %.0f "$N / $ta")
pb=$(calc %.0f "$N / $tb")
pc=$(calc %.0f "$N / $tc")
ab=$(calc %.2f "$tb / $ta")        # a/b: bare pages/s over patrol pages/s
ba=$(calc %.2f "$ta / $tb")        # b as a share of a
bc=$(calc %.1f "$tb / $tc")        # b/c: how many times faster the re-patrol is
rss=$(calc %.0f "$rss_kb / 1024")
pbo=$(calc %.1f "$OCR_N / $tbo")
pbn=$(calc %.0f "$OCR_N / $tbn")
ipo=$(calc %.1f "$ocr_calls / $tbo")
pe=$(calc %.0f "$BIG / $te")
pna=$(calc %.0f "$NET_N / $tna")
pnb=$(calc %.0f "$NET_N / $tnb")
nba=$(calc %.2f "$tna / $tnb")
verdict() { awk "BEGIN {print ($1) ? \"PASS\" : \"FAIL\"}"; }
vb=$(verdict "$ta / $tb >= 0.85")
vc=$(verdict "$tb / $tc >= 5")
vd=$(verdict "$d_rate >= 20000")
ve=$(verdict "$rss_kb <= 200 * 1024")

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
{
	cat <<EOF
# xundian benchmark results

Written by \`bench/run.sh\` (\`make bench\`); re-run it to refresh. Wall times are
whole processes, start to exit; (a)–(c) are the median of $ROUNDS interleaved rounds
against one \`xundian demoshop\` of $(printf "%'d" "$N") listings (seed $SEED) on loopback,
crawl.parallelism $PAR, crawl.delay 0, discovery through the sitemap, OCR off.

| machine | |
|---|---|
| cores (nproc) | $(nproc) |
| CPU | $cpu |
| memory | $mem |
| Go | $(go env GOVERSION) |
| kernel | $(uname -sr) |
| date | $(date -u '+%Y-%m-%d %H:%M UTC') |
| load average before / after | $load_before / $(cut -d' ' -f1-3 /proc/loadavg) |

| figure | measured | target | result |
|---|---|---|---|
| (a) bare crawl (colly + goquery) | $pa pages/s (${ta} s) | — | — |
| (b) full patrol \`xundian patrol --full\` | $pb pages/s (${tb} s) | ≥ 0.85 × (a) | $ba × (a): $vb |
| (b′) full patrol with OCR on, $OCR_N listings ($ocr_images images, $ocr_calls read by Tesseract) | $pbo pages/s (${tbo} s), $ipo images/s; OCR off: $pbn pages/s (${tbn} s) | — (reported) | — |
| (b″) the same two, network-bound: $(printf "%'d" "$NET_N") listings, every response after $NET_LATENCY | bare $pna pages/s (${tna} s), patrol $pnb pages/s (${tnb} s): $nba × (a) | — (reported; (b) above is the issue's figure) | — |
| (c) incremental patrol (unchanged shop) | $pc pages/s (${tc} s) | ≥ 5 × faster than (b) | ${bc} ×: $vc |
| (d) rule engine, $TERMS extra trademark terms | $d_rate listings/s/core | ≥ 20,000 | $vd |
| (e) peak RSS, full patrol of $(printf "%'d" "$BIG") listings | $rss MB | ≤ 200 MB | $ve |

Ratios: a/b = $ab (the bare crawl's pages/s over the full patrol's), b/c = $bc (the
incremental patrol's speed-up over the full one).

Also measured: the $(printf "%'d" "$BIG")-listing patrol took ${te} s ($pe pages/s); building the
rule engine with $TERMS extra terms took ${d_build} s and keeps $d_heap MB of heap
(default term list: $d_def MB).

Per round (seconds): bare $(paste -sd' ' "$work/a"); full $(paste -sd' ' "$work/b"); incremental $(paste -sd' ' "$work/c").
EOF
	if [ -f "$root/bench/NOTES.md" ]; then
		echo
		cat "$root/bench/NOTES.md"
	fi
} >"$OUT"
cat "$OUT"
