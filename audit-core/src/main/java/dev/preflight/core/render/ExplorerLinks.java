package dev.preflight.core.render;

import dev.preflight.core.cluster.Endpoints;
import dev.preflight.core.report.ReadinessReport;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Links to the Solana Explorer for an address on a cluster of the report. Mainnet-beta, devnet and
 * testnet get the public explorer; a localnet on this machine gets the explorer's custom-cluster
 * form ({@code ?cluster=custom&customUrl=...}); any other cluster gets no link. Only strings that
 * are Base58 public keys become links, so nothing read from chain ends up in an href unchecked.
 */
public final class ExplorerLinks {
  private static final String BASE = "https://explorer.solana.com/address/";
  private static final Pattern BASE58_KEY =
      Pattern.compile("[1-9A-HJ-NP-Za-km-z]{32,44}");

  private final List<ReadinessReport.ClusterInfo> clusters;

  public ExplorerLinks(List<ReadinessReport.ClusterInfo> clusters) {
    this.clusters = List.copyOf(clusters);
  }

  public static boolean isAddress(String s) {
    return s != null && BASE58_KEY.matcher(s).matches();
  }

  /** The link for {@code address} on the cluster named {@code clusterName}, if it has one. */
  public Optional<String> address(String clusterName, String address) {
    return clusters.stream().filter(c -> c.name().equals(clusterName)).findFirst()
        .flatMap(c -> address(c, address));
  }

  /** The kind of the cluster named {@code clusterName}, if the report has it. */
  public Optional<ReadinessReport.ClusterKind> kind(String clusterName) {
    return clusters.stream().filter(c -> c.name().equals(clusterName)).findFirst()
        .map(ReadinessReport.ClusterInfo::kind);
  }

  public static Optional<String> address(ReadinessReport.ClusterInfo cluster, String address) {
    if (!isAddress(address)) {
      return Optional.empty();
    }
    return switch (cluster.kind()) {
      // The explorer's own canonical mainnet links carry no cluster parameter.
      case MAINNET_BETA -> Optional.of(BASE + address);
      case DEVNET, TESTNET -> Optional.of(BASE + address + "?cluster=" + cluster.kind().label());
      case LOCALNET -> localUrl(cluster.url()).map(u -> BASE + address
          + "?cluster=custom&customUrl=" + URLEncoder.encode(u, StandardCharsets.UTF_8));
      case CUSTOM -> Optional.empty();
    };
  }

  /** The localnet's RPC URL when it is an http(s) URL on this machine, redacted. */
  private static Optional<String> localUrl(String url) {
    try {
      URI uri = new URI(url.trim());
      if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).startsWith("http")
          || !Endpoints.isLoopback(uri)) {
        return Optional.empty();
      }
      return Optional.of(Endpoints.redact(uri));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
