package dev.preflight.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Root of Preflight's one exception family.
 *
 * <p>Every message has three parts so that a person can act on it without a stack trace:
 * where the problem is (file, line, field path, address), what is wrong, and what to do.
 * Subclasses keep their location as structured fields and build the text from them, so callers
 * (reports, SARIF) can use the location without parsing the message.
 *
 * <p>Unchecked on purpose: bad input is reported once at the boundary that talks to the user
 * (plugin, CLI, report) instead of being declared through every layer in between.
 */
public class PreflightException extends RuntimeException {

  private final String problem;
  private final String location;
  private final String remedy;

  /** A message already written whole: what, where and what to do in one text. */
  public PreflightException(String message) {
    this(message, (Throwable) null);
  }

  public PreflightException(String message, Throwable cause) {
    super(message, cause);
    this.problem = Objects.requireNonNull(message, "message");
    this.location = null;
    this.remedy = null;
  }

  /**
   * @param problem what is wrong, as a sentence fragment without trailing period
   * @param location where it is (may be null or blank when there is no useful location)
   * @param remedy what the user can do about it (may be null or blank)
   */
  public PreflightException(String problem, String location, String remedy) {
    this(problem, location, remedy, null);
  }

  public PreflightException(String problem, String location, String remedy, Throwable cause) {
    super(compose(problem, location, remedy), cause);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.location = blankToNull(location);
    this.remedy = blankToNull(remedy);
  }

  /** What is wrong, without location or remedy. */
  public String problem() {
    return problem;
  }

  /** Where the problem is, when known: a file, a field path, an address, a byte offset. */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  /** What the user can do about it, when there is something to say. */
  public Optional<String> remedy() {
    return Optional.ofNullable(remedy);
  }

  /** The message layout shared by the whole family: {@code <where>: <what>. <what to do>}. */
  protected static String compose(String problem, String location, String remedy) {
    StringBuilder sb = new StringBuilder();
    String where = blankToNull(location);
    if (where != null) {
      sb.append(where).append(": ");
    }
    sb.append(problem);
    String todo = blankToNull(remedy);
    if (todo != null) {
      sb.append(". ").append(todo);
    }
    return sb.toString();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
