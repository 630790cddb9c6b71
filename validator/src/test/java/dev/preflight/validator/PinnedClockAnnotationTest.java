package dev.preflight.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;

/** {@code @EmbeddedSolana(clockUnixSeconds = ...)} starts the chain at that time. */
@EmbeddedSolana(slotTimeMillis = 0, clockUnixSeconds = 1_700_000_000L)
class PinnedClockAnnotationTest {

  @Test
  void theClockStartsWhereTheAnnotationSays(URI rpc) {
    byte[] clock = new LocalChain(rpc).rpc.getAccountInfo(
        PublicKey.fromBase58Encoded("SysvarC1ock11111111111111111111111111111111")).join().data();
    assertEquals(1_700_000_000L, ByteBuffer.wrap(clock).order(ByteOrder.LITTLE_ENDIAN).getLong(32));
  }
}
