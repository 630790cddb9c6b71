package dev.preflight.core.idl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * A program's IDL, loaded from an Anchor IDL (legacy pre-0.30 or the 0.30+ spec) or a Codama IDL
 * ({@code rootNode}, spec 1.x) into one model, with the conveniences the audit engine needs: decode an
 * account by its discriminator, encode and decode instructions, decode events, look errors up by code.
 * The format is detected from the file.
 *
 * <p>Names are kept as the IDL spells them: legacy Anchor IDLs and Codama IDLs use camelCase for
 * instructions, accounts and fields ({@code mintTo}, {@code mintAuthority}), 0.30+ Anchor IDLs
 * snake_case. Lookups by name ({@link #instruction(String)}, {@link IdlValue#at(String)}) accept
 * either spelling, so {@code mint_to} finds {@code mintTo}; decoded values carry the IDL's spelling.
 *
 * <p>What the loader accepted but a reader should know (a type defined twice, as some published IDLs
 * do) is in {@link #warnings()}.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Idl {

  /** Which IDL format the file was written in. */
  public enum Format {
    /** Anchor before 0.30: {@code name}/{@code version} at top level, no declared discriminators. */
    LEGACY,
    /** Anchor 0.30 and later: {@code address}, {@code metadata.spec}, declared discriminators. */
    SPEC,
    /** Codama: {@code {"kind": "rootNode", "standard": "codama", "version": "1.x", "program": {...}}}. */
    CODAMA
  }

  /** An account decoded from its data: the account type's name and its value. */
  public record DecodedAccount(String name, IdlValue value, int end, int trailingBytes) {}

  /** Instruction data decoded: the instruction's name and its arguments as a struct. */
  public record DecodedInstruction(String name, IdlValue.StructValue args, int trailingBytes) {}

  /** An event decoded from its bytes. */
  public record DecodedEvent(String name, IdlValue value) {}

  /**
   * The prefix Anchor puts in front of events emitted with {@code emit_cpi!} (the inner
   * instruction's data starts with it, then the event discriminator): Anchor's {@code EVENT_IX_TAG_LE},
   * the little-endian bytes of {@code EVENT_IX_TAG = 0x1d9acb512ea545e4}, which is
   * {@code sha256("anchor:event")[..8]} read big-endian. So the bytes are the hash prefix reversed.
   */
  public static final Discriminator EVENT_CPI_PREFIX = eventCpiPrefix();

  private static Discriminator eventCpiPrefix() {
    byte[] hash = Discriminator.anchor("anchor", "event").bytes();
    byte[] le = new byte[8];
    for (int i = 0; i < 8; i++) {
      le[i] = hash[7 - i];
    }
    return Discriminator.of(le);
  }

  private final String source;
  private final Format format;
  private final Optional<PublicKey> address;
  private final String name;
  private final String version;
  private final Optional<String> spec;
  private final List<String> docs;
  private final List<IdlInstruction> instructions;
  private final List<IdlAccount> accounts;
  private final List<IdlEvent> events;
  private final List<IdlError> errors;
  private final Map<String, IdlTypeDef> types;
  private final List<IdlConstant> constants;
  private final List<IdlWarning> warnings;
  private final List<Idl> additionalPrograms;
  private final BorshCodec codec;

  Idl(
      String source,
      Format format,
      Optional<PublicKey> address,
      String name,
      String version,
      Optional<String> spec,
      List<String> docs,
      List<IdlInstruction> instructions,
      List<IdlAccount> accounts,
      List<IdlEvent> events,
      List<IdlError> errors,
      Map<String, IdlTypeDef> types,
      List<IdlConstant> constants) {
    this(source, format, address, name, version, spec, docs, instructions, accounts, events, errors, types, constants,
        List.of(), List.of());
  }

  Idl(
      String source,
      Format format,
      Optional<PublicKey> address,
      String name,
      String version,
      Optional<String> spec,
      List<String> docs,
      List<IdlInstruction> instructions,
      List<IdlAccount> accounts,
      List<IdlEvent> events,
      List<IdlError> errors,
      Map<String, IdlTypeDef> types,
      List<IdlConstant> constants,
      List<IdlWarning> warnings,
      List<Idl> additionalPrograms) {
    this.warnings = List.copyOf(warnings);
    this.additionalPrograms = List.copyOf(additionalPrograms);
    this.source = Objects.requireNonNull(source);
    this.format = Objects.requireNonNull(format);
    this.address = Objects.requireNonNull(address);
    this.name = Objects.requireNonNull(name);
    this.version = Objects.requireNonNull(version);
    this.spec = Objects.requireNonNull(spec);
    this.docs = List.copyOf(docs);
    this.instructions = List.copyOf(instructions);
    this.accounts = List.copyOf(accounts);
    this.events = List.copyOf(events);
    this.errors = List.copyOf(errors);
    this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
    this.constants = List.copyOf(constants);
    this.codec = new BorshCodec(new TypeResolver(source, this.types));
  }

  // ---- loading ------------------------------------------------------------------------------

  /**
   * Parses IDL JSON text.
   *
   * @param sourceName how messages name this IDL (a file name or label)
   * @throws IdlException when the JSON is not a usable IDL
   */
  public static Idl parse(String json, String sourceName) {
    return IdlLoader.parse(json, sourceName);
  }

  /** Reads an IDL file. */
  public static Idl load(Path file) {
    try {
      return parse(Files.readString(file), file.getFileName().toString());
    } catch (IOException e) {
      throw new IdlException(file.toString(), "", "cannot read the file: " + e.getMessage(),
          "Check the path in your configuration", e);
    }
  }

  /** Reads an IDL from a stream (e.g. a class-path resource). */
  public static Idl load(InputStream in, String sourceName) {
    try (in) {
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), sourceName);
    } catch (IOException e) {
      throw new IdlException(sourceName, "", "cannot read the IDL: " + e.getMessage(), "Check the resource", e);
    }
  }

  // ---- model --------------------------------------------------------------------------------

  public String source() {
    return source;
  }

  public Format format() {
    return format;
  }

  /** The program address, when the IDL names one ({@code address} or legacy {@code metadata.address}). */
  public Optional<PublicKey> address() {
    return address;
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** The IDL spec version of 0.30+ IDLs ({@code metadata.spec}). */
  public Optional<String> spec() {
    return spec;
  }

  public List<String> docs() {
    return docs;
  }

  public List<IdlInstruction> instructions() {
    return instructions;
  }

  public List<IdlAccount> accounts() {
    return accounts;
  }

  public List<IdlEvent> events() {
    return events;
  }

  public List<IdlError> errors() {
    return errors;
  }

  /** Type definitions by name, in IDL order (legacy account and event types included). */
  public Map<String, IdlTypeDef> types() {
    return types;
  }

  public List<IdlConstant> constants() {
    return constants;
  }

  /** What the loader accepted but a reader should know, in file order; empty for a clean IDL. */
  public List<IdlWarning> warnings() {
    return warnings;
  }

  /**
   * The other programs a Codama IDL describes beside its main one ({@code additionalPrograms}: SPL
   * Token's IDL carries the Associated Token program), each as an IDL of its own. Empty for Anchor.
   */
  public List<Idl> additionalPrograms() {
    return additionalPrograms;
  }

  /** The codec for this IDL's types. */
  public BorshCodec codec() {
    return codec;
  }

  public Optional<IdlTypeDef> type(String typeName) {
    return Optional.ofNullable(types.get(typeName));
  }

  public Optional<IdlInstruction> instruction(String instructionName) {
    return byName(instructions, instructionName, IdlInstruction::name);
  }

  public Optional<IdlAccount> account(String accountName) {
    return byName(accounts, accountName, IdlAccount::name);
  }

  public Optional<IdlEvent> event(String eventName) {
    return byName(events, eventName, IdlEvent::name);
  }

  /** The custom error with this code. */
  public Optional<IdlError> error(int code) {
    for (IdlError e : errors) {
      if (e.code() == code) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /**
   * A program error as people should read it: {@code SaleEnded (6027): Sale has ended} for an
   * error of this IDL, {@code ConstraintSeeds (2006, Anchor): ...} for one of Anchor's framework
   * errors, {@code custom error 7001 (not in the IDL escrow)} otherwise. Use this wherever a
   * custom error code is shown (console, reports, reproducers), never the bare number.
   */
  public String describeError(int code) {
    Optional<IdlError> own = error(code);
    if (own.isPresent()) {
      IdlError e = own.get();
      return e.name() + " (" + code + ")" + e.message().map(m -> ": " + m).orElse("");
    }
    if (code < AnchorErrors.USER_OFFSET) {
      Optional<IdlError> framework = AnchorErrors.of(code);
      if (framework.isPresent()) {
        IdlError e = framework.get();
        return e.name() + " (" + code + ", Anchor)" + e.message().map(m -> ": " + m).orElse("");
      }
    }
    return "custom error " + code + " (not in the IDL " + name + ")";
  }

  /**
   * A transaction error as Solana reports it ({@code {"InstructionError":[0,{"Custom":6027}]}}),
   * with a custom code named by {@link #describeError(int)}: {@code instruction 0: SaleEnded
   * (6027): Sale has ended}. Other errors keep their JSON text ({@code "AccountNotFound"}).
   */
  public String describeTransactionError(com.fasterxml.jackson.databind.JsonNode error) {
    com.fasterxml.jackson.databind.JsonNode ix = error == null ? null : error.get("InstructionError");
    if (ix != null && ix.isArray() && ix.size() >= 2 && ix.get(1).has("Custom")
        && ix.get(1).get("Custom").canConvertToInt()) {
      return "instruction " + ix.get(0).asInt() + ": "
          + describeError(ix.get(1).get("Custom").asInt());
    }
    return String.valueOf(error);
  }

  private static <T> Optional<T> byName(List<T> items, String wanted, java.util.function.Function<T, String> nameOf) {
    for (T t : items) {
      if (nameOf.apply(t).equals(wanted)) {
        return Optional.of(t);
      }
    }
    String loose = Names.looseKey(wanted);
    for (T t : items) {
      if (Names.looseKey(nameOf.apply(t)).equals(loose)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  // ---- accounts -----------------------------------------------------------------------------

  /**
   * Decodes account data by its discriminator. Empty when no account type of this IDL has the
   * data's discriminator (the account belongs to another program or is not an Anchor account).
   * Bytes after the value (space reserved by the program) are allowed and counted.
   *
   * @throws DecodeException when the discriminator matches but the rest does not decode
   */
  public Optional<DecodedAccount> decodeAccount(byte[] data) {
    IdlAccount match = null;
    for (IdlAccount a : accounts) {
      if (!a.discriminator().isEmpty() && a.discriminator().matches(data)
          && (match == null || a.discriminator().specificity() > match.discriminator().specificity())) {
        match = a;
      }
    }
    if (match == null) {
      return Optional.empty();
    }
    return Optional.of(decodeAccount(match.name(), data));
  }

  /** Decodes account data as the named account type, checking its discriminator. */
  public DecodedAccount decodeAccount(String accountName, byte[] data) {
    IdlAccount a = account(accountName).orElseThrow(() -> unknown("account type", accountName, accounts.stream().map(IdlAccount::name).toList()));
    String subject = "account " + a.name();
    if (!a.discriminator().matchesContent(data)) {
      throw new DecodeException(subject, "", 0,
          "data does not match the " + a.name() + " discriminator " + a.discriminator(),
          "Check that the address holds a " + a.name() + " account of this program", null);
    }
    BorshCodec.Decoded d = codec.decode(a.type(), data, a.discriminator().length(), subject);
    return new DecodedAccount(a.name(), d.value(), d.end(), data.length - d.end());
  }

  /** Encodes an account: its discriminator followed by the value. */
  public byte[] encodeAccount(String accountName, IdlValue value) {
    IdlAccount a = account(accountName).orElseThrow(() -> unknown("account type", accountName, accounts.stream().map(IdlAccount::name).toList()));
    byte[] out = withPrefix(a.discriminator(), codec.encode(a.type(), value, "account " + a.name()));
    return checked(a.discriminator(), out, "account " + a.name());
  }

  // ---- instructions -------------------------------------------------------------------------

  /**
   * Encodes instruction data: discriminator then the arguments in declaration order.
   *
   * @param args argument values by name (camelCase or snake_case)
   * @throws EncodeException when an argument is missing, unknown or does not fit its type
   */
  public byte[] encodeInstruction(String instructionName, Map<String, IdlValue> args) {
    IdlInstruction ix = instruction(instructionName).orElseThrow(() -> unknown("instruction", instructionName, instructions.stream().map(IdlInstruction::name).toList()));
    IdlValue.StructValue.Builder b = IdlValue.StructValue.builder();
    List<String> unknownArgs = new ArrayList<>(args.keySet());
    for (IdlField f : ix.args()) {
      String key = findKey(args, f.name());
      if (key == null) {
        throw new EncodeException("instruction " + ix.name(), f.name(), "argument is missing",
            "Give every argument: " + ix.args().stream().map(IdlField::name).toList());
      }
      unknownArgs.remove(key);
      b.put(f.name(), args.get(key));
    }
    if (!unknownArgs.isEmpty()) {
      throw new EncodeException("instruction " + ix.name(), "", "unknown argument(s) " + unknownArgs,
          "Its arguments are " + ix.args().stream().map(IdlField::name).toList());
    }
    return encodeInstruction(ix, b.build());
  }

  /** Encodes instruction data from the arguments given as one struct value. */
  public byte[] encodeInstruction(IdlInstruction ix, IdlValue.StructValue args) {
    BorshCodec.Writer w = new BorshCodec.Writer("instruction " + ix.name());
    w.bytes(ix.discriminator().bytes());
    codec.encodeFieldsInto(ix.argsAsFields(), args, w);
    return checked(ix.discriminator(), w.toByteArray(), "instruction " + ix.name());
  }

  private static String findKey(Map<String, IdlValue> args, String fieldName) {
    if (args.containsKey(fieldName)) {
      return fieldName;
    }
    String loose = Names.looseKey(fieldName);
    for (String k : args.keySet()) {
      if (Names.looseKey(k).equals(loose)) {
        return k;
      }
    }
    return null;
  }

  /**
   * Decodes instruction data by its discriminator; empty when no instruction of this IDL has it.
   * Trailing bytes are allowed (Anchor's dispatcher ignores them) and counted.
   */
  public Optional<DecodedInstruction> decodeInstruction(byte[] data) {
    IdlInstruction match = null;
    for (IdlInstruction ix : instructions) {
      if (!ix.discriminator().isEmpty() && ix.discriminator().matches(data)
          && (match == null || ix.discriminator().specificity() > match.discriminator().specificity())) {
        match = ix;
      }
    }
    if (match == null) {
      return Optional.empty();
    }
    BorshCodec.Decoded d = codec.decodeFields(match.argsAsFields(), data, match.discriminator().length(),
        "instruction " + match.name());
    return Optional.of(new DecodedInstruction(match.name(), (IdlValue.StructValue) d.value(), data.length - d.end()));
  }

  /**
   * Constant bytes a Codama discriminator declares inside the data must be there in what was encoded,
   * or a reader would not recognise it: refuse rather than hand out such bytes.
   */
  private static byte[] checked(Discriminator d, byte[] out, String subject) {
    for (Discriminator.Condition c : d.conditions()) {
      // A size recognises the plain form only (see Discriminator#matchesContent); constants must be there.
      if (c instanceof Discriminator.BytesAt && !c.holds(out)) {
        throw new EncodeException(subject, "", "the encoded " + out.length + " bytes do not satisfy its discriminator ("
            + c + ")", "Give values that produce the discriminator the IDL declares");
      }
    }
    return out;
  }

  // ---- events -------------------------------------------------------------------------------

  /**
   * Decodes an event from its bytes: the event discriminator then the payload (what follows
   * {@code "Program data: "} in logs, base64-decoded), or the data of an {@code emit_cpi!} self-invocation
   * ({@link #EVENT_CPI_PREFIX} first). Empty when no event of this IDL matches.
   */
  public Optional<DecodedEvent> decodeEvent(byte[] data) {
    byte[] body = data;
    if (EVENT_CPI_PREFIX.matches(data)) {
      body = java.util.Arrays.copyOfRange(data, EVENT_CPI_PREFIX.length(), data.length);
    }
    for (IdlEvent e : events) {
      if (e.discriminator().matches(body)) {
        BorshCodec.Decoded d = codec.decode(e.type(), body, e.discriminator().length(), "event " + e.name());
        return Optional.of(new DecodedEvent(e.name(), d.value()));
      }
    }
    return Optional.empty();
  }

  /** Encodes an event as it appears in logs: discriminator then payload. */
  public byte[] encodeEvent(String eventName, IdlValue value) {
    IdlEvent e = event(eventName).orElseThrow(() -> unknown("event", eventName, events.stream().map(IdlEvent::name).toList()));
    return withPrefix(e.discriminator(), codec.encode(e.type(), value, "event " + e.name()));
  }

  private static byte[] withPrefix(Discriminator d, byte[] body) {
    byte[] disc = d.bytes();
    byte[] out = new byte[disc.length + body.length];
    System.arraycopy(disc, 0, out, 0, disc.length);
    System.arraycopy(body, 0, out, disc.length, body.length);
    return out;
  }

  private IdlException unknown(String what, String wanted, List<String> known) {
    return new IdlException(source, "", "has no " + what + " '" + wanted + "'",
        known.isEmpty() ? "It declares none" : "Known: " + known);
  }

  @Override
  public String toString() {
    return "Idl[" + name + " " + version + ", " + format + ", " + source + "]";
  }
}
