package dev.preflight.validator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.SolanaAccounts;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;
import software.sava.rpc.json.http.client.SolanaRpcClient;
import software.sava.rpc.json.http.response.TxStatus;

/**
 * A client for a loopback validator (the embedded one, or surfpool): a sava RPC client, signing and
 * sending with confirmation, raw JSON-RPC calls for the cheatcodes sava does not model, and
 * instruction builders for the System and SPL Token programs (data layouts per
 * solana-system-interface SystemInstruction and spl-token TokenInstruction). It refuses any
 * endpoint that is not on this machine: transactions are only ever sent to a loopback validator.
 */
public final class LocalChain {

  public static final SolanaAccounts ACCOUNTS = SolanaAccounts.MAIN_NET;
  public static final PublicKey SYSTEM_PROGRAM = ACCOUNTS.systemProgram();
  public static final PublicKey TOKEN_PROGRAM = ACCOUNTS.tokenProgram();
  public static final PublicKey ATA_PROGRAM = ACCOUNTS.associatedTokenAccountProgram();
  public static final PublicKey UPGRADEABLE_LOADER = PublicKey.fromBase58Encoded("BPFLoaderUpgradeab1e11111111111111111111111");

  private final HttpClient http;
  private final URI endpoint;
  private final java.util.Optional<EmbeddedValidator> validator;
  public final SolanaRpcClient rpc;

  public LocalChain(URI endpoint) {
    this(endpoint, java.util.Optional.empty());
  }

  /**
   * A client of an embedded validator: a raw call to it after its process died fails at once with
   * a {@link ValidatorException} naming the exit code and the server's last standard-error lines.
   */
  public LocalChain(EmbeddedValidator validator) {
    this(validator.rpcUri(), java.util.Optional.of(validator));
  }

  private LocalChain(URI endpoint, java.util.Optional<EmbeddedValidator> validator) {
    this.validator = validator;
    if (!isLoopback(endpoint)) {
      throw new IllegalArgumentException("refusing to send transactions to " + endpoint.getHost()
          + ": LocalChain only talks to a validator on this machine (127.0.0.0/8, ::1, localhost)");
    }
    this.endpoint = endpoint;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    this.rpc = SolanaRpcClient.build().endpoint(endpoint).httpClient(http).createClient();
  }

  public static Signer newSigner() {
    return Signer.createFromPrivateKey(Signer.generatePrivateKeyBytes());
  }

  public Signer fundedSigner(long lamports) {
    Signer signer = newSigner();
    String sig = rpc.requestAirdrop(signer.publicKey(), lamports).join();
    confirmed(sig);
    return signer;
  }

  /** Signs with the fee payer (and extra signers), sends with preflight, returns the signature. */
  public String send(List<Instruction> instructions, Signer feePayer, Signer... others) {
    Transaction tx = Transaction.createTx(feePayer.publicKey(), instructions);
    String blockhash = rpc.getLatestBlockHash().join().blockHash();
    tx.setRecentBlockHash(blockhash);
    var signers = new java.util.ArrayList<Signer>();
    signers.add(feePayer);
    signers.addAll(List.of(others));
    // The Collection overload places each signature by its key's position in the message; the
    // SequencedCollection one assumes the caller already ordered them like the message does.
    tx.sign((java.util.Collection<Signer>) signers);
    return rpc.sendTransaction(tx.base64EncodeToString()).join();
  }

  public String sendAndConfirm(List<Instruction> instructions, Signer feePayer, Signer... others) {
    String sig = send(instructions, feePayer, others);
    confirmed(sig);
    return sig;
  }

  /** Polls getSignatureStatuses until the signature has a status (the validator lands at once). */
  public TxStatus confirmed(String signature) {
    for (int i = 0; i < 50; i++) {
      TxStatus status = rpc.getSignatureStatuses(List.of(signature)).join().get(signature);
      if (status != null && !status.nil()) {
        return status;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("transaction " + signature + " never got a status");
  }

  /** A raw JSON-RPC call; returns the response body. */
  public String call(String method, String paramsJson) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
    return post(body);
  }

  public String post(String body) {
    var request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .timeout(java.time.Duration.ofSeconds(60))
        .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
    } catch (java.io.IOException e) {
      var reason = validator.flatMap(EmbeddedValidator::awaitExitReason);
      if (reason.isPresent()) {
        throw new ValidatorException(reason.get(), e);
      }
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // ---- System Program ----------------------------------------------------------------------

  public static Instruction transfer(PublicKey from, PublicKey to, long lamports) {
    byte[] data = le(12).putInt(2).putLong(lamports).array(); // SystemInstruction::Transfer
    return Instruction.createInstruction(SYSTEM_PROGRAM,
        List.of(AccountMeta.createWritableSigner(from), AccountMeta.createWrite(to)), data);
  }

  public static Instruction createAccount(PublicKey from, PublicKey account, long lamports, long space, PublicKey owner) {
    var data = le(52).putInt(0).putLong(lamports).putLong(space); // SystemInstruction::CreateAccount
    data.put(owner.toByteArray());
    return Instruction.createInstruction(SYSTEM_PROGRAM,
        List.of(AccountMeta.createWritableSigner(from), AccountMeta.createWritableSigner(account)), data.array());
  }

  // ---- SPL Token -----------------------------------------------------------------------------

  public static Instruction initializeMint2(PublicKey mint, int decimals, PublicKey authority) {
    var data = le(67).put((byte) 20).put((byte) decimals); // TokenInstruction::InitializeMint2
    data.put(authority.toByteArray()).put((byte) 0).put(new byte[32]); // no freeze authority
    return Instruction.createInstruction(TOKEN_PROGRAM, List.of(AccountMeta.createWrite(mint)), data.array());
  }

  public static Instruction mintTo(PublicKey mint, PublicKey destination, PublicKey authority, long amount) {
    byte[] data = le(9).put((byte) 7).putLong(amount).array(); // TokenInstruction::MintTo
    return Instruction.createInstruction(TOKEN_PROGRAM, List.of(AccountMeta.createWrite(mint),
        AccountMeta.createWrite(destination), AccountMeta.createReadOnlySigner(authority)), data);
  }

  public static Instruction tokenTransfer(PublicKey source, PublicKey destination, PublicKey owner, long amount) {
    byte[] data = le(9).put((byte) 3).putLong(amount).array(); // TokenInstruction::Transfer
    return Instruction.createInstruction(TOKEN_PROGRAM, List.of(AccountMeta.createWrite(source),
        AccountMeta.createWrite(destination), AccountMeta.createReadOnlySigner(owner)), data);
  }

  public static PublicKey associatedTokenAddress(PublicKey owner, PublicKey mint) {
    return PublicKey.findProgramAddress(List.of(owner.toByteArray(), TOKEN_PROGRAM.toByteArray(), mint.toByteArray()),
        ATA_PROGRAM).publicKey();
  }

  /** AssociatedTokenAccountInstruction::Create (empty data, as the ATA program's legacy form). */
  public static Instruction createAssociatedTokenAccount(PublicKey payer, PublicKey owner, PublicKey mint) {
    return Instruction.createInstruction(ATA_PROGRAM, List.of(
        AccountMeta.createWritableSigner(payer),
        AccountMeta.createWrite(associatedTokenAddress(owner, mint)),
        AccountMeta.createRead(owner),
        AccountMeta.createRead(mint),
        AccountMeta.createRead(SYSTEM_PROGRAM),
        AccountMeta.createRead(TOKEN_PROGRAM)), new byte[0]);
  }

  public static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** True for 127.0.0.0/8, ::1 and localhost. */
  public static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      return false;
    }
    host = host.toLowerCase(java.util.Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.equals("localhost") || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  public URI endpoint() {
    return endpoint;
  }

  // ---- Cheatcodes (surfpool names) -----------------------------------------------------------

  /** {@code surfnet_setAccount}: writes an account; fails when the validator answers an error. */
  public void setAccount(PublicKey address, long lamports, byte[] data, PublicKey owner,
                         boolean executable) {
    String params = "[\"" + address.toBase58() + "\",{\"lamports\":" + lamports + ",\"data\":\""
        + java.util.HexFormat.of().formatHex(data) + "\",\"owner\":\"" + owner.toBase58()
        + "\",\"executable\":" + executable + "}]";
    checked("surfnet_setAccount", call("surfnet_setAccount", params));
  }

  /** {@code surfnet_timeTravel} to an absolute Unix time in seconds (the Clock moves with it). */
  public void timeTravelToUnixSeconds(long unixSeconds) {
    checked("surfnet_timeTravel", call("surfnet_timeTravel",
        "[{\"absoluteTimestamp\":" + unixSeconds * 1000 + "}]"));
  }

  /** {@code surfnet_setProgramAuthority}: the program's upgrade authority, or none. */
  public void setProgramAuthority(PublicKey program, java.util.Optional<PublicKey> authority) {
    checked("surfnet_setProgramAuthority", call("surfnet_setProgramAuthority", "[\""
        + program.toBase58() + "\"," + authority.map(a -> "\"" + a.toBase58() + "\"")
        .orElse("null") + "]"));
  }

  private static String checked(String method, String response) {
    if (response.contains("\"error\"")) {
      throw new IllegalStateException(method + " failed: " + response);
    }
    return response;
  }
}
