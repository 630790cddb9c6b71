package dev.preflight.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.audit.InputValidation;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;

/**
 * Where parameters came from, on the configuration Maven hands a goal: the pom's values merged
 * with each parameter's {@code ${property}} default.
 */
class MojoConfigurationTest {

  private static MojoExecution execution(String validatorValue, String suppressionsValue)
      throws Exception {
    MojoDescriptor d = new MojoDescriptor();
    d.addParameter(parameter("validator", "${preflight.validator}"));
    d.addParameter(parameter("suppressions", "${preflight.suppressions}"));
    d.addParameter(parameter("basedir", "${project.basedir}"));
    Xpp3Dom config = new Xpp3Dom("configuration");
    config.addChild(child("validator", validatorValue));
    config.addChild(child("suppressions", suppressionsValue));
    config.addChild(child("basedir", "${project.basedir}"));
    return new MojoExecution(d, config);
  }

  private static Parameter parameter(String name, String expression) {
    Parameter p = new Parameter();
    p.setName(name);
    p.setExpression(expression);
    return p;
  }

  private static Xpp3Dom child(String name, String value) {
    Xpp3Dom c = new Xpp3Dom(name);
    c.setValue(value);
    return c;
  }

  private static Properties props(String... kv) {
    Properties p = new Properties();
    for (int i = 0; i < kv.length; i += 2) {
      p.setProperty(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  void aDValueThePomSetsInConfigurationIsReportedAsIgnored() throws Exception {
    MojoConfiguration c = new MojoConfiguration(
        execution("embedded", "${preflight.suppressions}"),
        props("preflight.validator", "https://user:pw@rpc.example", "preflight.suppressions",
            "s.yaml"), "pom.xml");
    List<String> warnings = c.shadowedProperties();
    assertEquals(1, warnings.size(), warnings::toString);
    assertTrue(warnings.getFirst().startsWith("-Dpreflight.validator is ignored: pom.xml sets "
        + "<validator> in <configuration>"), warnings.getFirst());
    // The value itself (here with credentials) is never repeated.
    assertTrue(!warnings.getFirst().contains("pw@"), warnings.getFirst());
  }

  @Test
  void nothingIsReportedWhenThePomLeavesTheParameterToItsProperty() throws Exception {
    MojoConfiguration c = new MojoConfiguration(
        execution("${preflight.validator}", "${preflight.suppressions}"),
        props("preflight.validator", "embedded"), "pom.xml");
    assertEquals(List.of(), c.shadowedProperties());
  }

  @Test
  void anInputIsLocatedAtItsDOrItsPomElement() throws Exception {
    MojoConfiguration c = new MojoConfiguration(
        execution("embedded", "${preflight.suppressions}"),
        props("preflight.suppressions", "s.yaml"), "pom.xml");
    assertEquals(InputValidation.Setting.of("command line", "-Dpreflight.suppressions"),
        c.setting("suppressions"));
    assertEquals(InputValidation.Setting.of("pom.xml", "<validator>"), c.setting("validator"));
    assertEquals("raw", c.userProperty("preflight.suppressions").map(v -> "raw").orElse(""));
  }

  @Test
  void aParameterIsNamedByItsPropertyOrByAPomValueButNotByItsDefault() throws Exception {
    MojoConfiguration defaults = new MojoConfiguration(
        execution("${preflight.validator}", "${preflight.suppressions}"), props(), "pom.xml");
    assertEquals(false, defaults.named("validator"));
    assertEquals(true, new MojoConfiguration(
        execution("${preflight.validator}", "${preflight.suppressions}"),
        props("preflight.validator", "embedded"), "pom.xml").named("validator"));
    assertEquals(true, new MojoConfiguration(execution("embedded", "${preflight.suppressions}"),
        props(), "pom.xml").named("validator"));
    assertEquals(false, MojoConfiguration.none().named("validator"));
  }
}
