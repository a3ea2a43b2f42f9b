#!/usr/bin/env bash
# The WebGPU route on one machine, in one call: probes Vulkan and the Dawn adapter, runs the
# gradient tests (webgpu against cpu), and times ResNet-20 and VGG-small 1W/1A training at batch
# 128 and 256 on webgpu and on native. Everything it prints is also saved under OUT (default
# docs/performance/webgpu-check-<UTC time>): check.log, adapter.json, vulkaninfo.txt,
# gradients.log, speed.jsonl and summary.md (the speed table with the webgpu/native ratios).
#
# Usage: tools/gpu/webgpu-check.sh [--quick] [--out DIR]
#   --quick   batches 8 and 16 on 16×16 images, two timed steps: the whole check in minutes on
#             a machine without a GPU (lavapipe), to see that every part works
# Needs: node_modules installed (npm ci); the native addon built for the native column
# (npm run build:native -w packages/backend-native); vulkaninfo (vulkan-tools) for the probe.
# On a machine with a GPU the full check takes about 3-4 minutes (most of it the cpu reference
# of the gradient test and native's steps at batch 256).
set -uo pipefail
cd "$(dirname "$0")/../.."

quick=0
out="docs/performance/webgpu-check-$(date -u +%Y%m%dT%H%M%SZ)"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --out) out="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--out DIR]" >&2; exit 2 ;;
  esac
  shift
done
mkdir -p "$out"
exec > >(tee "$out/check.log") 2>&1

if [[ ! -d node_modules/@tensorflow/tfjs-backend-webgpu || ! -d node_modules/webgpu ]]; then
  echo "node_modules is missing or incomplete: run npm ci first" >&2
  exit 1
fi

if [[ $quick == 1 ]]; then
  batches=(8 16); size=16; steps=2; warmup=1
else
  batches=(128 256); size=32; steps=5; warmup=2
fi
bench() { node --conditions=@signflow/source --import tsx tools/gpu/webgpu-bench.ts "$@"; }
section() { printf '\n== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }
started=$SECONDS

section "machine"
uname -srm
node --version
nproc
command -v nvidia-smi >/dev/null && nvidia-smi -L
command -v lspci >/dev/null && lspci | grep -Ei 'vga|3d|display'

section "Vulkan"
if command -v vulkaninfo >/dev/null; then
  vulkaninfo --summary >"$out/vulkaninfo.txt" 2>&1
  grep -E 'deviceName|deviceType|driverName|driverInfo|apiVersion' "$out/vulkaninfo.txt" || cat "$out/vulkaninfo.txt"
else
  echo "vulkaninfo is not installed (Debian/Ubuntu: apt-get install vulkan-tools)" | tee "$out/vulkaninfo.txt"
fi
ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>/dev/null

section "Dawn adapter"
bench adapter 2>&1 | grep -v '^Warning: max' | tee "$out/adapter.json"

section "gradients: a training step on webgpu against cpu"
(cd apps/trainer && CI=1 NO_COLOR=1 npx vitest run test/webgpu-gradients.test.ts -t 'ResNet-20, 1W/1A|ViT block') 2>&1 |
  grep -v '^Warning: max' | tee "$out/gradients.log"
gradients=${PIPESTATUS[0]}

section "training speed (1W/1A ReSTE, ${size}x${size}, $steps timed steps after $warmup)"
: >"$out/speed.jsonl"
for model in resnet20 vgg-small; do
  for batch in "${batches[@]}"; do
    for backend in webgpu native; do
      line=$(bench speed --backend "$backend" --model "$model" --batch "$batch" --size "$size" --steps "$steps" --warmup "$warmup" 2>&1 |
        grep -v '^Warning: max' | grep -v -e '^=*$' -e 'Hi, looks like' | tail -1)
      echo "$line"
      if [[ $line == '{'* ]]; then echo "$line" >>"$out/speed.jsonl"; fi
    done
  done
done

section "summary"
node - "$out" <<'NODE' | tee "$out/summary.md"
const { readFileSync } = require('node:fs');
const dir = process.argv[2];
const rows = readFileSync(`${dir}/speed.jsonl`, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const adapter = JSON.parse(readFileSync(`${dir}/adapter.json`, 'utf8'));
const a = adapter.adapter;
console.log(`Adapter: ${a ? `${a.vendor} ${a.architecture} (${a.description || a.device}), ${a.software ? 'software' : 'GPU'}` : `none: ${adapter.reason}`}\n`);
console.log('| model | batch | webgpu img/s | native img/s | webgpu / native |');
console.log('|---|---|---|---|---|');
const keys = [...new Set(rows.map((r) => `${r.model} ${r.batch}`))];
for (const key of keys) {
  const [model, batch] = key.split(' ');
  const get = (b) => rows.find((r) => r.model === model && String(r.batch) === batch && r.backend === b);
  const w = get('webgpu');
  const n = get('native');
  const fmt = (r) => (r ? r.imagesPerSecond.toFixed(1) : 'failed');
  console.log(`| ${model} | ${batch} | ${fmt(w)} | ${fmt(n)} | ${w && n ? (w.imagesPerSecond / n.imagesPerSecond).toFixed(2) : '-'} |`);
}
NODE

section "done in $((SECONDS - started)) s; output in $out"
# Paths relative to the repository in the saved logs (tee has written check.log by now; the
# rewrite waits for it to close).
exec >&- 2>&-
wait
sed -i "s|$PWD/||g; s|$PWD|.|g" "$out"/*.log
exit "$gradients"
