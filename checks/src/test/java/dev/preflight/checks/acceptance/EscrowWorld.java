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
 * and a policy for it.
 */
public final class EscrowWorld implements AutoCloseable {
  public final EmbeddedValidator validator;
  public final LocalChain chain;
  public final EscrowMarket market;
  public final PublicKey multisig;
  public final PublicKey vault;
  public final List<Signer> members;

  /** How the world is governed. */
  public record Governance(boolean authorityIsVault, long timeLockSeconds, boolean configAuthority) {
    public static Governance good() {
      return new Governance(true, 48 * 3600, false);
    }
  }

  public EscrowWorld(Governance g) {
    PublicKey createKey = LocalChain.newSigner().publicKey();
    this.multisig = SquadsV4.multisigAddress(createKey);
    this.vault = SquadsV4.vaultAddress(multisig, 0);
    PublicKey authority = g.authorityIsVault() ? vault : LocalChain.newSigner().publicKey();
    this.validator = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(EscrowProgram.Variant.CLEAN), Optional.of(authority.toBase58()))
        .start();
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
        """.formatted(url, EscrowProgram.PROGRAM_ID.toBase58(),
        EscrowProgram.idl().toAbsolutePath(),
        EscrowProgram.binary(EscrowProgram.Variant.CLEAN).toAbsolutePath(), multisig.toBase58(),
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
