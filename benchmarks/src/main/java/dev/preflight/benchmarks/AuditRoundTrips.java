package dev.preflight.benchmarks;

import dev.preflight.checks.acceptance.EscrowWorld;
import dev.preflight.core.audit.Audit;
import dev.preflight.core.audit.AuditResult;
import dev.preflight.core.check.CheckDemand;
import dev.preflight.core.vocabulary.Progress;
import dev.preflight.core.audit.Version;
import dev.preflight.core.check.CheckRegistry;
import dev.preflight.core.cluster.ClusterClient;
import dev.preflight.core.cluster.RetryPolicy;
import dev.preflight.core.cluster.RpcStats;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.snapshot.AccountRecord;
import dev.preflight.core.snapshot.AccountSource;
import dev.preflight.core.snapshot.Lookup;
import dev.preflight.core.snapshot.RpcAccountSource;
import dev.preflight.core.snapshot.Snapshot;
import dev.preflight.core.snapshot.SnapshotReader;
import dev.preflight.core.snapshot.TxRecord;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.validator.LocalChain;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
    List<PublicKey> mints = new ArrayList<>();
    try (EscrowWorld world = new EscrowWorld(EscrowWorld.Governance.good())) {
      System.out.printf("%-26s %-10s %8s %14s %7s %9s %11s%n", "scenario", "reader", "calls",
          "account calls", "rounds", "accounts", "median ms");
      for (int extraMints : new int[] {0, 40}) {
        Policy policy = world.policy(dir, extraMints(world, mints, extraMints));
        String scenario = extraMints == 0 ? "governed escrow" : "escrow + " + extraMints
            + " mints";
        Measure batched = measure(policy, world.validator.rpcUri(), false);
        Measure naive = measure(policy, world.validator.rpcUri(), true);
        Measure perCheck = measurePerCheck(policy, world.validator.rpcUri());
        for (Measure m : List.of(batched, naive, perCheck)) {
          System.out.printf("%-26s %-10s %8d %14d %7d %9d %11.1f%n", scenario, m.reader(),
              m.calls(), m.accountCalls(), m.rounds(), m.accounts(), m.medianMs());
        }
        System.out.printf("%-26s naive/batched: %.1fx calls, %.1fx account calls, %.1fx time%n",
            "", (double) naive.calls() / batched.calls(),
            (double) naive.accountCalls() / batched.accountCalls(),
            naive.medianMs() / batched.medianMs());
        System.out.printf("%-26s per-check/batched: %.1fx account calls, %.1fx time%n", "",
            (double) perCheck.accountCalls() / batched.accountCalls(),
            perCheck.medianMs() / batched.medianMs());
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
        Instant now = Instant.now();
        Snapshot snap = new SnapshotReader(new CheckDemand(policy, checks.checks(), now),
            Progress.silent()).read(policy, Map.of(policy.primaryCluster().name(), source),
            Version.current(), now);
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

  /**
   * The naive tool without a shared snapshot: every check reads what it needs itself, one
   * getAccountInfo per account (the way a hand-written script per check would).
   */
  private static Measure measurePerCheck(Policy policy, URI url) {
    CheckRegistry checks = CheckRegistry.load(AuditRoundTrips.class.getClassLoader());
    double[] ms = new double[RUNS];
    RpcStats.Snapshot stats = null;
    int accounts = 0;
    for (int i = 0; i < RUNS; i++) {
      RpcStats s = new RpcStats();
      try (ClusterClient client = new ClusterClient(url, RetryPolicy.defaults(), s)) {
        long t0 = System.nanoTime();
        accounts = 0;
        for (var check : checks.checks()) {
          Instant now = Instant.now();
          Snapshot snap = new SnapshotReader(new CheckDemand(policy, List.of(check), now),
              Progress.silent()).read(policy,
              Map.of(policy.primaryCluster().name(), new NaiveAccountSource(client)),
              Version.current(), now);
          accounts += snap.primary().accounts().size();
        }
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      stats = s.snapshot();
    }
    Arrays.sort(ms);
    return new Measure("per-check", stats.calls(),
        stats.byMethod().getOrDefault("getAccountInfo", 0L), stats.accountRounds(), accounts,
        ms[RUNS / 2]);
  }

  /** Policy lines for {@code n} extra mints, created in {@code world} on first use. */
  private static String extraMints(EscrowWorld world, List<PublicKey> mints, int n) {
    EscrowMarket market = world.market;
    while (mints.size() < n) {
      Signer mint = LocalChain.newSigner();
      long rent = world.chain.rpc.getMinimumBalanceForRentExemption(82).join();
      world.chain.sendAndConfirm(List.of(
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
}
