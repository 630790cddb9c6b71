package dev.preflight.maven;

import dev.preflight.core.vocabulary.Progress;
import org.apache.maven.plugin.logging.Log;

/** The core's progress, on Maven's log: phases and notes at info, warnings at warn. */
record MavenProgress(Log log) implements Progress {

  @Override
  public void phase(String name) {
    log.info("-- " + name);
  }

  @Override
  public void info(String message) {
    log.info("   " + message);
  }

  @Override
  public void warn(String message) {
    log.warn(message);
  }
}
