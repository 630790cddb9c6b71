package dev.preflight.core.exec;

import dev.preflight.core.cluster.Endpoints;
import java.net.URI;

/**
 * Refuses to send transactions or change state anywhere but on this machine. Against a shared
 * cluster Preflight only ever simulates; a stateful sequence or a cheatcode needs a loopback
 * validator (the embedded one or surfpool).
 */
public final class SendGuard {

  private SendGuard() {}

  /** True for 127.0.0.0/8, ::1 and localhost (the one rule: {@link Endpoints#isLoopback}). */
  public static boolean isLoopback(URI uri) {
    return Endpoints.isLoopback(uri);
  }

  /** Throws unless {@code endpoint} is a loopback address; {@code what} names the refused action. */
  public static void requireLoopback(URI endpoint, String what) {
    if (!isLoopback(endpoint)) {
      throw new ExecException("refusing to " + what + " on " + endpoint.getScheme() + "://"
          + endpoint.getHost() + ": only a validator on this machine (127.0.0.0/8, ::1, localhost) "
          + "may be changed. Run the stateful part against the embedded validator or surfpool, or "
          + "use simulation only.");
    }
  }
}
