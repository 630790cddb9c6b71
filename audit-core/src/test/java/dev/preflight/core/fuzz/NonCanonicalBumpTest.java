package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.exec.SimulationRequest;
import dev.preflight.core.idl.IdlType.PrimitiveKind;
import dev.preflight.core.idl.IdlValue;
import dev.preflight.validator.EmbeddedValidator;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.sava.core.accounts.ProgramDerivedAddress;
import software.sava.core.accounts.PublicKey;

/** Addresses from the IDL's seeds with a bump below the canonical one, and the clean escrow refusing them. */
class NonCanonicalBumpTest {

  static final String KIND = "non-canonical bump ";

  static CallTemplate template(List<CallTemplate> templates, String ix) {
    return templates.stream().filter(t -> t.instruction().equals(ix)).findFirst().orElseThrow();
  }

  static PublicKey key(CallTemplate t, String name) {
    return t.accounts().get(t.indexOf(name)).key();
  }

  /** The expected derivation, straight from sava: canonical bump, then the first lower off-curve one. */
  static PdaBumps.NonCanonical expected(String account, List<byte[]> seeds) {
    ProgramDerivedAddress canonical = PublicKey.findProgramAddress(seeds, EscrowWorld.PROGRAM);
    for (int b = canonical.nonce() - 1; b >= 0; b--) {
      List<byte[]> s = new ArrayList<>(seeds);
      s.add(new byte[] {(byte) b});
      PublicKey a = PublicKey.createProgramAddress(s, EscrowWorld.PROGRAM);
      if (a != null) {
        return new PdaBumps.NonCanonical(account, canonical.publicKey(), canonical.nonce(), a, b);
      }
    }
    throw new AssertionError("no lower bump for " + account);
  }

  static byte[] le(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }

  @Test
  void seedsResolveFromTheTemplateAndGiveTheNextLowerValidBump() {
    EscrowWorld world = new EscrowWorld(1_800_000_000L);
    List<CallTemplate> templates = Templates.read(world.scenario(), world.idl);
    CallTemplate init = template(templates, "initialize_sale");
    PublicKey seller = key(init, "seller");
    byte[] config = "config".getBytes(StandardCharsets.US_ASCII);
    // sale_id is a u64 argument: its seed is its 8 little-endian Borsh bytes
    PublicKey sale = PublicKey.findProgramAddress(List.of("sale".getBytes(StandardCharsets.US_ASCII),
        seller.toByteArray(), le(3)), EscrowWorld.PROGRAM).publicKey();
    assertEquals(sale, key(init, "sale"), "the scenario's sale is the PDA of sale_id 3");

    List<PdaBumps.NonCanonical> got = PdaBumps.forTemplate(world.idl, init, EscrowWorld.PROGRAM);
    assertEquals(List.of(
        expected("config", List.of(config)),
        expected("sale", List.of("sale".getBytes(StandardCharsets.US_ASCII), seller.toByteArray(), le(3))),
        expected("vault", List.of("vault".getBytes(StandardCharsets.US_ASCII), sale.toByteArray())),
        expected("proceeds_vault", List.of("proceeds".getBytes(StandardCharsets.US_ASCII), sale.toByteArray()))),
        got);
    for (PdaBumps.NonCanonical nc : got) {
      assertTrue(nc.bump() < nc.canonicalBump(), nc.toString());
      assertFalse(nc.address().equals(nc.canonical()));
      assertEquals(KIND + nc.bump(), nc.kind());
    }
    // the bumps between are on the curve: createProgramAddress refuses them
    PdaBumps.NonCanonical c = got.getFirst();
    for (int b = c.bump() + 1; b < c.canonicalBump(); b++) {
      assertNull(PublicKey.createProgramAddress(List.of(config, new byte[] {(byte) b}), EscrowWorld.PROGRAM));
    }
    assertNotNull(PublicKey.createProgramAddress(List.of(config, new byte[] {(byte) c.bump()}), EscrowWorld.PROGRAM));

    CallTemplate buy = template(templates, "buy_tokens");
    assertEquals(List.of("config", "purchase", "vault", "proceeds_vault"),
        PdaBumps.forTemplate(world.idl, buy, EscrowWorld.PROGRAM).stream().map(PdaBumps.NonCanonical::account).toList());
  }

  @Test
  void seedsThatDoNotDeriveTheTemplatesAccountAreLeftOut() {
    EscrowWorld world = new EscrowWorld(1_800_000_000L);
    CallTemplate init = template(Templates.read(world.scenario(), world.idl), "initialize_sale");
    IdlValue.StructValue.Builder args = IdlValue.StructValue.builder();
    for (var f : init.args().fields()) {
      args.put(f.name(), f.name().equals("sale_id")
          ? new IdlValue.IntValue(PrimitiveKind.U64, BigInteger.valueOf(4)) : f.value());
    }
    CallTemplate other = new CallTemplate(init.instruction(), init.accounts(), args.build());
    // sale_id 4 no longer derives the template's sale; vault and proceeds still derive from that sale
    assertEquals(List.of("config", "vault", "proceeds_vault"),
        PdaBumps.forTemplate(world.idl, other, EscrowWorld.PROGRAM).stream().map(PdaBumps.NonCanonical::account).toList());
  }

  @Test
  void theCleanEscrowRefusesEveryNonCanonicalBump() throws Exception {
    try (EmbeddedValidator v = EmbeddedValidator.builder()
        .upgradeableProgram(EscrowWorld.PROGRAM.toBase58(), EscrowWorld.binary("escrow"),
            Optional.of(EscrowWorld.key("upgrade-authority").toBase58()))
        .start();
         RpcValidator rpc = new RpcValidator(v.rpcUri())) {
      EscrowWorld world = new EscrowWorld(System.currentTimeMillis() / 1000);
      world.build(rpc);
      List<CallTemplate> templates = Templates.read(world.scenario(), world.idl);
      Substitutes subs = Substitutes.prepare(rpc, templates, EscrowWorld.PROGRAM, 7, Optional.of(world.idl));

      // every seeded account gets its stand-in; an existing one is copied there, owner and data alike
      Set<String> offered = new TreeSet<>();
      List<FuzzCase> cases = new ArrayList<>();
      for (int t = 0; t < templates.size(); t++) {
        CallTemplate tpl = templates.get(t);
        for (int i = 0; i < tpl.accounts().size(); i++) {
          CallTemplate.Account a = tpl.accounts().get(i);
          for (Substitutes.Prepared p : subs.forAccount(a.key())) {
            if (!p.kind().startsWith(KIND)) {
              continue;
            }
            offered.add(a.name());
            cases.add(new FuzzCase(t, List.of(new Mutation.Substitute(i, a.name(), p.kind(), p.address()))));
            List<Optional<AccountState>> st = rpc.accounts(List.of(a.key(), p.address()));
            assertEquals(st.get(0).isPresent(), st.get(1).isPresent(), a.name());
            if (st.get(0).isPresent()) {
              assertEquals(st.get(0).get().owner(), st.get(1).get().owner(), a.name());
              assertArrayEquals(st.get(0).get().data(), st.get(1).get().data(), a.name());
            }
          }
        }
      }
      assertEquals(Set.of("config", "proceeds_vault", "purchase", "sale", "vault"), offered);

      // the generator draws them like any other account mutation
      CaseGenerator gen = new CaseGenerator(world.idl, templates, subs, List.of(), List.of(), 7);
      Set<String> drawn = new TreeSet<>();
      for (int n = 0; n < 3_000; n++) {
        for (Mutation m : gen.generate(n).mutations()) {
          if (m instanceof Mutation.Substitute s && s.kind().startsWith(KIND)) {
            drawn.add(s.account());
            assertTrue(s.describe().startsWith(s.kind() + " for " + s.account()), s.describe());
          }
        }
      }
      assertEquals(offered, drawn);

      // each one, alone on a template that succeeds as given, fails: the program re-derives the
      // canonical address, so the oracles have no success to judge
      CaseRunner runner = new CaseRunner(world.idl, EscrowWorld.PROGRAM, Substitutes.derive(7, "fee-payer"),
          templates, Set.of());
      rpc.setAccount(runner.feePayer(), 1_000_000_000_000L, new byte[0], Substitutes.SYSTEM, false);
      List<FuzzCase> baseline = new ArrayList<>();
      for (int t = 0; t < templates.size(); t++) {
        baseline.add(new FuzzCase(t, List.of()));
      }
      List<Simulation> base = rpc.simulate(baseline.stream().map(runner::request).toList());
      List<Simulation> sims = rpc.simulate(cases.stream().map(runner::request).toList());
      int judged = 0;
      for (int i = 0; i < cases.size(); i++) {
        FuzzCase c = cases.get(i);
        if (base.get(c.template()).success()) {
          judged++;
          String where = c.describe() + " on " + templates.get(c.template()).instruction();
          assertFalse(sims.get(i).success(), where);
          // 6039 is the escrow's InvalidPda ("does not match its PDA seeds and canonical bump")
          assertTrue(sims.get(i).errorText().contains("\"Custom\":6039"), where + ": " + sims.get(i).errorText());
        }
      }
      assertTrue(judged >= 5, "cases on succeeding templates: " + judged);
    }
  }
}
