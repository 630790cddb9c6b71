package dev.preflight.checks.deploy;

import dev.preflight.checks.support.Idls;
import dev.preflight.checks.support.ProgramChain;
import dev.preflight.checks.support.Seeds;
import dev.preflight.core.PreflightException;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * Every cluster the policy lists runs the same binary with the same upgrade authority and the same
 * values in the fields the config rules read (e.g. Solana mainnet and SOON mainnet).
 */
@CheckDefinition(id = "deploy.cluster-consistency",
    title = "Same binary, authority and config on every listed cluster",
    severity = Severity.HIGH, checklist = {"p4.1.solana-mainnet", "p4.1.cross-network"},
    rationale = "A deployment that differs between networks means users of one network run code "
        + "or parameters nobody reviewed for it.",
    remediation = "Deploy the same verified binary everywhere, hand the upgrade authority to the "
        + "same governance on each network, and align the config through the governed path.")
public final class ClusterConsistencyCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    Set<PublicKey> out = new LinkedHashSet<>();
    if (context.policy().clusters().size() < 2) {
      return out;
    }
    out.addAll(ProgramChain.needs(context.programId(), cluster));
    for (Policy.ConfigRule r : context.policy().rules()) {
      if (r.missing().isEmpty()) {
        try {
          out.add(Seeds.address(r.account(), context.programId()));
        } catch (PreflightException e) {
          // The config rule reports it.
        }
      }
    }
    return out;
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    String program = context.programId().toBase58();
    List<ClusterSnapshot> clusters = context.snapshot().clusters();
    if (clusters.size() < 2) {
      return List.of(info.notApplicable("The policy lists one cluster; nothing to compare.")
          .subject(program, "clusters").build());
    }
    Optional<Idl> idl;
    try {
      idl = Idls.of(context);
    } catch (PreflightException e) {
      idl = Optional.empty();
    }
    List<Map<String, String>> facts = new ArrayList<>();
    List<Evidence> ev = new ArrayList<>();
    for (ClusterSnapshot c : clusters) {
      if (!c.reachable()) {
        return List.of(info.inconclusive("Cluster " + c.name() + " could not be read: "
            + c.error().orElse("unreachable")).subject(program, "clusters").build());
      }
      Map<String, String> f = new LinkedHashMap<>();
      ProgramChain chain = ProgramChain.resolve(context.programId(), c);
      if (chain instanceof ProgramChain.Unknown || chain instanceof ProgramChain.PendingProgramData) {
        return List.of(info.inconclusive("The program on " + c.name() + " could not be read.")
            .evidence(chain.evidence()).subject(program, "clusters").build());
      }
      f.put("program hash", chain.programHash().orElse("no program"));
      f.put("upgrade authority", switch (chain) {
        case ProgramChain.Upgradeable u -> u.authority().map(PublicKey::toBase58)
            .orElse("none (immutable)");
        case ProgramChain.V4 v -> v.authority().map(PublicKey::toBase58).orElse("none");
        case ProgramChain.Immutable im -> "none (immutable loader)";
        default -> "n/a";
      });
      for (Policy.ConfigRule r : context.policy().rules()) {
        if (r.missing().isPresent() || idl.isEmpty()) {
          continue;
        }
        PublicKey addr = Seeds.address(r.account(), context.programId());
        Lookup l = c.lookup(addr);
        if (l instanceof Lookup.Unavailable u) {
          return List.of(info.inconclusive(r.account().type() + " on " + c.name()
              + " could not be read: " + u.reason()).subject(program, "clusters").build());
        }
        Optional<IdlValue> value = Optional.empty();
        if (l instanceof Lookup.Present p) {
          try {
            value = Optional.of(idl.get().decodeAccount(r.account().type(),
                p.account().data()).value());
          } catch (PreflightException e) {
            value = Optional.empty();
          }
        }
        for (String written : r.fields()) {
          String key = r.account().type() + "." + written;
          String field = written.startsWith("len(") ? written.substring(4, written.length() - 1)
              : written;
          f.put(key, value.flatMap(v -> v.at(field)).map(v -> v.toJson().toString())
              .orElse(l instanceof Lookup.Absent ? "no account" : "undecodable"));
        }
      }
      f.forEach((k, v) -> ev.add(Evidence.cluster(c, k, v)));
      facts.add(f);
    }
    List<String> diffs = new ArrayList<>();
    Map<String, String> first = facts.getFirst();
    for (int i = 1; i < facts.size(); i++) {
      for (Map.Entry<String, String> e : first.entrySet()) {
        String other = facts.get(i).get(e.getKey());
        if (!e.getValue().equals(other)) {
          diffs.add(e.getKey() + ": " + clusters.getFirst().name() + " has " + e.getValue()
              + ", " + clusters.get(i).name() + " has " + other);
        }
      }
    }
    if (diffs.isEmpty()) {
      return List.of(info.pass("All " + clusters.size() + " clusters run the same binary, "
          + "authority and config values.").evidence(ev).subject(program, "clusters").build());
    }
    return List.of(info.fail("The deployments differ: " + String.join("; ", diffs) + ".")
        .evidence(ev).subject(program, "clusters").build());
  }
}
