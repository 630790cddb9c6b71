package dev.preflight.core.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Helpers for RPC endpoint URLs. */
public final class Endpoints {
  private Endpoints() {}

  /**
   * The URL as it may be written to a report or a log: user-info, query and fragment removed, because
   * providers put API keys there ({@code ?api-key=...}, {@code https://user:token@host}). A path
   * segment that looks like a token (long, no dots) is masked too, as some providers embed the key in
   * the path.
   */
  public static String redact(URI uri) {
    if (uri == null) {
      return "";
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String[] segments = path.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (looksLikeSecret(segments[i])) {
        segments[i] = "***";
      }
    }
    String masked = String.join("/", segments);
    try {
      String result = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(),
          null, null, null).toString();
      return result + masked;
    } catch (URISyntaxException e) {
      return "<unprintable url>";
    }
  }

  /**
   * The {@code Authorization} header value for credentials written into the URL ({@code
   * https://user:password@host}): {@code Basic base64(user:password)} as RFC 7617 defines it.
   * Java's HTTP client does not send URL credentials by itself, so without this they would be
   * dropped without a word.
   */
  public static java.util.Optional<String> basicAuthorization(URI uri) {
    String info = uri == null ? null : uri.getUserInfo();
    if (info == null || info.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of("Basic " + java.util.Base64.getEncoder()
        .encodeToString(info.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The URL without its credentials: what goes on the wire as the request target. */
  public static URI withoutUserInfo(URI uri) {
    if (uri == null || uri.getRawUserInfo() == null) {
      return uri;
    }
    try {
      return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(),
          uri.getQuery(), uri.getFragment());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot remove the credentials from the URL", e);
    }
  }

  public static String redact(String url) {
    try {
      return redact(new URI(url.trim()));
    } catch (URISyntaxException e) {
      return "<unparsable url>";
    }
  }

  private static boolean looksLikeSecret(String segment) {
    if (segment.length() < 20 || segment.contains(".")) {
      return false;
    }
    int digits = 0;
    for (char c : segment.toCharArray()) {
      if (Character.isDigit(c)) {
        digits++;
      }
    }
    return digits > 0 || segment.length() >= 32;
  }

  /** True when the endpoint is on this machine: the only place Preflight ever sends a transaction. */
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
        || host.matches("127(\\.\\d{1,3}){3}");
  }
}
