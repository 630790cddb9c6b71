package dev.preflight.core.idl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real IDLs bundled as test data (see src/test/resources/idl/SOURCES.md), loaded once per call. */
final class BundledIdls {

  static final String SQUADS_RESOURCE = "/dev/preflight/core/chain/squads_multisig_program.json";

  private BundledIdls() {}

  static Path dir() {
    try {
      return Path.of(BundledIdls.class.getResource("/idl").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<Path> files() {
    try (Stream<Path> s = Files.list(dir())) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Idl load(String fileName) {
    return Idl.load(dir().resolve(fileName));
  }

  static Idl squads() {
    InputStream in = BundledIdls.class.getResourceAsStream(SQUADS_RESOURCE);
    return Idl.load(in, "squads_multisig_program.json");
  }

  /** Every bundled IDL: the test files plus the Squads IDL the chain package ships. */
  static List<Idl> all() {
    List<Idl> out = new ArrayList<>();
    for (Path p : files()) {
      out.add(Idl.load(p));
    }
    out.add(squads());
    return out;
  }
}
