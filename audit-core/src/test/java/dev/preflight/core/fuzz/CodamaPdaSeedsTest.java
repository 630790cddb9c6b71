package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.idl.CodamaIdls;
import dev.preflight.core.idl.Idl;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.PublicKey;

/**
 * The fuzzer derives PDAs from a Codama IDL's pdaNodes: the Associated Token program's
 * {@code associatedToken} PDA (seeds owner, token program, mint), as SPL Token's Codama IDL declares it,
 * resolves from a call's accounts to the canonical associated token address, and the fuzzer offers
 * its non-canonical neighbour.
 */
class CodamaPdaSeedsTest {

  @Test
  void associatedTokenSeedsFromThePdaNodeDeriveTheCanonicalAddress() {
    Idl ata = CodamaIdls.load(CodamaIdls.TOKEN).additionalPrograms().getFirst();
    PublicKey program = ata.address().orElseThrow();
    assertEquals("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL", program.toBase58());
    PublicKey owner = EscrowWorld.key("ata-owner");
    PublicKey mint = EscrowWorld.key("ata-mint");
    PublicKey payer = EscrowWorld.key("ata-payer");
    // The associated token address, derived the documented way: [owner, token program, mint] under
    // the ATA program.
    PublicKey expected = PublicKey.findProgramAddress(List.of(owner.toByteArray(), EscrowWorld.TOKEN.toByteArray(),
        mint.toByteArray()), program).publicKey();

    ObjectNode scenario = new ObjectMapper().createObjectNode();
    ArrayNode calls = scenario.putArray("calls");
    ObjectNode call = calls.addObject().put("instruction", "createAssociatedToken");
    call.putObject("accounts").put("payer", payer.toBase58()).put("ata", expected.toBase58())
        .put("owner", owner.toBase58()).put("mint", mint.toBase58())
        .put("systemProgram", EscrowWorld.SYSTEM.toBase58()).put("tokenProgram", EscrowWorld.TOKEN.toBase58());
    call.putObject("args");
    CallTemplate tpl = Templates.read(scenario, ata).getFirst();

    List<PdaBumps.NonCanonical> offered = PdaBumps.forTemplate(ata, tpl, program);
    assertEquals(1, offered.size(), offered.toString());
    PdaBumps.NonCanonical n = offered.getFirst();
    assertEquals("ata", n.account());
    assertEquals(expected, n.canonical(), "the seeds resolve to the canonical associated token address");
    assertTrue(n.bump() < n.canonicalBump());
    assertEquals(n.address(), PublicKey.createProgramAddress(List.of(owner.toByteArray(),
        EscrowWorld.TOKEN.toByteArray(), mint.toByteArray(), new byte[] {(byte) n.bump()}), program));
  }
}
