package dev.preflight.examples.escrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.chain.OtterVerify;
import dev.preflight.core.chain.SquadsMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.chain.UpgradeableLoaderState;
import dev.preflight.core.chain.VerificationRecord;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;

/**
 * Builds the escrow world with real transactions on the embedded validator and dumps its accounts
 * in the shape {@code solana account --output json} writes, into {@code chain/accounts/}: the
 * bytes the example and the plugin's integration tests load. Runs only when asked:
 *
 * <pre>{@code
 * ./mvnw -pl examples/escrow-readiness -am test -Dpreflight.regenerate=true \
 *     -Dtest=EscrowWorldGenerator -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 *
 * <p>The Squads v4 multisig that governs the program is encoded from its IDL (there is no Squads
 * program on the embedded validator), written with {@code surfnet_setAccount} and read back like
 * the rest. Its create key is fixed, so the multisig and vault addresses stay the same across
 * regenerations; the keys of admins, mints and token accounts are new each time. They are listed
 * in {@code chain/world.properties}, and the generator replaces the previous world's addresses
 * with the new ones in the example and in the plugin's integration-test projects. Fingerprints
 * in suppression files depend on addresses: copy the new ones from a fresh report.
 */
@EnabledIfSystemProperty(named = "preflight.regenerate", matches = "true")
class EscrowWorldGenerator {
  /** Fixed create key: sha256("preflight escrow-readiness multisig") as an ed25519 public key. */
  static final PublicKey CREATE_KEY = PublicKey.createPubKey(
      sha256("preflight escrow-readiness multisig"));
  static final long TIME_LOCK = 24 * 3_600;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void generate() throws IOException {
    Path root = Path.of(System.getProperty("preflight.root"));
    Path out = root.resolve("examples/escrow-readiness/chain");
    PublicKey multisig = SquadsV4.multisigAddress(CREATE_KEY);
    PublicKey vault = SquadsV4.vaultAddress(multisig, 0);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(EscrowProgram.Variant.CLEAN), Optional.of(vault.toBase58()))
        .slotTime(java.time.Duration.ZERO)
        .start()) {
      LocalChain chain = new LocalChain(v.rpcUri());
      EscrowMarket m = EscrowMarket.open(chain, EscrowProgram.PROGRAM_ID);
      EscrowMarket.Sale sale = m.createSale(1, 100_000, 3, 0, 2 * EscrowMarket.DAY, 50_000);
      EscrowMarket.Outcome bought = m.buy(sale, 1_000, 3);
      assertTrue(bought.ok(), bought.error());

      // 2-of-3 with a 24 h time lock, members = the escrow's admins, each with every permission.
      List<SquadsMultisig.Member> members = m.admins.stream().map(Signer::publicKey)
          .map(k -> SquadsMultisig.Member.of(k, SquadsMultisig.Permission.values())).toList();
      SquadsMultisig ms = new SquadsMultisig(CREATE_KEY, PublicKey.NONE, 2, TIME_LOCK, 0, 0,
          Optional.empty(), SquadsV4.multisigBump(CREATE_KEY), members);
      byte[] data = SquadsV4.load().encodeMultisig(ms);
      long rent = chain.rpc.getMinimumBalanceForRentExemption(data.length).join();
      chain.setAccount(multisig, rent, data, SquadsV4.PROGRAM_ID, false);
      // A live vault holds SOL for the transactions it executes; an empty one does not exist.
      chain.rpc.requestAirdrop(vault, 1_000_000_000L).join();
      PublicKey record = writeVerificationRecord(chain, vault);

      Map<String, PublicKey> named = new LinkedHashMap<>();
      named.put("config", m.config());
      named.put("squads-multisig", multisig);
      named.put("squads-vault-0", vault);
      named.put("verification-record", record);
      named.put("payment-mint", m.paymentMint);
      named.put("token-mint", m.tokenMint);
      named.put("sale-1", sale.address());
      named.put("sale-1-vault", sale.vault());
      named.put("sale-1-proceeds", sale.proceeds());
      named.put("seller-tokens", m.sellerTokens);
      named.put("seller-payment", m.sellerPayment);
      named.put("buyer-payment", m.buyerPayment);
      named.put("buyer-tokens", m.buyerTokens);
      named.put("treasury-payment", m.treasuryTokens);

      Path accounts = out.resolve("accounts");
      Files.createDirectories(accounts);
      try (var old = Files.list(accounts)) {
        for (Path p : old.filter(p -> p.toString().endsWith(".json")).toList()) {
          Files.delete(p);
        }
      }
      for (Map.Entry<String, PublicKey> e : named.entrySet()) {
        ObjectNode dumped = dump(chain, e.getValue());
        json.writerWithDefaultPrettyPrinter()
            .writeValue(accounts.resolve(e.getKey() + ".json").toFile(), dumped);
      }
      // Read back the multisig to be sure the dump holds what the decoder understands.
      byte[] back = Base64.getDecoder().decode(
          json.readTree(accounts.resolve("squads-multisig.json").toFile())
              .at("/account/data/0").asText());
      assertEquals(2, SquadsV4.load().decodeMultisig(back).threshold());

      StringBuilder props = new StringBuilder("# Addresses of the generated escrow world "
          + "(EscrowWorldGenerator); the generator rewrites them in the files that name them.\n");
      props.append("program=").append(EscrowProgram.PROGRAM_ID.toBase58()).append('\n');
      for (int i = 0; i < m.admins.size(); i++) {
        props.append("admin-").append(i).append('=')
            .append(m.admins.get(i).publicKey().toBase58()).append('\n');
      }
      props.append("treasury=").append(m.treasury.publicKey().toBase58()).append('\n');
      props.append("mint-authority=").append(m.mintAuthority.publicKey().toBase58()).append('\n');
      for (Map.Entry<String, PublicKey> e : named.entrySet()) {
        props.append(e.getKey()).append('=').append(e.getValue().toBase58()).append('\n');
      }
      Path world = out.resolve("world.properties");
      Map<String, String> previous = read(world);
      Files.writeString(world, props, StandardCharsets.UTF_8);
      rewriteAddresses(root, previous, read(world));
    }
  }

  private static Map<String, String> read(Path properties) throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (Files.isRegularFile(properties)) {
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(properties, StandardCharsets.UTF_8)) {
        p.load(in);
      }
      p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    }
    return m;
  }

  /**
   * Replaces every address of the previous world by the new one in the files that name them: the
   * example's policy, suppressions and pom, and the plugin's integration-test projects.
   */
  private static void rewriteAddresses(Path root, Map<String, String> before,
                                       Map<String, String> after) throws IOException {
    Map<String, String> swap = new LinkedHashMap<>();
    before.forEach((k, old) -> {
      String now = after.get(k);
      if (now != null && !now.equals(old)) {
        swap.put(old, now);
      }
    });
    if (swap.isEmpty()) {
      return;
    }
    List<Path> files = new java.util.ArrayList<>();
    for (Path dir : List.of(root.resolve("examples/escrow-readiness"),
        root.resolve("maven-plugin/src/it"))) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/chain/"))
            .filter(p -> p.toString().matches(".*\\.(yaml|yml|xml|groovy|properties|md)$"))
            .forEach(files::add);
      }
    }
    for (Path f : files) {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      String changed = text;
      for (Map.Entry<String, String> e : swap.entrySet()) {
        changed = changed.replace(e.getKey(), e.getValue());
      }
      if (!changed.equals(text)) {
        Files.writeString(f, changed, StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * Rewrites only {@code chain/accounts/verification-record.json}, leaving the rest of the world
   * (and every address and fingerprint that depends on it) as it is.
   */
  @Test
  void verificationRecord() throws IOException {
    Path accounts = Path.of(System.getProperty("preflight.root"))
        .resolve("examples/escrow-readiness/chain/accounts");
    PublicKey vault = SquadsV4.vaultAddress(SquadsV4.multisigAddress(CREATE_KEY), 0);
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(EscrowProgram.Variant.CLEAN), Optional.of(vault.toBase58()))
        .start()) {
      LocalChain chain = new LocalChain(v.rpcUri());
      PublicKey record = writeVerificationRecord(chain, vault);
      json.writerWithDefaultPrettyPrinter().writeValue(
          accounts.resolve("verification-record.json").toFile(), dump(chain, record));
    }
  }

  /**
   * The solana-verify record the vault writes when its members execute the transaction exported
   * with {@code solana-verify export-pda-tx}: otter-verify's {@code BuildParams}, uploader = the
   * vault, naming an example repository (a real team names its own). Written with {@code
   * surfnet_setAccount} (no verify program runs locally) and dumped like the rest.
   */
  private static PublicKey writeVerificationRecord(LocalChain chain, PublicKey vault) {
    PublicKey program = EscrowProgram.PROGRAM_ID;
    // solana-verify records the program's last deploy slot, read from its ProgramData.
    byte[] programData = chain.rpc.getAccountInfo(
        UpgradeableLoaderState.programDataAddress(program)).join().data();
    long deploySlot = java.nio.ByteBuffer.wrap(programData, 4, 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    VerificationRecord r = new VerificationRecord(program, vault, "0.4.6",
        "https://github.com/example/token-sale-escrow", "v0.1.0",
        List.of("--library-name", "escrow"), deploySlot,
        OtterVerify.recordBump(vault, program));
    byte[] data = OtterVerify.load().encode(r);
    PublicKey address = OtterVerify.recordAddress(vault, program);
    long rent = chain.rpc.getMinimumBalanceForRentExemption(data.length).join();
    chain.setAccount(address, rent, data, OtterVerify.PROGRAM_ID, false);
    return address;
  }

  /** One account as {@code solana account --output json} prints it. */
  private ObjectNode dump(LocalChain chain, PublicKey address) throws IOException {
    JsonNode resp = json.readTree(chain.call("getAccountInfo",
        "[\"" + address.toBase58() + "\",{\"encoding\":\"base64\",\"commitment\":\"confirmed\"}]"));
    JsonNode value = resp.at("/result/value");
    if (value.isMissingNode() || value.isNull()) {
      throw new IllegalStateException("account " + address.toBase58() + " does not exist: " + resp);
    }
    ObjectNode acc = json.createObjectNode();
    acc.put("lamports", value.get("lamports").asLong());
    acc.set("data", value.get("data"));
    acc.put("owner", value.get("owner").asText());
    acc.put("executable", value.get("executable").asBoolean());
    acc.put("rentEpoch", value.path("rentEpoch").asLong(0));
    acc.put("space", Base64.getDecoder().decode(value.at("/data/0").asText()).length);
    ObjectNode root = json.createObjectNode();
    root.put("pubkey", address.toBase58());
    root.set("account", acc);
    return root;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
