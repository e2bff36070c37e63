# Sourced by scripts/test. Makes a throw-away PostgreSQL role and database for the tests that
# need one and exports QUALDESK_TEST_PG_URL; where no PostgreSQL exists, says so and the
# PostgreSQL tests skip. Starts a stopped local cluster (pg_ctlcluster) when it can.
QUALDESK_TEST_PG_URL="${QUALDESK_TEST_PG_URL:-}"
if [ -z "$QUALDESK_TEST_PG_URL" ] && command -v pg_lsclusters >/dev/null 2>&1 \
    && [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1; then
  cluster="$(pg_lsclusters --no-header 2>/dev/null | head -n1)"
  if [ -n "$cluster" ]; then
    read -r pg_version pg_name pg_port pg_status _ <<<"$cluster"
    if [ "$pg_status" != "online" ]; then
      pg_ctlcluster "$pg_version" "$pg_name" start >/dev/null 2>&1 || true
      pg_status="$(pg_lsclusters --no-header | awk -v v="$pg_version" -v n="$pg_name" '$1==v && $2==n {print $4}')"
    fi
    if [ "$pg_status" = "online" ]; then
      pg_suffix="$$_$(date +%s)"
      pg_role="qualdesk_test_${pg_suffix}"
      pg_password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
      if su postgres -c "psql -q -p $pg_port -v ON_ERROR_STOP=1 -c \"CREATE ROLE $pg_role LOGIN PASSWORD '$pg_password'\" -c \"CREATE DATABASE $pg_role OWNER $pg_role\"" >/dev/null 2>&1; then
        export QUALDESK_TEST_PG_URL="postgresql+psycopg://$pg_role:$pg_password@127.0.0.1:$pg_port/$pg_role"
        qualdesk_drop_pg() {
          su postgres -c "psql -q -p $pg_port -c 'DROP DATABASE IF EXISTS $pg_role WITH (FORCE)' -c 'DROP ROLE IF EXISTS $pg_role'" >/dev/null 2>&1 || true
        }
        trap qualdesk_drop_pg EXIT
        echo "== PostgreSQL $pg_version on 127.0.0.1:$pg_port (throw-away database $pg_role)"
      fi
    fi
  fi
fi
if [ -z "$QUALDESK_TEST_PG_URL" ]; then
  echo "== no PostgreSQL reachable: the PostgreSQL tests will skip"
fi
export QUALDESK_TEST_PG_URL
