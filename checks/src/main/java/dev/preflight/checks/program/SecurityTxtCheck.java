package dev.preflight.checks.program;

import dev.preflight.checks.support.ProgramChain;
import dev.preflight.core.chain.SecurityTxt;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.snapshot.ClusterSnapshot;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.sava.core.accounts.PublicKey;

/** The deployed binary carries a valid security.txt so that researchers know whom to tell. */
@CheckDefinition(
    id = "program.security-txt",
    title = "Program embeds a valid security.txt",
    severity = Severity.MEDIUM,
    checklist = {"p4.1.verify-explorers"},
    rationale = "A researcher who finds a bug needs a contact and a disclosure policy, read from "
        + "the program itself; an expired one means nobody is listening.",
    remediation = "Embed a security.txt (name, project_url, contacts, policy, expiry in the "
        + "future) with the security_txt! macro or an equivalent section, then redeploy.",
    references = {"https://github.com/neodyme-labs/solana-security-txt"})
public final class SecurityTxtCheck implements Check {

  @Override
  public Set<PublicKey> accountsNeeded(AuditContext context, ClusterSnapshot cluster) {
    return ProgramChain.needs(context.programId(), cluster);
  }

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    ClusterSnapshot cluster = context.primary();
    String program = context.programId().toBase58();
    ProgramChain chain = ProgramChain.resolve(context.programId(), cluster);
    Optional<byte[]> elf = chain.elf();
    if (elf.isEmpty()) {
      return List.of(info.inconclusive("The program's binary could not be read, so its "
              + "security.txt cannot be checked.").evidence(chain.evidence())
          .subject(program, "security.txt").genesisHash(cluster.genesisHash()).build());
    }
    Optional<SecurityTxt> found = SecurityTxt.find(elf.get());
    List<Evidence> ev = new ArrayList<>(chain.evidence().subList(0,
        Math.min(1, chain.evidence().size())));
    if (found.isEmpty()) {
      if (!context.policy().program().requireSecurityTxt()) {
        return List.of(info.notApplicable("The binary has no security.txt and the policy does "
            + "not require one.").evidence(ev).subject(program, "security.txt").build());
      }
      return List.of(info.fail("The deployed binary has no security.txt.").evidence(ev)
          .subject(program, "security.txt").build());
    }
    SecurityTxt txt = found.get();
    for (Map.Entry<String, String> f : txt.fields().entrySet()) {
      ev.add(Evidence.cluster(cluster, "security.txt " + f.getKey(), f.getValue()));
    }
    LocalDate today = LocalDate.ofInstant(context.now(), ZoneOffset.UTC);
    List<SecurityTxt.Problem> problems = txt.validate(today);
    if (problems.isEmpty()) {
      return List.of(info.pass("security.txt is present and valid (contacts: "
          + txt.fields().getOrDefault("contacts", "") + ").").evidence(ev)
          .subject(program, "security.txt").build());
    }
    String listed = problems.stream().map(p -> p.field() + ": " + p.message())
        .collect(Collectors.joining("; "));
    return List.of(info.fail("security.txt has problems: " + listed + ".").evidence(ev)
        .subject(program, "security.txt").build());
  }
}
