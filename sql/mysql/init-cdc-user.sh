#!/usr/bin/env bash
# First-start initialisation of docker-compose's development MySQL (mounted into /docker-entrypoint-initdb.d):
# creates the replication user 'cdc' with the password from MYSQL_CDC_PASSWORD, then applies cdc-user.sql,
# which holds the privileges (it never creates a user). The MySQL image's
# entrypoint runs this file (it is executable) while its init-time server listens on the socket only.
set -euo pipefail
if [ -z "${MYSQL_CDC_PASSWORD:-}" ]; then
  echo "init-cdc-user.sh: MYSQL_CDC_PASSWORD is not set (.env)" >&2
  exit 1
fi
# A MySQL string literal: backslashes and quotes doubled.
password=${MYSQL_CDC_PASSWORD//\\/\\\\}
password=${password//\'/\'\'}
# The root password travels in the environment (MYSQL_PWD), never as an argument.
MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot <<SQL
CREATE USER IF NOT EXISTS 'cdc'@'%' IDENTIFIED BY '${password}';
SQL
MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot < /opt/cdc/cdc-user.sql
echo "init-cdc-user.sh: replication user 'cdc' created"
