package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.SendGuard;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlError;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.Signer;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/**
 * A test's hand-written lifecycle, sent for real to a validator on this machine (the campaign's
 * stateful sequences generate such lifecycles from the scenario; this one is written step by step
 * for the escrow's lifecycle test): each step is a call with the outcome
 * it must have (success, or a named program error), optionally after moving the clock; after every
 * step the invariants are checked on the tracked accounts: per mint, token balances minus supply
 * never change (tokens move, they are not made or lost), and every tracked program-owned account
 * still decodes with the IDL.
 */
@CheckDefinition(id = StatefulSequence.ID, title = "The lifecycle runs as designed and keeps its invariants",
    severity = Severity.HIGH, checklist = {"p2.1.integration-tests", "p2.1.edge-cases", "p1.2.fuzzing"},
    rationale = "Single calls miss what only a sequence shows: a pause that does not hold, a resume "
        + "that skips the timelock, value created or lost across steps, state left undecodable.",
    remediation = "Replay the failing step from the evidence on a local validator and fix the "
        + "precondition or the invariant it breaks.")
public final class StatefulSequence {
  public static final String ID = "fuzz.stateful-lifecycle";

  /**
   * One step. {@code expectError} empty means the call must land; {@code timeTravelTo} moves the
   * clock (Unix seconds) before sending.
   */
  public record Step(String label, CallTemplate call, Optional<String> expectError, OptionalLong timeTravelTo) {
    public static Step ok(String label, CallTemplate call) {
      return new Step(label, call, Optional.empty(), OptionalLong.empty());
    }

    public static Step fails(String label, CallTemplate call, String error) {
      return new Step(label, call, Optional.of(error), OptionalLong.empty());
    }

    public Step at(long unixSeconds) {
      return new Step(label, call, expectError, OptionalLong.of(unixSeconds));
    }
  }

  /** What a step did. */
  public record StepResult(String label, boolean asExpected, String outcome, List<String> violations) {
    public StepResult {
      violations = List.copyOf(violations);
    }
  }

  private StatefulSequence() {}

  public static CheckInfo info() {
    return CheckInfo.fromAnnotations(StatefulSequence.class).getFirst();
  }

  /** Runs the steps; signers are looked up by public key for every signing account of a call. */
  public static List<StepResult> run(RpcValidator validator, Idl idl, PublicKey programId,
                                     Signer feePayer, List<Signer> signers, List<Step> steps,
                                     List<PublicKey> tracked) {
    SendGuard.requireLoopback(validator.endpoint(), "run a stateful sequence");
    Map<PublicKey, Signer> byKey = new HashMap<>();
    signers.forEach(s -> byKey.put(s.publicKey(), s));
    byKey.put(feePayer.publicKey(), feePayer);
    Map<PublicKey, BigInteger> baseline = balances(validator, tracked);
    List<StepResult> out = new ArrayList<>();
    for (Step step : steps) {
      step.timeTravelTo().ifPresent(validator::timeTravel);
      CallTemplate c = step.call();
      List<AccountMeta> metas = new ArrayList<>();
      List<Signer> signing = new ArrayList<>();
      signing.add(feePayer);
      for (CallTemplate.Account a : c.accounts()) {
        metas.add(a.signer() ? (a.writable() ? AccountMeta.createWritableSigner(a.key())
            : AccountMeta.createReadOnlySigner(a.key()))
            : (a.writable() ? AccountMeta.createWrite(a.key()) : AccountMeta.createRead(a.key())));
        if (a.signer() && !signing.contains(byKey.get(a.key()))) {
          Signer s = byKey.get(a.key());
          if (s == null) {
            throw new IllegalArgumentException("step " + step.label() + ": no key for signer "
                + a.name() + " (" + a.key().toBase58() + ")");
          }
          signing.add(s);
        }
      }
      byte[] data = idl.encodeInstruction(idl.instruction(c.instruction()).orElseThrow(), c.args());
      Transaction tx = Transaction.createTx(AccountMeta.createFeePayer(feePayer.publicKey()),
          List.of(Instruction.createInstruction(programId, metas, data)));
      tx.setRecentBlockHash(validator.latestBlockhash());
      tx.sign(inMessageOrder(tx.serialized(), signing));
      RpcValidator.SendResult r = validator.sendForResult(tx.serialized());
      String outcome = r.landed() ? "landed " + r.signature().get() : "refused " + r.error().map(JsonNode::toString).orElse("?");
      boolean expected;
      if (step.expectError().isEmpty()) {
        expected = r.landed();
      } else {
        int code = idl.errors().stream().filter(e -> e.name().equals(step.expectError().get()))
            .map(IdlError::code).findFirst().orElse(-1);
        expected = !r.landed() && r.error().map(e -> e.path("InstructionError").path(1).path("Custom").asInt(-2) == code)
            .orElse(false);
      }
      if (!expected && !r.logs().isEmpty()) {
        outcome += " | " + String.join(" | ", r.logs().subList(Math.max(0, r.logs().size() - 3), r.logs().size()));
      }
      out.add(new StepResult(step.label(), expected, outcome, invariants(validator, idl, programId, tracked, baseline)));
    }
    return out;
  }

  /**
   * The signers in the order of the message's account keys, which is the order of the signature
   * slots (legacy wire format: compact-u16 signature count, signatures, 3-byte header, compact-u16
   * key count, keys; counts below 128 take one byte).
   */
  static List<Signer> inMessageOrder(byte[] tx, List<Signer> signers) {
    int sigs = tx[0];
    int at = 1 + 64 * sigs + 3;
    int keys = tx[at++];
    List<Signer> out = new ArrayList<>();
    for (int i = 0; i < keys && out.size() < signers.size(); i++) {
      PublicKey k = PublicKey.readPubKey(tx, at + 32 * i);
      signers.stream().filter(s -> s.publicKey().equals(k)).findFirst().ifPresent(out::add);
    }
    return out;
  }

  private static List<String> invariants(RpcValidator v, Idl idl, PublicKey programId,
                                         List<PublicKey> tracked, Map<PublicKey, BigInteger> baseline) {
    List<String> problems = new ArrayList<>();
    Map<PublicKey, BigInteger> now = balances(v, tracked);
    for (var e : baseline.entrySet()) {
      BigInteger n = now.getOrDefault(e.getKey(), BigInteger.ZERO);
      if (!n.equals(e.getValue())) {
        problems.add("mint " + e.getKey().toBase58() + ": balances minus supply went from "
            + e.getValue() + " to " + n);
      }
    }
    List<Optional<AccountState>> states = v.accounts(tracked);
    for (Optional<AccountState> s : states) {
      if (s.isPresent() && s.get().owner().equals(programId)) {
        try {
          if (idl.decodeAccount(s.get().data()).isEmpty()) {
            problems.add(s.get().address().toBase58() + " no longer holds an account type of the IDL");
          }
        } catch (RuntimeException e) {
          problems.add(s.get().address().toBase58() + " does not decode: " + e.getMessage());
        }
      }
    }
    return problems;
  }

  /** Per mint: the tracked token accounts' balances minus the mint's supply (when tracked). */
  private static Map<PublicKey, BigInteger> balances(RpcValidator v, List<PublicKey> tracked) {
    Map<PublicKey, BigInteger> out = new HashMap<>();
    for (Optional<AccountState> s : v.accounts(tracked)) {
      if (s.isEmpty()) {
        continue;
      }
      AccountState a = s.get();
      if (a.isTokenAccount(Substitutes.TOKEN)) {
        out.merge(a.tokenMint(), new BigInteger(Long.toUnsignedString(a.tokenAmount())), BigInteger::add);
      } else if (a.owner().equals(Substitutes.TOKEN) && a.data().length == 82) {
        long supply = 0;
        for (int i = 7; i >= 0; i--) {
          supply = (supply << 8) | (a.data()[36 + i] & 0xFF);
        }
        out.merge(a.address(), new BigInteger(Long.toUnsignedString(supply)).negate(), BigInteger::add);
      }
    }
    return out;
  }

  /** PASS when every step behaved as expected and kept the invariants; FAIL with the steps. */
  public static CheckResult result(List<StepResult> steps, String programId) {
    CheckInfo info = info();
    List<Evidence> ev = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      StepResult s = steps.get(i);
      ev.add(Evidence.note("step[" + i + "] " + s.label(), (s.asExpected() ? "as expected: " : "UNEXPECTED: ") + s.outcome()));
      if (!s.asExpected()) {
        problems.add(s.label() + ": " + s.outcome());
      }
      for (String v : s.violations()) {
        problems.add("after " + s.label() + ": " + v);
        ev.add(Evidence.note("step[" + i + "] invariant", v));
      }
    }
    if (problems.isEmpty()) {
      return info.pass(steps.size() + " steps as designed, invariants kept after each").evidence(ev)
          .subject(programId, ID).build();
    }
    return info.fail(String.join("; ", problems)).evidence(ev).subject(programId, ID).build();
  }
}
