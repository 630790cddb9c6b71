package dev.preflight.validator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node.js that runs the server: its command and the version it reported.
 *
 * @param executable the command as given (a path, or a name looked up on PATH)
 * @param version    what {@code node --version} printed, such as {@code v20.20.2}
 * @param major      the major version number
 */
record NodeRuntime(String executable, String version, int major) {

  /** LiteSVM 1.5.0 declares {@code "engines": {"node": ">= 20"}}. */
  static final int MINIMUM_MAJOR = 20;

  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

  /** Runs {@code <executable> --version} and checks the major version. */
  static NodeRuntime detect(String executable) {
    var where = isBareName(executable) ? " on PATH" : "";
    Process process;
    try {
      process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new ValidatorException("Node.js >= " + MINIMUM_MAJOR + " is needed to run the embedded validator, but `"
          + executable + "` was not found" + where + " (" + e.getMessage() + "). Install Node.js 20 or newer"
          + " (https://nodejs.org), or give its path with EmbeddedValidator.Builder.nodeExecutable(...).", e);
    }
    String output;
    try (InputStream in = process.getInputStream()) {
      process.getOutputStream().close();
      if (!process.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new ValidatorException("`" + executable + " --version` did not finish within "
            + PROBE_TIMEOUT.toSeconds() + " s; check that Node.js installation.");
      }
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new ValidatorException("Could not read the output of `" + executable + " --version`: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ValidatorException("Interrupted while checking the Node.js version.", e);
    }
    Matcher m = VERSION.matcher(output);
    if (process.exitValue() != 0 || !m.find()) {
      throw new ValidatorException("`" + executable + " --version`" + where + " did not report a Node.js version"
          + " (exit " + process.exitValue() + ", output: " + abbreviate(output) + "). Node.js >= " + MINIMUM_MAJOR
          + " is needed; install Node.js 20 or newer.");
    }
    int major = Integer.parseInt(m.group(1));
    if (major < MINIMUM_MAJOR) {
      throw new ValidatorException("Node.js >= " + MINIMUM_MAJOR + " is needed to run the embedded validator, but `"
          + executable + "`" + where + " is " + m.group() + ". Install Node.js 20 or newer, or give a newer one"
          + " with EmbeddedValidator.Builder.nodeExecutable(...).");
    }
    return new NodeRuntime(executable, m.group(), major);
  }

  /** The npm that belongs to this Node.js: next to it when it was given as a path. */
  String npmExecutable() {
    if (!isBareName(executable)) {
      Path sibling = Path.of(executable).toAbsolutePath().resolveSibling(isWindows() ? "npm.cmd" : "npm");
      if (Files.isExecutable(sibling)) {
        return sibling.toString();
      }
    }
    return isWindows() ? "npm.cmd" : "npm";
  }

  private static boolean isBareName(String executable) {
    return !executable.contains("/") && !executable.contains("\\");
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
  }

  private static String abbreviate(String text) {
    var oneLine = text.replace('\n', ' ');
    return oneLine.isEmpty() ? "<none>" : oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
  }
}
