#!/usr/bin/env bash
# Make sure the binaries the integration tests need are installed: Mosquitto (+ clients), InfluxDB 1.x,
# PostgreSQL 15 and Chromium (the console's browser tests, driven by playwright-core: no browser download),
# from Debian's own packages. The tests start PRIVATE instances on free loopback ports
# (tests/harness/services.ts); this script only installs, it never starts anything.
#
# Fast and silent when everything is present (no apt-get call). When something is missing and we are root
# with apt-get, it installs the packages with a temporary policy-rc.d so Debian does not start the system
# daemons on 1883/8086/5432. Otherwise it names the packages to install and fails.
#
# Overrides: PREEMPT_PG_BINDIR (default /usr/lib/postgresql/15/bin).
set -euo pipefail

PG_BINDIR="${PREEMPT_PG_BINDIR:-/usr/lib/postgresql/15/bin}"

# PATH for root shells usually has /usr/sbin, a user's may not: mosquitto lives there.
has_cmd() { command -v "$1" >/dev/null 2>&1 || [[ -x "/usr/sbin/$1" ]]; }

missing_packages() {
  local pkgs=()
  has_cmd mosquitto || pkgs+=(mosquitto)
  { has_cmd mosquitto_pub && has_cmd mosquitto_sub; } || pkgs+=(mosquitto-clients)
  has_cmd influxd || pkgs+=(influxdb)
  for bin in postgres initdb pg_ctl; do
    if [[ ! -x "$PG_BINDIR/$bin" ]]; then
      pkgs+=(postgresql-15)
      break
    fi
  done
  # a font with it: without recommends, Chromium may find none to render the console's text with
  [[ -x /usr/bin/chromium ]] || pkgs+=(chromium fonts-liberation)
  echo "${pkgs[@]+"${pkgs[@]}"}"
}

install_packages() {
  local pkgs=("$@")
  local policy=/usr/sbin/policy-rc.d backup=""
  if [[ -e "$policy" ]]; then
    backup="$(mktemp)"
    cp -p "$policy" "$backup"
  fi
  # Restore the administrator's policy-rc.d (or remove ours) whatever happens below.
  restore_policy() {
    if [[ -n "$backup" ]]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi
  }
  trap restore_policy EXIT
  printf '#!/bin/sh\n# preempt tests/harness: do not start daemons while installing\nexit 101\n' >"$policy"
  chmod 755 "$policy"

  echo "ensure-services: installing ${pkgs[*]} (apt-get; system daemons will not be started)" >&2
  apt-get update -qq || { sleep 5; apt-get update -qq; }
  local install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade "${pkgs[@]}")
  "${install[@]}" || { sleep 5; "${install[@]}"; }
  restore_policy
  trap - EXIT
}

read -r -a missing <<<"$(missing_packages)"
if ((${#missing[@]} > 0)); then
  if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-services: missing Debian packages: ${missing[*]}" >&2
    echo "  install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    echo "  (stop/disable the system services afterwards if you like; the tests run private instances)" >&2
    exit 1
  fi
  install_packages "${missing[@]}"
  read -r -a still <<<"$(missing_packages)"
  if ((${#still[@]} > 0)); then
    echo "ensure-services: still missing after apt-get install: ${still[*]}" >&2
    exit 1
  fi
fi

mosquitto_bin="$(command -v mosquitto 2>/dev/null || echo /usr/sbin/mosquitto)"
mq_version="$("$mosquitto_bin" -h 2>/dev/null | sed -n 's/^mosquitto version \([^ ]*\).*/\1/p' | head -1 || true)"
influx_version="$(influxd version 2>/dev/null | sed -n 's/^InfluxDB v\([^ ]*\).*/\1/p' | head -1 || true)"
pg_version="$("$PG_BINDIR/postgres" --version 2>/dev/null | awk '{print $3}' || true)"
chromium_version="$(dpkg-query -W -f='${Version}' chromium 2>/dev/null || true)"
echo "ensure-services: mosquitto ${mq_version:-?}, influxd ${influx_version:-?}, postgres ${pg_version:-?} ($PG_BINDIR), chromium ${chromium_version:-?}"
