package dev.preflight.validator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension that runs one {@link EmbeddedValidator} per test class and resolves
 * {@link EmbeddedValidator} and {@link URI} (its RPC endpoint) parameters. Nested test classes
 * share their enclosing class's validator.
 *
 * <p>Configured by {@link EmbeddedSolana} on the test class, or programmatically:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ValidatorExtension VALIDATOR = new ValidatorExtension(() -> EmbeddedValidator.builder()
 *     .upgradeableProgram(id, generatedSo(), Optional.of(authority)));
 * }</pre>
 */
public final class ValidatorExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ValidatorExtension.class);
  private static final String KEY = "validator";

  private final Optional<Supplier<EmbeddedValidator.Builder>> configuration;

  /** Configuration from the test class's {@link EmbeddedSolana} annotation (or defaults). */
  public ValidatorExtension() {
    this.configuration = Optional.empty();
  }

  /** Configuration from a builder supplier, called once per test class when it starts. */
  public ValidatorExtension(Supplier<EmbeddedValidator.Builder> configuration) {
    this.configuration = Optional.of(configuration);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    validator(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Only the class that started a validator stops it; nested classes leave their parent's alone.
    var started = context.getStore(NAMESPACE).remove(KEY, EmbeddedValidator.class);
    if (started != null) {
      started.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == EmbeddedValidator.class || type == URI.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    EmbeddedValidator validator = validator(extensionContext);
    Class<?> type = parameterContext.getParameter().getType();
    if (type == EmbeddedValidator.class) {
      return validator;
    }
    if (type == URI.class) {
      return validator.rpcUri();
    }
    throw new ParameterResolutionException("ValidatorExtension cannot resolve " + type.getName());
  }

  /** The class-level validator, started on first use; the store closes it if afterAll does not. */
  private EmbeddedValidator validator(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    Class<?> testClass = classContext.getRequiredTestClass();
    return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(KEY, k -> builderFor(testClass).start(), EmbeddedValidator.class);
  }

  private EmbeddedValidator.Builder builderFor(Class<?> testClass) {
    if (configuration.isPresent()) {
      return configuration.get().get();
    }
    return AnnotationSupport.findAnnotation(testClass, EmbeddedSolana.class)
        .map(ValidatorExtension::fromAnnotation)
        .orElseGet(EmbeddedValidator::builder);
  }

  static EmbeddedValidator.Builder fromAnnotation(EmbeddedSolana config) {
    var builder = EmbeddedValidator.builder().port(config.port());
    for (var p : config.upgradeablePrograms()) {
      builder.upgradeableProgram(p.id(), Path.of(p.so()), Optional.of(p.authority()).filter(a -> !a.isBlank()));
    }
    for (var p : config.programs()) {
      builder.program(p.id(), Path.of(p.so()));
    }
    for (var a : config.accounts()) {
      builder.account(a.address(), Path.of(a.json()));
    }
    for (var dir : config.accountDirectories()) {
      builder.accountDirectory(Path.of(dir));
    }
    if (config.slotTimeMillis() >= 0) {
      builder.slotTime(Duration.ofMillis(config.slotTimeMillis()));
    }
    if (config.clockUnixSeconds() >= 0) {
      builder.clock(config.clockUnixSeconds());
    }
    return builder;
  }
}
