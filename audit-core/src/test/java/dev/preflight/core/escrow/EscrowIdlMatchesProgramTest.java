package dev.preflight.core.escrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.fixtures.escrow.EscrowInstructions;
import dev.preflight.fixtures.escrow.EscrowMarket;
import dev.preflight.fixtures.escrow.EscrowProgram;
import dev.preflight.validator.EmbeddedValidator;
import dev.preflight.validator.LocalChain;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.Signer;
import software.sava.core.tx.Instruction;

/**
 * The IDL describes the program: every instruction of a full lifecycle is decoded with the IDL,
 * re-encoded by it byte for byte, and the IDL-encoded bytes are what the running program executes
 * successfully. Accounts written by the program decode with the IDL to the values that were set.
 */
class EscrowIdlMatchesProgramTest {
  private final Idl idl = Idl.load(EscrowProgram.idl());
  private final Set<String> covered = new TreeSet<>();

  /** Decodes {@code ix} with the IDL, re-encodes it, and returns it with the IDL's bytes. */
  private Instruction viaIdl(Instruction ix) {
    byte[] data = Arrays.copyOfRange(ix.data(), ix.offset(), ix.offset() + ix.len());
    Idl.DecodedInstruction decoded = idl.decodeInstruction(data).orElseThrow(() ->
        new AssertionError("the IDL knows no instruction with discriminator of " + ix));
    assertEquals(0, decoded.trailingBytes(), decoded.name() + ": bytes left after the IDL's args");
    IdlInstruction def = idl.instruction(decoded.name()).orElseThrow();
    Map<String, IdlValue> args = new HashMap<>();
    for (IdlValue.Field f : decoded.args().fields()) {
      args.put(f.name(), f.value());
    }
    byte[] again = idl.encodeInstruction(decoded.name(), args);
    assertArrayEquals(data, again, decoded.name() + " does not round-trip through the IDL");
    assertEquals(def.accounts().size(), Math.min(def.accounts().size(), ix.accounts().size()));
    covered.add(decoded.name());
    return Instruction.createInstruction(ix.programId(), ix.accounts(), again);
  }

  private void ok(EscrowMarket m, Instruction ix, Signer payer, Signer... others) {
    EscrowMarket.Outcome o = m.send(List.of(viaIdl(ix)), payer, others);
    assertTrue(o.ok(), o.error() + "\n" + String.join("\n", o.logs()));
  }

  @Test
  void everyInstructionRoundTripsThroughTheRunningProgram() {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowProgram.PROGRAM_ID.toBase58(),
            EscrowProgram.binary(EscrowProgram.Variant.CLEAN), Optional.empty())
        .start()) {
      LocalChain chain = new LocalChain(v.rpcUri());
      EscrowMarket m = EscrowMarket.open(chain, EscrowProgram.PROGRAM_ID);
      EscrowInstructions ix = m.ix;
      // initialize_config ran inside open(); check its bytes through the IDL too.
      viaIdl(ix.initializeConfig(m.admins.get(0).publicKey(), m.configArgs));

      long start = m.now() + EscrowMarket.START_MARGIN;
      var args = new EscrowInstructions.SaleArgs(7, 50_000, 4, start,
          start + 2 * EscrowMarket.DAY, 10_000);
      ok(m, ix.initializeSale(m.seller.publicKey(), m.tokenMint, m.paymentMint, m.sellerTokens,
          args), m.seller);
      chain.timeTravelToUnixSeconds(start);
      EscrowMarket.Sale sale = m.sale(args);
      ok(m, ix.buyTokens(m.buyer.publicKey(), sale.address(), m.buyerPayment, m.buyerTokens,
          m.treasuryTokens, 500, 4), m.buyer);
      ok(m, ix.setEmergencyStop(m.adminKeys().subList(0, 2)), m.buyer, m.admins.get(0),
          m.admins.get(1));
      ok(m, ix.proposeUpdate(m.admins.get(0).publicKey(),
          EscrowInstructions.Update.resumeOperations()), m.admins.get(0));
      long first = m.proposalCount();
      ok(m, ix.cancelUpdate(m.admins.get(1).publicKey(), first), m.admins.get(1));
      ok(m, ix.proposeUpdate(m.admins.get(0).publicKey(),
          EscrowInstructions.Update.resumeOperations()), m.admins.get(0));
      long second = m.proposalCount();
      ok(m, ix.approveUpdate(m.admins.get(1).publicKey(), second), m.admins.get(1));
      m.travel(EscrowMarket.DAY + 60);
      ok(m, ix.executeUpdate(m.admins.get(2).publicKey(), second), m.admins.get(2));
      ok(m, ix.cancelSale(m.seller.publicKey(), sale.address()), m.seller);
      ok(m, ix.withdrawProceeds(m.seller.publicKey(), sale.address(), m.sellerPayment), m.seller);
      ok(m, ix.reclaimUnsold(m.seller.publicKey(), sale.address(), m.sellerTokens), m.seller);

      Set<String> all = idl.instructions().stream().map(IdlInstruction::name)
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(all, covered, "every IDL instruction is exercised");

      // Accounts the program wrote decode with the IDL to the values that were set.
      IdlValue config = idl.decodeAccount(m.data(m.config())).orElseThrow().value();
      assertEquals(250L, config.at("platform_fee_bps").flatMap(IdlValue::longValue).orElseThrow());
      assertEquals(2L, config.at("min_signatures").flatMap(IdlValue::longValue).orElseThrow());
      assertEquals(3L, config.at("admin_count").flatMap(IdlValue::longValue).orElseThrow());
      assertEquals(m.admins.get(2).publicKey(),
          config.at("admins[2]").flatMap(IdlValue::publicKey).orElseThrow());
      assertEquals(false, config.at("emergency_stop").flatMap(IdlValue::booleanValue)
          .orElseThrow());
      Idl.DecodedAccount saleAccount = idl.decodeAccount(m.data(sale.address())).orElseThrow();
      assertEquals("Sale", saleAccount.name());
      assertEquals(500L, saleAccount.value().at("sold_amount").flatMap(IdlValue::longValue)
          .orElseThrow());
      assertEquals(4L, saleAccount.value().at("price").flatMap(IdlValue::longValue).orElseThrow());
      assertArrayEquals(m.data(sale.address()), idl.encodeAccount("Sale", saleAccount.value()),
          "the Sale account re-encodes to the bytes the program wrote");
    }
  }
}
