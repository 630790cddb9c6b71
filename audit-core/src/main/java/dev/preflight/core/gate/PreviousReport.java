package dev.preflight.core.gate;

import dev.preflight.core.PreflightException;
import dev.preflight.core.report.ReadinessReport;
import dev.preflight.core.report.ReportJson;
import dev.preflight.core.vocabulary.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The report a run is compared with: the one the user gave, or the previous run's {@code
 * preflight-report.json} in the output directory, kept aside in {@code previous/} before the new
 * one overwrites it.
 */
public final class PreviousReport {
  /** Where the report of the previous run is kept before it is overwritten. */
  public static final String DIR = "previous";
  static final String FILE = "preflight-report.json";

  private PreviousReport() {}

  /**
   * @param given the report named by the user (must exist)
   * @param outputDir where this run writes its reports
   * @param writing whether this run writes reports (only then is the last one rotated)
   */
  public static Optional<ReadinessReport> find(Optional<Path> given, Path outputDir,
                                               boolean writing, Progress progress) {
    if (given.isPresent()) {
      Path p = given.get();
      if (!Files.isRegularFile(p)) {
        throw new PreflightException("preflight.previousReport " + p + " does not exist; give a "
            + "preflight-report.json of an earlier run, or leave the parameter out.");
      }
      return Optional.of(ReportJson.read(p));
    }
    Path last = outputDir.resolve(FILE);
    if (!Files.isRegularFile(last) || !writing) {
      return Optional.empty();
    }
    Path kept = outputDir.resolve(DIR).resolve(FILE);
    try {
      Files.createDirectories(kept.getParent());
      Files.copy(last, kept, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(ReportJson.read(kept));
    } catch (IOException e) {
      throw new PreflightException("Cannot keep the previous report " + last + " as " + kept
          + ": " + e.getMessage(), e);
    } catch (PreflightException e) {
      // A previous report this version cannot read is not worth failing the build over.
      progress.warn("the previous report " + last + " is unreadable, no diff: " + e.getMessage());
      return Optional.empty();
    }
  }
}
