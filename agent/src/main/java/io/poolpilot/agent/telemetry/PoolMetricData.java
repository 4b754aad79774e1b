package io.poolpilot.agent.telemetry;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import io.poolpilot.protocol.TelemetryNames;

/** One metric as the SDK's exporters expect it, built by {@link ExecutorMetricProducer}. */
record PoolMetricData(
    Resource resource,
    InstrumentationScopeInfo scope,
    TelemetryNames.Metric metric,
    MetricDataType type,
    Data<?> data)
    implements MetricData {

  @Override
  public Resource getResource() {
    return resource;
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return scope;
  }

  @Override
  public String getName() {
    return metric.name();
  }

  @Override
  public String getDescription() {
    return metric.description();
  }

  @Override
  public String getUnit() {
    return metric.unit();
  }

  @Override
  public MetricDataType getType() {
    return type;
  }

  @Override
  public Data<?> getData() {
    return data;
  }
}
