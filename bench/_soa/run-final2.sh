#!/bin/sh
cd /work/main
for cfg in "SOA_TABLE=entry SOA_ARR=f64" "SOA_TABLE=entry SOA_ARR=arr" "SOA_TABLE=series SOA_ARR=arr" "SOA_TABLE=entry SOA_ARR=f64"; do
  echo "=== $cfg ($(date +%T), $(uptime | sed 's/.*load/load/'))"
  env $cfg SOA_REPEATS=2 SOA_KERNEL_RUNS=4 node -r @swc-node/register bench/_soa/bench-soa.ts 2>&1 | grep -v "runs in order"
done
