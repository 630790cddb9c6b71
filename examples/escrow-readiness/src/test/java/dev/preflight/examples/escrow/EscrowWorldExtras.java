package dev.preflight.examples.escrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.Step;
import dev.preflight.core.exec.StepResult;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.fixtures.escrow.EscrowInstructions;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/**
 * Grows the generated world ({@link EscrowWorldGenerator}) by what its fuzz campaign needs, with
 * real transactions on the embedded validator, landed without signatures through
 * {@code preflight_executeSteps} (the world's keys are not kept): a second buyer with SOL and
 * payment tokens sent from the first buyer (no purchase yet, so a first buy creates one), SOL for
 * the seller (rent of a new sale) and the first buyer (rent of its purchase record), and a daily volume limit of 10,000 payment units set through
 * the governed path (propose, approve, the 24 h time lock, execute), so that a day's purchases can
 * reach it. The world's time moves past the time lock: {@code now} in {@code world.properties} is
 * the time the example pins its clock to. Run it after the generator:
 *
 * <pre>{@code
 * ./mvnw -pl examples/escrow-readiness -am test -Dpreflight.regenerate=extras \
 *     -Dpreflight.root=$PWD -Dtest=EscrowWorldExtras -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
@EnabledIfSystemProperty(named = "preflight.regenerate", matches = "extras")
class EscrowWorldExtras {
  static final long DAILY_VOLUME_LIMIT = 10_000;
  static final long BUYER_2_PAYMENT = 1_000_000_000L;

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void extend() throws Exception {
    Path root = Path.of(System.getProperty("preflight.root"));
    Path chainDir = root.resolve("examples/escrow-readiness/chain");
    Map<String, String> world = read(chainDir.resolve("world.properties"));
    PublicKey program = EscrowProgram.PROGRAM_ID;
    Idl idl = Idl.load(EscrowProgram.idl());
    EscrowInstructions ix = new EscrowInstructions(program);
    PublicKey config = key(world, "config");
    PublicKey sale = key(world, "sale-1");
    PublicKey paymentMint = key(world, "payment-mint");
    PublicKey tokenMint = key(world, "token-mint");
    PublicKey buyerPayment = key(world, "buyer-payment");

    byte[] saleData = accountData(chainDir.resolve("accounts/sale-1.json"));
    IdlValue saleValue = idl.decodeAccount("Sale", saleData).value();
    PublicKey seller = PublicKey.readPubKey(saleData, 8);
    long start = integer(saleValue, "start_time");
    PublicKey buyer = PublicKey.readPubKey(accountData(chainDir.resolve("accounts/buyer-payment.json")), 32);
    PublicKey buyer2 = PublicKey.createPubKey(sha256("escrow-readiness buyer-2"));
    PublicKey buyer2Payment = LocalChain.associatedTokenAddress(buyer2, paymentMint);
    PublicKey buyer2Tokens = LocalChain.associatedTokenAddress(buyer2, tokenMint);
    List<PublicKey> admins = List.of(key(world, "admin-0"), key(world, "admin-1"), key(world, "admin-2"));

    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(program.toBase58(), EscrowProgram.binary(EscrowProgram.Variant.CLEAN),
            Optional.of(world.get("squads-vault-0")))
        .accountDirectory(chainDir.resolve("accounts"))
        .slotTime(java.time.Duration.ZERO)
        .clock(start)
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      PublicKey payer = PublicKey.createPubKey(sha256("escrow-readiness extras fee payer"));
      rpc.setAccount(payer, 1_000_000_000L, new byte[0], LocalChain.SYSTEM_PROGRAM, false);
      List<Step> steps = new ArrayList<>();
      // SOL for the new buyer's rent and the seller's next sale, as transfers from the payer
      steps.add(tx(payer, LocalChain.transfer(payer, buyer2, 200_000_000L)));
      steps.add(tx(payer, LocalChain.transfer(payer, seller, 200_000_000L)));
      steps.add(tx(payer, LocalChain.transfer(payer, buyer, 200_000_000L)));
      steps.add(tx(payer, LocalChain.createAssociatedTokenAccount(buyer2, buyer2, paymentMint)));
      steps.add(tx(payer, LocalChain.createAssociatedTokenAccount(buyer2, buyer2, tokenMint)));
      steps.add(tx(payer, LocalChain.tokenTransfer(buyerPayment, buyer2Payment, buyer, BUYER_2_PAYMENT)));
      steps.add(tx(payer, ix.proposeUpdate(admins.get(0), EscrowInstructions.Update.dailyVolumeLimit(DAILY_VOLUME_LIMIT))));
      List<StepResult> first = rpc.execute(steps);
      for (StepResult r : first) {
        assertTrue(r.success(), "step failed: " + r.transaction().map(s -> s.errorText() + " " + s.logs()).orElse("?"));
      }
      IdlValue cfg = idl.decodeAccount("GlobalConfig", rpc.account(config).orElseThrow().data()).value();
      IdlValue pending = ((IdlValue.StructValue) cfg).field("pending").orElseThrow();
      long proposal = integer(pending, "proposal_id");
      long eta = integer(pending, "eta");
      List<StepResult> second = rpc.execute(List.of(
          tx(payer, ix.approveUpdate(admins.get(1), proposal)),
          new Step.SetClock(eta + 3_600),
          tx(payer, ix.executeUpdate(admins.get(0), proposal))));
      for (StepResult r : second) {
        assertTrue(r.success(), "step failed: " + r.transaction().map(s -> s.errorText() + " " + s.logs()).orElse("?"));
      }
      IdlValue after = idl.decodeAccount("GlobalConfig", rpc.account(config).orElseThrow().data()).value();
      assertEquals(DAILY_VOLUME_LIMIT, integer(((IdlValue.StructValue) after).field("circuit_breaker").orElseThrow(),
          "max_daily_volume"));
      long now = eta + 3_600;

      Map<String, PublicKey> changed = new LinkedHashMap<>();
      changed.put("config", config);
      changed.put("buyer-payment", buyerPayment);
      changed.put("seller", seller);
      changed.put("buyer", buyer);
      changed.put("buyer-2", buyer2);
      changed.put("buyer-2-payment", buyer2Payment);
      changed.put("buyer-2-tokens", buyer2Tokens);
      for (Map.Entry<String, PublicKey> e : changed.entrySet()) {
        AccountState a = rpc.account(e.getValue()).orElseThrow();
        json.writerWithDefaultPrettyPrinter().writeValue(
            chainDir.resolve("accounts/" + e.getKey() + ".json").toFile(), dump(a));
      }
      StringBuilder props = new StringBuilder(Files.readString(chainDir.resolve("world.properties")));
      Map<String, String> add = new LinkedHashMap<>();
      add.put("seller", seller.toBase58());
      add.put("buyer", buyer.toBase58());
      add.put("buyer-2", buyer2.toBase58());
      add.put("buyer-2-payment", buyer2Payment.toBase58());
      add.put("buyer-2-tokens", buyer2Tokens.toBase58());
      add.put("now", Instant.ofEpochSecond(now).toString());
      for (Map.Entry<String, String> e : add.entrySet()) {
        if (!world.containsKey(e.getKey())) {
          props.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
      }
      Files.writeString(chainDir.resolve("world.properties"), props, StandardCharsets.UTF_8);
      System.out.println("world extended; now = " + Instant.ofEpochSecond(now) + ", proposal " + proposal);
    }
  }

  private static Step tx(PublicKey payer, Instruction instruction) {
    Transaction t = Transaction.createTx(AccountMeta.createFeePayer(payer), List.of(instruction));
    t.setRecentBlockHash(new byte[32]);
    List<PublicKey> watch = instruction.accounts().stream().map(AccountMeta::publicKey).distinct().toList();
    return new Step.Transaction(t.serialized(), watch);
  }

  private ObjectNode dump(AccountState a) {
    ObjectNode acc = json.createObjectNode();
    acc.put("lamports", a.lamports());
    acc.putArray("data").add(Base64.getEncoder().encodeToString(a.data())).add("base64");
    acc.put("owner", a.owner().toBase58());
    acc.put("executable", a.executable());
    acc.put("rentEpoch", -1);
    acc.put("space", a.data().length);
    ObjectNode root = json.createObjectNode();
    root.put("pubkey", a.address().toBase58());
    root.set("account", acc);
    return root;
  }

  private byte[] accountData(Path file) throws IOException {
    JsonNode n = json.readTree(file.toFile());
    return Base64.getDecoder().decode(n.at("/account/data/0").asText());
  }

  private static long integer(IdlValue v, String field) {
    return ((IdlValue.StructValue) v).field(field).orElseThrow().bigInteger().orElseThrow().longValue();
  }

  private static PublicKey key(Map<String, String> world, String name) {
    return PublicKey.fromBase58Encoded(world.get(name));
  }

  private static Map<String, String> read(Path properties) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(properties, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    Map<String, String> m = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
