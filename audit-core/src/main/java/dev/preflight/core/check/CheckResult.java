package dev.preflight.core.check;

import dev.preflight.core.vocabulary.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One conclusion of one check, with the evidence behind it. {@code subject} names what the result
 * is about (an address, a file, a cluster) and, with the check id, the genesis hash and the field,
 * makes the fingerprint.
 */
public record CheckResult(String checkId, String title, Outcome outcome, Severity severity,
                          String message, List<Evidence> evidence, List<String> checklist,
                          String fingerprint, String remediation, Optional<String> subject) {

  public CheckResult {
    evidence = List.copyOf(evidence);
    checklist = List.copyOf(checklist);
  }

  public static Builder builder(CheckInfo info, Outcome outcome, String message) {
    return new Builder(info, outcome, message);
  }

  /** Assembles a result; the fingerprint is computed from the first evidence unless set. */
  public static final class Builder {
    private final CheckInfo info;
    private final Outcome outcome;
    private final String message;
    private final List<Evidence> evidence = new ArrayList<>();
    private Severity severity;
    private List<String> checklist;
    private String subject;
    private String field;
    private String genesisHash;

    private Builder(CheckInfo info, Outcome outcome, String message) {
      this.info = info;
      this.outcome = outcome;
      this.message = message;
      this.severity = info.severity();
      this.checklist = info.checklist();
    }

    public Builder evidence(Evidence e) {
      evidence.add(e);
      return this;
    }

    public Builder evidence(List<Evidence> es) {
      evidence.addAll(es);
      return this;
    }

    public Builder severity(Severity s) {
      this.severity = s;
      return this;
    }

    public Builder checklist(List<String> ids) {
      this.checklist = List.copyOf(ids);
      return this;
    }

    /** What the finding is about, for the fingerprint: usually an address. */
    public Builder subject(String subject, String field) {
      this.subject = subject;
      this.field = field;
      return this;
    }

    public Builder genesisHash(String genesisHash) {
      this.genesisHash = genesisHash;
      return this;
    }

    public CheckResult build() {
      String subj = subject;
      String fld = field;
      String genesis = genesisHash;
      if (!evidence.isEmpty()) {
        Evidence first = evidence.getFirst();
        if (subj == null) {
          subj = first.address().orElse(first.cluster().orElse(""));
          fld = first.field();
        }
        if (genesis == null) {
          genesis = first.genesisHash().orElse("");
        }
      }
      String fp = Fingerprint.of(info.id(), genesis, subj, fld);
      return new CheckResult(info.id(), info.title(), outcome, severity, message, evidence,
          checklist, fp, info.remediation(), Optional.ofNullable(subj).filter(s -> !s.isEmpty()));
    }
  }
}
