# Sourced by scripts/test.sh and bench scripts: installs PostgreSQL from Debian if missing, starts a
# throwaway cluster (temp directory, free port, 127.0.0.1 only, trust auth) and stops it on exit.
# After sourcing: $KITH_PG_URL is a Npgsql connection string, $pg_bin/$pg_port/$pg_dir are set,
# and pg_psql runs psql against the cluster.
# KITH_PG_DIR=DIR keeps the cluster in DIR instead (created on first use, stopped but not removed on exit),
# for benchmarks whose PostgreSQL data takes long to load.

kith_apt_install() {
  local SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing $* ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ ! -x "${pg_bin:-/nonexistent}/initdb" ]; then
  kith_apt_install postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi

if [ -n "${KITH_PG_DIR:-}" ]; then
  pg_dir=$KITH_PG_DIR; mkdir -p "$pg_dir"
else
  pg_dir=$(mktemp -d /tmp/kith-pg.XXXXXX)
fi
pg_port=$( (command -v python3 >/dev/null && python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])') \
  || echo $((20000 + RANDOM % 20000)) )
pg_as=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres:postgres "$pg_dir"
  pg_as=(runuser -u postgres --)
fi
if [ -n "${KITH_PG_DIR:-}" ]; then
  pg_stop() { "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; }
else
  pg_stop() { "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
fi
trap pg_stop EXIT
if [ ! -f "$pg_dir/data/PG_VERSION" ]; then
  "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
fi
"${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-h 127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=200 ${KITH_PG_OPTIONS:-}" start >/dev/null
KITH_PG_URL="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
pg_psql() { "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -v ON_ERROR_STOP=1 -q "$@"; }
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"
