package dev.preflight.benchmarks;

import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.audit.Progress;
import dev.preflight.core.audit.Version;
import dev.preflight.core.chain.SquadsMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.cluster.ClusterClient;
import dev.preflight.core.cluster.RetryPolicy;
import dev.preflight.core.cluster.RpcStats;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.AccountSource;
import dev.preflight.core.snapshot.Lookup;
import dev.preflight.core.snapshot.RpcAccountSource;
import dev.preflight.core.snapshot.Snapshot;
import dev.preflight.core.snapshot.SnapshotReader;
import dev.preflight.core.snapshot.TxRecord;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.rpc.json.http.client.SolanaRpcClient;
import software.sava.rpc.json.http.request.Commitment;
import software.sava.rpc.json.http.response.AccountInfo;

/**
 * RPC round trips and wall time of the reference audit's reader (batched getMultipleAccounts, one
 * call per dependency level) against a naive reader that asks getAccountInfo once per account,
 * following the same dependency chain (the same checks ask for the same accounts round by round).
 * Two worlds: the governed escrow (program, ProgramData, authority, multisig, config, 2 mints), and
 * the same with 40 extra mints in the policy. Prints a table; run with
 * {@code ./mvnw -B -ntp -pl benchmarks exec:exec@audit-round-trips}.
 */
public final class AuditRoundTrips {
  private static final int RUNS = 7;

  private AuditRoundTrips() {}

  /** One account per getAccountInfo call; genesis, slot and transactions as the reference does. */
  static final class NaiveAccountSource implements AccountSource {
    private final ClusterClient client;
    private final SolanaRpcClient rpc;
    private final RpcAccountSource delegate;

    NaiveAccountSource(ClusterClient client) {
      this.client = client;
      this.rpc = SolanaRpcClient.build().endpoint(client.endpoint())
          .defaultCommitment(Commitment.CONFIRMED).createClient();
      this.delegate = new RpcAccountSource(client);
    }

    @Override
    public String url() {
      return delegate.url();
    }

    @Override
    public String genesisHash() {
      return delegate.genesisHash();
    }

    @Override
    public long slot() {
      return delegate.slot();
    }

    @Override
    public List<Lookup> fetch(List<PublicKey> keys, long minContextSlot) {
      client.stats().accountRound();
      List<Lookup> out = new ArrayList<>();
      for (PublicKey key : keys) {
        AccountInfo<byte[]> info = client.call("getAccountInfo",
            () -> rpc.getAccountInfo(Commitment.CONFIRMED, key));
        if (info == null || info.owner() == null) {
          out.add(new Lookup.Absent(key, minContextSlot));
        } else {
          out.add(new Lookup.Present(new AccountRecord(key, info.lamports(), info.owner(),
              info.executable(), info.rentEpoch(), info.data() == null ? new byte[0]
              : info.data(), info.context().slot())));
        }
      }
      return out;
    }

    @Override
    public List<TxRecord> transactions(PublicKey program, int limit) {
      return delegate.transactions(program, limit);
    }
  }

  record Measure(String reader, long calls, long accountCalls, long rounds, int accounts,
                 double medianMs) {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("preflight-bench");
    try (World world = new World()) {
      System.out.printf("%-26s %-10s %8s %14s %7s %9s %11s%n", "scenario", "reader", "calls",
          "account calls", "rounds", "accounts", "median ms");
      for (int extraMints : new int[] {0, 40}) {
        Policy policy = world.policy(dir, world.extraMints(extraMints));
        String scenario = extraMints == 0 ? "governed escrow" : "escrow + " + extraMints
            + " mints";
        Measure batched = measure(policy, world.validator.rpcUri(), false);
        Measure naive = measure(policy, world.validator.rpcUri(), true);
        for (Measure m : List.of(batched, naive)) {
          System.out.printf("%-26s %-10s %8d %14d %7d %9d %11.1f%n", scenario, m.reader(),
              m.calls(), m.accountCalls(), m.rounds(), m.accounts(), m.medianMs());
        }
        System.out.printf("%-26s naive/batched: %.1fx calls, %.1fx account calls, %.1fx time%n",
            "", (double) naive.calls() / batched.calls(),
            (double) naive.accountCalls() / batched.accountCalls(),
            naive.medianMs() / batched.medianMs());
      }
      // The whole reference audit (read + every check + checklist), for scale.
      Policy policy = world.policy(dir, "");
      double[] ms = new double[RUNS];
      AuditResult last = null;
      for (int i = 0; i < RUNS; i++) {
        long t0 = System.nanoTime();
        last = Audit.of(policy).run();
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf("full reference audit: median %.1f ms over %d runs, %d RPC calls %s, "
              + "%d account rounds%n", ms[RUNS / 2], RUNS, last.report().rpc().calls(),
          last.report().rpc().byMethod(), last.report().rpc().accountRounds());
    }
  }

  private static Measure measure(Policy policy, URI url, boolean naive) {
    CheckRegistry checks = CheckRegistry.load(AuditRoundTrips.class.getClassLoader());
    double[] ms = new double[RUNS];
    RpcStats.Snapshot stats = null;
    int accounts = 0;
    for (int i = 0; i < RUNS; i++) {
      RpcStats s = new RpcStats();
      try (ClusterClient client = new ClusterClient(url, RetryPolicy.defaults(), s)) {
        AccountSource source = naive ? new NaiveAccountSource(client)
            : new RpcAccountSource(client);
        long t0 = System.nanoTime();
        Snapshot snap = new SnapshotReader(checks.checks(), Progress.silent())
            .read(policy, Map.of(policy.primaryCluster().name(), source), Version.current(),
                Instant.now());
        ms[i] = (System.nanoTime() - t0) / 1e6;
        accounts = snap.primary().accounts().size();
      }
      stats = s.snapshot();
    }
    Arrays.sort(ms);
    long accountCalls = stats.byMethod().getOrDefault(naive ? "getAccountInfo"
        : "getMultipleAccounts", 0L);
    return new Measure(naive ? "naive" : "batched", stats.calls(), accountCalls,
        stats.accountRounds(), accounts, ms[RUNS / 2]);
  }

  /** The governed escrow world of the acceptance tests, plus mints made on demand. */
  static final class World implements AutoCloseable {
    final EmbeddedValidator validator;
    final LocalChain chain;
    final EscrowMarket market;
    final PublicKey multisig;
    private final List<PublicKey> mints = new ArrayList<>();

    World() {
      PublicKey createKey = LocalChain.newSigner().publicKey();
      multisig = SquadsV4.multisigAddress(createKey);
      PublicKey vault = SquadsV4.vaultAddress(multisig, 0);
      validator = EmbeddedValidator.builder()
          .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
              EscrowProgram.binary(EscrowProgram.Variant.CLEAN), Optional.of(vault.toBase58()))
          .start();
      chain = new LocalChain(validator.rpcUri());
      List<Signer> members = List.of(LocalChain.newSigner(), LocalChain.newSigner(),
          LocalChain.newSigner());
      SquadsMultisig ms = new SquadsMultisig(createKey, PublicKey.NONE, 2, 48 * 3600, 0, 0,
          Optional.empty(), SquadsV4.multisigBump(createKey),
          members.stream().map(s -> SquadsMultisig.Member.of(s.publicKey(),
              SquadsMultisig.Permission.INITIATE, SquadsMultisig.Permission.VOTE,
              SquadsMultisig.Permission.EXECUTE)).toList());
      byte[] data = SquadsV4.load().encodeMultisig(ms);
      long rent = chain.rpc.getMinimumBalanceForRentExemption(data.length).join();
      chain.setAccount(multisig, rent, data, SquadsV4.PROGRAM_ID, false);
      market = EscrowMarket.open(chain, EscrowProgram.PROGRAM_ID);
    }

    /** Policy lines for {@code n} extra mints (created on first use). */
    String extraMints(int n) {
      while (mints.size() < n) {
        Signer mint = LocalChain.newSigner();
        long rent = chain.rpc.getMinimumBalanceForRentExemption(82).join();
        chain.sendAndConfirm(List.of(
            LocalChain.createAccount(market.mintAuthority.publicKey(), mint.publicKey(), rent, 82,
                LocalChain.TOKEN_PROGRAM),
            LocalChain.initializeMint2(mint.publicKey(), 6, market.mintAuthority.publicKey())),
            market.mintAuthority, mint);
        mints.add(mint.publicKey());
      }
      StringBuilder sb = new StringBuilder();
      for (PublicKey m : mints.subList(0, n)) {
        sb.append("  - { address: ").append(m.toBase58()).append(", role: extra, ")
            .append("allowedAuthorities: [").append(market.mintAuthority.publicKey().toBase58())
            .append("] }\n");
      }
      return sb.toString();
    }

    Policy policy(Path dir, String extraMintLines) throws Exception {
      String yaml = """
          project: escrow-benchmark
          mainnet: true
          clusters:
            - name: localnet
              url: %s
              kind: localnet
          program:
            id: %s
            idl: %s
            binary: { so: %s }
            requireSecurityTxt: true
          governance:
            multisig: { kind: squads-v4, address: %s, vaultIndex: 0 }
          presets:
            token-sale-escrow:
              account: { seeds: ["string:config"], type: GlobalConfig }
              fee: { bps: platform_fee_bps }
              duration: { min: min_sale_duration, max: max_sale_duration }
              emergencyStop: { flag: emergency_stop }
              circuitBreaker: { limit: circuit_breaker.max_daily_volume, tripped: circuit_breaker.tripped }
              adminSet: { count: admin_count, threshold: min_signatures }
          ops:
            transactions: 50
          mints:
            - { address: %s, role: payment, allowedAuthorities: [%s] }
            - { address: %s, role: sale token, allowedAuthorities: [%s] }
          """.formatted(validator.rpcUri(), EscrowProgram.PROGRAM_ID.toBase58(),
          EscrowProgram.idl().toAbsolutePath(),
          EscrowProgram.binary(EscrowProgram.Variant.CLEAN).toAbsolutePath(),
          multisig.toBase58(), market.paymentMint.toBase58(),
          market.mintAuthority.publicKey().toBase58(), market.tokenMint.toBase58(),
          market.mintAuthority.publicKey().toBase58()) + extraMintLines;
      Path file = dir.resolve("preflight.yaml");
      Files.writeString(file, yaml);
      return new PolicyLoader().load(file);
    }

    @Override
    public void close() {
      validator.close();
    }
  }
}
