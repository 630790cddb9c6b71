package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.idl.IdlValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import software.sava.core.accounts.PublicKey;

/**
 * The reference escrow's standard market written straight into a validator with cheatcodes and the
 * IDL encoder: config (3 admins, 2-of-3, fee 250 bps, durations 1 h .. 30 d), a token mint and a
 * payment mint, an active sale and an ended one with proceeds, a buyer with payment tokens, the
 * treasury's fee account. Keys derive from fixed labels (signatures are never checked in
 * simulation), so two validators built with this world hold the same addresses. Public, and in
 * audit-core's test jar, for the checks module's fixture table. Layouts per
 * fixtures/escrow/README.md (program accounts) and spl-token state (Mint 82 bytes, Account 165).
 */
public final class EscrowWorld {
  public static final Path ROOT = findRoot();
  public static final Path IDL_PATH = ROOT.resolve("fixtures/escrow/idl/escrow.json");
  public static final PublicKey PROGRAM = PublicKey.fromBase58Encoded("4eT7wUDLF1nzRCpkL4vgEYpmFNHpahnkE2oKun6sp6E3");
  public static final PublicKey TOKEN = PublicKey.fromBase58Encoded("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
  public static final PublicKey SYSTEM = PublicKey.fromBase58Encoded("11111111111111111111111111111111");
  public static final long DAY = 86_400;
  /** Payment units per token unit: odd, so a product that wraps 2^64 rarely wraps to zero. */
  public static final long PRICE = 1_000_003;
  public static final long TOKEN_ACCOUNT_RENT = 2_039_280;

  public final Idl idl = Idl.load(IDL_PATH);
  public final PublicKey[] admins = {key("admin0"), key("admin1"), key("admin2")};
  public final PublicKey treasury = key("treasury");
  public final PublicKey seller = key("seller");
  public final PublicKey buyer = key("buyer");
  public final PublicKey tokenMint = key("token-mint");
  public final PublicKey paymentMint = key("payment-mint");
  public final PublicKey config = pda("config".getBytes(StandardCharsets.UTF_8));
  public final PublicKey sale1 = salePda(1);
  public final PublicKey sale2 = salePda(2);
  public final PublicKey sale3 = salePda(3);
  public final PublicKey sellerTokens = key("seller-tokens");
  public final PublicKey sellerPayment = key("seller-payment");
  public final PublicKey buyerPayment = key("buyer-payment");
  public final PublicKey buyerTokens = key("buyer-tokens");
  public final PublicKey treasuryAccount = key("treasury-account");
  public final long now;

  public EscrowWorld(long now) {
    this.now = now;
  }

  static Path findRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !p.resolve("fixtures/escrow").toFile().isDirectory()) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("run inside the repository: fixtures/escrow not found");
    }
    return p;
  }

  public static Path binary(String variant) {
    return ROOT.resolve("fixtures/escrow/bin/" + variant + ".so");
  }

  public static PublicKey key(String label) {
    try {
      return PublicKey.createPubKey(MessageDigest.getInstance("SHA-256")
          .digest(("escrow-world " + label).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static PublicKey pda(byte[]... seeds) {
    return PublicKey.findProgramAddress(List.of(seeds), PROGRAM).publicKey();
  }

  static int bump(byte[]... seeds) {
    return PublicKey.findProgramAddress(List.of(seeds), PROGRAM).nonce();
  }

  PublicKey salePda(long id) {
    return pda(bytes("sale"), seller.toByteArray(), le(id));
  }

  static PublicKey vault(PublicKey sale) {
    return pda(bytes("vault"), sale.toByteArray());
  }

  static PublicKey proceeds(PublicKey sale) {
    return pda(bytes("proceeds"), sale.toByteArray());
  }

  PublicKey purchase(PublicKey sale, PublicKey who) {
    return pda(bytes("purchase"), sale.toByteArray(), who.toByteArray());
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] le(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  /** Writes every account of the market. */
  public void build(RpcValidator v) {
    for (PublicKey w : List.of(admins[0], admins[1], admins[2], treasury, seller, buyer)) {
      v.setAccount(w, 100_000_000_000L, new byte[0], SYSTEM, false);
    }
    v.setAccount(tokenMint, 1_461_600, mint(9, 1L << 62), TOKEN, false);
    v.setAccount(paymentMint, 1_461_600, mint(6, 1L << 62), TOKEN, false);
    token(v, sellerTokens, tokenMint, seller, 1_000_000_000_000L);
    token(v, sellerPayment, paymentMint, seller, 0);
    token(v, buyerPayment, paymentMint, buyer, 1L << 62);
    token(v, buyerTokens, tokenMint, buyer, 0);
    token(v, treasuryAccount, paymentMint, treasury, 0);
    writeConfig(v);
    writeSale(v, sale1, 1, now - 3_600, now + 7 * DAY, 1L << 62, 0);
    token(v, vault(sale1), tokenMint, sale1, 1L << 62);
    token(v, proceeds(sale1), paymentMint, sale1, 0);
    writeSale(v, sale2, 2, now - 10 * DAY, now - 3 * DAY, 1_000, 400);
    token(v, vault(sale2), tokenMint, sale2, 600);
    token(v, proceeds(sale2), paymentMint, sale2, 400 * PRICE);
  }

  static byte[] mint(int decimals, long supply) {
    ByteBuffer b = ByteBuffer.allocate(82).order(ByteOrder.LITTLE_ENDIAN);
    b.position(36);
    b.putLong(supply).put((byte) decimals).put((byte) 1);
    return b.array();
  }

  static void token(RpcValidator v, PublicKey address, PublicKey mint, PublicKey owner, long amount) {
    ByteBuffer b = ByteBuffer.allocate(165).order(ByteOrder.LITTLE_ENDIAN);
    b.put(mint.toByteArray()).put(owner.toByteArray()).putLong(amount);
    b.position(108);
    b.put((byte) 1); // AccountState::Initialized
    v.setAccount(address, TOKEN_ACCOUNT_RENT, b.array(), TOKEN, false);
  }

  ObjectNode configJson() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode c = m.createObjectNode();
    ArrayNode a = c.putArray("admins");
    for (int i = 0; i < 10; i++) {
      a.add(i < 3 ? admins[i].toBase58() : SYSTEM.toBase58());
    }
    c.put("admin_count", 3).put("min_signatures", 2).put("admin_set_version", 0)
        .put("emergency_stop", false).put("platform_fee_bps", 250)
        .put("fee_treasury", treasury.toBase58()).put("min_sale_duration", 3_600)
        .put("max_sale_duration", 30 * DAY);
    c.putObject("circuit_breaker").put("max_daily_volume", Long.toUnsignedString(1L << 63))
        .put("current_daily_volume", 0).put("last_reset", now - 3_600).put("tripped", false);
    ArrayNode pm = c.putArray("payment_mints");
    for (int i = 0; i < 8; i++) {
      pm.add(i == 0 ? paymentMint.toBase58() : SYSTEM.toBase58());
    }
    c.put("payment_mint_count", 1).put("bump", bump(bytes("config"))).put("proposal_count", 0);
    c.set("pending", pendingJson(false));
    return c;
  }

  ObjectNode pendingJson(boolean active) {
    ObjectNode p = new ObjectMapper().createObjectNode();
    p.put("active", active).put("proposal_id", active ? 1 : 0)
        .put("proposer", (active ? admins[0] : SYSTEM).toBase58()).put("eta", active ? now - DAY : 0)
        .put("admin_set_version", 0).put("approvals", active ? 3 : 0);
    if (active) {
      p.put("update", "ResumeOperations");
    } else {
      p.putObject("update").putObject("SetPlatformFee").put("fee_bps", 0);
    }
    return p;
  }

  private void writeConfig(RpcValidator v) {
    byte[] data = Arrays.copyOf(encode("GlobalConfig", configJson()), 1065);
    v.setAccount(config, 8_303_760, data, PROGRAM, false);
  }

  private void writeSale(RpcValidator v, PublicKey sale, long id, long start, long end, long total, long sold) {
    ObjectNode s = new ObjectMapper().createObjectNode();
    s.put("seller", seller.toBase58()).put("sale_id", id).put("token_mint", tokenMint.toBase58())
        .put("payment_mint", paymentMint.toBase58()).put("vault", vault(sale).toBase58())
        .put("proceeds_vault", proceeds(sale).toBase58()).put("total_amount", total)
        .put("sold_amount", sold).put("price", PRICE).put("start_time", start).put("end_time", end)
        .put("max_per_wallet", 1L << 62).put("status", "Active")
        .put("bump", bump(bytes("sale"), seller.toByteArray(), le(id)))
        .put("vault_bump", bump(bytes("vault"), sale.toByteArray()))
        .put("proceeds_bump", bump(bytes("proceeds"), sale.toByteArray()));
    v.setAccount(sale, 2_477_760, encode("Sale", s), PROGRAM, false);
  }

  private byte[] encode(String account, JsonNode json) {
    IdlType type = idl.account(account).orElseThrow().type();
    return idl.encodeAccount(account, IdlValue.fromJson(json, type, idl));
  }

  // ---- the scenario: one valid call per instruction ------------------------------------------

  public ObjectNode scenario() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    ArrayNode calls = root.putArray("calls");
    ObjectNode buy = call(calls, "buy_tokens");
    acc(buy, "buyer", buyer).put("config", config.toBase58()).put("sale", sale1.toBase58())
        .put("purchase", purchase(sale1, buyer).toBase58()).put("vault", vault(sale1).toBase58())
        .put("proceeds_vault", proceeds(sale1).toBase58())
        .put("buyer_payment_account", buyerPayment.toBase58())
        .put("buyer_token_account", buyerTokens.toBase58())
        .put("treasury_token_account", treasuryAccount.toBase58())
        .put("token_program", TOKEN.toBase58()).put("system_program", SYSTEM.toBase58());
    buy.putObject("args").put("amount", 10).put("max_price", PRICE);

    ObjectNode init = call(calls, "initialize_sale");
    acc(init, "seller", seller).put("config", config.toBase58()).put("sale", sale3.toBase58())
        .put("token_mint", tokenMint.toBase58()).put("payment_mint", paymentMint.toBase58())
        .put("vault", vault(sale3).toBase58()).put("proceeds_vault", proceeds(sale3).toBase58())
        .put("seller_token_account", sellerTokens.toBase58())
        .put("token_program", TOKEN.toBase58()).put("system_program", SYSTEM.toBase58());
    init.putObject("args").put("sale_id", 3).put("total_amount", 1_000).put("price", PRICE)
        .put("start_time", now + DAY).put("end_time", now + 3 * DAY).put("max_per_wallet", 100);

    ObjectNode cancel = call(calls, "cancel_sale");
    acc(cancel, "seller", seller).put("sale", sale1.toBase58());
    cancel.putObject("args");

    ObjectNode withdraw = call(calls, "withdraw_proceeds");
    acc(withdraw, "seller", seller).put("sale", sale2.toBase58())
        .put("proceeds_vault", proceeds(sale2).toBase58())
        .put("seller_payment_account", sellerPayment.toBase58()).put("token_program", TOKEN.toBase58());
    withdraw.putObject("args");

    ObjectNode reclaim = call(calls, "reclaim_unsold");
    acc(reclaim, "seller", seller).put("sale", sale2.toBase58()).put("vault", vault(sale2).toBase58())
        .put("seller_token_account", sellerTokens.toBase58()).put("token_program", TOKEN.toBase58());
    reclaim.putObject("args");

    ObjectNode stop = call(calls, "set_emergency_stop");
    stop.putObject("accounts").put("config", config.toBase58());
    ArrayNode rem = stop.putArray("remaining");
    for (int i = 0; i < 2; i++) {
      rem.addObject().put("name", "admin" + i).put("address", admins[i].toBase58())
          .put("signer", true).put("writable", false);
    }
    stop.putObject("args");

    ObjectNode propose = call(calls, "propose_update");
    acc(propose, "proposer", admins[0]).put("config", config.toBase58());
    propose.putObject("args").putObject("update").putObject("SetPlatformFee").put("fee_bps", 300);

    ObjectNode exec = call(calls, "execute_update");
    acc(exec, "executor", admins[0]).put("config", config.toBase58());
    exec.putObject("args").put("proposal_id", 1);
    // nothing is pending in this world: execute_update needs a propose and approvals first,
    // which the sequences make
    exec.put("expect", "NoPendingProposal");
    return root;
  }

  private static ObjectNode call(ArrayNode calls, String ix) {
    return calls.addObject().put("instruction", ix);
  }

  private static ObjectNode acc(ObjectNode call, String name, PublicKey k) {
    return call.putObject("accounts").put(name, k.toBase58());
  }

  /** The policy: program, IDL, a fee rule, and the fuzz section for this market. */
  public String policyYaml(int maxCases, long seed) {
    return policyYaml(maxCases, seed, 300);
  }

  /** The policy with {@code sequences} stateful sequences (0: single cases only). */
  public String policyYaml(int maxCases, long seed, int sequences) {
    return policyYaml(maxCases, seed, sequences, 12);
  }

  /** The policy with {@code sequences} stateful sequences of {@code steps} steps each. */
  public String policyYaml(int maxCases, long seed, int sequences, int steps) {
    return """
        project: escrow-fuzz
        clusters:
          - name: local
            url: http://127.0.0.1:8899
            kind: localnet
        program:
          id: %s
          idl: %s
        rules:
          - id: config.fee-cap
            title: Platform fee is at most 1000 bps
            account:
              seeds: ["string:config"]
              type: GlobalConfig
            field: platform_fee_bps
            op: lte
            value: 1000
            severity: high
        fuzz:
          seed: %d
          maxCases: %d
          maxSeconds: 240
          sequences: { count: %d, steps: %d, maxSeconds: 240 }
          computeBudget: 200000
          bounds:
            - instruction: propose_update
              arg: update.fee_bps
              max: 1000
            - instruction: initialize_sale
              arg: end_time - start_time
              min: 3600
              max: 2592000
          conservation:
            exchanges:
              - instruction: buy_tokens
                paid: buyer_payment_account
                received: buyer_token_account
                price: sale.price
          emergencyStop:
            flag: config.emergency_stop
            error: EmergencyStopActive
            blocked: [buy_tokens, initialize_sale]
            allowed: [cancel_sale, withdraw_proceeds, reclaim_unsold]
            resume:
              instruction: execute_update
              state:
                pending: %s
        """.formatted(PROGRAM.toBase58(), IDL_PATH, seed, maxCases, sequences, steps, pendingJson(true).toString());
  }
}
