package dev.preflight.checks.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What each required document must say to count for its checklist item, read from
 * {@code documents.yaml} beside the checklist: a minimum size, a minimum number of headings, and
 * the topics the item names (each found by any of its words).
 */
public final class DocumentRules {
  private static final String RESOURCE = "/dev/preflight/checks/documents.yaml";

  /** One topic the document must cover; found when the text contains any of {@code anyOf}. */
  public record Topic(String name, List<String> anyOf) {
    public Topic {
      anyOf = anyOf.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    boolean foundIn(String lowerCaseText) {
      return anyOf.stream().anyMatch(lowerCaseText::contains);
    }
  }

  /**
   * The rule of one document kind.
   *
   * @param key the policy key under {@code evidence.documents}
   * @param name how reports name the document
   * @param item the checklist item it answers
   * @param idlInstructions whether the text must name every instruction of the policy's IDL
   */
  public record Rule(String key, String name, String item, long minBytes, int minHeadings,
                     List<Topic> topics, boolean idlInstructions) {
    public Rule {
      topics = List.copyOf(topics);
    }
  }

  private DocumentRules() {}

  /** The built-in rules, in the roadmap's order. */
  public static List<Rule> builtin() {
    try (InputStream in = DocumentRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the checks jar");
      }
      return parse(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static List<Rule> parse(JsonNode root) {
    List<Rule> out = new ArrayList<>();
    for (JsonNode d : root.path("documents")) {
      List<Topic> topics = new ArrayList<>();
      for (JsonNode t : d.path("topics")) {
        List<String> words = new ArrayList<>();
        t.path("anyOf").forEach(w -> words.add(w.asText()));
        topics.add(new Topic(t.path("name").asText(), words));
      }
      out.add(new Rule(d.path("key").asText(), d.path("name").asText(), d.path("item").asText(),
          d.path("minBytes").asLong(0), d.path("minHeadings").asInt(0), topics,
          d.path("idlInstructions").asBoolean(false)));
    }
    return List.copyOf(out);
  }
}
