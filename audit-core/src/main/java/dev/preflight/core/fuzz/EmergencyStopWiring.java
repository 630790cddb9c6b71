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
import dev.preflight.core.exec.Simulation;
import dev.preflight.core.exec.SimulationRequest;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlError;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlFields;
import dev.preflight.core.idl.IdlType;
import dev.preflight.core.idl.IdlTypeDef;
import dev.preflight.core.idl.IdlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * Engages the emergency stop by writing the flag with the IDL encoder (a cheatcode, so only on a
 * validator on this machine), then simulates every template: the instructions the policy lists as
 * blocked must fail with the program's pause error, the allowed ones (withdrawals, refunds) must
 * still succeed, no other instruction may clear the flag, and the governed resume must clear it.
 * The flag account is restored afterwards.
 */
@CheckDefinition(id = EmergencyStopWiring.ID, title = "The emergency stop blocks what it must and nothing else",
    severity = Severity.CRITICAL, checklist = {"p1.3.emergency-stop", "act.high.3.emergency-stop", "p2.2.emergency-procedures"},
    rationale = "An emergency stop is only worth having if, once engaged, every user-facing "
        + "instruction that moves value is refused, users can still take their funds out, and only "
        + "the governed path lifts it.",
    remediation = "Check the stop flag at the start of every blocked instruction and return the "
        + "pause error; never check it in withdraw, reclaim or refund paths; clear it only in the "
        + "governed (timelocked, multi-signature) instruction.")
public final class EmergencyStopWiring {
  public static final String ID = "wiring.emergency-stop";

  private EmergencyStopWiring() {}

  public static CheckInfo info() {
    return CheckInfo.fromAnnotations(EmergencyStopWiring.class).getFirst();
  }

  /** The result, and a reproducible finding for each blocked instruction that succeeded. */
  record Outcome(CheckResult result, List<Finding> findings) {}

  static Outcome check(RpcValidator validator, Idl idl, CaseRunner runner,
                           List<CallTemplate> templates, FuzzSettings.EmergencyStop stop,
                           String programId, long seed) {
    CheckInfo info = info();
    if (!SendGuard.isLoopback(validator.endpoint())) {
      return new Outcome(info.inconclusive("the emergency stop is engaged by writing its flag, which needs a "
          + "validator on this machine; fuzz against the embedded validator or surfpool")
          .subject(programId, ID).build(), List.of());
    }
    Optional<PublicKey> flagKey = templates.stream().flatMap(t -> t.accounts().stream())
        .filter(a -> a.name().equals(stop.account())).map(CallTemplate.Account::key).findFirst();
    if (flagKey.isEmpty()) {
      return new Outcome(info.inconclusive("no call template has an account named '" + stop.account()
          + "' (fuzz.emergencyStop.flag)").subject(programId, ID).build(), List.of());
    }
    AccountState original = validator.account(flagKey.get()).orElseThrow(() -> new IllegalStateException(
        "the emergency stop account " + flagKey.get().toBase58() + " does not exist"));
    Idl.DecodedAccount decoded = idl.decodeAccount(original.data()).orElseThrow(() -> new IllegalStateException(
        "the emergency stop account " + flagKey.get().toBase58() + " is not an account type of the IDL"));
    int errorCode = idl.errors().stream().filter(e -> Values.loose(e.name()).equals(Values.loose(stop.error())))
        .map(IdlError::code).findFirst().orElseThrow(() -> new IllegalStateException(
            "fuzz.emergencyStop.error '" + stop.error() + "' is not an error of the IDL"));

    List<Evidence> evidence = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    int blockedSeen = 0;
    try {
      IdlValue engaged = set(idl, decoded, stop.field(), new IdlValue.BoolValue(true));
      byte[] engagedData = sized(idl.encodeAccount(decoded.name(), engaged), original.data().length);
      write(validator, original, engagedData);
      Substitutes.Prepared engagedSetup = new Substitutes.Prepared(flagKey.get(), "emergency stop engaged",
          flagKey.get(), Optional.of(new AccountState(flagKey.get(), original.lamports(), original.owner(),
          engagedData, false)));
      evidence.add(Evidence.note("stop.engaged", flagKey.get().toBase58() + "." + stop.field() + " = true"));
      for (int t = 0; t < templates.size(); t++) {
        CallTemplate tpl = templates.get(t);
        String ix = tpl.instruction();
        if (stop.resume().map(ix::equals).orElse(false)) {
          continue;
        }
        CaseRunner.Call call = runner.call(new FuzzCase(t, List.of()));
        Simulation sim = validator.simulate(new SimulationRequest(runner.transaction(call), List.of(flagKey.get())));
        String row = ix + ": " + sim.errorText();
        evidence.add(Evidence.note("stop." + ix, row));
        if (stop.blocked().contains(ix)) {
          blockedSeen++;
          if (sim.success()) {
            problems.add(ix + " succeeded while the emergency stop was engaged");
            findings.add(new Finding(ID, ix + " succeeded while the emergency stop was engaged", -1,
                new FuzzCase(t, List.of()), call, sim, runner.transaction(call), List.of(engagedSetup), false));
          } else if (sim.customError().orElse(-1) != errorCode) {
            problems.add(ix + " failed with " + sim.errorText() + " instead of " + stop.error()
                + " (" + errorCode + ") while stopped");
          }
        } else if (stop.allowed().contains(ix)) {
          if (!sim.success()) {
            problems.add(ix + " no longer works while stopped: " + sim.errorText());
          }
        } else if (sim.success() && !flagStill(idl, sim, stop.field())) {
          problems.add(ix + " cleared the emergency stop outside the governed path");
        }
      }
      if (stop.resume().isPresent()) {
        String resumeIx = stop.resume().get();
        IdlValue state = engaged;
        if (stop.resumeState().isPresent()) {
          for (var it = stop.resumeState().get().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            state = setJson(idl, decoded.name(), state, e.getKey(), e.getValue());
          }
        }
        write(validator, original, idl.encodeAccount(decoded.name(), state));
        boolean found = false;
        for (int t = 0; t < templates.size(); t++) {
          if (!templates.get(t).instruction().equals(resumeIx)) {
            continue;
          }
          found = true;
          CaseRunner.Call call = runner.call(new FuzzCase(t, List.of()));
          Simulation sim = validator.simulate(new SimulationRequest(runner.transaction(call), List.of(flagKey.get())));
          evidence.add(Evidence.note("stop.resume." + resumeIx, sim.errorText()));
          if (!sim.success()) {
            problems.add("the governed resume " + resumeIx + " failed: " + sim.errorText());
          } else if (flagStill(idl, sim, stop.field())) {
            problems.add("the governed resume " + resumeIx + " succeeded but left the stop engaged");
          }
        }
        if (!found) {
          problems.add("no call template for the resume instruction " + resumeIx);
        }
      }
    } finally {
      write(validator, original, original.data());
    }
    evidence.add(Evidence.note("stop.seed", Long.toString(seed)));
    if (blockedSeen == 0) {
      return new Outcome(info.inconclusive("no call template for any blocked instruction " + stop.blocked())
          .evidence(evidence).subject(programId, ID).build(), List.of());
    }
    if (!problems.isEmpty()) {
      List<Evidence> rows = new ArrayList<>();
      problems.forEach(p -> rows.add(Evidence.note("finding", p)));
      if (!findings.isEmpty()) {
        rows.addAll(Reproducer.evidence(findings.getFirst(), seed, programId,
            validator.endpoint().getScheme() + "://" + validator.endpoint().getHost()));
      }
      rows.addAll(evidence);
      return new Outcome(info.fail(String.join("; ", problems)).evidence(rows).subject(programId, ID).build(),
          findings);
    }
    return new Outcome(info.pass("with the stop engaged " + stop.blocked() + " fail with " + stop.error()
        + ", " + stop.allowed() + " still work" + stop.resume().map(r -> ", and only " + r + " lifts it").orElse(""))
        .evidence(evidence).subject(programId, ID).build(), List.of());
  }

  private static byte[] sized(byte[] data, int size) {
    return data.length < size ? java.util.Arrays.copyOf(data, size) : data;
  }

  private static boolean flagStill(Idl idl, Simulation sim, String field) {
    return sim.accounts().getFirst().flatMap(a -> idl.decodeAccount(a.data()))
        .flatMap(d -> d.value().at(field)).flatMap(IdlValue::booleanValue).orElse(true);
  }

  /** Writes {@code data} zero-padded to the account's size (fixed-size layouts end in padding). */
  private static void write(RpcValidator v, AccountState s, byte[] data) {
    byte[] sized = data.length < s.data().length ? java.util.Arrays.copyOf(data, s.data().length) : data;
    v.setAccount(s.address(), s.lamports(), sized, s.owner(), s.executable());
  }

  private static IdlValue set(Idl idl, Idl.DecodedAccount d, String field, IdlValue value) {
    return replace((IdlValue.StructValue) d.value(), field, value);
  }

  private static IdlValue setJson(Idl idl, String account, IdlValue root, String field, JsonNode json) {
    IdlType type = idl.account(account).orElseThrow().type();
    IdlTypeDef def = idl.type(((IdlType.Defined) type).name()).orElseThrow();
    if (!(def.body() instanceof IdlTypeDef.Struct s) || !(s.fields() instanceof IdlFields.Named n)) {
      throw new IllegalStateException(account + " is not a struct with named fields");
    }
    IdlField f = n.fields().stream().filter(x -> Values.loose(x.name()).equals(Values.loose(field)))
        .findFirst().orElseThrow(() -> new IllegalStateException("fuzz.emergencyStop.resume.state."
            + field + " is not a field of " + account));
    return replace((IdlValue.StructValue) root, f.name(), IdlValue.fromJson(json, f.type(), idl));
  }

  private static IdlValue.StructValue replace(IdlValue.StructValue s, String field, IdlValue value) {
    IdlValue.StructValue.Builder b = IdlValue.StructValue.builder();
    boolean hit = false;
    for (IdlValue.Field f : s.fields()) {
      if (!hit && Values.loose(f.name()).equals(Values.loose(field))) {
        b.put(f.name(), value);
        hit = true;
      } else {
        b.put(f.name(), f.value());
      }
    }
    if (!hit) {
      throw new IllegalStateException("field '" + field + "' not found in the account");
    }
    return b.build();
  }
}
