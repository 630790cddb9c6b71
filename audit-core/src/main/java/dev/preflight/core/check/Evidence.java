package dev.preflight.core.check;

import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.ClusterSnapshot;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One fact a reader can re-check by hand: where it was read (cluster, genesis hash, slot, address,
 * owner, data length and SHA-256) and which decoded field had which value. File evidence (coverage
 * reports, documents, attestations) uses {@code address} for the path and {@code dataSha256} for the
 * file's hash. A row whose value is a measured quantity also carries it typed ({@code
 * measurement}), so no reader parses numbers back out of the text.
 */
public record Evidence(Optional<String> cluster, Optional<String> genesisHash, OptionalLong slot,
                       Optional<String> address, Optional<String> owner, OptionalLong dataLength,
                       Optional<String> dataSha256, String field, String value,
                       Optional<Measurement> measurement) {

  public Evidence {
    measurement = measurement == null ? Optional.empty() : measurement;
  }

  /** A row without a measured quantity. */
  public Evidence(Optional<String> cluster, Optional<String> genesisHash, OptionalLong slot,
                  Optional<String> address, Optional<String> owner, OptionalLong dataLength,
                  Optional<String> dataSha256, String field, String value) {
    this(cluster, genesisHash, slot, address, owner, dataLength, dataSha256, field, value,
        Optional.empty());
  }

  /** This row carrying {@code m}, the quantity its value states, for charts and tables. */
  public Evidence with(Measurement m) {
    return new Evidence(cluster, genesisHash, slot, address, owner, dataLength, dataSha256, field,
        value, Optional.of(m));
  }

  /** A decoded field of an account that exists. */
  public static Evidence account(ClusterSnapshot cluster, AccountRecord account, String field,
                                 String value) {
    return new Evidence(Optional.of(cluster.name()), Optional.of(cluster.genesisHash()),
        OptionalLong.of(account.slot()), Optional.of(account.address().toBase58()),
        Optional.of(account.owner().toBase58()), OptionalLong.of(account.length()),
        Optional.of(account.dataSha256()), field, value);
  }

  /** An address the cluster reported as having no account. */
  public static Evidence absent(ClusterSnapshot cluster, String address, String field) {
    return new Evidence(Optional.of(cluster.name()), Optional.of(cluster.genesisHash()),
        OptionalLong.of(cluster.slot()), Optional.of(address), Optional.empty(),
        OptionalLong.empty(), Optional.empty(), field, "no account");
  }

  /** A cluster-level fact (slot, genesis hash) with no single account behind it. */
  public static Evidence cluster(ClusterSnapshot cluster, String field, String value) {
    return new Evidence(Optional.of(cluster.name()), Optional.of(cluster.genesisHash()),
        OptionalLong.of(cluster.slot()), Optional.empty(), Optional.empty(), OptionalLong.empty(),
        Optional.empty(), field, value);
  }

  /** A file of the team's own (coverage report, document, attestation evidence). */
  public static Evidence file(String path, long length, String sha256, String field, String value) {
    return new Evidence(Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.of(path),
        Optional.empty(), OptionalLong.of(length), Optional.of(sha256), field, value);
  }

  /** A plain statement (policy value, configuration) with no location. */
  public static Evidence note(String field, String value) {
    return new Evidence(Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(),
        Optional.empty(), OptionalLong.empty(), Optional.empty(), field, value);
  }
}
