package dev.preflight.core.fuzz;

import dev.preflight.core.exec.Step;
import java.util.Optional;

/**
 * One executed step of a campaign as another binary can replay it: the validator step (a
 * transaction with the accounts it writes, or a clock move), the instruction it calls (empty for
 * clock moves and transfers) and what it is, in words.
 *
 * @param step a {@link Step.Transaction} or a {@link Step.SetClock}
 * @param args the call's arguments as JSON text ({@code {}} for steps that are no call)
 * @param accountNames the template's name of each watched account of a call, in watch order
 *     (empty names for accounts the call does not name)
 */
public record RecordedStep(Step step, Optional<String> instruction, String args, String description,
                           java.util.List<String> accountNames) {
  public RecordedStep {
    accountNames = java.util.List.copyOf(accountNames);
  }
}
