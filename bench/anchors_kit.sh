#!/usr/bin/env bash
# The comparison kit of ../shared/anchors, run as its `run.sh --service DIR --no-es` runs it,
# step by step, because its answer check stops run.sh on 152 of its 2,000 pairs: pictures of an
# authority before the day it was established, which our service answers with its predecessors'
# judgements (followLineage, true by default) and the kit's SQL conversion does not (see
# docs/performance.md, "Cold answers against the comparison kit"). Its measuring is untouched.
#
#   bench/anchors_kit.sh KIT SERVICE     KIT: a writable copy of ../shared/anchors on which
#                                        run.sh has run once (its .venv and node_modules);
#                                        SERVICE: a clone of this repository
set -euo pipefail
kit=$(realpath "$1"); service=$(realpath "$2")
cd "$kit"
PY=.venv/bin/python
$PY bench/from_service.py prepare --service-dir "$service" \
  || echo "anchors_kit: the kit's answer check failed (see $kit/out/verify-service.json); measuring anyway" >&2
$PY bench/from_service.py wait-idle --below 0.5 --every 30 --most "${WAIT:-900}"
$PY bench/http_bench.py --sizes service --extra-targets "$kit/out/service-targets.json" --no-pgbench \
  --only "$($PY bench/from_service.py systems)"
$PY bench/report.py --sizes service
