#!/bin/sh
# Alternating final runs (each process: SOA_REPEATS warm-ups, real then kernel or kernel then real).
cd /work/main
for round in 1 2; do
  for cfg in "SOA_TABLE=entry SOA_ARR=f64" "SOA_TABLE=entry SOA_ARR=arr" "SOA_TABLE=series SOA_ARR=f64"; do
    echo "=== round $round: $cfg ($(date +%T), $(uptime | sed 's/.*load/load/'))"
    env $cfg SOA_REPEATS=2 SOA_KERNEL_RUNS=3 node -r @swc-node/register bench/_soa/bench-soa.ts 2>&1 | grep -v "runs in order"
  done
done
