package dev.preflight.validator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit 5 test class one running {@link EmbeddedValidator}, started before its first
 * test and stopped after its last. Test methods, constructors and lifecycle methods receive it
 * as an {@link EmbeddedValidator} or {@link java.net.URI} (the RPC endpoint) parameter.
 *
 * <pre>{@code
 * @EmbeddedSolana(upgradeablePrograms = @EmbeddedSolana.UpgradeableProgram(
 *     id = "Escrow1111111111111111111111111111111111111", so = "target/deploy/escrow.so",
 *     authority = "9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin"))
 * class EscrowTest {
 *   @Test void deploys(URI rpc) { ... }
 * }
 * }</pre>
 *
 * <p>Relative paths are resolved against the working directory (the module directory under
 * Maven). For files produced at test time use {@link ValidatorExtension#ValidatorExtension(
 * java.util.function.Supplier)} with {@code @RegisterExtension} instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ValidatorExtension.class)
public @interface EmbeddedSolana {

  /** Programs deployed with the BPF upgradeable loader. */
  UpgradeableProgram[] upgradeablePrograms() default {};

  /** Programs deployed with BPFLoader2 (not upgradeable). */
  Program[] programs() default {};

  /** Accounts loaded from {@code solana account --output json} files. */
  Account[] accounts() default {};

  /** Directories whose {@code *.json} account files are all loaded. */
  String[] accountDirectories() default {};

  /** Milliseconds per slot; 0 = slots advance only with transactions; negative = server default (400). */
  long slotTimeMillis() default -1;

  /**
   * Unix seconds the chain's clock starts at, cut from the wall clock (with
   * {@code slotTimeMillis = 0} it stays fixed until a cheatcode moves it); negative = wall clock.
   */
  long clockUnixSeconds() default -1;

  /** Port on 127.0.0.1; 0 picks a free one. */
  int port() default 0;

  /** An upgradeable program: its id, the .so file, and the upgrade authority ("" = none). */
  @Target({})
  @Retention(RetentionPolicy.RUNTIME)
  @interface UpgradeableProgram {
    String id();

    String so();

    String authority() default "";
  }

  /** A non-upgradeable program: its id and the .so file. */
  @Target({})
  @Retention(RetentionPolicy.RUNTIME)
  @interface Program {
    String id();

    String so();
  }

  /** An account file and the address to load it at ("-" = the file's pubkey). */
  @Target({})
  @Retention(RetentionPolicy.RUNTIME)
  @interface Account {
    String address() default "-";

    String json();
  }
}
