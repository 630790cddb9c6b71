package dev.preflight.core.policy;

/**
 * One problem in a YAML file a person wrote: where it is (file, 1-based line and column, field
 * path) and what was expected. Line and column are 0 when the position is unknown.
 */
public record SourceProblem(String file, int line, int column, String path, String message) {

  /** {@code preflight.yaml:12:5 governance.minThreshold: expected an integer >= 1, got "two"}. */
  public String render() {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    sb.append(' ');
    if (!path.isEmpty()) {
      sb.append(path).append(": ");
    }
    return sb.append(message).toString();
  }

  @Override
  public String toString() {
    return render();
  }
}
