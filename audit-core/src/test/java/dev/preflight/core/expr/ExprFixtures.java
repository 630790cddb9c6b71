package dev.preflight.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/** The reference escrow's IDL and the account bytes the example project's world recorded. */
final class ExprFixtures {
  static final Path ROOT = findRoot();
  static final Path IDL_PATH = ROOT.resolve("fixtures/escrow/idl/escrow.json");
  static final Path ACCOUNTS = ROOT.resolve("examples/escrow-readiness/chain/accounts");
  static final Idl IDL = Idl.load(IDL_PATH);

  private ExprFixtures() {}

  static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("fixtures/escrow").toFile().isDirectory()) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("run inside the repository: fixtures/escrow not found");
    }
    return p;
  }

  /** A policy of the escrow with {@code extra} YAML appended. */
  static Policy policy(String extra) {
    String text = """
        project: expr-test
        clusters:
          - name: localnet
            url: http://127.0.0.1:8899
        program:
          id: 4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3
          idl: %s
        """.formatted(IDL_PATH) + extra;
    return new PolicyLoader(name -> Optional.empty()).parse(text, Path.of("preflight.yaml"));
  }

  /** The recorded account file {@code name} (e.g. sale-1): its data bytes. */
  static byte[] data(String name) {
    try {
      JsonNode n = new ObjectMapper().readTree(ACCOUNTS.resolve(name + ".json").toFile());
      return Base64.getDecoder().decode(n.path("account").path("data").get(0).asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String address(String name) {
    try {
      return new ObjectMapper().readTree(ACCOUNTS.resolve(name + ".json").toFile())
          .path("pubkey").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Idl.DecodedAccount decoded(String name) {
    return IDL.decodeAccount(data(name)).orElseThrow();
  }

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
