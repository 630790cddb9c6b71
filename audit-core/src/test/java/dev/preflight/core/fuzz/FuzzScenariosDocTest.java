package dev.preflight.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples of docs/fuzz-scenarios.md are read by the code they document: every argument block
 * ({@code # args of <instruction> in <IDL>}) is read with the instruction's argument types and
 * Borsh-encoded, and every scenario block ({@code # scenario for <IDL>}) is read as a scenario.
 */
class FuzzScenariosDocTest {

  static final Path DOC = EscrowWorld.ROOT.resolve("docs/fuzz-scenarios.md");
  static final Pattern ARGS = Pattern.compile("^# args of (\\w+) in (\\S+)$");
  static final Pattern SCENARIO = Pattern.compile("^# scenario for (\\S+)$");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A fenced yaml block: the line it starts on and its text. */
  record Block(int line, String text) {
    String first() {
      return text.lines().findFirst().orElse("");
    }
  }

  static List<Block> blocks() throws Exception {
    List<String> lines = Files.readAllLines(DOC);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).equals("```yaml")) {
        int start = i + 1;
        StringBuilder sb = new StringBuilder();
        while (!lines.get(++i).equals("```")) {
          sb.append(lines.get(i)).append('\n');
        }
        out.add(new Block(start + 1, sb.toString()));
      }
    }
    return out;
  }

  @Test
  void everyArgumentExampleReadsAndEncodesWithItsIdl() throws Exception {
    Map<String, Idl> idls = new HashMap<>();
    Set<String> variantsShown = new TreeSet<>();
    int read = 0;
    for (Block b : blocks()) {
      Matcher m = ARGS.matcher(b.first());
      if (!m.matches()) {
        continue;
      }
      String where = "docs/fuzz-scenarios.md:" + b.line();
      Idl idl = idls.computeIfAbsent(m.group(2), p -> Idl.load(EscrowWorld.ROOT.resolve(p)));
      IdlInstruction ix = idl.instruction(m.group(1)).orElseThrow(() ->
          new AssertionError(where + ": no instruction " + m.group(1) + " in " + m.group(2)));
      JsonNode args = YAML.readTree(b.text());
      assertTrue(args.isObject() && !args.isEmpty(), where + ": expected a mapping of arguments");
      for (var e : args.properties()) {
        IdlField f = ix.args().stream().filter(a -> a.name().equals(e.getKey())).findFirst()
            .orElseThrow(() -> new AssertionError(where + ": " + e.getKey() + " is not an argument of "
                + ix.name() + ": " + ix.args().stream().map(IdlField::name).toList()));
        IdlValue v = IdlValue.fromJson(e.getValue(), f.type(), idl);
        byte[] bytes = idl.codec().encode(f.type(), v, where);
        assertTrue(bytes.length > 0, where);
        if (v instanceof IdlValue.EnumValue ev) {
          variantsShown.add(ev.variant());
        }
        read++;
      }
    }
    assertTrue(read >= 20, "arguments read from the doc: " + read);
    // the escrow's named-field variants, its unit variant and a tuple variant are all shown
    assertTrue(variantsShown.containsAll(List.of("SetPlatformFee", "SetAdmins", "ResumeOperations", "U64")),
        variantsShown.toString());
  }

  @Test
  void theLargeIntegerExamplesKeepTheirValues() throws Exception {
    for (Block b : blocks()) {
      if (b.text().contains("sqrtK:")) {
        Idl idl = Idl.load(EscrowWorld.ROOT.resolve("audit-core/src/test/resources/idl/drift.json"));
        IdlField f = idl.instruction("updateK").orElseThrow().args().getFirst();
        IdlValue v = IdlValue.fromJson(YAML.readTree(b.text()).get("sqrtK"), f.type(), idl);
        assertEquals("340282366920938463463374607431768211455",
            ((IdlValue.IntValue) v).value().toString(), "u128::MAX survives as a string");
        return;
      }
    }
    throw new AssertionError("the u128 example is gone from " + DOC);
  }

  @Test
  void everyScenarioExampleReadsAsAScenario() throws Exception {
    int scenarios = 0;
    for (Block b : blocks()) {
      Matcher m = SCENARIO.matcher(b.first());
      if (!m.matches()) {
        continue;
      }
      Idl idl = Idl.load(EscrowWorld.ROOT.resolve(m.group(1)));
      List<CallTemplate> calls = Templates.read(
          new ScenarioSource("docs/fuzz-scenarios.md", YAML.readTree(b.text()), java.util.Optional.empty(), ""),
          idl, EscrowWorld.PROGRAM);
      assertTrue(!calls.isEmpty());
      // the left-out PDAs are there, derived
      for (CallTemplate c : calls) {
        assertTrue(c.indexOf("vault") >= 0 && c.indexOf("proceeds_vault") >= 0, c.toString());
      }
      scenarios++;
    }
    assertEquals(1, scenarios);
  }
}
