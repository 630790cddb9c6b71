package dev.preflight.core.idl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.core.idl.IdlValue.IntValue;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;

class BorshCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Idl demo = BundledIdls.load("preflight_demo_030.json");

  private IdlValue demoVault(long seed) {
    return new IdlValueGenerator(demo, seed).generate(demo.account("Vault").orElseThrow().type());
  }

  // ---- zero-copy C layout --------------------------------------------------------------------

  @Test
  void zeroCopyStructIsLaidOutWithCAlignment() {
    // bump u8 @0, last_update i64 @8, flag u8 @16, prices [PriceEntry;3] @24 (entry: u8 @0, u32 @4,
    // f64 @8, size 16), total u128 @72 (8-aligned on SBF), short u16 @88, owner @90, size 122 -> 128.
    IdlType t = demo.account("PriceBook").orElseThrow().type();
    assertEquals(128, demo.codec().fixedSize(t).orElseThrow());
    IdlValue v = new IdlValueGenerator(demo, 3).generate(t);
    byte[] data = demo.encodeAccount("PriceBook", v);
    assertEquals(8 + 128, data.length);
    ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(v.at("last_update").orElseThrow().longValue().orElseThrow(), bb.getLong(8 + 8));
    assertEquals(v.at("prices[1].price").orElseThrow().longValue().orElseThrow(), bb.getInt(8 + 24 + 16 + 4) & 0xFFFFFFFFL);
    byte[] owner = Arrays.copyOfRange(data, 8 + 90, 8 + 122);
    assertArrayEquals(v.at("owner").orElseThrow().publicKey().orElseThrow().toByteArray(), owner);
    for (int pad : new int[] {1, 2, 3, 4, 5, 6, 7, 17, 18, 19, 20, 21, 22, 23, 122, 127}) {
      assertEquals(0, data[8 + pad], "padding byte " + pad);
    }
    assertEquals(v, demo.decodeAccount(data).orElseThrow().value());
  }

  @Test
  void packedZeroCopyStructHasNoPadding() {
    IdlType t = demo.account("PackedTick").orElseThrow().type();
    assertEquals(1 + 16 + 4 + 16, demo.codec().fixedSize(t).orElseThrow());
  }

  @Test
  void switchboardZeroCopyAccountsNeedNoImplicitPadding() {
    // The authors pad every zero-copy struct explicitly; with SBF alignment rules our layout must
    // therefore add no padding of its own: C size == sum of field sizes. PullFeedAccountData is 3200.
    Idl sb = BundledIdls.load("sb_on_demand.json");
    assertEquals(3200, sb.codec().fixedSize(sb.account("PullFeedAccountData").orElseThrow().type()).orElseThrow());
    for (IdlAccount a : sb.accounts()) {
      IdlTypeDef def = sb.type(a.name()).orElseThrow();
      assertTrue(def.isZeroCopy(), a.name());
      long sum = 0;
      for (IdlType f : Layouts.fieldTypes(((IdlTypeDef.Struct) def.body()).fields())) {
        sum += sb.codec().fixedSize(f).orElseThrow();
      }
      assertEquals(sum, sb.codec().fixedSize(a.type()).orElseThrow().longValue(), a.name());
    }
  }

  // ---- errors with location ------------------------------------------------------------------

  @Test
  void truncatedAccountNamesFieldPathAndOffset() {
    Idl squads = BundledIdls.squads();
    IdlValue ms;
    int members;
    long seed = 11;
    do { // pick the first seed whose multisig has members, so the cut lands inside one
      ms = new IdlValueGenerator(squads, seed++, new IdlValueGenerator.Limits(4, 8, 8, 8))
          .generate(squads.account("Multisig").orElseThrow().type());
      members = ms.at("members").orElseThrow().sequence().orElseThrow().size();
    } while (members == 0);
    byte[] data = squads.encodeAccount("Multisig", ms);
    byte[] cut = Arrays.copyOf(data, data.length - 1);
    DecodeException e = assertThrows(DecodeException.class, () -> squads.decodeAccount(cut));
    assertEquals("account Multisig", e.subject());
    assertEquals("members[" + (members - 1) + "].permissions.mask", e.fieldPath());
    assertEquals(cut.length, e.offset());
    assertEquals("account Multisig field members[" + (members - 1) + "].permissions.mask: needs 1 byte at offset "
        + cut.length + ", data has " + cut.length
        + ". Check that the IDL matches the program version that wrote this data", e.getMessage());
  }

  @Test
  void hostileLengthsAreRefusedBeforeAllocating() {
    Idl squads = BundledIdls.squads();
    byte[] data = squads.encodeAccount("Multisig", new IdlValueGenerator(squads, 5)
        .generate(squads.account("Multisig").orElseThrow().type()));
    // members vec length sits after 8+32+32+2+4+8+8 + option + bump.
    int rentTag = 8 + 32 + 32 + 2 + 4 + 8 + 8;
    int lenAt = rentTag + (data[rentTag] == 1 ? 33 : 1) + 1;
    byte[] hostile = data.clone();
    hostile[lenAt] = (byte) 0xFF;
    hostile[lenAt + 1] = (byte) 0xFF;
    hostile[lenAt + 2] = (byte) 0xFF;
    hostile[lenAt + 3] = (byte) 0x7F;
    DecodeException e = assertThrows(DecodeException.class, () -> squads.decodeAccount(hostile));
    assertTrue(e.getMessage().contains("vec length 2147483647 at offset " + lenAt + " exceeds the "),
        e.getMessage());
    assertEquals("members", e.fieldPath());
  }

  @Test
  void invalidTagsAndUtf8AreDecodeErrors() {
    IdlType vault = demo.account("Vault").orElseThrow().type();
    IdlValue v = demoVault(1);
    byte[] ok = demo.codec().encode(vault, v, "t");
    // params.cap is an option right after authority(32) + fee_bps(2) + max_duration(4).
    byte[] badOption = ok.clone();
    badOption[38] = 5;
    DecodeException e = assertThrows(DecodeException.class, () -> demo.codec().decodeAll(vault, badOption, "account Vault"));
    assertEquals("params.cap", e.fieldPath());
    assertTrue(e.getMessage().contains("option tag at offset 38 is 5, expected 0 or 1"), e.getMessage());

    IdlType str = IdlType.primitive(PrimitiveKind.STRING);
    byte[] badUtf8 = {2, 0, 0, 0, (byte) 0xC3, (byte) 0x28};
    assertThrows(DecodeException.class, () -> demo.codec().decodeAll(str, badUtf8, "s"));
    IdlType bool = IdlType.primitive(PrimitiveKind.BOOL);
    DecodeException b = assertThrows(DecodeException.class, () -> demo.codec().decodeAll(bool, new byte[] {2}, "flag"));
    assertTrue(b.getMessage().contains("bool at offset 0 is 2"), b.getMessage());
    IdlType state = new IdlType.Defined("VaultState");
    DecodeException en = assertThrows(DecodeException.class, () -> demo.codec().decodeAll(state, new byte[] {3}, "st"));
    assertTrue(en.getMessage().contains("enum VaultState has 3 variants but the tag at offset 0 is 3"), en.getMessage());
  }

  @Test
  void deepRecursionStopsWithADecodeError() {
    // Expr::Node(vec![Expr::Node(vec![...])]) nested 200 deep: 5 bytes a level.
    byte[] data = new byte[200 * 5 + 2];
    for (int i = 0; i < 200; i++) {
      data[i * 5] = 1; // Node
      data[i * 5 + 1] = 1; // vec length 1
    }
    DecodeException e = assertThrows(DecodeException.class,
        () -> demo.codec().decodeAll(new IdlType.Defined("Expr"), data, "expr"));
    assertTrue(e.getMessage().contains("nesting deeper than " + BorshCodec.MAX_DEPTH), e.getMessage());
  }

  /** Arbitrary and mutated bytes either decode or throw DecodeException: nothing else. */
  @Test
  void arbitraryBytesOnlyEverThrowDecodeException() {
    SplittableRandom random = new SplittableRandom(42);
    List<Idl> idls = List.of(demo, BundledIdls.squads(), BundledIdls.load("drift.json"), BundledIdls.load("sb_on_demand.json"));
    int decoded = 0;
    int rejected = 0;
    for (Idl idl : idls) {
      IdlValueGenerator gen = new IdlValueGenerator(idl, 99);
      for (IdlAccount a : idl.accounts()) {
        byte[] valid = idl.encodeAccount(a.name(), gen.generate(a.type()));
        for (int round = 0; round < 40; round++) {
          byte[] data = mutate(valid, random);
          try {
            idl.decodeAccount(data);
            decoded++;
          } catch (DecodeException e) {
            rejected++;
          }
        }
      }
      for (IdlInstruction ix : idl.instructions()) {
        byte[] junk = new byte[random.nextInt(64)];
        random.nextBytes(junk);
        System.arraycopy(ix.discriminator().bytes(), 0, junk, 0, Math.min(junk.length, ix.discriminator().length()));
        try {
          idl.decodeInstruction(junk);
          decoded++;
        } catch (DecodeException e) {
          rejected++;
        }
      }
    }
    assertTrue(decoded > 0 && rejected > 0, "decoded=" + decoded + " rejected=" + rejected);
  }

  private static byte[] mutate(byte[] valid, SplittableRandom random) {
    byte[] data;
    switch (random.nextInt(4)) {
      case 0 -> data = Arrays.copyOf(valid, random.nextInt(valid.length + 1));
      case 1 -> {
        data = valid.clone();
        for (int i = 0; i < 4; i++) {
          int at = 8 + random.nextInt(Math.max(1, data.length - 8));
          if (at < data.length) {
            data[at] = (byte) random.nextInt(256);
          }
        }
      }
      case 2 -> {
        data = new byte[valid.length];
        random.nextBytes(data);
        System.arraycopy(valid, 0, data, 0, Math.min(8, valid.length));
      }
      default -> {
        data = Arrays.copyOf(valid, valid.length + random.nextInt(16));
        for (int i = valid.length; i < data.length; i++) {
          data[i] = (byte) 0xFF;
        }
        if (data.length > 12) {
          data[10] = (byte) 0xFF;
          data[11] = (byte) 0xFF;
        }
      }
    }
    return data;
  }

  // ---- values --------------------------------------------------------------------------------

  @Test
  void fieldPathsReachNestedValues() {
    IdlValue v = demoVault(21);
    assertEquals(v.at("circuit_breaker").flatMap(c -> c.at("max_daily_volume")),
        v.at("circuit_breaker.max_daily_volume"));
    assertTrue(v.at("circuit_breaker.max_daily_volume").orElseThrow().bigInteger().isPresent());
    assertTrue(v.at("circuitBreaker.maxDailyVolume").isPresent(), "camelCase finds snake_case");
    assertTrue(v.at("history.items[2]").isPresent());
    assertTrue(v.at("history.items[3]").isEmpty());
    assertTrue(v.at("params.tiers[1]").isPresent());
    assertTrue(v.at("point.1").isPresent());
    assertTrue(v.at("no_such_field").isEmpty());
    assertTrue(v.at("admins[").isEmpty(), "malformed path");
    int admins = v.at("admins").orElseThrow().sequence().orElseThrow().size();
    assertEquals(admins > 0, v.at("admins[0]").isPresent());
  }

  @Test
  void enumPayloadFieldsAreReachedThroughTheVariant() {
    IdlValue paused = IdlValue.fromJson(json("{\"Paused\": {\"since\": -5, \"reason\": \"maintenance\"}}"),
        new IdlType.Defined("VaultState"), demo);
    assertEquals("maintenance", paused.at("reason").flatMap(IdlValue::stringValue).orElseThrow());
    assertEquals("maintenance", paused.at("Paused.reason").flatMap(IdlValue::stringValue).orElseThrow());
    assertEquals(-5L, paused.at("since").flatMap(IdlValue::longValue).orElseThrow());
  }

  @Test
  void toJsonKeepsWideIntegersExact() {
    IdlValue.StructValue s = IdlValue.StructValue.builder()
        .put("a", new IntValue(PrimitiveKind.U64, new BigInteger("18446744073709551615")))
        .put("b", new IntValue(PrimitiveKind.I128, new BigInteger("-170141183460469231731687303715884105728")))
        .put("c", new IdlValue.BytesValue(new byte[] {1, 2, 3}))
        .put("d", new IdlValue.EnumValue("Active", 0, java.util.Optional.empty()))
        .put("e", IdlValue.OptionValue.none())
        .build();
    assertEquals("{\"a\":18446744073709551615,\"b\":-170141183460469231731687303715884105728,\"c\":\"AQID\","
        + "\"d\":{\"Active\":{}},\"e\":null}", s.toJson().toString());
  }

  @Test
  void fromJsonAcceptsScenarioConveniences() {
    JsonNode args = json("""
        {"params": {"feeBps": "250", "max_duration_secs": 86400, "cap": "0xff", "tiers": [1, "2"]},
         "admins": ["11111111111111111111111111111111"],
         "limits": [18446744073709551615, null]}
        """);
    IdlInstruction ix = demo.instruction("initializeVault").orElseThrow();
    IdlValue.StructValue parsed = IdlValue.StructValue.builder()
        .put("params", IdlValue.fromJson(args.get("params"), ix.args().get(0).type(), demo))
        .put("admins", IdlValue.fromJson(args.get("admins"), ix.args().get(1).type(), demo))
        .put("limits", IdlValue.fromJson(args.get("limits"), ix.args().get(2).type(), demo))
        .build();
    assertEquals(250L, parsed.at("params.fee_bps").flatMap(IdlValue::longValue).orElseThrow());
    assertEquals(255L, parsed.at("params.cap").flatMap(IdlValue::longValue).orElseThrow());
    byte[] data = demo.encodeInstruction(ix, parsed);
    Idl.DecodedInstruction d = demo.decodeInstruction(data).orElseThrow();
    assertEquals("initialize_vault", d.name());
    assertEquals(parsed, d.args());
  }

  @Test
  void fromJsonErrorsNameTheFieldPath() {
    IdlType params = new IdlType.Defined("VaultParams");
    EncodeException e = assertThrows(EncodeException.class, () -> IdlValue.fromJson(
        json("{\"fee_bps\": 70000, \"max_duration_secs\": 1, \"cap\": null, \"tiers\": [1, 2]}"), params, demo));
    assertEquals("JSON value field fee_bps: 70000 does not fit u16 (0 to 65535). Write the value as the IDL type requires",
        e.getMessage());
    EncodeException missing = assertThrows(EncodeException.class, () -> IdlValue.fromJson(
        json("{\"fee_bps\": 1, \"cap\": null, \"tiers\": [1, 2]}"), params, demo));
    assertTrue(missing.getMessage().contains("missing field 'max_duration_secs'"), missing.getMessage());
    EncodeException variant = assertThrows(EncodeException.class, () -> IdlValue.fromJson(
        json("\"Frozen\""), new IdlType.Defined("VaultState"), demo));
    assertTrue(variant.getMessage().contains("has no variant 'Frozen' (variants: [Active, Paused, Migrating])"),
        variant.getMessage());
  }

  @Test
  void encodeInstructionByArgumentMap() {
    byte[] data = demo.encodeInstruction("set_paused", Map.of("paused", new IdlValue.BoolValue(true)));
    assertArrayEquals(new byte[] {7, 1}, data);
    EncodeException e = assertThrows(EncodeException.class, () -> demo.encodeInstruction("set_paused", Map.of()));
    assertEquals("instruction set_paused field paused: argument is missing. Give every argument: [paused]",
        e.getMessage());
    EncodeException range = assertThrows(EncodeException.class, () -> demo.encodeInstruction("setPaused",
        Map.of("paused", IntValue.of(PrimitiveKind.U8, 1))));
    assertTrue(range.getMessage().contains("type bool needs a bool, got u8 1"), range.getMessage());
  }

  @Test
  void coptionNoneKeepsItsFixedSpace() {
    IdlType t = new IdlType.COption(IdlType.primitive(PrimitiveKind.PUBKEY));
    byte[] none = demo.codec().encode(t, IdlValue.OptionValue.none(), "c");
    assertEquals(36, none.length);
    assertTrue(Arrays.equals(new byte[36], none));
    PublicKey key = PublicKey.fromBase58Encoded("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    byte[] some = demo.codec().encode(t, IdlValue.OptionValue.some(new IdlValue.PubkeyValue(key)), "c");
    assertEquals(1, some[0]);
    assertEquals(IdlValue.OptionValue.some(new IdlValue.PubkeyValue(key)), demo.codec().decodeAll(t, some, "c"));
  }

  @Test
  void eventsDecodeFromLogBytesAndFromEmitCpiData() {
    IdlValue v = new IdlValueGenerator(demo, 4).generate(demo.event("VaultUpdated").orElseThrow().type());
    byte[] log = demo.encodeEvent("VaultUpdated", v);
    assertEquals(v, demo.decodeEvent(log).orElseThrow().value());
    byte[] cpi = new byte[8 + log.length];
    System.arraycopy(Idl.EVENT_CPI_PREFIX.bytes(), 0, cpi, 0, 8);
    System.arraycopy(log, 0, cpi, 8, log.length);
    assertEquals("VaultUpdated", demo.decodeEvent(cpi).orElseThrow().name());
    assertEquals("e445a52e51cb9a1d", Idl.EVENT_CPI_PREFIX.toString());
  }

  @Test
  void unknownDiscriminatorIsEmptyNotAnError() {
    assertTrue(demo.decodeAccount(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 0}).isEmpty());
    assertTrue(demo.decodeAccount(new byte[0]).isEmpty());
    assertTrue(demo.decodeInstruction(new byte[] {8}).isEmpty());
  }

  @Test
  void floatsKeepTheirBits() {
    IdlType f32 = IdlType.primitive(PrimitiveKind.F32);
    byte[] negZero = {0, 0, 0, (byte) 0x80};
    IdlValue v = demo.codec().decodeAll(f32, negZero, "f");
    assertInstanceOf(IdlValue.FloatValue.class, v);
    assertArrayEquals(negZero, demo.codec().encode(f32, v, "f"));
    byte[] nan = {0, 0, (byte) 0xC0, 0x7F};
    assertThrows(DecodeException.class, () -> demo.codec().decodeAll(f32, nan, "f"));
  }

  private static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
