package dev.preflight.core.exec;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;

class SendGuardTest {

  @Test
  void loopbackAddressesAreRecognised() {
    assertTrue(SendGuard.isLoopback(URI.create("http://127.0.0.1:8899")));
    assertTrue(SendGuard.isLoopback(URI.create("http://127.3.4.5:1")));
    assertTrue(SendGuard.isLoopback(URI.create("http://localhost:8899")));
    assertTrue(SendGuard.isLoopback(URI.create("http://[::1]:8899")));
    assertFalse(SendGuard.isLoopback(URI.create("https://api.mainnet-beta.solana.com")));
    assertFalse(SendGuard.isLoopback(URI.create("http://10.0.0.1:8899")));
    assertFalse(SendGuard.isLoopback(URI.create("http://127.0.0.1.example.com:8899")));
    assertFalse(SendGuard.isLoopback(URI.create("http://localhost.example.com")));
  }

  @Test
  void stateChangesAreRefusedBeforeAnyRequestToARemoteCluster() {
    // port 9 (discard) on a documentation address: a request would fail differently or hang;
    // the guard must refuse first, with a message that says what to do
    try (RpcValidator remote = new RpcValidator(URI.create("http://192.0.2.1:9"))) {
      ExecException send = assertThrows(ExecException.class, () -> remote.send(new byte[] {1, 2, 3}));
      assertTrue(send.getMessage().contains("refusing to send a transaction on http://192.0.2.1"),
          send.getMessage());
      assertTrue(send.getMessage().contains("embedded validator"), send.getMessage());
      PublicKey k = PublicKey.createPubKey(new byte[32]);
      assertThrows(ExecException.class, () -> remote.setAccount(k, 1, new byte[0], k, false));
      assertThrows(ExecException.class, () -> remote.timeTravel(2_000_000_000L));
      assertThrows(ExecException.class, () -> remote.airdrop(k, 1));
      assertTrue(assertThrows(ExecException.class, remote::snapshot).getMessage().contains("refusing to take a snapshot"));
      assertThrows(ExecException.class, () -> remote.revert("1"));
      assertThrows(ExecException.class, () -> remote.release("1"));
      ExecException steps = assertThrows(ExecException.class,
          () -> remote.execute(java.util.List.of(new Step.SetClock(1))));
      assertTrue(steps.getMessage().contains("refusing to run transactions"), steps.getMessage());
      assertFalse(remote.isLoopback());
    }
  }
}
