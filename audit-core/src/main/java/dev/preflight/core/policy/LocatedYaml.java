package dev.preflight.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into a Jackson tree together with where each value and each key stood in
 * the file, keyed by JSON pointer ({@code /governance/minThreshold}). Jackson's tree does not keep
 * locations, so the tree is built here from the streaming parser's token locations; schema errors
 * (which name JSON pointers) can then be reported as {@code file:line:column}.
 */
public final class LocatedYaml {

  /** A 1-based position in the file. */
  public record Mark(int line, int column) {
    static final Mark START = new Mark(1, 1);
  }

  private final String file;
  private final JsonNode root;
  private final Map<String, Mark> values;
  private final Map<String, Mark> keys;

  private LocatedYaml(String file, JsonNode root, Map<String, Mark> values, Map<String, Mark> keys) {
    this.file = file;
    this.root = root;
    this.values = Map.copyOf(values);
    this.keys = Map.copyOf(keys);
  }

  /**
   * Parses {@code text}. Syntax errors, duplicate keys, an empty document or a document that is
   * not a mapping throw a {@link PolicyException} naming {@code file}, line and column.
   */
  public static LocatedYaml parse(String text, String file) {
    Builder b = new Builder(file);
    YAMLFactory factory = YAMLFactory.builder().build();
    try (JsonParser p = factory.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new PolicyException(List.of(new SourceProblem(file, 1, 1, "",
            "the file is empty; expected a mapping of sections (see docs/policy-reference.md)")));
      }
      JsonNode root = b.read(p, first, "");
      if (!b.problems.isEmpty()) {
        throw new PolicyException(b.problems);
      }
      return new LocatedYaml(file, root, b.values, b.keys);
    } catch (JsonProcessingException e) {
      throw new PolicyException(List.of(syntaxProblem(file, e)));
    } catch (IOException e) {
      throw new PolicyException(List.of(new SourceProblem(file, 0, 0, "",
          "could not be read: " + e.getMessage())));
    }
  }

  private static SourceProblem syntaxProblem(String file, JsonProcessingException e) {
    // SnakeYAML's own mark points at the offending character; Jackson's location can lag behind.
    if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
      String what = m.getProblem() == null ? "invalid YAML" : m.getProblem();
      String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
      return new SourceProblem(file, m.getProblemMark().getLine() + 1,
          m.getProblemMark().getColumn() + 1, "",
          "YAML syntax error: " + what + context + "; fix the indentation or quoting here");
    }
    JsonLocation l = e.getLocation();
    return new SourceProblem(file, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
        "", "YAML syntax error: " + e.getOriginalMessage());
  }

  public String file() {
    return file;
  }

  public JsonNode root() {
    return root;
  }

  /** Where the value at {@code pointer} starts; falls back to the nearest enclosing value. */
  public Mark valueMark(String pointer) {
    String p = pointer;
    while (true) {
      Mark m = values.get(p);
      if (m != null) {
        return m;
      }
      if (p.isEmpty()) {
        return Mark.START;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Where the key of the member at {@code pointer} stands, if it is a mapping member. */
  public Optional<Mark> keyMark(String pointer) {
    return Optional.ofNullable(keys.get(pointer));
  }

  /** Every mapping member's pointer with its key's position. */
  public Map<String, Mark> keyMarks() {
    return keys;
  }

  /** The key's position for a mapping member, else the value's. */
  public Mark mark(String pointer) {
    return keyMark(pointer).orElseGet(() -> valueMark(pointer));
  }

  /** A problem located at the member {@code pointer} (its key if it has one). */
  public SourceProblem problem(String pointer, String message) {
    Mark m = mark(pointer);
    return new SourceProblem(file, m.line(), m.column(), displayPath(pointer), message);
  }

  /** A problem located at the value of {@code pointer}. */
  public SourceProblem valueProblem(String pointer, String message) {
    Mark m = valueMark(pointer);
    return new SourceProblem(file, m.line(), m.column(), displayPath(pointer), message);
  }

  /** {@code /clusters/0/url} becomes {@code clusters[0].url}. */
  public static String displayPath(String pointer) {
    if (pointer.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (String raw : pointer.substring(1).split("/", -1)) {
      String seg = raw.replace("~1", "/").replace("~0", "~");
      if (!seg.isEmpty() && seg.chars().allMatch(Character::isDigit)) {
        sb.append('[').append(seg).append(']');
      } else {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(seg);
      }
    }
    return sb.toString();
  }

  /** Appends a member name to a JSON pointer, escaping as RFC 6901 says. */
  public static String child(String pointer, String name) {
    return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  private static final class Builder {
    private final String file;
    private final Map<String, Mark> values = new HashMap<>();
    private final Map<String, Mark> keys = new HashMap<>();
    private final List<SourceProblem> problems = new ArrayList<>();

    Builder(String file) {
      this.file = file;
    }

    JsonNode read(JsonParser p, JsonToken t, String pointer) throws IOException {
      values.put(pointer, mark(p.currentTokenLocation()));
      JsonNodeFactory f = JsonNodeFactory.instance;
      return switch (t) {
        case START_OBJECT -> {
          ObjectNode o = f.objectNode();
          JsonToken k;
          while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String childPtr = child(pointer, name);
            Mark keyMark = mark(p.currentTokenLocation());
            if (o.has(name)) {
              Mark first = keys.get(childPtr);
              problems.add(new SourceProblem(file, keyMark.line(), keyMark.column(),
                  displayPath(childPtr), "duplicate key '" + name + "' (first given at line "
                  + (first == null ? "?" : first.line()) + "); keep only one"));
            }
            keys.put(childPtr, keyMark);
            o.set(name, read(p, p.nextToken(), childPtr));
          }
          yield o;
        }
        case START_ARRAY -> {
          ArrayNode a = f.arrayNode();
          JsonToken e;
          int i = 0;
          while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
            a.add(read(p, e, child(pointer, i++)));
          }
          yield a;
        }
        case VALUE_STRING -> f.textNode(p.getText());
        case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
          case INT -> f.numberNode(p.getIntValue());
          case LONG -> f.numberNode(p.getLongValue());
          default -> f.numberNode(p.getBigIntegerValue());
        };
        // Decimals keep their written digits ("0.01" stays 0.01, not a binary approximation).
        case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDecimalValue());
        case VALUE_TRUE -> f.booleanNode(true);
        case VALUE_FALSE -> f.booleanNode(false);
        case VALUE_NULL -> f.nullNode();
        default -> {
          problems.add(new SourceProblem(file, values.get(pointer).line(),
              values.get(pointer).column(), displayPath(pointer),
              "unsupported YAML content (" + t + "); use plain mappings, lists and scalars"));
          yield f.nullNode();
        }
      };
    }

    private static Mark mark(JsonLocation l) {
      return new Mark(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }
  }
}
