package dev.preflight.core.exec;

import java.net.URI;
import java.util.Locale;

/**
 * Refuses to send transactions or change state anywhere but on this machine. Against a shared
 * cluster Preflight only ever simulates; a stateful sequence or a cheatcode needs a loopback
 * validator (the embedded one or surfpool).
 */
public final class SendGuard {

  private SendGuard() {}

  /** True for 127.0.0.0/8, ::1 and localhost. */
  public static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
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
