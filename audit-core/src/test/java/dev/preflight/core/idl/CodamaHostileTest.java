package dev.preflight.core.idl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutated Codama IDLs and random account bytes: the loader either loads or throws an
 * {@link IdlException}, the codec either decodes or throws a {@link DecodeException}; nothing else
 * (no NullPointerException, ClassCastException or StackOverflowError) reaches a user.
 */
class CodamaHostileTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> KINDS = List.of("structTypeNode", "optionTypeNode", "arrayTypeNode",
      "numberTypeNode", "sizePrefixTypeNode", "enumTypeNode", "definedTypeLinkNode", "fixedSizeTypeNode",
      "hiddenPrefixTypeNode", "preOffsetTypeNode", "zeroableOptionTypeNode", "mapTypeNode", "bogusNode");

  @Test
  void mutatedRealIdlsLoadOrFailWithAnIdlException() throws Exception {
    JsonNode original = JSON.readTree(Files.readString(CodamaIdls.file(CodamaIdls.TOKEN_2022)));
    SplittableRandom rnd = new SplittableRandom(42);
    int loaded = 0;
    int refused = 0;
    for (int i = 0; i < 300; i++) {
      JsonNode copy = original.deepCopy();
      List<ObjectNode> objects = new ArrayList<>();
      collect(copy, objects);
      for (int m = 0; m < 1 + rnd.nextInt(4); m++) {
        ObjectNode o = objects.get(rnd.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty()) {
          continue;
        }
        String key = names.get(rnd.nextInt(names.size()));
        switch (rnd.nextInt(5)) {
          case 0 -> o.remove(key);
          case 1 -> o.set(key, TextNode.valueOf(KINDS.get(rnd.nextInt(KINDS.size()))));
          case 2 -> o.put(key, rnd.nextInt(-5, 300));
          case 3 -> o.put("kind", KINDS.get(rnd.nextInt(KINDS.size())));
          default -> o.set(key, JSON.createArrayNode());
        }
      }
      try {
        Idl idl = Idl.parse(JSON.writeValueAsString(copy), "mutated.json");
        loaded++;
        for (IdlAccount a : idl.accounts()) {
          byte[] data = new byte[rnd.nextInt(400)];
          rnd.nextBytes(data);
          try {
            idl.decodeAccount(a.name(), data);
          } catch (DecodeException expected) {
            assertTrue(!expected.getMessage().contains("internal decoder failure"), expected.getMessage());
          }
        }
      } catch (IdlException expected) {
        refused++;
      } catch (RuntimeException | StackOverflowError e) {
        fail("mutation " + i + " escaped as " + e, e);
      }
    }
    assertTrue(loaded > 0 && refused > 0, "loaded " + loaded + ", refused " + refused);
  }

  @Test
  void deepNestingFailsCleanly() {
    StringBuilder type = new StringBuilder("{\"kind\": \"publicKeyTypeNode\"}");
    for (int i = 0; i < 400; i++) {
      type.insert(0, "{\"kind\": \"optionTypeNode\", \"item\": ").append('}');
    }
    String idl = "{\"kind\": \"rootNode\", \"standard\": \"codama\", \"version\": \"1.0.0\", \"program\": {"
        + "\"kind\": \"programNode\", \"name\": \"p\", \"publicKey\": \"11111111111111111111111111111111\","
        + "\"definedTypes\": [{\"kind\": \"definedTypeNode\", \"name\": \"deep\", \"type\": " + type + "}]}}";
    try {
      Idl.parse(idl, "deep.json");
      fail("a type 400 options deep must be refused");
    } catch (IdlException expected) {
      assertTrue(expected.getMessage().contains("nest deeper"), expected.getMessage());
    }
  }

  @Test
  void randomBytesDecodeOrFailWithADecodeException() {
    Idl t22 = CodamaIdls.load(CodamaIdls.TOKEN_2022);
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 2000; i++) {
      // Plausible prefixes: a real base layout then random TLV-ish bytes.
      byte[] data = new byte[82 + rnd.nextInt(300)];
      rnd.nextBytes(data);
      if (rnd.nextBoolean() && data.length > 166) {
        java.util.Arrays.fill(data, 82, 165, (byte) 0);
        data[165] = 1;
      }
      for (IdlAccount a : t22.accounts()) {
        try {
          t22.decodeAccount(a.name(), data);
        } catch (DecodeException expected) {
          assertTrue(!expected.getMessage().contains("internal decoder failure"), expected.getMessage());
        }
      }
    }
  }

  private static void collect(JsonNode n, List<ObjectNode> out) {
    if (n instanceof ObjectNode o) {
      out.add(o);
      o.elements().forEachRemaining(c -> collect(c, out));
    } else if (n instanceof ArrayNode a) {
      a.elements().forEachRemaining(c -> collect(c, out));
    }
  }
}
