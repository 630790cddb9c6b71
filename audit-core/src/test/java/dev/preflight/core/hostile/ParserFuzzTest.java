package dev.preflight.core.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.Elf64;
import dev.preflight.core.chain.LoaderV4State;
import dev.preflight.core.chain.SecurityTxt;
import dev.preflight.core.chain.SplMultisig;
import dev.preflight.core.chain.SquadsV4;
import dev.preflight.core.chain.TokenMints;
import dev.preflight.core.chain.UpgradeableLoaderState;
import dev.preflight.core.coverage.CoverageMap;
import dev.preflight.core.coverage.ProgramText;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlAccount;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.policy.PolicyLoader;
import dev.preflight.fixtures.escrow.EscrowProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz targets for every parser that reads outside input. Each asserts only that nothing but
 * Preflight's own exception family escapes, with a non-blank message. Without {@code JAZZER_FUZZ}
 * the seeds in {@code ParserFuzzTestInputs/<method>/} run as plain regression tests; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them (see docs/PERFORMANCE.md).
 */
class ParserFuzzTest {
  /** Parsed once: the fuzzed bytes go through its codec, not through the IDL loader. */
  private static final Idl ESCROW = Idl.load(EscrowProgram.idl());
  private static final SquadsV4 SQUADS = SquadsV4.load();

  private interface Body {
    void run();
  }

  /** Runs {@code body}; our exceptions are an answer, anything else is a finding. */
  private static void expectOnlyOurs(Body body) {
    try {
      body.run();
    } catch (PreflightException e) {
      assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "blank message");
    }
  }

  @FuzzTest(maxDuration = "10s")
  void idlLoader(byte[] data) {
    String json = new String(data, StandardCharsets.UTF_8);
    expectOnlyOurs(() -> {
      Idl idl = Idl.parse(json, "fuzz.json");
      // A loaded IDL must also be usable: lay out and decode zeros with each of its types.
      for (String name : idl.types().keySet()) {
        idl.codec().decodeAll(new IdlType.Defined(name, List.of()), new byte[64], name);
      }
    });
  }

  @FuzzTest(maxDuration = "10s")
  void borshDecoder(FuzzedDataProvider in) {
    List<IdlAccount> accounts = ESCROW.accounts();
    List<String> types = List.copyOf(ESCROW.types().keySet());
    int pick = in.consumeInt(0, accounts.size() + types.size());
    byte[] data = in.consumeRemainingAsBytes();
    expectOnlyOurs(() -> {
      if (pick < accounts.size()) {
        ESCROW.codec().decodeAll(accounts.get(pick).type(), data, accounts.get(pick).name());
      } else if (pick < accounts.size() + types.size()) {
        String name = types.get(pick - accounts.size());
        ESCROW.codec().decodeAll(new IdlType.Defined(name, List.of()), data, name);
      } else {
        ESCROW.decodeAccount(data);
      }
    });
  }

  @FuzzTest(maxDuration = "10s")
  void elfAndSecurityTxt(byte[] data) {
    expectOnlyOurs(() -> Elf64.parse(data, "fuzz.so"));
    expectOnlyOurs(() -> SecurityTxt.find(data));
  }

  @FuzzTest(maxDuration = "10s")
  void programText(byte[] data) {
    expectOnlyOurs(() -> {
      ProgramText p = ProgramText.of(data, "fuzz.so");
      // a decoded program must also be listable and measurable: every line, an empty report
      p.instructions().forEach(p::line);
      new CoverageMap(p, software.sava.core.accounts.PublicKey.NONE).report();
    });
  }

  @FuzzTest(maxDuration = "10s")
  void accountDecoders(FuzzedDataProvider in) {
    int which = in.consumeInt(0, 6);
    byte[] data = in.consumeRemainingAsBytes();
    String at = "FuzzAccount1111111111111111111111111111111";
    expectOnlyOurs(() -> {
      switch (which) {
        case 0 -> UpgradeableLoaderState.decode(data, at);
        case 1 -> LoaderV4State.decode(data, at);
        case 2 -> SQUADS.decodeMultisig(data);
        case 3 -> SplMultisig.decode(data, at);
        case 4 -> TokenMints.decodeMint(TokenMints.TOKEN_2022_PROGRAM, data, at);
        case 5 -> TokenMints.decodeTokenAccount(TokenMints.TOKEN_2022_PROGRAM, data, at);
        default -> TokenMints.decodeMint(TokenMints.TOKEN_PROGRAM, data, at);
      }
    });
  }

  @FuzzTest(maxDuration = "10s")
  void policyLoader(byte[] data) {
    String yaml = new String(data, StandardCharsets.UTF_8);
    expectOnlyOurs(() -> new PolicyLoader(name -> Optional.empty())
        .parse(yaml, Path.of("preflight.yaml")));
  }
}
