package dev.preflight.core.idl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Program errors by name, on the reference escrow's published IDL. */
class DescribeErrorTest {
  private static final Idl ESCROW = Idl.load(root().resolve("fixtures/escrow/idl/escrow.json"));

  @Test
  void theIdlsOwnErrorsByNameAndMessage() {
    IdlError e = ESCROW.error(6027).orElseThrow();
    assertEquals("SaleEnded (6027)" + e.message().map(m -> ": " + m).orElse(""),
        ESCROW.describeError(6027));
  }

  @Test
  void anchorsFrameworkErrorsAreNamedAsAnchors() {
    assertEquals("ConstraintSeeds (2006, Anchor): a seeds constraint failed (the address is not "
        + "the expected PDA)", ESCROW.describeError(2006));
    assertEquals("AccountDiscriminatorMismatch (3002, Anchor): the account's discriminator is "
        + "not the expected one", ESCROW.describeError(3002));
  }

  @Test
  void anUnknownCodeSaysItIsNotInTheIdl() {
    assertEquals("custom error 7001 (not in the IDL escrow)", ESCROW.describeError(7001));
    assertEquals("custom error 2999 (not in the IDL escrow)", ESCROW.describeError(2999));
  }

  @Test
  void aTransactionErrorNamesItsCustomCode() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertEquals("instruction 1: " + ESCROW.describeError(6027), ESCROW.describeTransactionError(
        json.readTree("{\"InstructionError\":[1,{\"Custom\":6027}]}")));
    assertEquals("\"AccountNotFound\"", ESCROW.describeTransactionError(
        json.readTree("\"AccountNotFound\"")));
  }

  private static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("fixtures/escrow").toFile().isDirectory()) {
      p = p.getParent();
    }
    return p;
  }
}
