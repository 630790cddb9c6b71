package dev.preflight.core.exec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a simulation reported: the error (Solana's TransactionError JSON, absent on success), the
 * program logs, compute units, and the post-state of the watched accounts (empty for an account
 * that does not exist afterwards).
 */
public record Simulation(Optional<JsonNode> error, List<String> logs, long unitsConsumed,
                         List<Optional<AccountState>> accounts) {

  public Simulation {
    logs = List.copyOf(logs);
    accounts = List.copyOf(accounts);
  }

  public boolean success() {
    return error.isEmpty();
  }

  /** How the transaction ended, classified for the oracles. */
  public FailureMode failureMode() {
    if (error.isEmpty()) {
      return FailureMode.NONE;
    }
    JsonNode err = error.get();
    JsonNode ix = err.get("InstructionError");
    if (ix == null || !ix.isArray() || ix.size() < 2) {
      return FailureMode.TRANSACTION;
    }
    JsonNode kind = ix.get(1);
    if (kind.isObject() && kind.has("Custom")) {
      return FailureMode.PROGRAM_ERROR;
    }
    String name = kind.isTextual() ? kind.asText() : kind.fieldNames().hasNext() ? kind.fieldNames().next() : "";
    boolean panic = logs.stream().anyMatch(l -> l.contains("panicked") || l.contains("Access violation")
        || l.contains("SBF program panicked") || l.contains("memory allocation failed"));
    if (name.equals("ComputationalBudgetExceeded") || logs.stream().anyMatch(l -> l.contains("exceeded CUs meter"))) {
      return FailureMode.COMPUTE_EXHAUSTED;
    }
    if (panic || name.equals("ProgramFailedToComplete") || name.equals("ProgramFailedToCompile")
        || name.equals("UnbalancedInstruction") || name.equals("CallDepth")) {
      return FailureMode.RUNTIME_FAULT;
    }
    return FailureMode.PROGRAM_ERROR;
  }

  /** The custom error code ({@code ProgramError::Custom(n)}), when the program returned one. */
  public OptionalInt customError() {
    return error.map(e -> e.get("InstructionError"))
        .filter(ix -> ix.isArray() && ix.size() >= 2 && ix.get(1).has("Custom"))
        .map(ix -> OptionalInt.of(ix.get(1).get("Custom").asInt())).orElse(OptionalInt.empty());
  }

  /** The error as compact text, or {@code "ok"}. */
  public String errorText() {
    return error.map(JsonNode::toString).orElse("ok");
  }

  /** How a transaction ended. */
  public enum FailureMode {
    /** Succeeded. */
    NONE,
    /** The program refused it with an error it returns on purpose (custom code or a ProgramError). */
    PROGRAM_ERROR,
    /** Panic, access violation, or another abort that is not an error the program chose. */
    RUNTIME_FAULT,
    /** Ran out of compute units. */
    COMPUTE_EXHAUSTED,
    /** Refused before any instruction ran (account not found, fee payer, sanitize). */
    TRANSACTION
  }
}
