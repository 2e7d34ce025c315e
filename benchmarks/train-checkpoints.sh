#!/usr/bin/env bash
# Trains the checkpoints that `dfp bench maze2d` loads from checkpoints/<name>/ (layout of `dfp train --out`), one
# after another, and appends one line per finished run to checkpoints/<name>/TRAINING.md (format:
# checkpoints/README.md). Long: run it on a dedicated machine.
#
# Usage: benchmarks/train-checkpoints.sh [name ...]     (default: all six; names as in the list below)
# Env:   DFP_BACKEND=tensorflow|wasm|cpu picks the tfjs backend (default: auto).
#
# A folder that already holds checkpoints is skipped (remove it to retrain, or resume by hand with
# `node bin/dfp.js train ... --resume`, then add its TRAINING.md line yourself).
set -euo pipefail
cd "$(dirname "$0")/.."

SEED=0
# name | env | training config  (DF: causal RNN, per-token noise levels; Diffuser-style baseline: transformer with
# causal: false, one shared noise level per sequence = train.noiseMode "shared")
# The DF configs "continue" their base config: `dfp train` trains configs/<env>.json to the step count in "continues",
# then resumes under the -long config (see checkpoints/maze2d-umaze-v1/TRAINING.md for why).
RUNS=(
  "maze2d-umaze-v1|maze2d-umaze-v1|configs/maze2d-umaze-v1-long.json"
  "maze2d-medium-v1|maze2d-medium-v1|configs/maze2d-medium-v1-long.json"
  "maze2d-large-v1|maze2d-large-v1|configs/maze2d-large-v1-long.json"
  "maze2d-umaze-v1-diffuser|maze2d-umaze-v1|configs/maze2d-umaze-v1-diffuser.json"
  "maze2d-medium-v1-diffuser|maze2d-medium-v1|configs/maze2d-medium-v1-diffuser.json"
  "maze2d-large-v1-diffuser|maze2d-large-v1|configs/maze2d-large-v1-diffuser.json"
)

npm run build --silent

duration() { # seconds -> 1h02m03s
  local s=$1
  printf '%dh%02dm%02ds' $((s / 3600)) $((s % 3600 / 60)) $((s % 60))
}

machine() {
  local cpu cores
  cpu=$(node -p "require('os').cpus()[0].model.trim()")
  cores=$(node -p "require('os').cpus().length")
  printf '%s, %s cores, %s, Node %s' "$cpu" "$cores" "$(uname -sr)" "$(node -v)"
}

commit() {
  local c
  c=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ -n "$(git status --porcelain 2>/dev/null)" ]; then c="$c-dirty"; fi
  printf '%s' "$c"
}

train_one() { # name env config
  local name=$1 env=$2 config=$3 out="checkpoints/$1"
  local cmd="dfp train --env $env --config $config --out $out --seed $SEED"
  echo "== $cmd" >&2
  local errlog t0 t1 line
  errlog=$(mktemp)
  t0=$(date +%s)
  # stdout of `dfp train` is one line: "finished at step N, loss L, R steps/s; checkpoint FILE"; progress goes to stderr.
  line=$(node bin/dfp.js train --env "$env" --config "$config" --out "$out" --seed "$SEED" --progress log 2> >(tee "$errlog" >&2))
  t1=$(date +%s)
  echo "$line" >&2
  if [[ ! "$line" =~ ^finished\ at\ step\ ([0-9]+),\ loss\ ([^,]+), ]]; then
    echo "$out: training did not finish ($line); no TRAINING.md line written" >&2
    rm -f "$errlog"
    return 1
  fi
  local steps=${BASH_REMATCH[1]} loss=${BASH_REMATCH[2]} backend
  backend=$(sed -n 's/^backend: //p' "$errlog" | head -n 1)
  rm -f "$errlog"
  local record="$out/TRAINING.md"
  if [ ! -f "$record" ]; then
    {
      echo "# Training record of $out"
      echo
      echo "One line per training run (format: checkpoints/README.md)."
      echo
      echo "| date (UTC) | command | seed | steps | wall time | final loss | machine | backend | commit |"
      echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    } >"$record"
  fi
  echo "| $(date -u +%Y-%m-%dT%H:%M:%SZ) | \`$cmd\` | $SEED | $steps | $(duration $((t1 - t0))) | $loss | $(machine) | ${backend:-unknown} | $(commit) |" >>"$record"
  echo "recorded $record" >&2
}

selected=("$@")
for run in "${RUNS[@]}"; do
  IFS='|' read -r name env config <<<"$run"
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ \ $name\  ]]; then continue; fi
  if compgen -G "checkpoints/$name/step-*.json" >/dev/null; then
    echo "skip checkpoints/$name: it already holds checkpoints" >&2
    continue
  fi
  train_one "$name" "$env" "$config"
done
