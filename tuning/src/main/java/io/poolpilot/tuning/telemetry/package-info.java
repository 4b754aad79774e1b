/**
 * From what the agent exports to what the tuner reads: an instance's cumulative telemetry (pool and
 * process readings, as the sidecar accumulates them from OTLP and as the simulator produces them)
 * becomes one {@link io.poolpilot.tuning.PoolObservation} per pool per control period. The
 * sidecar's decision loop and the simulator both go through {@link
 * io.poolpilot.tuning.telemetry.ObservationConverter}, so the evaluation judges the tuner on what
 * production feeds it. Pure functions of their inputs: no clock, no state.
 */
package io.poolpilot.tuning.telemetry;
