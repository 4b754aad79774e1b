package io.poolpilot.tuning.eval;

import io.poolpilot.tuning.PoolPilotTuner;
import io.poolpilot.tuning.TunerConfig;
import io.poolpilot.tuning.sim.PoolSimulator;
import io.poolpilot.tuning.sim.Scenario;
import io.poolpilot.tuning.sim.SimulationResult;
import java.time.Duration;
import java.util.List;

/** One way of sizing the pool, run on a scenario and seed. */
enum Contender {
  STATIC_DEFAULT("static 8") {
    @Override
    SimulationResult run(Scenario scenario, long seed, References references) {
      int size = scenario.initialSize();
      return PoolSimulator.run(scenario, seed, (clock, s) -> new StaticSize(size));
    }
  },
  BEST_STATIC("best static") {
    @Override
    SimulationResult run(Scenario scenario, long seed, References references) {
      return Oracle.run(scenario, seed, List.of(references.bestStatic()));
    }
  },
  ORACLE("oracle") {
    @Override
    SimulationResult run(Scenario scenario, long seed, References references) {
      return references.oracle();
    }
  },
  GRADIENT2("gradient2") {
    @Override
    SimulationResult run(Scenario scenario, long seed, References references) {
      return PoolSimulator.run(
          scenario, seed, (clock, s) -> new Gradient2Baseline(s.initialSize(), s.maxSize()));
    }
  },
  HILL_CLIMBING("hill climbing") {
    @Override
    SimulationResult run(Scenario scenario, long seed, References references) {
      return PoolSimulator.run(
          scenario, seed, (clock, s) -> new HillClimbingBaseline(s.initialSize(), s.maxSize()));
    }
  },
  INFORMED("informed") {
    @Override
    SimulationResult run(Scenario scenario, long seed, References references) {
      return PoolSimulator.run(
          scenario,
          seed,
          (clock, s) -> new InformedController(clock, s, references.oracleSizes(), config(s)));
    }
  },
  POOLPILOT("poolpilot") {
    @Override
    SimulationResult run(Scenario scenario, long seed, References references) {
      return PoolSimulator.run(scenario, seed, (clock, s) -> new PoolPilotTuner(config(s), clock));
    }
  };

  private final String label;

  Contender(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  abstract SimulationResult run(Scenario scenario, long seed, References references);

  /** The tuner's defaults, with the scenario's size bounds (its floor included) and objective. */
  static TunerConfig config(Scenario scenario) {
    TunerConfig defaults = TunerConfig.DEFAULTS;
    return new TunerConfig(
        scenario.minSize(),
        scenario.maxSize(),
        Duration.ofNanos(Math.round(scenario.waitObjectiveSeconds() * 1e9)),
        defaults.maxStep(),
        defaults.cooldown());
  }
}
