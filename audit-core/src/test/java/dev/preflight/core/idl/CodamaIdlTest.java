package dev.preflight.core.idl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The three real Codama IDLs load, and every account and instruction type round-trips byte for byte. */
class CodamaIdlTest {

  private static final long[] SEEDS = {1L, 2L, 3L, 0x5eedL, 99L};

  @Test
  void everyAccountAndInstructionOfTheRealCodamaIdlsRoundTrips() {
    for (String file : List.of(CodamaIdls.TOKEN, CodamaIdls.TOKEN_2022, CodamaIdls.SYSTEM)) {
      Idl main = CodamaIdls.load(file);
      assertEquals(Idl.Format.CODAMA, main.format());
      List<Idl> programs = new java.util.ArrayList<>(List.of(main));
      programs.addAll(main.additionalPrograms());
      for (Idl idl : programs) {
        for (long seed : SEEDS) {
          IdlValueGenerator gen = new IdlValueGenerator(idl, seed);
          for (IdlAccount a : idl.accounts()) {
            IdlValue v = gen.generate(a.type());
            byte[] bytes = idl.encodeAccount(a.name(), v);
            Idl.DecodedAccount d = idl.decodeAccount(a.name(), bytes);
            assertEquals(v, d.value(), file + " account " + a.name() + " seed " + seed);
            assertEquals(0, d.trailingBytes(), file + " " + a.name());
            assertArrayEquals(bytes, idl.encodeAccount(a.name(), d.value()), file + " " + a.name());
            if (!a.discriminator().isEmpty() && a.discriminator().matches(bytes)) {
              assertEquals(a.name(), idl.decodeAccount(bytes).orElseThrow(
                  () -> new AssertionError(file + " " + a.name() + " not recognised")).name());
            }
          }
          for (IdlInstruction ix : idl.instructions()) {
            IdlValue.StructValue args = gen.generateArgs(ix);
            byte[] bytes = idl.encodeInstruction(ix, args);
            Idl.DecodedInstruction d = idl.decodeInstruction(bytes).orElseThrow(
                () -> new AssertionError(file + " " + ix.name() + ": discriminator not recognised"));
            assertEquals(ix.name(), d.name(), file);
            assertEquals(args, d.args(), file + " instruction " + ix.name() + " seed " + seed);
            assertArrayEquals(bytes, idl.encodeInstruction(ix, d.args()), file + " " + ix.name());
          }
        }
      }
    }
  }

  @Test
  void splTokenLayoutsAreTheProgramsLayouts() {
    Idl token = CodamaIdls.load(CodamaIdls.TOKEN);
    assertEquals("token", token.name());
    assertEquals("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", token.address().orElseThrow().toBase58());
    assertEquals(java.util.Optional.of(82), token.codec().fixedSize(token.account("mint").orElseThrow().type()));
    assertEquals(java.util.Optional.of(165), token.codec().fixedSize(token.account("token").orElseThrow().type()));
    assertEquals(java.util.Optional.of(355), token.codec().fixedSize(token.account("multisig").orElseThrow().type()));
    // One-byte instruction tags: transfer is 3, mintTo 7, and only the amount follows.
    IdlInstruction transfer = token.instruction("transfer").orElseThrow();
    assertEquals("03", transfer.discriminator().toString());
    assertEquals(List.of("amount"), transfer.args().stream().map(IdlField::name).toList());
    assertEquals("07", token.instruction("mint_to").orElseThrow().discriminator().toString());
    byte[] data = token.encodeInstruction("transfer", java.util.Map.of("amount",
        IdlValue.IntValue.of(IdlType.PrimitiveKind.U64, 0x0102)));
    assertArrayEquals(new byte[] {3, 2, 1, 0, 0, 0, 0, 0, 0}, data);
    // Errors by their Codama names, numbered from 0.
    assertEquals("insufficientFunds", token.error(1).orElseThrow().name());
    // The associated token program rides along, with its PDA seeds.
    Idl ata = token.additionalPrograms().getFirst();
    assertEquals("associatedToken", ata.name());
    IdlAccountItem.Single accountToCreate = (IdlAccountItem.Single) ata.instruction("createAssociatedToken")
        .orElseThrow().accounts().get(1);
    assertTrue(accountToCreate.pda());
    assertEquals(List.of(new IdlPda.Account("owner"), new IdlPda.Account("tokenProgram"), new IdlPda.Account("mint")),
        accountToCreate.seeds().orElseThrow().seeds());
    assertTrue(accountToCreate.seeds().orElseThrow().program().isEmpty(), "derived for the ATA program itself");
  }

  @Test
  void systemInstructionsHaveFourByteTags() {
    Idl system = CodamaIdls.load(CodamaIdls.SYSTEM);
    assertEquals("02000000", system.instruction("transferSol").orElseThrow().discriminator().toString());
    assertEquals("00000000", system.instruction("createAccount").orElseThrow().discriminator().toString());
  }

  /** Scenario arguments and invariant values travel as JSON: Codama types read back to the same bytes. */
  @Test
  void generatedValuesOfCodamaTypesGoThroughJson() {
    for (String file : List.of(CodamaIdls.TOKEN, CodamaIdls.TOKEN_2022, CodamaIdls.SYSTEM)) {
      Idl idl = CodamaIdls.load(file);
      IdlValueGenerator gen = new IdlValueGenerator(idl, 11);
      for (IdlAccount a : idl.accounts()) {
        IdlValue v = gen.generate(a.type());
        IdlValue back = IdlValue.fromJson(v.toJson(), a.type(), idl);
        assertArrayEquals(idl.encodeAccount(a.name(), v), idl.encodeAccount(a.name(), back), file + " " + a.name());
      }
      for (IdlInstruction ix : idl.instructions()) {
        IdlValue.StructValue args = gen.generateArgs(ix);
        java.util.Map<String, IdlValue> byName = new java.util.LinkedHashMap<>();
        for (IdlField f : ix.args()) {
          IdlValue v = args.field(f.name()).orElseThrow();
          byName.put(f.name(), IdlValue.fromJson(v.toJson(), f.type(), idl));
        }
        assertArrayEquals(idl.encodeInstruction(ix, args), idl.encodeInstruction(ix.name(), byName),
            file + " " + ix.name());
      }
    }
  }
}
