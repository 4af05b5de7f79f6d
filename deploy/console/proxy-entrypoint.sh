#!/bin/sh
# Entry point of console-proxy: bcrypt-hashes CONSOLE_PASSWORD (given on stdin, so it never appears in a
# process listing), forgets the plain password and starts Caddy with deploy/console/Caddyfile.
set -eu
if [ -z "${CONSOLE_USER:-}" ] || [ -z "${CONSOLE_PASSWORD:-}" ]; then
  echo "proxy-entrypoint.sh: CONSOLE_USER and CONSOLE_PASSWORD must be set (.env)" >&2
  exit 1
fi
CONSOLE_PASSWORD_HASH="$(printf '%s\n' "$CONSOLE_PASSWORD" | caddy hash-password)"
export CONSOLE_PASSWORD_HASH
unset CONSOLE_PASSWORD
exec caddy run --config /etc/caddy/Caddyfile --adapter caddyfile
