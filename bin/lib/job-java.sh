# shellcheck shell=bash
# Sourced by bin/check and bin/validate: how to run a class of the job jar outside Flink, with Flink's lib/ for
# Flink, SLF4J and Log4j, and the passwords from the local secrets when the environment lacks them.
#   JOB_JAR    the job jar (default job/target/mysql-clickhouse-cdc-job.jar)
#   FLINK_LIB  Flink's lib/ (default stack/flink-dist/target/flink/lib when built, else /opt/flink/lib as in the Flink image)

job_java_classpath() {
  local root="$1"
  JOB_JAR="${JOB_JAR:-$root/job/target/mysql-clickhouse-cdc-job.jar}"
  if [ -z "${FLINK_LIB:-}" ]; then
    FLINK_LIB="$root/stack/flink-dist/target/flink/lib"
    [ -d "$FLINK_LIB" ] || FLINK_LIB=/opt/flink/lib
  fi
  [ -f "$JOB_JAR" ] || { echo "$JOB_JAR not found; build it with: mvn -B -DskipTests package" >&2; exit 2; }
  [ -d "$FLINK_LIB" ] || { echo "Flink's lib/ not found at $FLINK_LIB; set FLINK_LIB" >&2; exit 2; }
  # shellcheck disable=SC2034  # read by the scripts that source this file
  JOB_CLASSPATH="$JOB_JAR:$FLINK_LIB/*"
}

# MYSQL_CDC_PASSWORD and CLICKHOUSE_PASSWORD from .env (docker-compose) or .stack/secrets.env (local stack),
# unless both are set already. Never on a command line.
load_local_secrets() {
  local root="$1" secrets
  for secrets in "$root/.env" "$root/.stack/secrets.env"; do
    if [ -f "$secrets" ] && { [ -z "${MYSQL_CDC_PASSWORD:-}" ] || [ -z "${CLICKHOUSE_PASSWORD:-}" ]; }; then
      set -a
      # shellcheck source=/dev/null
      . "$secrets"
      set +a
    fi
  done
}
