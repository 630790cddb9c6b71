package dev.preflight.core.check;

import dev.preflight.core.PreflightException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every check id found on a class path, each with the metadata its check declares: the state
 * checks to run ({@link Check} services) and the ids reported by fuzz oracles, wiring checks and
 * the upgrade diff ({@link CheckDeclarations} services). Duplicate ids are rejected. The catalogs
 * (docs, SARIF rules), the checklist mapping and every list of ids are derived from here.
 */
public final class CheckRegistry {
  private final List<Check> checks;
  private final List<CheckInfo> definitions;

  private CheckRegistry(List<Check> checks, List<CheckInfo> definitions) {
    this.checks = List.copyOf(checks);
    this.definitions = List.copyOf(definitions);
  }

  public static CheckRegistry load(ClassLoader loader) {
    return of(services(Check.class, loader), services(CheckDeclarations.class, loader));
  }

  private static <T> List<T> services(Class<T> type, ClassLoader loader) {
    List<T> found = new ArrayList<>();
    try {
      for (T t : ServiceLoader.load(type, loader)) {
        found.add(t);
      }
    } catch (ServiceConfigurationError e) {
      throw new PreflightException("A check on the class path could not be loaded: "
          + e.getMessage() + ". Check the jar that provides it.", e);
    }
    return found;
  }

  /** State checks only, for running a chosen few. */
  public static CheckRegistry of(List<Check> checks) {
    return of(checks, List.of());
  }

  public static CheckRegistry of(List<Check> checks, List<CheckDeclarations> declarations) {
    List<Check> sorted = new ArrayList<>(checks);
    sorted.sort(Comparator.comparing(c -> c.info().id()));
    Map<String, String> owner = new LinkedHashMap<>();
    List<CheckInfo> all = new ArrayList<>();
    Stream.concat(sorted.stream().map(c -> new Declared(c.getClass(), c.definitions())),
            declarations.stream().map(d -> new Declared(d.getClass(), d.definitions())))
        .forEach(d -> {
          for (CheckInfo info : d.definitions()) {
            String prev = owner.putIfAbsent(info.id(), d.by().getName());
            if (prev != null) {
              throw new PreflightException("Check id '" + info.id() + "' is declared by both "
                  + prev + " and " + d.by().getName() + "; check ids must be unique.");
            }
            all.add(info);
          }
        });
    all.sort(Comparator.comparing(CheckInfo::id));
    return new CheckRegistry(sorted, all);
  }

  private record Declared(Class<?> by, List<CheckInfo> definitions) {}

  /** The state checks, to run against a snapshot. */
  public List<Check> checks() {
    return checks;
  }

  /** Every id's metadata, state checks and declared ones, sorted by id. */
  public List<CheckInfo> definitions() {
    return definitions;
  }

  public Set<String> ids() {
    Set<String> out = new LinkedHashSet<>();
    definitions.forEach(d -> out.add(d.id()));
    return out;
  }

  public Optional<CheckInfo> definition(String id) {
    return definitions.stream().filter(d -> d.id().equals(id)).findFirst();
  }

  /** The ids of the state checks (those that read a snapshot), sorted. */
  public Set<String> stateCheckIds() {
    Set<String> out = new java.util.TreeSet<>();
    checks.forEach(c -> c.definitions().forEach(d -> out.add(d.id())));
    return out;
  }
}
