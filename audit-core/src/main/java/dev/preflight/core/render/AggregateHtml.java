package dev.preflight.core.render;

import java.util.Map;
import java.util.Optional;

/**
 * The aggregate page of a multi-module build, from the bundled {@code aggregate.ftlh}: the
 * combined gate first, then one section per module. The model is the plain map {@code
 * dev.preflight.core.reactor.AggregateWriter} builds.
 */
public final class AggregateHtml {
  static final String TEMPLATE = "aggregate.ftlh";

  private AggregateHtml() {}

  public static String render(Map<String, Object> model) {
    return new HtmlRenderer(Optional.empty()).render(TEMPLATE, Map.of("aggregate", model));
  }
}
