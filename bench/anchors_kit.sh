#!/usr/bin/env bash
# The comparison kit of ../shared/anchors, run as its `run.sh --service DIR --no-es` runs it,
# step by step, because its answer check stops run.sh on 152 of its 2,000 pairs: pictures of an
# authority before the day it was established, which our service answers with its predecessors'
# judgements (followLineage, true by default) and the kit's SQL conversion does not (see
# docs/performance.md, "Cold answers against the comparison kit"). Its measuring is untouched.
#
#   bench/anchors_kit.sh KIT SERVICE     KIT: a writable copy of ../shared/anchors;
#                                        SERVICE: a clone of this repository
# Like run.sh, it makes the kit's role and database, and its .venv and node_modules when missing.
set -euo pipefail
kit=$(realpath "$1"); service=$(realpath "$2")
cd "$kit"
PY=.venv/bin/python
if [[ $(id -u) == 0 ]]; then
  su postgres -c "psql -q -v ON_ERROR_STOP=1 -d postgres" < sql/setup_role.sql
else
  psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres -d postgres < sql/setup_role.sql
fi
[[ -x $PY ]] || { python3 -m venv .venv && $PY -m pip install -q --disable-pip-version-check -r requirements.txt; }
[[ -d node_modules/postgraphile ]] || npm install --no-save --loglevel=error >/dev/null
$PY bench/from_service.py prepare --service-dir "$service" \
  || echo "anchors_kit: the kit's answer check failed (see $kit/out/verify-service.json); measuring anyway" >&2
$PY bench/from_service.py wait-idle --below 0.5 --every 30 --most "${WAIT:-900}"
$PY bench/http_bench.py --sizes service --extra-targets "$kit/out/service-targets.json" --no-pgbench \
  --only "$($PY bench/from_service.py systems)"
$PY bench/report.py --sizes service
