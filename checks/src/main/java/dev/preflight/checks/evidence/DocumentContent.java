package dev.preflight.checks.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a document's text against its {@link DocumentRules.Rule}: size, headings, topics and (for
 * API documentation) the IDL's instruction names. Headings are counted in Markdown (ATX and
 * setext), AsciiDoc and HTML, the formats teams write documentation in.
 */
final class DocumentContent {
  private static final Pattern ATX = Pattern.compile("(?m)^[ ]{0,3}#{1,6}[ \\t]+\\S");
  private static final Pattern ASCIIDOC = Pattern.compile("(?m)^={1,6}[ \\t]+\\S");
  private static final Pattern SETEXT = Pattern.compile("(?m)^[^\\s#=\\-|>].*\\R(=+|-{3,})\\s*$");
  private static final Pattern HTML = Pattern.compile("(?i)<h[1-6][\\s>]");

  /** What was found, and what is missing ({@code shortfalls} empty: substantive). */
  record Verdict(long bytes, int headings, List<String> topicsFound, List<String> shortfalls) {
    Verdict {
      topicsFound = List.copyOf(topicsFound);
      shortfalls = List.copyOf(shortfalls);
    }

    boolean substantive() {
      return shortfalls.isEmpty();
    }
  }

  private DocumentContent() {}

  static int headings(String text) {
    return count(ATX, text) + count(ASCIIDOC, text) + count(SETEXT, text) + count(HTML, text);
  }

  private static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /**
   * @param instructions the IDL's instruction names when the rule asks for them (empty when the
   *     policy names no IDL: the topic words still apply)
   */
  static Verdict judge(DocumentRules.Rule rule, long bytes, String text, List<String> instructions) {
    String lower = text.toLowerCase(Locale.ROOT);
    int heads = headings(text);
    List<String> found = new ArrayList<>();
    List<String> missingTopics = new ArrayList<>();
    for (DocumentRules.Topic t : rule.topics()) {
      (t.foundIn(lower) ? found : missingTopics).add(t.name());
    }
    List<String> shortfalls = new ArrayList<>();
    if (bytes < rule.minBytes()) {
      shortfalls.add(bytes + " bytes (at least " + rule.minBytes() + " expected)");
    }
    if (heads < rule.minHeadings()) {
      shortfalls.add((heads == 0 ? "no headings" : heads + (heads == 1 ? " heading" : " headings"))
          + " (at least " + rule.minHeadings() + " expected)");
    }
    if (!missingTopics.isEmpty()) {
      shortfalls.add("expected sections on " + String.join(", ", missingTopics));
    }
    if (rule.idlInstructions()) {
      List<String> unnamed = instructions.stream()
          .filter(i -> !lower.contains(i.toLowerCase(Locale.ROOT))
              && !lower.contains(i.replace("_", "").toLowerCase(Locale.ROOT))).toList();
      if (!unnamed.isEmpty()) {
        shortfalls.add("does not describe the IDL's instructions " + String.join(", ", unnamed));
      }
    }
    return new Verdict(bytes, heads, found, shortfalls);
  }
}
