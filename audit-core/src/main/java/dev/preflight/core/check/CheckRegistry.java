package dev.preflight.core.check;

import dev.preflight.core.PreflightException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The checks found on a class path, in a stable order, with duplicate ids rejected. */
public final class CheckRegistry {
  private final List<Check> checks;

  private CheckRegistry(List<Check> checks) {
    this.checks = List.copyOf(checks);
  }

  public static CheckRegistry load(ClassLoader loader) {
    List<Check> found = new ArrayList<>();
    try {
      for (Check c : ServiceLoader.load(Check.class, loader)) {
        found.add(c);
      }
    } catch (ServiceConfigurationError e) {
      throw new PreflightException("A check on the class path could not be loaded: "
          + e.getMessage() + ". Check the jar that provides it.", e);
    }
    return of(found);
  }

  public static CheckRegistry of(List<Check> checks) {
    List<Check> sorted = new ArrayList<>(checks);
    sorted.sort(Comparator.comparing(c -> c.info().id()));
    Map<String, String> owner = new HashMap<>();
    for (Check c : sorted) {
      for (CheckInfo info : c.definitions()) {
        String prev = owner.putIfAbsent(info.id(), c.getClass().getName());
        if (prev != null) {
          throw new PreflightException("Check id '" + info.id() + "' is declared by both " + prev
              + " and " + c.getClass().getName() + "; check ids must be unique.");
        }
      }
    }
    return new CheckRegistry(sorted);
  }

  public List<Check> checks() {
    return checks;
  }

  public List<CheckInfo> definitions() {
    return checks.stream().flatMap(c -> c.definitions().stream())
        .sorted(Comparator.comparing(CheckInfo::id)).toList();
  }
}
