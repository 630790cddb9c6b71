package dev.preflight.checks.acceptance;

import dev.preflight.core.chain.SquadsMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.policy.Policy;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;

/**
 * The reference escrow deployed on an embedded validator with a chosen upgrade authority, its
 * market built through real transactions, a Squads v4 multisig written with surfnet_setAccount,
 * and a policy for it. The binary is one of the clean builds (SBPF v0 or v3); the same binary
 * may also be deployed under loader-v4 at {@link #loaderV4Program}, with the same authority
 * (the runtime does not execute loader-v4 programs, so the market stays on the upgradeable one).
 */
public final class EscrowWorld implements AutoCloseable {
  /**
   * What the governed world lacks on purpose: nobody published a verification record (the
   * verified-build tests give it one), so explorers show the program unverified.
   */
  public static final java.util.Map<String, dev.preflight.core.check.Outcome> LACKS =
      java.util.Map.of("program.verified-build", dev.preflight.core.check.Outcome.FAIL);

  public final EmbeddedValidator validator;
  public final LocalChain chain;
  public final EscrowMarket market;
  public final PublicKey multisig;
  public final PublicKey vault;
  public final List<Signer> members;
  public final EscrowProgram.Variant variant;
  /** The same binary deployed under loader-v4 (status Deployed), when asked for. */
  public final Optional<PublicKey> loaderV4Program;

  /** How the world is governed. */
  public record Governance(boolean authorityIsVault, long timeLockSeconds, boolean configAuthority) {
    public static Governance good() {
      return new Governance(true, 48 * 3600, false);
    }
  }

  public EscrowWorld(Governance g) {
    this(g, EscrowProgram.Variant.CLEAN, false);
  }

  /**
   * @param variant     the binary (a clean build: the market needs the program to behave)
   * @param withLoaderV4 also deploy the binary under loader-v4 at a fresh address
   */
  public EscrowWorld(Governance g, EscrowProgram.Variant variant, boolean withLoaderV4) {
    this.variant = variant;
    PublicKey createKey = LocalChain.newSigner().publicKey();
    this.multisig = SquadsV4.multisigAddress(createKey);
    this.vault = SquadsV4.vaultAddress(multisig, 0);
    PublicKey authority = g.authorityIsVault() ? vault : LocalChain.newSigner().publicKey();
    this.loaderV4Program = withLoaderV4 ? Optional.of(LocalChain.newSigner().publicKey()) : Optional.empty();
    EmbeddedValidator.Builder builder = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(variant), Optional.of(authority.toBase58()));
    loaderV4Program.ifPresent(id -> builder.loaderV4Program(id.toBase58(),
        EscrowProgram.binary(variant), Optional.of(authority.toBase58())));
    this.validator = builder.start();
    this.chain = new LocalChain(validator.rpcUri());
    this.members = List.of(LocalChain.newSigner(), LocalChain.newSigner(), LocalChain.newSigner());
    SquadsV4 squads = SquadsV4.load();
    SquadsMultisig ms = new SquadsMultisig(createKey,
        g.configAuthority() ? LocalChain.newSigner().publicKey() : PublicKey.NONE, 2,
        g.timeLockSeconds(), 0, 0, Optional.empty(), SquadsV4.multisigBump(createKey),
        members.stream().map(s -> SquadsMultisig.Member.of(s.publicKey(),
            SquadsMultisig.Permission.INITIATE, SquadsMultisig.Permission.VOTE,
            SquadsMultisig.Permission.EXECUTE)).toList());
    byte[] data = squads.encodeMultisig(ms);
    long rent = chain.rpc.getMinimumBalanceForRentExemption(data.length).join();
    chain.setAccount(multisig, rent, data, SquadsV4.PROGRAM_ID, false);
    this.market = EscrowMarket.open(chain, EscrowProgram.PROGRAM_ID);
  }

  /**
   * The policy for this world, written into {@code dir}, with {@code extra} appended (the
   * {@code mints} list comes last, so extra lines may add mints).
   */
  public Policy policy(Path dir, String extra) {
    return policyAt(dir, validator.rpcUri().toString(), extra);
  }

  /** The same policy with {@code url} as the cluster's endpoint (a proxy, a broken URL). */
  public Policy policyAt(Path dir, String url, String extra) {
    return policyAt(dir, url, EscrowProgram.PROGRAM_ID, extra);
  }

  /** The policy for the program at {@code programId} (the loader-v4 copy, say). */
  public Policy policyFor(Path dir, PublicKey programId, String extra) {
    return policyAt(dir, validator.rpcUri().toString(), programId, extra);
  }

  private Policy policyAt(Path dir, String url, PublicKey programId, String extra) {
    String yaml = """
        project: escrow-acceptance
        mainnet: true
        clusters:
          - name: localnet
            url: "%s"
            kind: localnet
        program:
          id: %s
          idl: %s
          binary: { so: %s }
          requireSecurityTxt: true
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
        ops:
          transactions: 50
          computeBudget: { default: 200000 }
        mints:
          - { address: %s, role: payment, allowedAuthorities: [%s] }
          - { address: %s, role: sale token, allowedAuthorities: [%s] }
        """.formatted(url, programId.toBase58(),
        EscrowProgram.idl().toAbsolutePath(),
        EscrowProgram.binary(variant).toAbsolutePath(), multisig.toBase58(),
        market.paymentMint.toBase58(), market.mintAuthority.publicKey().toBase58(),
        market.tokenMint.toBase58(), market.mintAuthority.publicKey().toBase58()) + extra;
    try {
      Path file = dir.resolve("preflight.yaml");
      Files.writeString(file, yaml);
      return new PolicyLoader().load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    validator.close();
  }
}
