package dev.preflight.core.idl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Published IDLs as they are: what their own clients accept loads, with a warning that names the
 * places; what cannot be read exactly fails with the node and its path.
 */
class PublishedIdlQuirksTest {

  /** switchboard v2 (from @switchboard-xyz/sbv2-lite) defines Shuffle and Lanes twice, in different orders. */
  @Test
  void aTypeDefinedTwiceKeepsTheFirstDefinitionAndWarnsNamingBothPlaces() {
    Idl sb = BundledIdls.load("switchboard_v2.json");
    assertEquals(List.of(
        "IDL switchboard_v2.json at types[81]: type 'Shuffle' is defined again (first at types[80]) differently; "
            + "the first definition is used, as Anchor's TypeScript client does",
        "IDL switchboard_v2.json at types[82]: type 'Lanes' is defined again (first at types[79]) differently; "
            + "the first definition is used, as Anchor's TypeScript client does"),
        sb.warnings().stream().map(IdlWarning::toString).toList());
    IdlTypeDef.Enum shuffle = (IdlTypeDef.Enum) sb.type("Shuffle").orElseThrow().body();
    // The first definition's order: AAAA, BBBB, CACA, ... (the second has BADC third).
    assertEquals("CACA", shuffle.variants().get(2).name());
    // Its variant indexes are what the codec writes.
    byte[] b = sb.codec().encode(new IdlType.Defined("Shuffle"), new IdlValue.EnumValue("CACA", 2,
        java.util.Optional.empty()), "test");
    assertEquals(2, b[0]);
  }

  @Test
  void aFileThatIsNeitherFormatSaysWhatWasExpected() {
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse("{\"name\": \"x\"}", "x.json"));
    assertTrue(e.getMessage().contains("is neither an Anchor IDL (it has no 'instructions') nor a Codama IDL"),
        e.getMessage());
    assertTrue(e.getMessage().contains("\"kind\": \"rootNode\""), e.getMessage());
  }

  @Test
  void aCodamaIdlOfAnotherSpecVersionIsRefused() {
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse(
        "{\"kind\": \"rootNode\", \"standard\": \"codama\", \"version\": \"2.0.0\", \"program\": {}}", "c.json"));
    assertEquals("IDL c.json at version: is a Codama IDL of spec version '2.0.0'; this reader knows spec 1.x. "
        + "Give a Codama 1.x IDL", e.getMessage());
  }

  @Test
  void anUnmappableCodamaNodeFailsWithItsKindAndPath() {
    String idl = """
        {"kind": "rootNode", "standard": "codama", "version": "1.0.0", "additionalPrograms": [],
         "program": {"kind": "programNode", "name": "p", "publicKey": "11111111111111111111111111111111",
           "version": "1", "pdas": [], "accounts": [], "definedTypes": [], "errors": [],
           "instructions": [{"kind": "instructionNode", "name": "go", "accounts": [],
             "arguments": [{"kind": "instructionArgumentNode", "name": "x",
               "type": {"kind": "sentinelTypeNode", "sentinel": {}, "type": {"kind": "bytesTypeNode"}}}]}]}}
        """;
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse(idl, "s.json"));
    assertEquals("program.instructions[0].arguments[0].type", e.jsonPath().orElseThrow());
    assertTrue(e.getMessage().contains("sentinelTypeNode"), e.getMessage());

    String unknown = idl.replace("sentinelTypeNode", "quantumTypeNode");
    IdlException u = assertThrows(IdlException.class, () -> Idl.parse(unknown, "s.json"));
    assertEquals("program.instructions[0].arguments[0].type", u.jsonPath().orElseThrow());
    assertTrue(u.getMessage().contains("node kind 'quantumTypeNode' cannot be mapped here"), u.getMessage());
  }

  @Test
  void aFieldDiscriminatorThatDoesNotLeadTheDataIsRefusedNotGuessed() {
    String idl = """
        {"kind": "rootNode", "standard": "codama", "version": "1.0.0",
         "program": {"kind": "programNode", "name": "p", "publicKey": "11111111111111111111111111111111",
           "instructions": [{"kind": "instructionNode", "name": "go", "accounts": [],
             "arguments": [
               {"kind": "instructionArgumentNode", "name": "x", "type": {"kind": "numberTypeNode", "format": "u8"}},
               {"kind": "instructionArgumentNode", "name": "tag", "type": {"kind": "numberTypeNode", "format": "u8"},
                "defaultValue": {"kind": "numberValueNode", "number": 9}}],
             "discriminators": [{"kind": "fieldDiscriminatorNode", "name": "tag", "offset": 1}]}]}}
        """;
    IdlException e = assertThrows(IdlException.class, () -> Idl.parse(idl, "d.json"));
    assertEquals("program.instructions[0].discriminators[0]", e.jsonPath().orElseThrow());
  }

  @Test
  void codamaLayoutsBeyondBorshEncodeExactly() {
    // A big-endian u16, a u8-prefixed string, a zeroable pubkey option, an enum with a u16 tag and
    // explicit variant numbers, a map with a u8 count, a hidden prefix and a padded offset.
    String idl = """
        {"kind": "rootNode", "standard": "codama", "version": "1.0.0",
         "program": {"kind": "programNode", "name": "p", "publicKey": "11111111111111111111111111111111",
           "definedTypes": [{"kind": "definedTypeNode", "name": "mode", "type": {"kind": "enumTypeNode",
             "size": {"kind": "numberTypeNode", "format": "u16", "endian": "le"},
             "variants": [{"kind": "enumEmptyVariantTypeNode", "name": "off", "discriminator": 7},
                          {"kind": "enumEmptyVariantTypeNode", "name": "on", "discriminator": 300}]}}],
           "accounts": [{"kind": "accountNode", "name": "thing",
             "discriminators": [{"kind": "constantDiscriminatorNode", "offset": 0, "constant": {"kind": "constantValueNode",
               "type": {"kind": "bytesTypeNode"}, "value": {"kind": "bytesValueNode", "encoding": "base16", "data": "cafe"}}}],
             "data": {"kind": "structTypeNode", "fields": [
               {"kind": "structFieldTypeNode", "name": "body", "type": {"kind": "hiddenPrefixTypeNode",
                 "prefix": [{"kind": "constantValueNode", "type": {"kind": "bytesTypeNode"},
                             "value": {"kind": "bytesValueNode", "encoding": "base16", "data": "cafe"}}],
                 "type": {"kind": "structTypeNode", "fields": [
                   {"kind": "structFieldTypeNode", "name": "port", "type": {"kind": "numberTypeNode", "format": "u16", "endian": "be"}},
                   {"kind": "structFieldTypeNode", "name": "label", "type": {"kind": "sizePrefixTypeNode",
                     "prefix": {"kind": "numberTypeNode", "format": "u8", "endian": "le"},
                     "type": {"kind": "stringTypeNode", "encoding": "utf8"}}},
                   {"kind": "structFieldTypeNode", "name": "owner", "type": {"kind": "zeroableOptionTypeNode",
                     "item": {"kind": "publicKeyTypeNode"}}},
                   {"kind": "structFieldTypeNode", "name": "mode", "type": {"kind": "definedTypeLinkNode", "name": "mode"}},
                   {"kind": "structFieldTypeNode", "name": "tags", "type": {"kind": "mapTypeNode",
                     "key": {"kind": "numberTypeNode", "format": "u8", "endian": "le"},
                     "value": {"kind": "preOffsetTypeNode", "offset": 1, "strategy": "padded",
                               "type": {"kind": "booleanTypeNode"}},
                     "count": {"kind": "prefixedCountNode", "prefix": {"kind": "numberTypeNode", "format": "u8", "endian": "le"}}}}
                 ]}}}]}}]}}
        """;
    Idl p = Idl.parse(idl, "layouts.json");
    IdlValue v = IdlValue.StructValue.builder().put("body", IdlValue.StructValue.builder()
        .put("port", IdlValue.IntValue.of(IdlType.PrimitiveKind.U16, 0x1234))
        .put("label", new IdlValue.StringValue("hé"))
        .put("owner", IdlValue.OptionValue.none())
        .put("mode", new IdlValue.EnumValue("on", 1, java.util.Optional.empty()))
        .put("tags", new IdlValue.SeqValue(List.of(new IdlValue.TupleValue(List.of(
            IdlValue.IntValue.of(IdlType.PrimitiveKind.U8, 5), new IdlValue.BoolValue(true))))))
        .build()).build();
    byte[] bytes = p.encodeAccount("thing", v);
    assertEquals("cafe" + "1234" + "03" + "68c3a9" + "00".repeat(32) + "2c01" + "01" + "05" + "00" + "01",
        java.util.HexFormat.of().formatHex(bytes));
    Idl.DecodedAccount d = p.decodeAccount(bytes).orElseThrow();
    assertEquals(v, d.value());
    // A tag the enum does not declare is refused with where it is.
    byte[] bad = bytes.clone();
    bad[37 + 2 + 2] = 8;
    assertThrows(DecodeException.class, () -> p.decodeAccount("thing", bad));
  }

  /** Anchor's TypeScript client accepts these too; each is said, with both places. */
  @Test
  void otherDuplicatesOfLegacyIdlsLoadWithWarnings() {
    String idl = """
        {"version": "0.1.0", "name": "quirks",
         "instructions": [{"name": "go", "accounts": [], "args": []}, {"name": "go", "accounts": [], "args": []}],
         "accounts": [{"name": "State", "type": {"kind": "struct", "fields": [{"name": "a", "type": "u8"}]}}],
         "types": [{"name": "State", "type": {"kind": "struct", "fields": [{"name": "a", "type": "u16"}]}}],
         "errors": [{"code": 6000, "name": "First", "msg": "one"}, {"code": 6000, "name": "Second", "msg": "two"}]}
        """;
    Idl q = Idl.parse(idl, "q.json");
    assertEquals(List.of(
        "IDL q.json at accounts[0]: account 'State' has a layout that differs from the type of the same name in "
            + "'types'; the account decodes with its own layout (as Anchor's TypeScript client does), references to "
            + "'State' use the one in 'types'",
        "IDL q.json at instructions[1]: instruction 'go' is declared again (first at instructions[0]); both are kept,"
            + " and a lookup by name finds the first",
        "IDL q.json at errors[1]: error code 6000 is used by 'First' (errors[0]) and by 'Second'; a failure with this"
            + " code is reported as 'First'"),
        q.warnings().stream().map(IdlWarning::toString).toList());
    // The account's own layout: one byte.
    byte[] data = q.encodeAccount("State", IdlValue.StructValue.builder()
        .put("a", IdlValue.IntValue.of(IdlType.PrimitiveKind.U8, 7)).build());
    assertEquals(9, data.length);
    assertEquals("First", q.error(6000).orElseThrow().name());
  }
}
