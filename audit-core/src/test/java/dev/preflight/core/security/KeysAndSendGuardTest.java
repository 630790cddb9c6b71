package dev.preflight.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.preflight.core.audit.Audit;
import dev.preflight.core.cluster.Endpoints;
import dev.preflight.core.policy.Policy;
import dev.preflight.validator.LocalChain;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The send guard and the no-key promise. Transactions are only ever sent to a validator on this
 * machine; an audit takes no keypair anywhere in its API or its policy model; and no main source
 * of the library names a wallet file.
 */
class KeysAndSendGuardTest {

  @ParameterizedTest
  @ValueSource(strings = {"https://api.mainnet-beta.solana.com", "http://10.0.0.1:8899",
      "http://127.0.0.1.nip.io:8899", "http://localhost.attacker.example:8899",
      "http://0.0.0.0:8899", "http://[::ffff:8.8.8.8]:8899", "http://128.0.0.1:8899",
      "http://user@evil.example:8899", "http://127.0.0.1@evil.example:8899",
      "http://1.2.3.4/127.0.0.1", "file:///tmp/socket"})
  void transactionsAreRefusedForAnyEndpointOffThisMachine(String url) {
    URI uri = URI.create(url);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LocalChain(uri));
    assertTrue(e.getMessage().contains("refusing"), e.getMessage());
    assertFalse(Endpoints.isLoopback(uri), url + " counted as loopback by Endpoints");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8899", "http://127.4.5.6:1", "http://localhost:8899",
      "http://LOCALHOST:8899", "http://[::1]:8899"})
  void loopbackEndpointsAreAccepted(String url) {
    URI uri = URI.create(url);
    assertTrue(LocalChain.isLoopback(uri));
    assertEquals(LocalChain.isLoopback(uri), Endpoints.isLoopback(uri),
        "the validator's and the library's guards disagree on " + url);
  }

  private static final Set<String> KEY_TYPES = Set.of("software.sava.core.accounts.Signer",
      "software.sava.core.crypto.ed25519.Ed25519Util", "java.security.KeyPair",
      "java.security.PrivateKey");

  @Test
  void theAuditApiAndThePolicyModelTakeNoKey() {
    for (Method m : Audit.class.getMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || m.getDeclaringClass() != Audit.class) {
        continue;
      }
      for (Type t : m.getGenericParameterTypes()) {
        assertFalse(mentionsKey(t), "Audit." + m.getName() + " takes " + t);
      }
    }
    List<String> seen = new ArrayList<>();
    walk(Policy.class, new HashSet<>(), seen);
    assertTrue(seen.size() > 10, "walked the policy model: " + seen);
  }

  private static void walk(Class<?> type, Set<Class<?>> done, List<String> seen) {
    if (!type.isRecord() || !done.add(type)) {
      return;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      seen.add(type.getSimpleName() + "." + c.getName());
      assertFalse(mentionsKey(c.getGenericType()), type.getSimpleName() + "." + c.getName()
          + " holds a key: " + c.getGenericType());
      assertFalse(c.getName().toLowerCase().contains("keypair")
          || c.getName().toLowerCase().contains("privatekey"), type.getSimpleName() + "."
          + c.getName());
      for (Class<?> inner : classesIn(c.getGenericType())) {
        walk(inner, done, seen);
      }
    }
  }

  private static boolean mentionsKey(Type t) {
    return classesIn(t).stream().anyMatch(c -> KEY_TYPES.contains(c.getName()));
  }

  private static List<Class<?>> classesIn(Type t) {
    List<Class<?>> out = new ArrayList<>();
    if (t instanceof Class<?> c) {
      out.add(c.isArray() ? c.getComponentType() : c);
    } else if (t instanceof ParameterizedType p) {
      out.addAll(classesIn(p.getRawType()));
      for (Type a : p.getActualTypeArguments()) {
        out.addAll(classesIn(a));
      }
    }
    return out;
  }

  private static List<Path> mainSources() throws IOException {
    Path root = Path.of("src/main/java");
    assertTrue(Files.isDirectory(root), "run from the audit-core module: " + root.toAbsolutePath());
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void noMainSourceReadsAWallet() throws IOException {
    List<String> wallet = List.of("id.json", ".config/solana", "SOLANA_KEYPAIR", "keypair.json",
        "user.home");
    List<Path> files = mainSources();
    assertTrue(files.size() > 50, "found " + files.size() + " sources");
    for (Path f : files) {
      String text = Files.readString(f);
      for (String w : wallet) {
        assertFalse(text.contains(w), f + " mentions " + w);
      }
    }
  }

  @Test
  void everySourceThatSendsATransactionGuardsTheEndpoint() throws IOException {
    for (Path f : mainSources()) {
      String text = Files.readString(f);
      if (text.contains("sendTransaction")) {
        assertTrue(text.contains("isLoopback") || text.contains("SendGuard"),
            f + " sends transactions but never checks that the endpoint is loopback");
      }
    }
  }
}
