package dev.preflight.checks.proof;

import dev.preflight.core.check.Outcome;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows of {@code check-fixtures.txt}: which fixture proves which outcome of which check id,
 * or a gap with its reason.
 */
final class FixtureTable {
  static final String RESOURCE = "/dev/preflight/checks/proof/check-fixtures.txt";
  /** Dynamic ids of one family share rows keyed {@code <prefix>*}, e.g. {@code invariant.*}. */
  static final String FAMILY = "*";

  /**
   * One row. {@code fixture} empty means a gap: no fixture proves this outcome yet, for
   * {@code note}. With a fixture, {@code note} (when not empty) must occur in the message of the
   * result, so that a FAIL is shown to fail for the reason the fixture plants.
   */
  record Row(int line, String id, Outcome outcome, Optional<Fixture> fixture, String note) {
    boolean matches(String checkId) {
      return id.endsWith(FAMILY) ? checkId.startsWith(id.substring(0, id.length() - 1))
          : id.equals(checkId);
    }

    @Override
    public String toString() {
      return "check-fixtures.txt:" + line + " " + id + " " + outcome + " "
          + fixture.map(Fixture::name).orElse("GAP") + (note.isEmpty() ? "" : " " + note);
    }
  }

  private FixtureTable() {}

  static List<Row> load() {
    try (InputStream in = FixtureTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      List<Row> rows = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int n = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] f = t.split("\\s+", 4);
        if (f.length < 3) {
          throw new IllegalStateException(RESOURCE + ":" + n + ": expected 'id outcome fixture', "
              + "got '" + t + "'");
        }
        Outcome outcome = Outcome.valueOf(f[1]);
        if (f[2].equals("GAP")) {
          if (f.length < 4) {
            throw new IllegalStateException(RESOURCE + ":" + n + ": a GAP needs its reason");
          }
          rows.add(new Row(n, f[0], outcome, Optional.empty(), f[3]));
        } else {
          rows.add(new Row(n, f[0], outcome, Optional.of(Fixture.valueOf(f[2])),
              f.length < 4 ? "" : f[3]));
        }
      }
      return List.copyOf(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
