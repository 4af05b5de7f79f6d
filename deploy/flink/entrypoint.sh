#!/usr/bin/env bash
# Entry point of the jobmanager and taskmanager containers. The image's /docker-entrypoint.sh rewrites
# conf/config.yaml in place (jobmanager.rpc.address, blob and query ports), so the project's read-only
# flink-conf/ is mounted at conf-project/ and its config.yaml copied over the image's, and so is
# log4j-console.properties (the containers' logging: no row values, README Security). Runs as root, then the
# image's entrypoint drops to the flink user.
set -euo pipefail
cp /opt/flink/conf-project/config.yaml /opt/flink/conf/config.yaml
cp /opt/flink/conf-project/log4j-console.properties /opt/flink/conf/log4j-console.properties
chown flink:flink /opt/flink/conf/config.yaml /opt/flink/conf/log4j-console.properties
# Bind-mounted from ./savepoints and ./checkpoints: the flink user (uid 9999) writes there.
chown flink:flink /opt/flink/savepoints /opt/flink/checkpoints
exec /docker-entrypoint.sh "$@"
