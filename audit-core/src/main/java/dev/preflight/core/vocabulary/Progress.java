package dev.preflight.core.vocabulary;

/** How the core reports what it is doing. Implementations must be cheap and must not throw. */
public interface Progress {
  void phase(String name);

  void info(String message);

  void warn(String message);

  /** Discards everything. */
  static Progress silent() {
    return new Progress() {
      @Override
      public void phase(String name) {}

      @Override
      public void info(String message) {}

      @Override
      public void warn(String message) {}
    };
  }

  /** Writes to standard error with a prefix, for tests and command-line use. */
  static Progress console() {
    return new Progress() {
      @Override
      public void phase(String name) {
        System.err.println("[preflight] == " + name);
      }

      @Override
      public void info(String message) {
        System.err.println("[preflight] " + message);
      }

      @Override
      public void warn(String message) {
        System.err.println("[preflight] WARNING " + message);
      }
    };
  }
}
