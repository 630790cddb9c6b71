package dev.preflight.maven;

import dev.preflight.core.audit.InputValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.model.InputLocation;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What Maven knows about where a goal's parameters came from: the execution's configuration (the
 * pom's {@code <configuration>} merged with each parameter's {@code ${property}} default) and the
 * {@code -D} user properties. Used to say where an input is named ({@code pom.xml:31:13}) and to
 * warn when a {@code -D} value cannot win because the pom's {@code <configuration>} sets the
 * parameter itself (Maven then ignores the property without a word).
 */
final class MojoConfiguration {
  private final Optional<Xpp3Dom> configuration;
  private final List<Parameter> parameters;
  private final Properties userProperties;
  private final String pomName;

  MojoConfiguration(MojoExecution execution, Properties userProperties, String pomName) {
    this.configuration = Optional.ofNullable(execution).map(MojoExecution::getConfiguration);
    MojoDescriptor d = execution == null ? null : execution.getMojoDescriptor();
    this.parameters = d == null || d.getParameters() == null ? List.of() : d.getParameters();
    this.userProperties = userProperties == null ? new Properties() : userProperties;
    this.pomName = pomName;
  }

  /** Without a Maven session (unit tests): nothing is known about origins. */
  static MojoConfiguration none() {
    return new MojoConfiguration(null, null, "pom.xml");
  }

  /** The raw text of a {@code -D} property, as the user typed it. */
  Optional<String> userProperty(String name) {
    return Optional.ofNullable(userProperties.getProperty(name));
  }

  /**
   * Whether the user gave {@code parameter} a value: its {@code -D} property, or a {@code
   * <configuration>} value other than the property expression Maven fills in by default.
   */
  boolean named(String parameter) {
    Optional<String> property = parameters.stream().filter(p -> p.getName().equals(parameter))
        .map(MojoConfiguration::property).filter(java.util.Objects::nonNull).findFirst();
    if (property.isPresent() && userProperties.containsKey(property.get())) {
      return true;
    }
    return configuration.map(c -> c.getChild(parameter)).map(Xpp3Dom::getValue)
        .filter(v -> property.isEmpty() || !v.contains("${" + property.get() + "}"))
        .isPresent();
  }

  /**
   * One line per {@code -D} property that a parameter's {@code <configuration>} value shadows:
   * {@code -Dpreflight.validator=http://... is ignored: pom.xml:31:13 <validator> sets it}.
   */
  List<String> shadowedProperties() {
    List<String> out = new ArrayList<>();
    if (configuration.isEmpty()) {
      return out;
    }
    for (Parameter p : parameters) {
      String property = property(p);
      if (property == null || !userProperties.containsKey(property)) {
        continue;
      }
      Xpp3Dom child = configuration.get().getChild(p.getName());
      if (child == null) {
        continue;
      }
      boolean fromProperty = child.getValue() != null
          && child.getValue().contains("${" + property + "}");
      if (fromProperty) {
        continue;
      }
      out.add("-D" + property + " is ignored: " + where(child)
          + " sets <" + p.getName() + "> in <configuration>, which wins over -D. To let -D "
          + "override it, put the value in <properties><" + property + ">...</" + property
          + "></properties> and remove <" + p.getName() + "> from <configuration> (see "
          + "docs/user-guide.md#configuration-that--d-can-override).");
    }
    return out;
  }

  /**
   * Where an input is named: a {@code -D} property, or the pom element at {@code path} (child
   * names, and indexes into lists: {@code "programs", "0", "so"}).
   */
  InputValidation.Setting setting(String parameter, String... path) {
    Optional<String> property = parameters.stream().filter(p -> p.getName().equals(parameter))
        .map(MojoConfiguration::property).filter(java.util.Objects::nonNull).findFirst();
    Optional<Xpp3Dom> element = configuration.map(c -> c.getChild(parameter));
    boolean fromProperty = element.map(e -> e.getValue() != null && property.isPresent()
        && e.getValue().contains("${" + property.get() + "}")).orElse(true);
    if (fromProperty && property.isPresent() && userProperties.containsKey(property.get())) {
      return InputValidation.Setting.of("command line", "-D" + property.get());
    }
    StringBuilder key = new StringBuilder("<").append(parameter).append('>');
    Optional<Xpp3Dom> at = element;
    for (String step : path) {
      if (step.chars().allMatch(Character::isDigit)) {
        int i = Integer.parseInt(step);
        key.append('[').append(i).append(']');
        at = at.filter(e -> e.getChildCount() > i).map(e -> e.getChild(i));
      } else {
        key.append(".<").append(step).append('>');
        at = at.map(e -> e.getChild(step));
      }
    }
    Optional<InputLocation> loc = at.map(Xpp3Dom::getInputLocation)
        .filter(InputLocation.class::isInstance).map(InputLocation.class::cast);
    return new InputValidation.Setting(loc.map(this::file).orElse(pomName),
        loc.map(InputLocation::getLineNumber).orElse(0),
        loc.map(InputLocation::getColumnNumber).orElse(0), key.toString());
  }

  private String where(Xpp3Dom element) {
    if (element.getInputLocation() instanceof InputLocation l && l.getLineNumber() > 0) {
      return file(l) + ":" + l.getLineNumber() + ":" + l.getColumnNumber();
    }
    return pomName;
  }

  private String file(InputLocation l) {
    // The pom's own name: its absolute path would differ on every machine.
    if (l.getSource() != null && l.getSource().getLocation() != null) {
      return java.nio.file.Path.of(l.getSource().getLocation()).getFileName().toString();
    }
    return pomName;
  }

  /** {@code preflight.validator} for a parameter declared {@code property = "preflight.validator"}. */
  private static String property(Parameter p) {
    String e = p.getExpression();
    if (e == null || !e.startsWith("${") || !e.endsWith("}")) {
      return null;
    }
    String name = e.substring(2, e.length() - 1);
    return name.startsWith("project.") || name.startsWith("session.")
        || name.startsWith("mojoExecution") ? null : name;
  }
}
