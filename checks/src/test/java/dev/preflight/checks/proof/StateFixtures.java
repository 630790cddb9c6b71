package dev.preflight.checks.proof;

import dev.preflight.checks.acceptance.EscrowWorld;
import dev.preflight.checks.acceptance.GovernanceFixtures;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.chain.SquadsMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.chain.TokenMints;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.cluster.RetryPolicy;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/**
 * The state-check fixtures, on one governed escrow world (the acceptance tests' {@link
 * EscrowWorld}) read through real audits. They run in {@link Fixture} order because the later
 * ones change the world with real transactions and cheatcodes: first everything that reads it as
 * built, then governance accounts written by cheatcode ({@link GovernanceFixtures}: a verification
 * record, a pending upgrade, a spending limit, a garbled proposal), then a failed transaction,
 * then rewritten accounts.
 */
final class StateFixtures implements AutoCloseable {
  private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofSeconds(2), 1,
      Duration.ofMillis(50), Duration.ofMillis(100));
  /** Token-2022 instructions (spl-token-2022 TokenInstruction discriminants). */
  private static final int INITIALIZE_MINT2 = 20;
  private static final int INITIALIZE_PERMANENT_DELEGATE = 35;
  /** Mint (82) padded to an account's 165 bytes, the account-type byte, then TLV entries. */
  private static final int EXTENSIONS_START = 166;

  private final Path dir;
  private final EscrowWorld world;
  private EmbeddedValidator second;
  private EmbeddedValidator third;

  StateFixtures(Path dir) {
    this.dir = dir;
    this.world = new EscrowWorld(EscrowWorld.Governance.good());
  }

  List<CheckResult> run(Fixture f) {
    return switch (f) {
      case GOVERNED -> audit(policy(f.name(), url(), "", binary(EscrowProgram.Variant.CLEAN),
          mints(true), OPS, goodEvidence()));
      case UNREACHABLE -> Audit.of(policy(f.name(), closedPort(), "",
          binary(EscrowProgram.Variant.CLEAN), mints(true), OPS, placeholderEvidence()))
          .retry(QUICK).run().results();
      case NO_SECTIONS -> audit(policy(f.name(), url(), "", "", "", "", ""));
      case DEFECT_BINARY -> audit(policy(f.name(), url(), "",
          binary(EscrowProgram.Variant.FEE_UNCAPPED),
          mints(true), OPS, ""));
      case SECURITY_TXT_EXPIRED -> Audit.of(policy(f.name(), url(), "",
              binary(EscrowProgram.Variant.CLEAN), "", "", ""))
          .clock(Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC)).run()
          .results();
      case UNGOVERNED_MINTS -> audit(policy(f.name(), url(), "", "", ungovernedMints(), "", ""));
      case SECOND_CLUSTER_SAME -> {
        second = startLike(EscrowProgram.Variant.CLEAN);
        yield audit(policy(f.name(), url(), secondCluster(second.rpcUri().toString()), "", "",
            "", ""));
      }
      case SECOND_CLUSTER_DIVERGES -> {
        new LocalChain(second.rpcUri()).setProgramAuthority(EscrowProgram.PROGRAM_ID,
            Optional.of(LocalChain.newSigner().publicKey()));
        yield audit(policy(f.name(), url(), secondCluster(second.rpcUri().toString()), "", "", "",
            ""));
      }
      case SECOND_CLUSTER_OTHER_BINARY -> {
        third = startLike(EscrowProgram.Variant.PRICE_WRAP);
        yield audit(policy(f.name(), url(), secondCluster(third.rpcUri().toString()), "", "", "",
            ""));
      }
      case SECOND_CLUSTER_DOWN -> Audit.of(policy(f.name(), url(), secondCluster(closedPort()),
          "", "", "", "")).retry(QUICK).run().results();
      case VERIFIED_BY_ANOTHER_UPLOADER -> {
        GovernanceFixtures.verificationRecordByAnotherUploader(world);
        yield governed(f);
      }
      case VERIFIED_BY_AUTHORITY -> {
        GovernanceFixtures.verificationRecordByAuthority(world);
        yield governed(f);
      }
      case PENDING_UPGRADE -> {
        GovernanceFixtures.pendingUpgrade(world);
        yield governed(f);
      }
      case SPENDING_LIMIT -> {
        GovernanceFixtures.spendingLimit(world);
        yield governed(f);
      }
      case GARBLED_PROPOSAL -> {
        GovernanceFixtures.garbledProposal(world);
        yield governed(f);
      }
      case BAD_OPS_AND_EVIDENCE -> {
        landFailedTransaction();
        yield audit(policy(f.name(), url(), "", "", "", """
            ops:
              transactions: 50
              maxFailureRate: 0
              maxAverageFee: 1
              computeBudget: { default: 1000 }
            """, badEvidence()));
      }
      case MULTISIG_REWRITTEN -> {
        rewriteMultisig();
        yield audit(policy(f.name(), url(), "", "", "", "", ""));
      }
      case CONFIG_REWRITTEN -> {
        rewriteConfig();
        yield audit(policy(f.name(), url(), "", "", "", "", ""));
      }
      case SINGLE_KEY_AUTHORITY -> {
        world.chain.setProgramAuthority(EscrowProgram.PROGRAM_ID,
            Optional.of(LocalChain.newSigner().publicKey()));
        yield audit(policy(f.name(), url(), "", "", "", "", ""));
      }
      default -> throw new IllegalArgumentException(f + " is not a state fixture");
    };
  }

  /** The governed world's audit with the reviewed build named (as GOVERNED, without sections). */
  private List<CheckResult> governed(Fixture f) {
    return audit(policy(f.name(), url(), "", binary(EscrowProgram.Variant.CLEAN), "", "", ""));
  }

  // ---- world changes -------------------------------------------------------------------------

  /**
   * Another validator running {@code variant} with the world's upgrade authority, and the world's
   * config account bytes copied into it.
   */
  private EmbeddedValidator startLike(EscrowProgram.Variant variant) {
    EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(), EscrowProgram.binary(variant),
            Optional.of(world.vault.toBase58()))
        .start();
    PublicKey config = world.market.config();
    long lamports = world.chain.rpc.getAccountInfo(config).join().lamports();
    new LocalChain(v.rpcUri()).setAccount(config, lamports, world.market.data(config),
        EscrowProgram.PROGRAM_ID, false);
    return v;
  }

  /**
   * Sends set_emergency_stop without any admin signature, skipping preflight: the escrow refuses
   * it (NotEnoughSignatures) and the failed transaction lands in the program's history.
   */
  private void landFailedTransaction() {
    LocalChain chain = world.chain;
    Signer payer = chain.fundedSigner(1_000_000_000L);
    Transaction tx = Transaction.createTx(payer.publicKey(),
        List.of(world.market.ix.setEmergencyStop(List.of())));
    tx.setRecentBlockHash(chain.rpc.getLatestBlockHash().join().blockHash());
    tx.sign((Collection<Signer>) List.of(payer));
    String response = chain.call("sendTransaction", "[\"" + tx.base64EncodeToString()
        + "\",{\"encoding\":\"base64\",\"skipPreflight\":true}]");
    Matcher m = Pattern.compile("\"result\":\"([1-9A-HJ-NP-Za-km-z]+)\"").matcher(response);
    if (!m.find()) {
      throw new IllegalStateException("the failing transaction was not accepted: " + response);
    }
    if (chain.confirmed(m.group(1)).error() == null) {
      throw new IllegalStateException("set_emergency_stop without signatures succeeded");
    }
  }

  /** Threshold 1, no time lock, and a config authority: three governance failures at once. */
  private void rewriteMultisig() {
    SquadsV4 squads = SquadsV4.load();
    SquadsMultisig ms = squads.decodeMultisig(world.market.data(world.multisig));
    SquadsMultisig weak = new SquadsMultisig(ms.createKey(), LocalChain.newSigner().publicKey(), 1,
        0, ms.transactionIndex(), ms.staleTransactionIndex(), ms.rentCollector(), ms.bump(),
        ms.members());
    long lamports = world.chain.rpc.getAccountInfo(world.multisig).join().lamports();
    world.chain.setAccount(world.multisig, lamports, squads.encodeMultisig(weak),
        SquadsV4.PROGRAM_ID, false);
  }

  /** Offsets per fixtures/escrow/README.md (GlobalConfig layout). */
  private void rewriteConfig() {
    PublicKey config = world.market.config();
    byte[] data = world.market.data(config);
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    b.put(329, (byte) 1); // min_signatures: 1 of 3
    b.put(338, (byte) 1); // emergency_stop engaged
    b.putShort(339, (short) 1500); // platform_fee_bps above the 1000 cap
    b.putLong(373, 60); // min_sale_duration: one minute
    b.put(413, (byte) 1); // circuit_breaker.tripped
    long lamports = world.chain.rpc.getAccountInfo(config).join().lamports();
    world.chain.setAccount(config, lamports, data, EscrowProgram.PROGRAM_ID, false);
  }

  /** A Token-2022 mint with a permanent delegate, made by the Token-2022 program itself. */
  private PublicKey permanentDelegateMint() {
    LocalChain chain = world.chain;
    Signer payer = chain.fundedSigner(10_000_000_000L);
    Signer mint = LocalChain.newSigner();
    PublicKey delegate = LocalChain.newSigner().publicKey();
    int size = EXTENSIONS_START + 4 + 32;
    long rent = chain.rpc.getMinimumBalanceForRentExemption(size).join();
    List<Instruction> ixs = new ArrayList<>();
    ixs.add(LocalChain.createAccount(payer.publicKey(), mint.publicKey(), rent, size,
        TokenMints.TOKEN_2022_PROGRAM));
    ixs.add(Instruction.createInstruction(TokenMints.TOKEN_2022_PROGRAM,
        List.of(AccountMeta.createWrite(mint.publicKey())), LocalChain.le(33)
            .put((byte) INITIALIZE_PERMANENT_DELEGATE).put(delegate.toByteArray()).array()));
    ixs.add(Instruction.createInstruction(TokenMints.TOKEN_2022_PROGRAM,
        List.of(AccountMeta.createWrite(mint.publicKey())), LocalChain.le(67)
            .put((byte) INITIALIZE_MINT2).put((byte) 6).put(payer.publicKey().toByteArray())
            .put((byte) 0).array()));
    chain.sendAndConfirm(ixs, payer, mint);
    return mint.publicKey();
  }

  // ---- policies ------------------------------------------------------------------------------

  private static final String OPS = """
      ops:
        transactions: 50
        computeBudget: { default: 200000 }
      """;

  private String url() {
    return world.validator.rpcUri().toString();
  }

  private static String binary(EscrowProgram.Variant v) {
    return "  binary: { so: " + EscrowProgram.binary(v).toAbsolutePath() + " }\n";
  }

  private String mints(boolean allowed) {
    String auth = world.market.mintAuthority.publicKey().toBase58();
    String allow = allowed ? ", allowedAuthorities: [" + auth + "]" : "";
    return "mints:\n"
        + "  - { address: " + world.market.paymentMint.toBase58() + ", role: payment" + allow + " }\n"
        + "  - { address: " + world.market.tokenMint.toBase58() + ", role: sale token" + allow
        + " }\n";
  }

  private String ungovernedMints() {
    return mints(false) + "  - { address: " + permanentDelegateMint().toBase58()
        + ", role: token-2022 payment }\n";
  }

  private static String secondCluster(String url) {
    return "  - { name: second, url: \"" + url + "\", kind: localnet }\n";
  }

  private String goodEvidence() {
    Path lcov = write("full.lcov", "TN:\nSF:src/lib.rs\nDA:1,3\nDA:2,3\nLF:2\nLH:2\nend_of_record\n");
    return """
        evidence:
          coverage: { report: "%s", minimum: 95 }
          documents:
            api: "%s"
            integration: "%s"
            security: "%s"
            troubleshooting: "%s"
            playbook: "%s"
        """.formatted(lcov, EscrowProgram.idl().toAbsolutePath(), repo("docs/user-guide.md"),
        repo("fixtures/escrow/README.md"), repo("docs/troubleshooting.md"),
        repo("examples/escrow-readiness/docs/emergency-playbook.md"));
  }

  private String placeholderEvidence() {
    Path placeholder = write("playbook.md", "# Playbook\nTODO: write this\n");
    Path notes = write("notes.txt", "coverage is great\n");
    return """
        evidence:
          coverage: { report: "%s" }
          documents: { api: "%s", integration: "%s", security: "%s", troubleshooting: "%s",
                       playbook: "%s" }
        """.formatted(notes, placeholder, placeholder, placeholder, placeholder, placeholder);
  }

  private String badEvidence() {
    Path half = write("half.lcov", "TN:\nSF:src/lib.rs\nDA:1,3\nDA:2,0\nLF:2\nLH:1\nend_of_record\n");
    return """
        evidence:
          coverage: { report: "%s", minimum: 95 }
          documents: { playbook: "%s" }
        """.formatted(half, write("empty-playbook.md", ""));
  }

  private Policy policy(String name, String url, String secondCluster, String binary, String mints,
                        String ops, String evidence) {
    String yaml = """
        project: check-fixtures
        mainnet: true
        clusters:
          - { name: localnet, url: "%s", kind: localnet }
        %sprogram:
          id: %s
          idl: "%s"
        %s  requireSecurityTxt: true
        governance:
          multisig: { kind: squads-v4, address: %s, vaultIndex: 0 }
          minThreshold: 2
          minMembers: 3
          minTimelock: 24h
          allowConfigAuthority: false
        presets:
          token-sale-escrow:
            account: { seeds: ["string:config"], type: GlobalConfig }
            fee: { bps: platform_fee_bps }
            duration: { min: min_sale_duration, max: max_sale_duration }
            emergencyStop: { flag: emergency_stop }
            circuitBreaker: { limit: circuit_breaker.max_daily_volume, tripped: circuit_breaker.tripped }
            adminSet: { count: admin_count, threshold: min_signatures }
        """.formatted(url, secondCluster, EscrowProgram.PROGRAM_ID.toBase58(),
        EscrowProgram.idl().toAbsolutePath(), binary, world.multisig.toBase58())
        + mints + ops + evidence;
    Path file = write(name + ".yaml", yaml);
    return new PolicyLoader().load(file);
  }

  private static List<CheckResult> audit(Policy policy) {
    return Audit.of(policy).run().results();
  }

  private Path write(String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.writeString(p, text);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path repo(String relative) {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve(relative))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(relative + " not found above the working directory");
    }
    return p.resolve(relative);
  }

  @Override
  public void close() {
    for (EmbeddedValidator v : new EmbeddedValidator[] {second, third}) {
      if (v != null) {
        v.close();
      }
    }
    world.close();
  }
}
