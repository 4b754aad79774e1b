#!/usr/bin/env bash
# What the agents cost a real application: benchmarks/app-overhead.sh <app.jar> [--short]
# with the jar of spring-petclinic-rest (docs/benchmarks.md, section 5, says how to build it).
# The same as `benchmarks/run.sh app <app.jar> [--short]`, which documents the run.
exec "$(dirname "$0")/run.sh" app "$@"
