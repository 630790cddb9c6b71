package dev.preflight.core.exec;

import java.util.List;
import java.util.Optional;

/** PROVISIONAL (replaced by the validator branch). */
public record StepResult(Simulation simulation, long slot, long unixTimestamp,
                         List<Optional<AccountState>> pre) {}
