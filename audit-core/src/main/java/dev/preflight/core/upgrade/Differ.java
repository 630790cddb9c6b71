package dev.preflight.core.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.fuzz.RecordedStep;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.CandidateTolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * Compares one step as the deployed binary and the candidate ran it. A failed step changes no
 * account of the program, so state is compared only when both succeeded; compute units whenever
 * both ended the same way.
 */
final class Differ {
  static final PublicKey TOKEN = PublicKey.fromBase58Encoded("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
  static final PublicKey TOKEN_2022 = PublicKey.fromBase58Encoded("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
  /** Values longer than this are cut in the report. */
  private static final int SHOWN = 120;

  private final Idl idl;
  private final PublicKey programId;
  private final CandidateTolerance tolerance;

  Differ(Idl idl, PublicKey programId, CandidateTolerance tolerance) {
    this.idl = idl;
    this.programId = programId;
    this.tolerance = tolerance;
  }

  List<Difference> compare(RecordedStep step, StepOutcome d, StepOutcome c) {
    String ix = step.instruction().orElse(step.step() instanceof dev.preflight.core.exec.Step.SetClock
        ? "(clock)" : "(transfer)");
    List<Difference> out = new ArrayList<>();
    if (d.success() != c.success()) {
      out.add(new Difference(ix, Difference.Kind.OUTCOME, "", d.error(), c.error()));
      return out;
    }
    if (!d.success() && !d.error().equals(c.error())) {
      out.add(new Difference(ix, Difference.Kind.ERROR, "", d.error(), c.error()));
      return out;
    }
    if (tolerance.exceeded(d.units(), c.units())) {
      out.add(new Difference(ix, Difference.Kind.COMPUTE, "", d.units() + " CU", c.units() + " CU"));
    }
    if (d.success()) {
      int n = Math.min(d.post().size(), c.post().size());
      for (int i = 0; i < n; i++) {
        String name = i < step.accountNames().size() && !step.accountNames().get(i).isEmpty()
            ? step.accountNames().get(i) : "account[" + i + "]";
        accounts(ix, name, at(d.pre(), i), at(d.post(), i), at(c.pre(), i), at(c.post(), i), out);
      }
    }
    return out;
  }

  private static Optional<AccountState> at(List<Optional<AccountState>> l, int i) {
    return i < l.size() ? l.get(i) : Optional.empty();
  }

  private void accounts(String ix, String name, Optional<AccountState> dPre, Optional<AccountState> dPost,
                        Optional<AccountState> cPre, Optional<AccountState> cPost, List<Difference> out) {
    if (same(dPost, cPost)) {
      return;
    }
    if (dPost.isPresent() != cPost.isPresent()) {
      out.add(new Difference(ix, Difference.Kind.STATE, name, dPost.isPresent() ? "exists" : "absent",
          cPost.isPresent() ? "exists" : "absent"));
      return;
    }
    AccountState a = dPost.get();
    AccountState b = cPost.get();
    long dLamports = a.lamports() - dPre.map(AccountState::lamports).orElse(0L);
    long cLamports = b.lamports() - cPre.map(AccountState::lamports).orElse(0L);
    if (dLamports != cLamports) {
      out.add(new Difference(ix, Difference.Kind.LAMPORT_DELTA, name, signed(dLamports), signed(cLamports)));
    }
    if (!a.owner().equals(b.owner())) {
      out.add(new Difference(ix, Difference.Kind.STATE, name + ".owner", a.owner().toBase58(), b.owner().toBase58()));
      return;
    }
    if (Arrays.equals(a.data(), b.data())) {
      return;
    }
    if (token(a) && token(b)) {
      long dDelta = a.tokenAmount() - dPre.filter(Differ::token).map(AccountState::tokenAmount).orElse(0L);
      long cDelta = b.tokenAmount() - cPre.filter(Differ::token).map(AccountState::tokenAmount).orElse(0L);
      if (dDelta != cDelta) {
        out.add(new Difference(ix, Difference.Kind.TOKEN_DELTA, name, signed(dDelta), signed(cDelta)));
        return;
      }
    }
    if (a.owner().equals(programId)) {
      Optional<Map<String, String>> fa = fields(a.data());
      Optional<Map<String, String>> fb = fields(b.data());
      if (fa.isPresent() && fb.isPresent()) {
        for (String path : union(fa.get(), fb.get())) {
          String va = fa.get().getOrDefault(path, "(none)");
          String vb = fb.get().getOrDefault(path, "(none)");
          if (!va.equals(vb)) {
            out.add(new Difference(ix, Difference.Kind.STATE, name + "." + path, cut(va), cut(vb)));
          }
        }
        return;
      }
    }
    out.add(new Difference(ix, Difference.Kind.STATE, name + " (bytes)", bytes(a.data(), b.data()),
        bytes(b.data(), a.data())));
  }

  private static boolean same(Optional<AccountState> a, Optional<AccountState> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return a.isEmpty() && b.isEmpty();
    }
    AccountState x = a.get();
    AccountState y = b.get();
    return x.lamports() == y.lamports() && x.owner().equals(y.owner()) && Arrays.equals(x.data(), y.data());
  }

  private static boolean token(AccountState a) {
    return (a.owner().equals(TOKEN) || a.owner().equals(TOKEN_2022)) && a.data().length == 165;
  }

  /** The account's fields as the IDL decodes them, flattened to paths ({@code pending.eta}). */
  private Optional<Map<String, String>> fields(byte[] data) {
    try {
      return idl.decodeAccount(data).map(d -> {
        Map<String, String> m = new LinkedHashMap<>();
        flatten("", d.value().toJson(), m);
        m.put("(type)", d.name());
        return m;
      });
    } catch (RuntimeException e) {
      return Optional.empty(); // undecodable on one side: compared as bytes
    }
  }

  private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
    if (n.isObject()) {
      n.properties().forEach(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
    } else if (n.isArray() && n.size() <= 16) {
      for (int i = 0; i < n.size(); i++) {
        flatten(prefix + "[" + i + "]", n.get(i), out);
      }
    } else {
      out.put(prefix, n.isTextual() ? n.asText() : n.toString());
    }
  }

  private static List<String> union(Map<String, String> a, Map<String, String> b) {
    List<String> keys = new ArrayList<>(a.keySet());
    b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(keys::add);
    return keys;
  }

  /** Length, and the first differing byte with a few around it. */
  private static String bytes(byte[] mine, byte[] other) {
    int i = 0;
    while (i < mine.length && i < other.length && mine[i] == other[i]) {
      i++;
    }
    int to = Math.min(mine.length, i + 16);
    return mine.length + " bytes; from offset " + i + ": " + HexFormat.of().formatHex(mine, Math.min(i, mine.length), to);
  }

  private static String signed(long v) {
    return v > 0 ? "+" + v : Long.toString(v);
  }

  private static String cut(String s) {
    return s.length() > SHOWN ? s.substring(0, SHOWN) + "…" : s;
  }
}
