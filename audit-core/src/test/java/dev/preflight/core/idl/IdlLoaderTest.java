package dev.preflight.core.idl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdlLoaderTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyBundledIdlLoadsWithAllItsItems() throws IOException {
    List<Path> files = BundledIdls.files();
    assertTrue(files.size() >= 5, "expected the bundled IDLs, found " + files);
    for (Path p : files) {
      JsonNode raw = JSON.readTree(Files.readString(p));
      Idl idl = Idl.load(p);
      assertEquals(raw.path("instructions").size(), idl.instructions().size(), p + " instructions");
      assertEquals(raw.path("accounts").size(), idl.accounts().size(), p + " accounts");
      assertEquals(raw.path("errors").size(), idl.errors().size(), p + " errors");
      assertEquals(raw.path("events").size(), idl.events().size(), p + " events");
      // A published IDL may define a type twice (switchboard v2); the first definition is kept.
      java.util.Set<String> distinct = new java.util.HashSet<>();
      raw.path("types").forEach(t -> distinct.add(t.path("name").asText()));
      assertTrue(idl.types().keySet().containsAll(distinct), p + " types");
      assertEquals(raw.path("types").size() - distinct.size(), idl.warnings().size(), p + " warnings " + idl.warnings());
      Idl.Format expected = raw.path("metadata").has("spec") ? Idl.Format.SPEC : Idl.Format.LEGACY;
      assertEquals(expected, idl.format(), p + " format");
    }
  }

  @Test
  void legacyAndSpecFormatsAreRecognised() {
    Idl drift = BundledIdls.load("drift.json");
    assertEquals(Idl.Format.LEGACY, drift.format());
    assertEquals("drift", drift.name());
    assertEquals("dRiftyHA39MWEi3m9aunc5MzRF1JYuBsbn6VPcn33UH", drift.address().orElseThrow().toBase58());

    Idl sb = BundledIdls.load("sb_on_demand.json");
    assertEquals(Idl.Format.SPEC, sb.format());
    assertEquals("sb_on_demand", sb.name());
    assertEquals("0.1.0", sb.spec().orElseThrow());
    assertEquals("SBondMDrcV3K4kxZR1HNVT7osZxAHVHgYXL5Ze1oMUv", sb.address().orElseThrow().toBase58());
    assertTrue(sb.type("PullFeedAccountData").orElseThrow().isZeroCopy());
  }

  /** Our derived discriminators must equal what the program's own generated client uses. */
  @Test
  void derivedLegacyDiscriminatorsMatchTheSquadsClient() throws IOException {
    Idl squads = BundledIdls.squads();
    List<String> lines = Files.readAllLines(BundledIdls.dir().resolve("squads_sdk_discriminators.txt"));
    int checked = 0;
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split(" ");
      byte[] expected = bytes(parts[2]);
      Discriminator actual = switch (parts[0]) {
        case "account" -> squads.account(parts[1]).orElseThrow(() -> new AssertionError(parts[1])).discriminator();
        case "instruction" -> squads.instruction(parts[1]).orElseThrow(() -> new AssertionError(parts[1])).discriminator();
        default -> throw new AssertionError(line);
      };
      assertEquals(HexFormat.of().formatHex(expected), actual.toString(), line);
      checked++;
    }
    assertEquals(squads.accounts().size() + squads.instructions().size(), checked);
  }

  @Test
  void specIdlKeepsDeclaredDiscriminators() {
    Idl demo = BundledIdls.load("preflight_demo_030.json");
    assertEquals("07", demo.instruction("set_paused").orElseThrow().discriminator().toString());
    assertEquals("d308e82b02987577", demo.account("Vault").orElseThrow().discriminator().toString());
  }

  @Test
  void snakeCaseConversionFollowsAnchor() {
    assertEquals("multisig_create_v2", Names.snakeCase("multisigCreateV2"));
    assertEquals("init_idl", Names.snakeCase("initIDL"));
    assertEquals("set_http_url", Names.snakeCase("setHTTPUrl"));
    assertEquals("already_snake", Names.snakeCase("already_snake"));
    assertEquals("deposit2", Names.snakeCase("deposit2"));
  }

  @Test
  void genericsAndAliasesResolve() {
    Idl demo = BundledIdls.load("preflight_demo_030.json");
    IdlTypeDef ring = demo.type("Ring").orElseThrow();
    assertEquals(2, ring.generics().size());
    assertTrue(ring.generics().get(1).isConst());
    IdlTypeDef amount = demo.type("Amount").orElseThrow();
    assertInstanceOf(IdlTypeDef.Alias.class, amount.body());
    assertEquals(2, demo.constants().size());
    assertEquals("The vault is paused", demo.error(6000).orElseThrow().message().orElseThrow());
    assertTrue(demo.error(6001).orElseThrow().message().isEmpty());
    assertTrue(demo.error(42).isEmpty());
  }

  @Test
  void unknownTypeIsReportedWithItsJsonPath() {
    String json = """
        {"version":"0.1.0","name":"broken","instructions":[],
         "accounts":[{"name":"A","type":{"kind":"struct","fields":[{"name":"x","type":"u7"}]}}]}
        """;
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse(json, "broken.json"));
    assertEquals("accounts[0].type.fields[0].type", e.jsonPath().orElseThrow());
    assertTrue(e.getMessage().startsWith("IDL broken.json at accounts[0].type.fields[0].type: unknown type 'u7'"),
        e.getMessage());
  }

  @Test
  void missingDefinedTypeIsReportedWithASuggestion() {
    String json = """
        {"version":"0.1.0","name":"broken","instructions":[],
         "types":[{"name":"member","type":{"kind":"struct","fields":[]}}],
         "accounts":[{"name":"A","type":{"kind":"struct","fields":[{"name":"m","type":{"defined":"Member"}}]}}]}
        """;
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse(json, "broken.json"));
    assertTrue(e.getMessage().contains("refers to type 'Member', which is not defined"), e.getMessage());
    assertTrue(e.getMessage().contains("Did you mean 'member'?"), e.getMessage());
  }

  @Test
  void typeContainingItselfIsRejected() {
    String json = """
        {"version":"0.1.0","name":"cyclic","instructions":[],
         "types":[
           {"name":"A","type":{"kind":"struct","fields":[{"name":"b","type":{"defined":"B"}}]}},
           {"name":"B","type":{"kind":"struct","fields":[{"name":"a","type":{"array":[{"defined":"A"},2]}}]}}]}
        """;
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse(json, "cyclic.json"));
    assertTrue(e.getMessage().contains("type 'A' contains itself: A -> B -> A"), e.getMessage());
  }

  @Test
  void recursionThroughOptionOrEnumIsAllowed() {
    String json = """
        {"version":"0.1.0","name":"list","instructions":[],
         "types":[{"name":"Node","type":{"kind":"struct","fields":[
            {"name":"v","type":"u8"},{"name":"next","type":{"option":{"defined":"Node"}}}]}}]}
        """;
    Idl idl = Idl.parse(json, "list.json");
    assertFalse(idl.types().isEmpty());
  }

  @Test
  void genericArgumentCountIsChecked() {
    String json = """
        {"address":"11111111111111111111111111111111","metadata":{"name":"g","version":"0.1.0","spec":"0.1.0"},
         "instructions":[],
         "types":[
           {"name":"W","generics":[{"kind":"type","name":"T"}],"type":{"kind":"struct","fields":[{"name":"x","type":{"generic":"T"}}]}},
           {"name":"U","type":{"kind":"struct","fields":[{"name":"w","type":{"defined":{"name":"W"}}}]}}]}
        """;
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse(json, "g.json"));
    assertTrue(e.getMessage().contains("takes 1 generic argument(s), 0 given"), e.getMessage());
  }

  @Test
  void specPdaSeedsAreKeptAsDeclared() {
    Path root = BundledIdls.dir();
    while (!Files.isDirectory(root.resolve("fixtures/escrow"))) {
      root = root.getParent();
    }
    Idl escrow = Idl.load(root.resolve("fixtures/escrow/idl/escrow.json"));
    IdlInstruction init = escrow.instruction("initialize_sale").orElseThrow();
    IdlAccountItem.Single sale = single(init, "sale");
    assertTrue(sale.pda());
    assertEquals(new IdlPda(List.of(new IdlPda.Const("sale".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        new IdlPda.Account("seller"), new IdlPda.Arg("sale_id")), java.util.Optional.empty()), sale.seeds().orElseThrow());
    assertEquals(List.of(new IdlPda.Const("config".getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
        single(init, "config").seeds().orElseThrow().seeds());
    assertFalse(single(init, "seller").pda());
    assertTrue(single(init, "seller").seeds().isEmpty());
  }

  @Test
  void programOverrideDottedPathsAndUnknownSeedKinds() {
    String json = """
        {"address":"11111111111111111111111111111111","metadata":{"name":"p","version":"0.1.0","spec":"0.1.0"},
         "instructions":[{"name":"go","discriminator":[1,2,3,4,5,6,7,8],"args":[{"name":"id","type":"u64"}],
           "accounts":[
             {"name":"ata","pda":{"seeds":[{"kind":"account","path":"owner"},{"kind":"const","value":[1,2]}],
               "program":{"kind":"const","value":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,9]}}},
             {"name":"deep","pda":{"seeds":[{"kind":"account","path":"ata.mint","account":"TokenAccount"}],
               "program":{"kind":"account","path":"prog"}}},
             {"name":"odd","pda":{"seeds":[{"kind":"mystery","value":"x"}]}},
             {"name":"owner","signer":true},{"name":"prog"}]}]}
        """;
    IdlInstruction go = Idl.parse(json, "p.json").instruction("go").orElseThrow();
    IdlPda ata = single(go, "ata").seeds().orElseThrow();
    assertEquals(List.of(new IdlPda.Account("owner"), new IdlPda.Const(new byte[] {1, 2})), ata.seeds());
    byte[] program = new byte[32];
    program[31] = 9;
    assertEquals(new IdlPda.Const(program), ata.program().orElseThrow());
    IdlPda deep = single(go, "deep").seeds().orElseThrow();
    assertEquals(List.of(new IdlPda.Account("ata.mint")), deep.seeds());
    assertEquals(new IdlPda.Account("prog"), deep.program().orElseThrow());
    // a seed outside the spec: still a PDA, but without seeds to derive from
    assertTrue(single(go, "odd").pda());
    assertTrue(single(go, "odd").seeds().isEmpty());
  }

  @Test
  void legacyIdlsCarryNoSeeds() {
    String json = """
        {"version":"0.1.0","name":"old","instructions":[{"name":"go","args":[],"accounts":[
          {"name":"state","isMut":true,"isSigner":false,
           "pda":{"seeds":[{"kind":"const","type":"string","value":"state"}]}}]}]}
        """;
    IdlAccountItem.Single state = single(Idl.parse(json, "old.json").instruction("go").orElseThrow(), "state");
    assertTrue(state.pda());
    assertTrue(state.seeds().isEmpty());
  }

  private static IdlAccountItem.Single single(IdlInstruction ix, String name) {
    return ix.accounts().stream().filter(a -> a.name().equals(name))
        .map(IdlAccountItem.Single.class::cast).findFirst().orElseThrow();
  }

  @Test
  void garbageIsNotAnIdl() {
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse("<html>", "page.html"));
    assertTrue(e.getMessage().contains("is not valid JSON"), e.getMessage());
    assertThrows(IdlException.class, () -> Idl.parse("[1,2]", "array.json"));
    assertThrows(IdlException.class, () -> Idl.parse("{\"name\":\"x\"}", "noix.json"));
  }

  private static byte[] bytes(String csv) {
    String[] parts = csv.split(",");
    byte[] b = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      b[i] = (byte) Integer.parseInt(parts[i]);
    }
    return b;
  }
}
