package dev.preflight.maven;

import dev.preflight.core.PreflightException;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.cluster.Endpoints;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.fuzz.ScenarioWriter;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.validator.EmbeddedValidator;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import software.sava.core.accounts.PublicKey;

/**
 * The {@code scenario} goal's work: the policy's program and IDL, the world on the chain the build
 * names (the embedded validator with its programs and accounts, a URL, or the policy's primary
 * cluster), {@link ScenarioWriter}, and the file, which is never overwritten unless asked.
 */
final class ScenarioRun {

  /** The default file when neither the build nor the policy names one. */
  static final String DEFAULT_FILE = "src/test/preflight/scenario.yaml";

  /** What was written. */
  record Result(Path file, ScenarioWriter.Written written) {}

  private final Progress progress;
  private final Consumer<String> validatorLog;
  private final Function<String, Optional<String>> properties;

  ScenarioRun(Progress progress, Consumer<String> validatorLog,
              Function<String, Optional<String>> properties) {
    this.progress = progress;
    this.validatorLog = validatorLog;
    this.properties = properties;
  }

  Result run(AuditRun.Request request, Optional<Path> file, boolean force) {
    if (!Files.isRegularFile(request.policyFile())) {
      throw new PreflightException("Policy file " + request.policyFile() + " does not exist; the "
          + "scenario goal reads the program id and program.idl from it (see "
          + "docs/policy-reference.md).");
    }
    Policy policy = new PolicyLoader(name -> Optional.ofNullable(System.getenv(name)), properties)
        .load(request.policyFile());
    Path policyDir = request.policyFile().toAbsolutePath().getParent();
    Path idlFile = policy.program().idl().map(policyDir::resolve).orElseThrow(() ->
        new PreflightException(request.policyFile() + ": program.idl is not set; the scenario is "
            + "written from the IDL (Anchor: target/idl/<name>.json)"));
    Idl idl = Idl.load(idlFile);
    PublicKey programId = PublicKey.fromBase58Encoded(policy.program().id());
    Path out = file.orElseGet(() -> policy.extension("fuzz")
        .filter(f -> f.path("scenario").isTextual())
        .map(f -> policyDir.resolve(f.get("scenario").asText()))
        .orElse(request.baseDir().resolve(DEFAULT_FILE))).normalize();
    String shown = AuditRun.shown(out, request.baseDir());
    if (Files.exists(out) && !force) {
      throw new PreflightException(shown + " exists and is not overwritten; give another file "
          + "with -Dpreflight.scenario.file=<path>, or overwrite it with "
          + "-Dpreflight.scenario.force=true");
    }
    EmbeddedValidator validator = null;
    try {
      URI at;
      String source;
      switch (request.chain()) {
        case AuditRun.Embedded e -> {
          progress.phase("starting the embedded validator");
          validator = new AuditRun(progress, validatorLog).startValidator(e, request.fixedClock(), Optional.empty());
          at = validator.rpcUri();
          source = "the embedded validator";
        }
        case AuditRun.Url u -> {
          at = u.url();
          source = Endpoints.redact(u.url());
        }
        case AuditRun.AsWritten w -> {
          at = URI.create(policy.primaryCluster().url());
          source = Endpoints.redact(at);
        }
        case AuditRun.Offline o -> throw new PreflightException("preflight.snapshot is set, but a "
            + "scenario is written from a live world (getProgramAccounts); leave it out and give "
            + "preflight.validator (embedded or a URL)");
      }
      progress.phase("reading the program's accounts from " + source);
      ScenarioWriter.Written w;
      try (RpcValidator rpc = new RpcValidator(at)) {
        w = ScenarioWriter.write(idl, programId, rpc, source);
      }
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, w.yaml());
      progress.info("wrote " + shown + ": " + w.calls() + " calls, " + w.todoAccounts()
          + " accounts and " + w.todoArgs() + " arguments marked TODO to fill in "
          + "(docs/fuzz-scenarios.md)");
      return new Result(out, w);
    } catch (IOException e) {
      throw new PreflightException("cannot write " + shown + ": " + e.getMessage());
    } finally {
      if (validator != null) {
        validator.close();
      }
    }
  }
}
