package dev.preflight.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import dev.preflight.core.snapshot.Snapshot;
import dev.preflight.core.snapshot.TxRecord;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;

/**
 * Snapshots to and from JSON ({@code preflight-snapshot/1}). Account data is base64 with its SHA-256
 * beside it; loading verifies the hash, so a hand-edited snapshot is caught.
 *
 * <p>Beside what was read, a snapshot records the results of exercising the program (fuzz
 * oracles, wiring checks) under {@code recorded}, each as the report writes a result, reproducer
 * evidence included: an offline re-check cannot run a validator, so it shows these as recorded.
 */
public final class SnapshotJson {
  public static final String FORMAT = "preflight-snapshot/1";

  /** A saved snapshot and the results the live run recorded with it. */
  public record Saved(Snapshot snapshot, List<CheckResult> recorded) {
    public Saved {
      recorded = List.copyOf(recorded);
    }
  }

  private SnapshotJson() {}

  public static ObjectNode toJson(Snapshot s) {
    return toJson(s, List.of());
  }

  /** The snapshot with {@code recorded}, the results of exercising the program in the same run. */
  public static ObjectNode toJson(Snapshot s, List<CheckResult> recorded) {
    ObjectNode root = Json.object();
    root.put("format", FORMAT);
    root.put("toolVersion", s.toolVersion());
    root.put("takenAt", s.takenAt().toString());
    ArrayNode clusters = root.putArray("clusters");
    for (ClusterSnapshot c : s.clusters()) {
      ObjectNode cn = clusters.addObject();
      cn.put("name", c.name());
      cn.put("url", c.url());
      cn.put("genesisHash", c.genesisHash());
      cn.put("slot", c.slot());
      c.error().ifPresent(e -> cn.put("error", e));
      ArrayNode accounts = cn.putArray("accounts");
      for (Lookup l : c.accounts().values()) {
        ObjectNode an = accounts.addObject();
        an.put("address", l.address().toBase58());
        switch (l) {
          case Lookup.Present p -> {
            AccountRecord a = p.account();
            an.put("status", "present");
            an.put("slot", a.slot());
            an.put("lamports", a.lamports());
            an.put("owner", a.owner().toBase58());
            an.put("executable", a.executable());
            an.put("rentEpoch", a.rentEpoch());
            an.put("length", a.length());
            an.put("sha256", a.dataSha256());
            an.put("data", Base64.getEncoder().encodeToString(a.data()));
          }
          case Lookup.Absent ab -> {
            an.put("status", "absent");
            an.put("slot", ab.slot());
          }
          case Lookup.Unavailable u -> {
            an.put("status", "unavailable");
            an.put("reason", u.reason());
          }
        }
      }
      ObjectNode txs = cn.putObject("transactions");
      switch (c.transactions()) {
        case ClusterSnapshot.Transactions.NotRequested n -> txs.put("status", "not-requested");
        case ClusterSnapshot.Transactions.Unavailable u -> {
          txs.put("status", "unavailable");
          txs.put("reason", u.reason());
        }
        case ClusterSnapshot.Transactions.Read r -> {
          txs.put("status", "read");
          ArrayNode recs = txs.putArray("records");
          for (TxRecord t : r.records()) {
            ObjectNode tn = recs.addObject();
            tn.put("signature", t.signature());
            tn.put("slot", t.slot());
            t.blockTime().ifPresent(bt -> tn.put("blockTime", bt));
            t.error().ifPresent(e -> tn.put("error", e));
            tn.put("fee", t.fee());
            tn.put("computeUnits", t.computeUnits());
            ArrayNode ixs = tn.putArray("programInstructions");
            t.programInstructionsHex().forEach(ixs::add);
          }
        }
      }
    }
    ArrayNode rec = root.putArray("recorded");
    recorded.forEach(r -> rec.add(ReportJson.result(r)));
    return root;
  }

  public static void write(Snapshot s, Path file) {
    write(s, List.of(), file);
  }

  public static void write(Snapshot s, List<CheckResult> recorded, Path file) {
    Json.write(toJson(s, recorded), file);
  }

  public static Snapshot read(Path file) {
    return load(file).snapshot();
  }

  /** The snapshot and its recorded results (none in snapshots that predate them). */
  public static Saved load(Path file) {
    JsonNode root;
    try {
      root = Json.read(file);
    } catch (IOException e) {
      throw new PreflightException("Cannot read snapshot " + file + ": " + e.getMessage()
          + ". Give the path of a file written by the snapshot goal.", e);
    }
    Snapshot s = fromJson(root, file.toString());
    List<CheckResult> recorded = new ArrayList<>();
    for (JsonNode n : root.path("recorded")) {
      recorded.add(ReportJson.result(n, file + ": recorded"));
    }
    return new Saved(s, recorded);
  }

  public static Snapshot fromJson(JsonNode root, String source) {
    if (!FORMAT.equals(root.path("format").asText())) {
      throw new PreflightException(source + ": not a Preflight snapshot (format '"
          + root.path("format").asText() + "', expected '" + FORMAT + "').");
    }
    List<ClusterSnapshot> clusters = new ArrayList<>();
    int ci = 0;
    for (JsonNode cn : root.path("clusters")) {
      String where = source + ": clusters[" + ci++ + "]";
      String name = text(cn, "name", where);
      String url = cn.path("url").asText("");
      if (cn.hasNonNull("error")) {
        clusters.add(ClusterSnapshot.unreachable(name, url, cn.get("error").asText()));
        continue;
      }
      Map<PublicKey, Lookup> accounts = new LinkedHashMap<>();
      int ai = 0;
      for (JsonNode an : cn.path("accounts")) {
        String aw = where + ".accounts[" + ai++ + "]";
        PublicKey address = key(text(an, "address", aw), aw + ".address");
        Lookup l = switch (text(an, "status", aw)) {
          case "present" -> {
            byte[] data = Base64.getDecoder().decode(text(an, "data", aw));
            AccountRecord a = new AccountRecord(address, an.path("lamports").asLong(),
                key(text(an, "owner", aw), aw + ".owner"), an.path("executable").asBoolean(),
                new BigInteger(an.path("rentEpoch").asText("0")), data, an.path("slot").asLong());
            if (an.has("sha256") && !an.get("sha256").asText().equals(a.dataSha256())) {
              throw new PreflightException(aw + ": data does not match its sha256; the snapshot "
                  + "was altered. Take a new snapshot.");
            }
            yield new Lookup.Present(a);
          }
          case "absent" -> new Lookup.Absent(address, an.path("slot").asLong());
          case "unavailable" -> new Lookup.Unavailable(address, an.path("reason").asText());
          default -> throw new PreflightException(aw + ".status: expected present, absent or "
              + "unavailable.");
        };
        accounts.put(address, l);
      }
      JsonNode tn = cn.path("transactions");
      ClusterSnapshot.Transactions txs = switch (tn.path("status").asText("not-requested")) {
        case "read" -> {
          List<TxRecord> recs = new ArrayList<>();
          for (JsonNode t : tn.path("records")) {
            List<String> ixs = new ArrayList<>();
            t.path("programInstructions").forEach(i -> ixs.add(i.asText()));
            recs.add(new TxRecord(t.path("signature").asText(), t.path("slot").asLong(),
                t.has("blockTime") ? OptionalLong.of(t.get("blockTime").asLong())
                    : OptionalLong.empty(),
                t.hasNonNull("error") ? Optional.of(t.get("error").asText()) : Optional.empty(),
                t.path("fee").asLong(), t.path("computeUnits").asLong(), ixs));
          }
          yield new ClusterSnapshot.Transactions.Read(recs);
        }
        case "unavailable" -> new ClusterSnapshot.Transactions.Unavailable(
            tn.path("reason").asText());
        default -> new ClusterSnapshot.Transactions.NotRequested();
      };
      clusters.add(new ClusterSnapshot(name, url, text(cn, "genesisHash", where),
          cn.path("slot").asLong(), accounts, txs, Optional.empty()));
    }
    if (clusters.isEmpty()) {
      throw new PreflightException(source + ": the snapshot holds no cluster.");
    }
    return new Snapshot(root.path("toolVersion").asText(""),
        Instant.parse(text(root, "takenAt", source)), clusters);
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new PreflightException(where + ": missing '" + field + "'.");
    }
    return v.asText();
  }

  private static PublicKey key(String base58, String where) {
    try {
      return PublicKey.fromBase58Encoded(base58);
    } catch (RuntimeException e) {
      throw new PreflightException(where + ": '" + base58 + "' is not a base58 public key.");
    }
  }
}
