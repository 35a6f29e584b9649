#!/bin/sh
# The shop's stand-in programs (busybox sh, nc and httpd), one per role:
#   api     a web server on 8080: /healthz answers from the start (the liveness check); / (the ingress's /shop)
#           answers once postgres and redis have accepted a connection, so that is when the pod turns ready
#   worker  checks both every 10 s and keeps /shop/state/linked while they answer (its readiness check)
#   check   one check, for the cron job: exit 0 when both answer
# Hosts come from the links: the api's `db` and `cache` links set db_db_host and cache_cache_host, the worker's
# renamed `db` link sets PGHOST (and PGUSER, PGPASSWORD, PGDATABASE).
set -eu

# reachable HOST PORT: the server accepts a TCP connection within 2 s.
reachable() { nc -z -w 2 "$1" "$2" >/dev/null 2>&1; }

api() {
  : "${db_db_host:?is set by the db link}" "${db_db_name:?is set by the db link}" "${cache_cache_host:?is set by the cache link}"
  www=/shop/state/www
  mkdir -p "$www"
  rm -f "$www/index.html"
  echo ok >"$www/healthz"
  httpd -f -p 8080 -h "$www" &
  server=$!
  trap 'kill "$server"; exit 0' TERM
  until reachable "$db_db_host" 5432 && reachable "$cache_cache_host" 6379; do
    echo "api: waiting for postgres at $db_db_host:5432 and redis at $cache_cache_host:6379"
    sleep 2
  done
  printf 'shop api: postgres (database %s) at %s:5432 and redis at %s:6379 answer\n' \
    "$db_db_name" "$db_db_host" "$cache_cache_host" >"$www/index.tmp"
  mv "$www/index.tmp" "$www/index.html"
  echo "api: ready"
  wait "$server"
}

worker() {
  : "${PGHOST:?is set by the db link}" "${PGDATABASE:?is set by the db link}" "${PGUSER:?is set by the db link}" "${cache_cache_host:?is set by the cache link}"
  trap 'exit 0' TERM
  while :; do
    if reachable "$PGHOST" 5432 && reachable "$cache_cache_host" 6379; then
      [ -e /shop/state/linked ] || echo "worker: postgres (database $PGDATABASE, user $PGUSER) at $PGHOST:5432 and redis at $cache_cache_host:6379 answer"
      touch /shop/state/linked
    else
      [ ! -e /shop/state/linked ] || echo "worker: postgres at $PGHOST:5432 or redis at $cache_cache_host:6379 does not answer"
      rm -f /shop/state/linked
    fi
    # In the background, so that SIGTERM ends the pause at once.
    sleep 10 &
    wait $!
  done
}

check() {
  : "${PGHOST:?is set by the db link}" "${cache_cache_host:?is set by the cache link}"
  reachable "$PGHOST" 5432 || { echo "check: postgres at $PGHOST:5432 does not answer" >&2; exit 1; }
  reachable "$cache_cache_host" 6379 || { echo "check: redis at $cache_cache_host:6379 does not answer" >&2; exit 1; }
  echo "check: postgres at $PGHOST:5432 and redis at $cache_cache_host:6379 answer"
}

case "${1:-}" in
  api | worker | check) "$1" ;;
  *)
    echo "usage: shop.sh api|worker|check" >&2
    exit 2
    ;;
esac
