package dev.preflight.core.exec;

import java.util.List;
import software.sava.core.accounts.PublicKey;

/** PROVISIONAL (replaced by the validator branch): one step of preflight_executeSteps. */
public sealed interface Step {
  record Transaction(byte[] tx, List<PublicKey> watch) implements Step {}

  record SetClock(long unixTimestamp) implements Step {}
}
