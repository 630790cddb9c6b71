package dev.preflight.core.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One audit's reads from every cluster of the policy; the first cluster is the primary one. */
public record Snapshot(String toolVersion, Instant takenAt, List<ClusterSnapshot> clusters) {
  public Snapshot {
    clusters = List.copyOf(clusters);
  }

  public ClusterSnapshot primary() {
    return clusters.getFirst();
  }

  public Optional<ClusterSnapshot> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
