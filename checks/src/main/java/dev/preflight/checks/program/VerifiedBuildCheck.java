package dev.preflight.checks.program;

import dev.preflight.checks.support.GovernanceView;
import dev.preflight.checks.support.ProgramChain;
import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.OtterVerify;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.chain.SquadsMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.chain.UpgradeableLoaderState;
import dev.preflight.core.chain.VerificationRecord;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.ClusterSnapshot;
import dev.preflight.core.snapshot.Lookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import software.sava.core.accounts.PublicKey;

/**
 * The explorers' "verified" badge: solana-verify's on-chain record for the program, written by the
 * current upgrade authority (a Squads vault included). Reports the repository and commit the record
 * names and, when the policy names a local build or an expected hash, whether the deployed program
 * matches it. Records written by the multisig's members are read too, to say who did upload one.
 */
@CheckDefinition(
    id = "program.verified-build",
    title = "A verified-build record by the upgrade authority names the source",
    severity = Severity.HIGH,
    checklist = {"p4.1.verify-explorers"},
    rationale = "Explorers show a program as verified only when solana-verify's record was "
        + "written by the current upgrade authority. Without it users cannot tie the deployed "
        + "bytes to a repository and commit, and a record by another key is ignored. A record "
        + "written for an earlier deployment no longer describes the code that runs.",
    remediation = "Write the record as the upgrade authority: solana-verify verify-from-repo -u "
        + "<RPC_URL> --program-id <PROGRAM_ID> <REPO_URL> --commit-hash <COMMIT> --library-name "
        + "<LIB> (answer yes to upload the verification data), then solana-verify remote "
        + "submit-job --program-id <PROGRAM_ID> --uploader <AUTHORITY>. When the authority is a "
        + "Squads vault, export the record's transaction instead: solana-verify export-pda-tx "
        + "<REPO_URL> --program-id <PROGRAM_ID> --uploader <VAULT> --encoding base58 "
        + "--compute-unit-price 0, import it in the Squads transaction builder, approve and "
        + "execute it, then solana-verify remote submit-job --program-id <PROGRAM_ID> --uploader "
        + "<VAULT>.",
    references = {"https://github.com/Ellipsis-Labs/solana-verifiable-build",
        "https://solana.com/docs/programs/verified-builds",
        "https://github.com/otter-sec/otter-verify"})
public final class VerifiedBuildCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    PublicKey program = context.programId();
    Set<PublicKey> out = new LinkedHashSet<>(ProgramChain.needs(program, cluster));
    authority(ProgramChain.resolve(program, cluster))
        .ifPresent(a -> out.add(OtterVerify.recordAddress(a, program)));
    GovernanceView.address(context.policy()).ifPresent(out::add);
    for (PublicKey m : members(context, cluster)) {
      out.add(OtterVerify.recordAddress(m, program));
    }
    return out;
  }

  private static Optional<PublicKey> authority(ProgramChain chain) {
    return switch (chain) {
      case ProgramChain.Upgradeable up -> up.authority();
      case ProgramChain.V4 v4 -> v4.authority();
      default -> Optional.empty();
    };
  }

  /** Keys that may have uploaded a record instead of the authority: the multisig's members. */
  private static List<PublicKey> members(AuditContext context, ClusterSnapshot cluster) {
    Optional<Policy.Governance> g = context.policy().governance();
    if (g.isEmpty()) {
      return List.of();
    }
    return GovernanceView.resolve(g.get(), cluster, SquadsV4.load()) instanceof GovernanceView.Squads sq
        ? sq.multisig().members().stream().map(SquadsMultisig.Member::key).toList()
        : List.of();
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    ClusterSnapshot cluster = context.primary();
    PublicKey programId = context.programId();
    String program = programId.toBase58();
    ProgramChain chain = ProgramChain.resolve(programId, cluster);
    List<Evidence> ev = new ArrayList<>(chain.evidence());
    Optional<PublicKey> authority;
    switch (chain) {
      case ProgramChain.Unknown u -> {
        return inconclusive(info, cluster, program, u.reason(), ev);
      }
      case ProgramChain.PendingProgramData p -> {
        return inconclusive(info, cluster, program, p.reason(), ev);
      }
      case ProgramChain.Missing m -> {
        return List.of(info.fail("No program is deployed at " + program + "; there is nothing "
            + "to verify.").evidence(ev).subject(program, "verification record").build());
      }
      case ProgramChain.NotAProgram n -> {
        return List.of(info.fail("The account at " + program + " is not a program: "
            + n.reason()).evidence(ev).subject(program, "verification record").build());
      }
      case ProgramChain.Immutable im -> {
        return List.of(info.notApplicable("The program is immutable (" + im.loader() + "): no "
                + "upgrade authority can write a verification record for it.").evidence(ev)
            .subject(program, "verification record").build());
      }
      case ProgramChain.Upgradeable up -> authority = up.authority();
      case ProgramChain.V4 v4 -> authority = v4.authority();
    }
    if (authority.isEmpty()) {
      return List.of(info.notApplicable("The program has no upgrade authority any more: the "
              + "explorers' verified badge needs a record by an authority, which no one holds.")
          .evidence(ev).subject(program, "verification record").build());
    }
    PublicKey auth = authority.get();
    Optional<Policy.Governance> g = context.policy().governance();
    boolean vault = isSquadsVault(context, cluster, auth);
    String who = (vault ? "the Squads vault " : "the upgrade authority ") + auth.toBase58();
    PublicKey recordAddress = OtterVerify.recordAddress(auth, programId);
    ev.add(Evidence.note("verification record PDA (derived)", recordAddress.toBase58()
        + " = [\"otter_verify\", " + auth.toBase58() + ", " + program + "] under "
        + OtterVerify.PROGRAM_ID.toBase58()));
    List<String> others = otherUploaders(context, cluster, programId, auth, ev);
    Lookup rl = cluster.lookup(recordAddress);
    return switch (rl) {
      case Lookup.Unavailable u -> inconclusive(info, cluster, program, "the verification record "
          + recordAddress.toBase58() + " could not be read: " + u.reason(), ev);
      case Lookup.Absent a -> {
        ev.add(Evidence.absent(cluster, recordAddress.toBase58(), "verification record of the authority"));
        yield List.of(info.fail("No verification record by " + who + " exists for " + program
                + (others.isEmpty() ? "" : "; a record exists by " + String.join(", ", others)
                    + ", which explorers ignore because it is not the upgrade authority")
                + ". Explorers show the program as unverified. " + howTo(vault, program, auth))
            .evidence(ev).subject(program, "verification record").build());
      }
      case Lookup.Present p -> judge(info, context, cluster, chain, p.account(), auth, who, vault,
          ev);
    };
  }

  private List<CheckResult> judge(CheckInfo info, AuditContext context, ClusterSnapshot cluster,
                                  ProgramChain chain, AccountRecord account, PublicKey auth,
                                  String who, boolean vault, List<Evidence> ev) {
    String program = context.programId().toBase58();
    OtterVerify ov = OtterVerify.load();
    ev.add(Evidence.account(cluster, account, "owner", account.owner().toBase58()));
    if (!ov.isRecord(account.owner(), account.data())) {
      return List.of(info.fail("The account at the verification record address "
              + account.address().toBase58() + " is not a solana-verify record (owner "
              + account.owner().toBase58() + "). " + howTo(vault, program, auth)).evidence(ev)
          .subject(program, "verification record").build());
    }
    VerificationRecord r;
    try {
      r = ov.decode(account.data());
    } catch (PreflightException e) {
      return List.of(info.fail("The verification record " + account.address().toBase58()
              + " does not decode: " + e.getMessage()).evidence(ev)
          .subject(program, "verification record").build());
    }
    ev.add(Evidence.account(cluster, account, "signer (uploader)", r.uploader().toBase58()));
    ev.add(Evidence.account(cluster, account, "git_url", r.gitUrl()));
    ev.add(Evidence.account(cluster, account, "commit", r.commit()));
    ev.add(Evidence.account(cluster, account, "args", String.join(" ", r.args())));
    ev.add(Evidence.account(cluster, account, "deploy_slot", Long.toUnsignedString(r.deploySlot())));
    if (!r.uploader().equals(auth) || !r.program().equals(context.programId())) {
      return List.of(info.fail("The verification record at " + account.address().toBase58()
              + " names uploader " + r.uploader().toBase58() + " and program "
              + r.program().toBase58() + ", not " + who + " and " + program + ". "
              + howTo(vault, program, auth)).evidence(ev)
          .subject(program, "verification record").build());
    }
    String source = r.gitUrl() + " at commit " + (r.commit().isEmpty() ? "(none given)" : r.commit());
    Optional<Long> deployed = deploySlot(chain);
    // solana-verify stores the deploy slot it verified; an upgrade since then leaves the record
    // describing code that no longer runs. 0 is what older clients wrote: not comparable.
    if (deployed.isPresent() && r.deploySlot() != 0
        && Long.compareUnsigned(deployed.get(), r.deploySlot()) > 0) {
      return List.of(info.fail("The verification record by " + who + " names " + source
              + " for the deployment at slot " + Long.toUnsignedString(r.deploySlot())
              + ", but the program was redeployed at slot " + Long.toUnsignedString(deployed.get())
              + " since: the record no longer describes the running code. Re-run the "
              + "verification for the new deployment. " + howTo(vault, program, auth))
          .evidence(ev).subject(program, "verification record").build());
    }
    Optional<String> hashProblem = compareHash(context, chain, ev);
    if (hashProblem.isPresent()) {
      return List.of(info.fail("A verification record by " + who + " names " + source
              + ", but " + hashProblem.get()).evidence(ev)
          .subject(program, "verification record").build());
    }
    return List.of(info.pass("The verification record by " + who + " names " + source
            + "; explorers can show the program as verified once the remote build matches.")
        .evidence(ev).subject(program, "verification record").build());
  }

  /** The slot of the program's last deployment, when the chain reached upgradeable ProgramData. */
  private static Optional<Long> deploySlot(ProgramChain chain) {
    if (chain instanceof ProgramChain.Upgradeable up) {
      try {
        return Optional.of(UpgradeableLoaderState.decodeProgramData(up.programData().data(),
            up.programData().address().toBase58()).slot());
      } catch (PreflightException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** A mismatch between the deployed hash and the policy's build, if the policy names one. */
  private static Optional<String> compareHash(AuditContext context, ProgramChain chain,
                                              List<Evidence> ev) {
    Policy.ProgramRef ref = context.policy().program();
    Optional<String> onChain = chain.programHash();
    if (onChain.isEmpty()) {
      return Optional.empty();
    }
    ev.add(Evidence.note("on-chain program hash (solana-verify rule)", onChain.get()));
    String expected;
    if (ref.expectedHash().isPresent()) {
      expected = ref.expectedHash().get().toLowerCase(Locale.ROOT);
    } else if (ref.localSo().isPresent()) {
      Path so = context.resolve(ref.localSo().get());
      if (!Files.isRegularFile(so)) {
        ev.add(Evidence.note("local build", so + " does not exist: not compared"));
        return Optional.empty();
      }
      expected = ProgramHash.ofFile(so);
    } else {
      return Optional.empty();
    }
    ev.add(Evidence.note("policy build hash", expected));
    return expected.equals(onChain.get()) ? Optional.empty()
        : Optional.of("the deployed program hashes to " + onChain.get() + " while the policy's "
            + "build hashes to " + expected + ": the verified source is not the reviewed build.");
  }

  private static List<String> otherUploaders(AuditContext context, ClusterSnapshot cluster,
                                             PublicKey programId, PublicKey auth,
                                             List<Evidence> ev) {
    List<String> out = new ArrayList<>();
    OtterVerify ov = OtterVerify.load();
    for (PublicKey m : members(context, cluster)) {
      if (m.equals(auth)) {
        continue;
      }
      if (cluster.lookup(OtterVerify.recordAddress(m, programId)) instanceof Lookup.Present p
          && ov.isRecord(p.account().owner(), p.account().data())) {
        try {
          VerificationRecord r = ov.decode(p.account().data());
          out.add("multisig member " + m.toBase58() + " (" + r.gitUrl() + " " + r.commit() + ")");
          ev.add(Evidence.account(cluster, p.account(), "record by another uploader",
              r.uploader().toBase58()));
        } catch (PreflightException e) {
          // An unreadable record by someone else changes nothing: the authority's is what counts.
        }
      }
    }
    return out;
  }

  private static boolean isSquadsVault(AuditContext context, ClusterSnapshot cluster,
                                       PublicKey auth) {
    return context.policy().governance().map(g ->
        GovernanceView.resolve(g, cluster, SquadsV4.load()) instanceof GovernanceView.Squads sq
            && sq.vault().equals(auth)).orElse(false);
  }

  private static String howTo(boolean vault, String program, PublicKey auth) {
    String a = auth.toBase58();
    if (vault) {
      return "Export the record's transaction for the vault: solana-verify export-pda-tx "
          + "<REPO_URL> --program-id " + program + " --uploader " + a + " --encoding base58 "
          + "--compute-unit-price 0; import it in the Squads transaction builder, approve and "
          + "execute it; then solana-verify remote submit-job --program-id " + program
          + " --uploader " + a + ".";
    }
    return "As the upgrade authority run solana-verify verify-from-repo --program-id " + program
        + " <REPO_URL> --commit-hash <COMMIT> --library-name <LIB> and upload the verification "
        + "data; then solana-verify remote submit-job --program-id " + program + " --uploader "
        + a + ".";
  }

  private static List<CheckResult> inconclusive(CheckInfo info, ClusterSnapshot cluster,
                                                String program, String reason, List<Evidence> ev) {
    return List.of(info.inconclusive("Cannot look for the verification record: " + reason)
        .evidence(ev).subject(program, "verification record").genesisHash(cluster.genesisHash())
        .build());
  }
}
