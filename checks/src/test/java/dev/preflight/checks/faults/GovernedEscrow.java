package dev.preflight.checks.faults;

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
 * The well-governed reference world (as the acceptance tests build it): the escrow deployed with a
 * Squads v4 vault as upgrade authority, a 2-of-3 multisig with a 48 h time lock, and the market
 * opened through real transactions; plus its policy, whose cluster URL can be pointed elsewhere.
 */
final class GovernedEscrow implements AutoCloseable {
  final EmbeddedValidator validator;
  final LocalChain chain;
  final EscrowMarket market;
  final PublicKey multisig;

  GovernedEscrow() {
    PublicKey createKey = LocalChain.newSigner().publicKey();
    this.multisig = SquadsV4.multisigAddress(createKey);
    PublicKey vault = SquadsV4.vaultAddress(multisig, 0);
    this.validator = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(EscrowProgram.Variant.CLEAN), Optional.of(vault.toBase58()))
        .start();
    this.chain = new LocalChain(validator.rpcUri());
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
    this.market = EscrowMarket.open(chain, EscrowProgram.PROGRAM_ID);
  }

  /** The policy with {@code url} as the cluster's endpoint, written into {@code dir}. */
  Policy policy(Path dir, String url) {
    String yaml = """
        project: escrow-faults
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
        mints:
          - { address: %s, role: payment, allowedAuthorities: [%s] }
          - { address: %s, role: sale token, allowedAuthorities: [%s] }
        ops:
          transactions: 50
          computeBudget: { default: 200000 }
        """.formatted(url, EscrowProgram.PROGRAM_ID.toBase58(),
        EscrowProgram.idl().toAbsolutePath(),
        EscrowProgram.binary(EscrowProgram.Variant.CLEAN).toAbsolutePath(), multisig.toBase58(),
        market.paymentMint.toBase58(), market.mintAuthority.publicKey().toBase58(),
        market.tokenMint.toBase58(), market.mintAuthority.publicKey().toBase58());
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
