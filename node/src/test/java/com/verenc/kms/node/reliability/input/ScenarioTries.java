package com.verenc.kms.node.reliability.input;

import com.verenc.kms.node.reliability.ReliabilitySize;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets every property's number of tries from the scenario size, so the normal test run stays short
 * and -Preliability-full tries ten times as many inputs.
 */
public final class ScenarioTries implements AroundPropertyHook {
  static final int SHORTENED = 40;
  static final int FULL = 400;

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    // Examples (no generated parameters) run once whatever the size.
    if (context.targetMethod().getParameterCount() > 0) {
      context.attributes().setTries(ReliabilitySize.pick(SHORTENED, FULL));
    }
    return property.execute();
  }
}
