package dev.preflight.core.idl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * For every account, instruction and event of every bundled IDL: generated value -> encode -> decode
 * gives the same value, and encoding it again gives the same bytes.
 */
class RoundTripTest {

  private static final long[] SEEDS = {1L, 2L, 0x5eedL};

  @Test
  void accountsInstructionsAndEventsRoundTripByteForByte() {
    int accounts = 0;
    int instructions = 0;
    int events = 0;
    Set<IdlType.PrimitiveKind> kinds = EnumSet.noneOf(IdlType.PrimitiveKind.class);
    for (Idl idl : BundledIdls.all()) {
      for (long seed : SEEDS) {
        IdlValueGenerator gen = new IdlValueGenerator(idl, seed);
        for (IdlAccount a : idl.accounts()) {
          IdlValue v = gen.generate(a.type());
          byte[] bytes = idl.encodeAccount(a.name(), v);
          Idl.DecodedAccount d = idl.decodeAccount(bytes).orElseThrow(
              () -> new AssertionError(idl.name() + " " + a.name() + ": discriminator not recognised"));
          assertEquals(a.name(), d.name(), idl.name());
          assertEquals(v, d.value(), idl.name() + " account " + a.name() + " seed " + seed);
          assertEquals(0, d.trailingBytes());
          assertArrayEquals(bytes, idl.encodeAccount(a.name(), d.value()), idl.name() + " " + a.name());
          collectKinds(v, kinds);
          accounts++;
        }
        for (IdlInstruction ix : idl.instructions()) {
          IdlValue.StructValue args = gen.generateArgs(ix);
          byte[] bytes = idl.encodeInstruction(ix, args);
          Idl.DecodedInstruction d = idl.decodeInstruction(bytes).orElseThrow(
              () -> new AssertionError(idl.name() + " " + ix.name() + ": discriminator not recognised"));
          assertEquals(ix.name(), d.name(), idl.name());
          assertEquals(args, d.args(), idl.name() + " instruction " + ix.name() + " seed " + seed);
          assertArrayEquals(bytes, idl.encodeInstruction(ix, d.args()), idl.name() + " " + ix.name());
          collectKinds(args, kinds);
          instructions++;
        }
        for (IdlEvent e : idl.events()) {
          IdlValue v = gen.generate(e.type());
          byte[] bytes = idl.encodeEvent(e.name(), v);
          Idl.DecodedEvent d = idl.decodeEvent(bytes).orElseThrow();
          assertEquals(e.name(), d.name());
          assertEquals(v, d.value(), idl.name() + " event " + e.name());
          events++;
        }
      }
    }
    // Every primitive kind the model has must have been exercised by some bundled IDL.
    assertEquals(EnumSet.allOf(IdlType.PrimitiveKind.class), kinds, "kinds covered");
    assertTrue(accounts > 150 && instructions > 1000 && events > 100,
        "accounts=" + accounts + " instructions=" + instructions + " events=" + events);
  }

  @Test
  void jsonRoundTripOfGeneratedValues() {
    for (Idl idl : BundledIdls.all()) {
      IdlValueGenerator gen = new IdlValueGenerator(idl, 7);
      for (IdlAccount a : idl.accounts()) {
        IdlValue v = gen.generate(a.type());
        IdlValue back = IdlValue.fromJson(v.toJson(), a.type(), idl);
        // Floats go through JSON as decimal text; compare the encoded bytes, which is what matters.
        assertArrayEquals(idl.encodeAccount(a.name(), v), idl.encodeAccount(a.name(), back),
            idl.name() + " " + a.name());
      }
    }
  }

  private static void collectKinds(IdlValue v, Set<IdlType.PrimitiveKind> kinds) {
    switch (v) {
      case IdlValue.BoolValue b -> kinds.add(IdlType.PrimitiveKind.BOOL);
      case IdlValue.IntValue i -> kinds.add(i.kind());
      case IdlValue.FloatValue f -> kinds.add(f.kind());
      case IdlValue.StringValue s -> kinds.add(IdlType.PrimitiveKind.STRING);
      case IdlValue.BytesValue b -> kinds.add(IdlType.PrimitiveKind.BYTES);
      case IdlValue.PubkeyValue p -> kinds.add(IdlType.PrimitiveKind.PUBKEY);
      case IdlValue.OptionValue o -> o.value().ifPresent(x -> collectKinds(x, kinds));
      case IdlValue.SeqValue s -> s.elements().forEach(x -> collectKinds(x, kinds));
      case IdlValue.TupleValue t -> t.elements().forEach(x -> collectKinds(x, kinds));
      case IdlValue.StructValue s -> s.fields().forEach(f -> collectKinds(f.value(), kinds));
      case IdlValue.EnumValue e -> e.payload().ifPresent(x -> collectKinds(x, kinds));
    }
  }
}
