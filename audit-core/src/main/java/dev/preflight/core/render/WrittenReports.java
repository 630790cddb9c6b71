package dev.preflight.core.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The files {@link ReportWriter#writeAll} wrote, by format, in {@link ReportFormat} order. */
public record WrittenReports(Path directory, Map<ReportFormat, Path> files) {

  public WrittenReports {
    files = Map.copyOf(files);
  }

  public Optional<Path> file(ReportFormat format) {
    return Optional.ofNullable(files.get(format));
  }

  public List<Path> paths() {
    return java.util.Arrays.stream(ReportFormat.values()).filter(files::containsKey)
        .map(files::get).toList();
  }
}
