package dev.preflight.core.hostile;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.Elf64;
import dev.preflight.core.chain.ElfException;
import dev.preflight.core.chain.SplMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.chain.TokenMints;
import dev.preflight.core.chain.UpgradeableLoaderState;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.policy.PolicyException;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.fixtures.escrow.EscrowProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Malformed policies, IDLs, ELF files and account bytes. Each must end in Preflight's exception
 * family with a message that names the input and the place in it; nothing else may escape.
 */
class HostileInputTest {
  static final String HEAD = """
      project: demo
      clusters:
        - name: devnet
          url: https://api.devnet.solana.com
      program:
        id: SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf
      """;

  private static <T extends PreflightException> T fails(Class<T> type, Executable body,
                                                        String... mentions) {
    T e = assertThrows(type, body);
    System.out.println(type.getSimpleName() + ": " + e.getMessage());
    for (String m : mentions) {
      assertTrue(e.getMessage().contains(m), "message should mention '" + m + "': "
          + e.getMessage());
    }
    return e;
  }

  private static PolicyException policy(String yaml, String... mentions) {
    return fails(PolicyException.class, () -> new PolicyLoader(n -> Optional.empty())
        .parse(yaml, Path.of("hostile/preflight.yaml")), mentions);
  }

  // ---- preflight.yaml ----------------------------------------------------------------------

  @Test
  void malformedYamlNamesTheFileAndLine() {
    policy(HEAD + "governance: [unclosed\n  minThreshold: {{\n", "preflight.yaml:8:");
    policy("project: demo\n\tclusters: x\n", "preflight.yaml");
    policy("", "preflight.yaml");
    policy("- just\n- a list\n", "preflight.yaml");
  }

  @Test
  void wrongTypesAndUnknownKeysNameTheField() {
    policy(HEAD + "mints: 5\n", "mints");
    policy(HEAD.replace("SQDS4ep65T869zMMBKyuUq6aD6EgTu8psMjkvj52pCf", "not-base58-0OIl"),
        "program.id");
    policy(HEAD + "governance: { minThreshold: -3, multisig: { kind: nope, address: x } }\n",
        "governance");
  }

  @Test
  void aliasBombsAreRefused() {
    StringBuilder y = new StringBuilder("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (char c = 'b'; c <= 'k'; c++) {
      char p = (char) (c - 1);
      y.append(c).append(": &").append(c).append(" [*").append(p).append(",*").append(p)
          .append(",*").append(p).append(",*").append(p).append(",*").append(p).append("]\n");
    }
    policy(y.toString(), "preflight.yaml");
  }

  @Test
  void aPolicyFileThatIsNotUtf8NamesTheFile() throws Exception {
    Path f = Files.createTempFile("hostile", ".yaml");
    try {
      Files.write(f, new byte[] {'p', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
      fails(PolicyException.class, () -> new PolicyLoader().load(f), f.getFileName().toString(),
          "UTF-8");
    } finally {
      Files.deleteIfExists(f);
    }
  }

  // ---- IDLs --------------------------------------------------------------------------------

  private static String idl(String types) {
    return """
        {"address":"11111111111111111111111111111111",
         "metadata":{"name":"hostile","version":"0.1.0","spec":"0.1.0"},
         "instructions":[], "types":[%s]}""".formatted(types);
  }

  private static String struct(String name, String fieldType) {
    return "{\"name\":\"" + name + "\",\"type\":{\"kind\":\"struct\",\"fields\":[{\"name\":\"f\","
        + "\"type\":" + fieldType + "}]}}";
  }

  /** Loads and, when loading succeeds, decodes bytes with every type: one of them must refuse. */
  private static void loadAndUse(String json) {
    Idl idl = Idl.parse(json, "hostile.json");
    for (String name : idl.types().keySet()) {
      idl.codec().decodeAll(new IdlType.Defined(name, List.of()), new byte[256], name);
    }
  }

  @Test
  void aCycleAmongDefinedTypesIsReportedNotFollowedForever() {
    String cyc = idl(struct("A", "{\"defined\":{\"name\":\"B\"}}") + ","
        + struct("B", "{\"defined\":{\"name\":\"A\"}}"));
    fails(PreflightException.class, () -> loadAndUse(cyc), "A");
    String self = idl(struct("Node", "{\"option\":{\"defined\":{\"name\":\"Node\"}}}"));
    // Through an option the cycle is finite for data that ends in None: zeros decode or refuse.
    try {
      loadAndUse(self);
    } catch (PreflightException e) {
      System.out.println("self-referencing option: " + e.getMessage());
    }
  }

  @Test
  void anUnknownTypeIsNamedWithItsPath() {
    fails(PreflightException.class, () -> loadAndUse(idl(struct("A",
        "{\"defined\":{\"name\":\"Missing\"}}"))), "hostile.json", "Missing");
    fails(PreflightException.class, () -> loadAndUse(idl(struct("A", "\"u512\""))),
        "hostile.json", "u512");
  }

  @Test
  void enormousArraysDoNotAllocate() {
    String big = idl(struct("A", "{\"array\":[{\"array\":[\"u64\",2147483647]},2147483647]}"));
    fails(PreflightException.class, () -> loadAndUse(big), "A");
    String vec = idl(struct("V", "{\"vec\":\"u8\"}"));
    Idl v = Idl.parse(vec, "hostile.json");
    // A vec that claims 4 billion elements in 8 bytes of data.
    fails(PreflightException.class, () -> v.codec().decodeAll(new IdlType.Defined("V",
        List.of()), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4},
        "V"), "V");
  }

  @Test
  void deepNestingIsRefusedWithAMessage() {
    String deep = "{\"vec\":".repeat(5_000) + "\"u8\"" + "}".repeat(5_000);
    fails(PreflightException.class, () -> loadAndUse(idl(struct("D", deep))), "hostile.json");
    String deepJson = "[".repeat(100_000);
    fails(PreflightException.class, () -> Idl.parse(deepJson, "deep.json"), "deep.json");
    fails(PreflightException.class, () -> Idl.parse("{\"metadata\":", "cut.json"), "cut.json");
    fails(PreflightException.class, () -> Idl.parse("\u0000\u00ff garbage", "bin.json"),
        "bin.json");
  }

  // ---- ELF files ---------------------------------------------------------------------------

  @Test
  void garbageTruncatedAndForeignElfsAreRefusedWithTheOffset() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    fails(ElfException.class, () -> Elf64.parse(garbage, "garbage.so"), "garbage.so",
        "not an ELF");
    byte[] real = Files.readAllBytes(EscrowProgram.binary(EscrowProgram.Variant.CLEAN));
    fails(ElfException.class, () -> Elf64.parse(Arrays.copyOf(real, 40), "cut.so"), "cut.so",
        "64-byte");
    fails(ElfException.class, () -> Elf64.parse(Arrays.copyOf(real, 4096), "half.so"),
        "half.so");
    byte[] x86 = real.clone();
    x86[18] = 62; // e_machine = EM_X86_64
    x86[19] = 0;
    fails(ElfException.class, () -> Elf64.parse(x86, "native.so"), "native.so", "machine 62");
  }

  // ---- account bytes -----------------------------------------------------------------------

  @Test
  void truncatedOversizedAndForeignAccountBytesAreRefusedWithTheAddress() {
    String at = "Hostile111111111111111111111111111111111111";
    fails(PreflightException.class, () -> UpgradeableLoaderState.decode(new byte[] {3, 0, 0, 0,
        1}, at), at);
    fails(PreflightException.class, () -> UpgradeableLoaderState.decode(new byte[] {9, 0, 0,
        0}, at), at);
    fails(PreflightException.class, () -> SplMultisig.decode(new byte[356], at), at, "356");
    fails(PreflightException.class, () -> SplMultisig.decode(new byte[10], at), at);
    fails(PreflightException.class, () -> TokenMints.decodeMint(TokenMints.TOKEN_PROGRAM,
        new byte[40], at), at);
    fails(PreflightException.class, () -> TokenMints.decodeMint(SquadsV4.PROGRAM_ID,
        new byte[82], at), at); // wrong owner
    byte[] tlv = new byte[166 + 4];
    tlv[165] = 1; // Mint account type
    tlv[166] = 3; // MintCloseAuthority
    tlv[168] = (byte) 0xff; // claims 255 bytes, none follow
    var info = TokenMints.decodeMint(TokenMints.TOKEN_2022_PROGRAM, tlv, at);
    assertTrue(!info.unreadExtensions().isEmpty() || info.extensions().isEmpty(),
        "a TLV entry longer than the account is unread, never trusted: " + info.extensions());
    fails(PreflightException.class, () -> SquadsV4.load().decodeMultisig(new byte[12]));
  }
}
