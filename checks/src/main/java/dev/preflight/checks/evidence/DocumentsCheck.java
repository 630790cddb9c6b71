package dev.preflight.checks.evidence;

import dev.preflight.checks.support.Idls;
import dev.preflight.core.check.AuditContext;
import dev.preflight.core.check.Check;
import dev.preflight.core.check.CheckDefinition;
import dev.preflight.core.check.CheckInfo;
import dev.preflight.core.check.CheckResult;
import dev.preflight.core.check.Evidence;
import dev.preflight.core.check.Outcome;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.checklist.FileEvidence;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.policy.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The documents the roadmap asks for exist and say what their checklist item needs: API
 * documentation, integration guide, security best practices guide and troubleshooting
 * documentation (section 3.3), and the emergency response playbook (3.2). One result per document,
 * each narrowed to its own checklist item, so a missing playbook does not mark the API docs as
 * failed.
 *
 * <p>A document that is missing or empty FAILs. One that exists but falls short of its rule in
 * {@code documents.yaml} (size, headings, topics, the IDL's instructions for API docs) is MANUAL
 * with the shortfall as the reason: a file's existence proves nothing, so a person must read it
 * and attest the item. Only a document that clears its rule PASSes.
 *
 * <p>A document may be a directory (generated API docs): it counts when it holds at least one
 * non-empty file, and its SHA-256 is taken over the sorted list of "relative path NUL file
 * SHA-256 LF" lines of its files.
 */
@CheckDefinition(
    id = "evidence.documents",
    title = "Required documentation exists and covers its topics",
    severity = Severity.MEDIUM,
    checklist = {"p3.3.api-docs", "p3.3.integration-guides", "p3.3.security-guide",
        "p3.3.troubleshooting", "p3.2.emergency-playbook"},
    rationale = "Integrators, auditors and the on-call engineer need the API reference, "
        + "integration and security guides, troubleshooting notes and an emergency playbook "
        + "before real funds are at stake.",
    remediation = "Write the missing documents, cover the topics the report lists for each (a "
        + "playbook: the emergency stop, who decides, how to resume, communication), and list "
        + "their paths under evidence.documents (api, integration, security, troubleshooting, "
        + "playbook) in preflight.yaml.")
public final class DocumentsCheck implements Check {

  /** The documents the roadmap requires, with what each must say, in the roadmap's order. */
  public static final List<DocumentRules.Rule> KINDS = DocumentRules.builtin();

  /** Text read from a document for judging; larger documents are judged on their first bytes. */
  private static final int MAX_TEXT = 4 * 1024 * 1024;

  @Override
  public List<CheckResult> evaluate(AuditContext context) {
    CheckInfo info = info();
    Policy policy = context.policy();
    Map<String, Path> docs = policy.evidence().map(Policy.EvidenceFiles::documents)
        .orElse(Map.of());
    if (docs.isEmpty()) {
      return List.of(info.notApplicable("No documents are configured: list the API, "
              + "integration, security, troubleshooting and playbook documents under "
              + "evidence.documents in preflight.yaml to have them checked.")
          .subject("evidence.documents", "documents").build());
    }
    Path base = EvidenceFilesSupport.baseDir(policy);
    List<String> instructions = instructionNames(context);
    List<CheckResult> out = new ArrayList<>();
    for (DocumentRules.Rule k : KINDS) {
      out.add(document(info, k, docs.get(k.key()), base, instructions));
    }
    return out;
  }

  /** The IDL's instruction names, or none when the policy names no readable IDL. */
  private static List<String> instructionNames(AuditContext context) {
    try {
      return Idls.of(context).map(idl -> idl.instructions().stream().map(IdlInstruction::name)
          .toList()).orElse(List.of());
    } catch (RuntimeException e) {
      // The config rules report an unreadable IDL; the topics still judge the API document.
      return List.of();
    }
  }

  private static CheckResult document(CheckInfo info, DocumentRules.Rule k, Path path, Path base,
                               List<String> instructions) {
    List<String> item = List.of(k.item());
    if (path == null) {
      return info.fail("The " + k.name() + " is not configured: add evidence.documents."
              + k.key() + " to preflight.yaml with the path of the document.")
          .checklist(item).subject("evidence.documents." + k.key(), k.key()).build();
    }
    String shown = FileEvidence.shown(path, base);
    try {
      if (Files.isDirectory(path)) {
        return directory(info, k, path, shown, item, instructions);
      }
      if (!Files.isRegularFile(path)) {
        return info.fail("The " + k.name() + " is missing: " + shown + " does not exist.")
            .checklist(item).subject(shown, k.key())
            .evidence(Evidence.note("evidence.documents." + k.key(), shown)).build();
      }
      FileEvidence f = FileEvidence.read(path, base);
      if (blank(path, f.length())) {
        return info.fail("The " + k.name() + " " + shown + " is empty.")
            .checklist(item).subject(shown, k.key()).evidence(f.evidence(k.key(), "empty"))
            .build();
      }
      DocumentContent.Verdict v = DocumentContent.judge(k, f.length(), text(List.of(path)),
          instructions);
      return judged(info, k, shown, v, item, f.evidence(k.key(), f.length() + " bytes"));
    } catch (IOException e) {
      return info.inconclusive("The " + k.name() + " " + shown + " could not be read: "
          + e.getMessage()).checklist(item).subject(shown, k.key()).build();
    }
  }

  private static CheckResult directory(CheckInfo info, DocumentRules.Rule k, Path dir,
                                       String shown, List<String> item,
                                       List<String> instructions) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    MessageDigest md = sha256();
    long bytes = 0;
    int nonEmpty = 0;
    for (Path f : files) {
      FileEvidence fe = FileEvidence.read(f, dir);
      bytes += fe.length();
      if (fe.length() > 0) {
        nonEmpty++;
      }
      md.update((fe.shown() + "\u0000" + fe.sha256() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String digest = HexFormat.of().formatHex(md.digest());
    Evidence ev = Evidence.file(shown + "/", bytes, digest, k.key(),
        files.size() + " files, " + bytes + " bytes");
    if (nonEmpty == 0) {
      return info.fail("The " + k.name() + " directory " + shown + " holds no non-empty file.")
          .checklist(item).subject(shown, k.key()).evidence(ev).build();
    }
    DocumentContent.Verdict v = DocumentContent.judge(k, bytes, text(files), instructions);
    return judged(info, k, shown + "/ (" + files.size() + " files)", v, item, ev);
  }

  private static CheckResult judged(CheckInfo info, DocumentRules.Rule k, String shown,
                                    DocumentContent.Verdict v, List<String> item, Evidence file) {
    List<Evidence> ev = new ArrayList<>();
    ev.add(file);
    ev.add(Evidence.note(k.key() + " headings", Integer.toString(v.headings())));
    ev.add(Evidence.note(k.key() + " topics covered", v.topicsFound().isEmpty() ? "none"
        : String.join(", ", v.topicsFound())));
    if (!v.substantive()) {
      return info.result(Outcome.MANUAL, "The " + k.name() + " is not substantive enough to "
              + "count for " + k.item() + " without a person's review: " + shown + ": "
              + String.join("; ", v.shortfalls()) + ".").checklist(item)
          .subject(file.address().orElse(shown), k.key()).evidence(ev).build();
    }
    return info.pass("The " + k.name() + " is present and covers " + String.join(", ",
            v.topicsFound()) + ": " + shown + " (" + v.bytes() + " bytes, " + v.headings()
            + " headings).").checklist(item).subject(file.address().orElse(shown), k.key())
        .evidence(ev).build();
  }

  /** The text of {@code files}, UTF-8 with bad bytes replaced, up to {@link #MAX_TEXT} chars. */
  private static String text(List<Path> files) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Path f : files) {
      if (sb.length() >= MAX_TEXT) {
        break;
      }
      byte[] b;
      try (var in = Files.newInputStream(f)) {
        b = in.readNBytes(MAX_TEXT - sb.length());
      }
      sb.append(new String(b, StandardCharsets.UTF_8)).append('\n');
    }
    return sb.toString();
  }

  /** Empty, or only white space (checked for text-sized files). */
  private static boolean blank(Path file, long length) throws IOException {
    if (length == 0) {
      return true;
    }
    if (length > 64 * 1024) {
      return false;
    }
    byte[] b = Files.readAllBytes(file);
    for (byte x : b) {
      if (!Character.isWhitespace(x & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}
