package dev.preflight.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.preflight.core.vocabulary.Severity;
import dev.preflight.core.policy.Policy.AccountSelector;
import dev.preflight.core.policy.Policy.Attestation;
import dev.preflight.core.policy.Policy.ClusterRef;
import dev.preflight.core.policy.Policy.AccountInvariantSpec;
import dev.preflight.core.policy.Policy.BoundSpec;
import dev.preflight.core.policy.Policy.CallInvariantSpec;
import dev.preflight.core.policy.Policy.ConfigRule;
import dev.preflight.core.policy.Policy.EvidenceFiles;
import dev.preflight.core.policy.Policy.Governance;
import dev.preflight.core.policy.Policy.MintRef;
import dev.preflight.core.policy.Policy.Ops;
import dev.preflight.core.policy.Policy.ProgramRef;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.sava.core.encoding.Base58;

/**
 * Reads {@code preflight.yaml}: YAML with locations, then the shipped JSON Schema, then the checks
 * a schema cannot express (exclusive keys, value counts per comparison, base58 that decodes to 32
 * bytes, dates, durations, environment variables, CEL syntax), then presets expanded into rules.
 * Rules and bounds written in the older forms are translated to CEL here. Every problem found is
 * reported at once in one {@link PolicyException}. Names inside expressions (fields, accounts,
 * instructions) are checked against the IDL later, by {@code dev.preflight.core.expr.Invariants}.
 */
public final class PolicyLoader {
  /** Default coverage minimum: the seed's "&gt;95% coverage". */
  public static final double DEFAULT_MIN_COVERAGE = 95.0;
  /** Default ops thresholds: the seed's "&lt;1% transaction failure rate", "&lt;0.01 SOL". */
  public static final int DEFAULT_TRANSACTIONS = 100;
  public static final double DEFAULT_MAX_FAILURE_RATE = 0.01;
  public static final long DEFAULT_MAX_AVERAGE_FEE = Lamports.PER_SOL / 100;
  /** Default governance: the seed's multi-signature admin and "24-48 hour delay". */
  public static final int DEFAULT_MIN_THRESHOLD = 2;
  public static final int DEFAULT_MIN_MEMBERS = 3;
  public static final long DEFAULT_MIN_TIMELOCK = 24 * 3_600;
  /**
   * Defaults of a {@code mainnet: true} policy: the baseline Squads recommended after the
   * 2026-04-01 Drift admin-multisig incident (threshold of at least 3, a time lock) with the
   * seed's 24-48 h upgrade delay. A policy may set lower values; the threshold and time-lock checks
   * then say that it lowered the baseline.
   */
  public static final int MAINNET_MIN_THRESHOLD = 3;
  public static final long MAINNET_MIN_TIMELOCK = 24 * 3_600;

  /** The default minimum threshold for a policy with this {@code mainnet} flag. */
  public static int defaultMinThreshold(boolean mainnet) {
    return mainnet ? MAINNET_MIN_THRESHOLD : DEFAULT_MIN_THRESHOLD;
  }

  /** The default minimum time lock (seconds) for a policy with this {@code mainnet} flag. */
  public static long defaultMinTimelock(boolean mainnet) {
    return mainnet ? MAINNET_MIN_TIMELOCK : DEFAULT_MIN_TIMELOCK;
  }

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern ENV = Pattern.compile("(env|prop):([A-Za-z_][A-Za-z0-9_.-]*)");

  private final Function<String, Optional<String>> environment;
  private final Function<String, Optional<String>> properties;
  private final PolicySchema schema = new PolicySchema();

  /**
   * A loader reading {@code ${env:NAME}} from the process environment and {@code ${prop:NAME}}
   * from the JVM's system properties.
   */
  public PolicyLoader() {
    this(name -> Optional.ofNullable(System.getenv(name)));
  }

  /** A loader with its own environment lookup (tests, or a build tool's own variables). */
  public PolicyLoader(Function<String, Optional<String>> environment) {
    this(environment, name -> Optional.ofNullable(System.getProperty(name)));
  }

  /**
   * A loader with its own lookups for {@code ${env:NAME}} and {@code ${prop:NAME}} (a build
   * tool's properties: the Maven plugin passes the project's and the command line's).
   */
  public PolicyLoader(Function<String, Optional<String>> environment,
                      Function<String, Optional<String>> properties) {
    this.environment = environment;
    this.properties = properties;
  }

  /** The class-path resource of the JSON Schema, for editors and documentation. */
  public static String schemaResource() {
    return PolicySchema.RESOURCE;
  }

  /** Reads and validates the policy at {@code file}. */
  public Policy load(Path file) {
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (NoSuchFileException e) {
      throw new PolicyException(List.of(new SourceProblem(file.toString(), 0, 0, "",
          "no such file; create it (see docs/policy-reference.md) or point the build at it")));
    } catch (CharacterCodingException e) {
      throw new PolicyException(List.of(new SourceProblem(file.toString(), 0, 0, "",
          "is not UTF-8 text; save it as UTF-8")));
    } catch (IOException e) {
      throw new PolicyException(List.of(new SourceProblem(file.toString(), 0, 0, "",
          "could not be read: " + e.getMessage())));
    }
    return parse(text, file);
  }

  /**
   * Validates {@code text} as if read from {@code source}: messages name {@code source} and
   * relative paths resolve against its directory.
   */
  public Policy parse(String text, Path source) {
    String file = source.toString();
    LocatedYaml doc = LocatedYaml.parse(text, file);
    if (!doc.root().isObject()) {
      throw new PolicyException(List.of(doc.valueProblem("",
          "expected a mapping of policy sections, got " + PolicySchema.render(doc.root()))));
    }
    List<SourceProblem> problems = schema.validate(doc);
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    Mapper m = new Mapper(doc, source, text);
    Policy policy = m.policy();
    if (!m.problems.isEmpty()) {
      throw new PolicyException(m.problems);
    }
    return policy;
  }

  /** Maps a schema-valid tree to records, collecting what the schema cannot say. */
  private final class Mapper {
    private final LocatedYaml doc;
    private final Path source;
    private final String text;
    private final Path baseDir;
    private final List<SourceProblem> problems = new ArrayList<>();

    Mapper(LocatedYaml doc, Path source, String text) {
      this.doc = doc;
      this.source = source;
      this.text = text;
      Path abs = source.toAbsolutePath();
      this.baseDir = abs.getParent() == null ? abs : abs.getParent();
    }

    Policy policy() {
      JsonNode r = doc.root();
      boolean mainnet = r.path("mainnet").asBoolean(false);
      List<ClusterRef> clusters = clusters(r.path("clusters"));
      ProgramRef program = program(r.path("program"), mainnet);
      Optional<Governance> governance = r.has("governance")
          ? Optional.of(governance(r.get("governance"), mainnet)) : Optional.empty();
      List<ConfigRule> rules = new ArrayList<>();
      List<String> rulePointers = new ArrayList<>();
      JsonNode rs = r.path("rules");
      for (int i = 0; i < rs.size(); i++) {
        String ptr = "/rules/" + i;
        rule(rs.get(i), ptr).ifPresent(rule -> {
          rules.add(rule);
          rulePointers.add(ptr + "/id");
        });
      }
      if (r.has("presets")) {
        for (ConfigRule rule : presets(r.get("presets"))) {
          rules.add(rule);
          rulePointers.add("/presets/" + rule.preset().orElseThrow());
        }
      }
      checkUniqueRuleIds(rules, rulePointers);
      List<MintRef> mints = new ArrayList<>();
      JsonNode ms = r.path("mints");
      for (int i = 0; i < ms.size(); i++) {
        mints.add(mint(ms.get(i), "/mints/" + i));
      }
      Optional<Ops> ops = r.has("ops") ? Optional.of(ops(r.get("ops"))) : Optional.empty();
      Optional<EvidenceFiles> evidence = r.has("evidence")
          ? Optional.of(evidence(r.get("evidence"))) : Optional.empty();
      List<Attestation> attestations = attestations(r.path("attestations"));
      Map<String, Severity> severities = new LinkedHashMap<>();
      r.path("severities").fields().forEachRemaining(e ->
          severities.put(e.getKey(), Severity.parse(e.getValue().asText(), e.getKey())));
      Map<String, JsonNode> extensions = new LinkedHashMap<>();
      for (String section : List.of("fuzz", "report", "checks")) {
        if (r.has(section)) {
          extensions.put(section, r.get(section).deepCopy());
        }
      }
      JsonNode fuzz = r.path("fuzz");
      Map<String, String> invariantIds = new HashMap<>();
      List<AccountInvariantSpec> accountInvariants =
          accountInvariants(fuzz.path("invariants").path("accounts"), invariantIds);
      List<CallInvariantSpec> callInvariants =
          callInvariants(fuzz.path("invariants").path("calls"), invariantIds);
      return new Policy(source, r.path("project").asText(), mainnet, clusters, program, governance,
          rules, mints, ops, evidence, attestations, severities, extensions,
          bounds(fuzz.path("bounds")), accountInvariants, callInvariants);
    }

    // ---- clusters ----

    private List<ClusterRef> clusters(JsonNode list) {
      List<ClusterRef> out = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode c = list.get(i);
        String ptr = "/clusters/" + i;
        String name = c.path("name").asText();
        Integer prev = seen.putIfAbsent(name, i);
        if (prev != null) {
          problems.add(doc.valueProblem(ptr + "/name", "cluster name '" + name
              + "' is already used by clusters[" + prev + "]; give each cluster its own name"));
        }
        String url = interpolate(c.path("url").asText(), ptr + "/url");
        Optional<String> genesis = optionalText(c, "expectedGenesisHash");
        genesis.ifPresent(g -> checkBase58(g, ptr + "/expectedGenesisHash", "genesis hash"));
        out.add(new ClusterRef(name, url, c.path("kind").asText("custom"), genesis));
      }
      return out;
    }

    /**
     * Replaces {@code ${env:NAME}} (an environment variable) and {@code ${prop:NAME}} (a build
     * property) in {@code raw}; empty, with the problem recorded, when one cannot be replaced.
     */
    private Optional<String> placeholders(String raw, String ptr, String what) {
      Matcher m = PLACEHOLDER.matcher(raw);
      StringBuilder sb = new StringBuilder();
      boolean ok = true;
      while (m.find()) {
        Matcher env = ENV.matcher(m.group(1));
        String replacement = "";
        if (!env.matches()) {
          problems.add(doc.valueProblem(ptr, "unsupported placeholder '${" + m.group(1)
              + "}'; use ${env:NAME} (an environment variable) or ${prop:NAME} (a build property, "
              + "e.g. from the pom's <properties> or -DNAME=...)"));
          ok = false;
        } else {
          boolean isEnv = env.group(1).equals("env");
          String name = env.group(2);
          Optional<String> value = (isEnv ? environment : properties).apply(name).filter(v -> !v.isEmpty());
          if (value.isEmpty()) {
            problems.add(doc.valueProblem(ptr, isEnv
                ? "environment variable " + name + " is not set (the " + what + " reads ${env:" + name
                    + "}); export " + name + " before running, or write the "
                    + (what.equals("url") ? "URL" : what) + " without it"
                : "property " + name + " is not set (the " + what + " reads ${prop:" + name + "}); set it in "
                    + "the pom's <properties> or with -D" + name + "=..., or write the " + what + " without it"));
            ok = false;
          } else {
            replacement = value.get();
          }
        }
        m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(sb);
      return ok ? Optional.of(sb.toString()) : Optional.empty();
    }

    /** A file path with its placeholders replaced (the raw text when one is missing: reported). */
    private String pathText(String raw, String ptr) {
      return placeholders(raw, ptr, "path").orElse(raw);
    }

    private String interpolate(String raw, String ptr) {
      Optional<String> replaced = placeholders(raw, ptr, "url");
      boolean ok = replaced.isPresent();
      String url = replaced.orElse(raw);
      if (ok) {
        try {
          URI u = URI.create(url);
          String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
          if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            problems.add(doc.valueProblem(ptr, "expected an http(s) JSON-RPC URL such as "
                + "https://api.devnet.solana.com, got \"" + raw + "\""));
          }
        } catch (IllegalArgumentException e) {
          problems.add(doc.valueProblem(ptr, "expected an http(s) JSON-RPC URL, got \"" + raw
              + "\" (" + e.getMessage() + ")"));
        }
      }
      return url;
    }

    // ---- program ----

    private ProgramRef program(JsonNode p, boolean mainnet) {
      String id = p.path("id").asText();
      checkBase58(id, "/program/id", "program id");
      Optional<String> expectedHash = Optional.empty();
      Optional<Path> so = Optional.empty();
      if (p.has("binary")) {
        JsonNode b = p.get("binary");
        boolean hash = b.has("expectedHash");
        boolean file = b.has("so");
        if (hash == file) {
          problems.add(doc.problem("/program/binary", hash
              ? "give either 'expectedHash' or 'so', not both: the hash of a local .so is computed"
              : "expected 'expectedHash' (the verified build's SHA-256) or 'so' (a local .so)"));
        }
        expectedHash = optionalText(b, "expectedHash").map(s -> s.toLowerCase(Locale.ROOT));
        so = optionalText(b, "so").map(t -> pathText(t, "/program/binary/so")).map(this::resolve);
      }
      // an upgrade candidate: the upgrade diff runs every case and sequence on it too
      Optional<Path> candidate = optionalText(p, "candidate")
          .map(t -> pathText(t, "/program/candidate")).map(this::resolve);
      JsonNode tol = p.path("candidateTolerance");
      CandidateTolerance tolerance = new CandidateTolerance(
          tol.path("percent").asInt(CandidateTolerance.DEFAULT.percent()),
          tol.path("units").asLong(CandidateTolerance.DEFAULT.units()));
      return new ProgramRef(id, optionalText(p, "idl").map(t -> pathText(t, "/program/idl")).map(this::resolve),
          expectedHash, so,
          p.path("requireSecurityTxt").asBoolean(mainnet), candidate, tolerance);
    }

    // ---- governance ----

    private Governance governance(JsonNode g, boolean mainnet) {
      JsonNode ms = g.get("multisig");
      String address = ms.path("address").asText();
      checkBase58(address, "/governance/multisig/address", "multisig address");
      int threshold = g.path("minThreshold").asInt(defaultMinThreshold(mainnet));
      int members = g.path("minMembers").asInt(Math.max(DEFAULT_MIN_MEMBERS, threshold));
      if (g.has("minMembers") && members < threshold) {
        problems.add(doc.valueProblem("/governance/minMembers", "expected at least minThreshold ("
            + threshold + ") members, got " + members + ": a multisig cannot have fewer members "
            + "than signatures it requires"));
      }
      long timelock = g.has("minTimelock")
          ? duration(g.get("minTimelock"), "/governance/minTimelock") : defaultMinTimelock(mainnet);
      return new Governance(ms.path("kind").asText(), address, ms.path("vaultIndex").asInt(0),
          threshold, members, timelock, g.path("allowConfigAuthority").asBoolean(false));
    }

    private long duration(JsonNode n, String ptr) {
      if (n.isIntegralNumber()) {
        return n.asLong();
      }
      try {
        return Durations.parseSeconds(n.asText());
      } catch (IllegalArgumentException e) {
        problems.add(doc.valueProblem(ptr, e.getMessage()));
        return 0;
      }
    }

    // ---- rules ----

    private Optional<ConfigRule> rule(JsonNode r, String ptr) {
      String id = r.path("id").asText();
      AccountSelector account = selector(r.get("account"), ptr + "/account");
      boolean single = r.has("field") || r.has("op") || r.has("value") || r.has("values");
      int forms = (single ? 1 : 0) + (r.has("conditions") ? 1 : 0) + (r.has("expr") ? 1 : 0);
      if (forms > 1) {
        problems.add(doc.problem(ptr + (r.has("expr") ? "/expr" : "/conditions"), "give one of "
            + "'expr' (a CEL expression), field/op/value or 'conditions', not several"));
        return Optional.empty();
      }
      Optional<String> alias = optionalText(r, "as");
      String variable = alias.orElse(Policy.snakeCase(account.type()));
      Expression expr;
      List<String> fields = new ArrayList<>();
      if (r.has("expr")) {
        expr = expression(ptr + "/expr");
        fields.addAll(ConfigRule.fieldsRead(expr, variable));
      } else if (r.has("conditions")) {
        JsonNode cs = r.get("conditions");
        cs.forEach(c -> fields.add(c.path("field").asText()));
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
          condition(cs.get(i), ptr + "/conditions/" + i).ifPresent(conditions::add);
        }
        // An invalid condition is reported; the rule stays so that its id is still checked.
        expr = conditions.size() != cs.size() ? translated("false", ptr + "/conditions")
            : translated(LegacyConditions.bindAccount(LegacyConditions.all(conditions),
            variable), ptr + "/conditions");
      } else if (!r.has("field") || !r.has("op")) {
        problems.add(doc.problem(ptr, "rule '" + id + "' needs 'expr' (a CEL expression such as "
            + "'fee_bps <= 1000'), or 'field' and 'op' (and 'value' or 'values'), or a list of "
            + "'conditions'"));
        return Optional.empty();
      } else {
        fields.add(r.path("field").asText());
        Optional<String> c = condition(r, ptr);
        expr = translated(c.map(x -> LegacyConditions.bindAccount(x, variable)).orElse("false"),
            ptr + "/field");
      }
      problems.addAll(ExprSyntax.syntaxProblems(expr));
      Severity severity = r.has("severity")
          ? Severity.parse(r.get("severity").asText(), id) : Severity.MEDIUM;
      List<String> checklist = new ArrayList<>();
      r.path("checklist").forEach(n -> checklist.add(n.asText()));
      return Optional.of(new ConfigRule(id, account, expr, alias, fields,
          Optional.of(new ConfigRule.Own(r.path("title").asText(id), severity, checklist,
              optionalText(r, "remediation"))), Optional.empty(), Optional.empty()));
    }

    /** One condition of the older form, as CEL text. */
    private Optional<String> condition(JsonNode c, String ptr) {
      String op = c.path("op").asText();
      List<JsonNode> values = new ArrayList<>();
      boolean hasValue = c.has("value");
      boolean hasValues = c.has("values");
      if (hasValue && hasValues) {
        problems.add(doc.problem(ptr + "/values", "give either 'value' or 'values', not both"));
        return Optional.empty();
      }
      if (hasValue) {
        values.add(c.get("value"));
      }
      if (hasValues) {
        c.get("values").forEach(values::add);
      }
      String where = hasValues ? ptr + "/values" : hasValue ? ptr + "/value" : ptr + "/op";
      String countProblem = switch (op) {
        case "exists" -> values.isEmpty() ? null : "'exists' takes no value; remove it";
        case "between" -> values.size() == 2 ? null
            : "'between' takes two values, values: [low, high] (inclusive); got " + values.size();
        case "in" -> values.isEmpty() ? "'in' takes a list, values: [a, b, ...]" : null;
        default -> values.size() == 1 && hasValue ? null
            : "'" + op + "' takes one value, value: x";
      };
      if (countProblem != null) {
        problems.add(hasValue || hasValues ? doc.valueProblem(where, countProblem)
            : doc.problem(where, countProblem));
        return Optional.empty();
      }
      return Optional.of(LegacyConditions.condition(c.path("field").asText(), op, values));
    }

    /** The string at {@code ptr} as an expression, each character located in the file. */
    private Expression expression(String ptr) {
      String value = doc.root().at(ptr).asText();
      return new Expression(value, doc.file(), LocatedYaml.displayPath(ptr),
          SourceAlignment.marks(text, doc.valueMark(ptr), value));
    }

    /** An expression the loader wrote, located at the key it was written from. */
    private Expression translated(String cel, String ptr) {
      return Expression.translated(cel, doc.file(), LocatedYaml.displayPath(ptr), doc.mark(ptr));
    }

    private Policy.Where where(String ptr) {
      LocatedYaml.Mark m = doc.valueMark(ptr);
      return new Policy.Where(doc.file(), m.line(), m.column(), LocatedYaml.displayPath(ptr));
    }

    // ---- fuzz expressions ----

    private List<BoundSpec> bounds(JsonNode list) {
      List<BoundSpec> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode b = list.get(i);
        String ptr = "/fuzz/bounds/" + i;
        Optional<String> instruction = optionalText(b, "instruction");
        Optional<Policy.Where> at = instruction.map(x -> where(ptr + "/instruction"));
        boolean legacy = b.has("arg") || b.has("min") || b.has("max");
        if (b.has("expr") == legacy) {
          problems.add(doc.problem(ptr, b.has("expr")
              ? "give either 'expr' (a CEL expression over args) or arg/min/max, not both"
              : "expected 'expr' (a CEL expression over args, e.g. 'args.fee_bps <= 1000') or "
                  + "'arg' with 'min' and/or 'max'"));
          continue;
        }
        Expression expr;
        if (b.has("expr")) {
          expr = expression(ptr + "/expr");
        } else {
          if (!b.has("arg")) {
            problems.add(doc.problem(ptr, "a bound with 'min'/'max' needs 'arg' (the argument "
                + "path, e.g. update.fee_bps)"));
            continue;
          }
          Optional<java.math.BigInteger> min = boundNumber(b, "min", ptr);
          Optional<java.math.BigInteger> max = boundNumber(b, "max", ptr);
          expr = translated(LegacyConditions.bound(b.path("arg").asText(), min, max),
              ptr + "/arg");
        }
        problems.addAll(ExprSyntax.syntaxProblems(expr));
        out.add(new BoundSpec(instruction, at, expr, "fuzz.bounds[" + i + "]"));
      }
      return out;
    }

    private Optional<java.math.BigInteger> boundNumber(JsonNode b, String key, String ptr) {
      if (!b.has(key)) {
        return Optional.empty();
      }
      Optional<java.math.BigInteger> n = LegacyConditions.integer(b.get(key).asText());
      if (n.isEmpty()) {
        problems.add(doc.valueProblem(ptr + "/" + key, "expected an integer (decimal or 0x hex), "
            + "got \"" + b.get(key).asText() + "\""));
      } else if (n.get().bitLength() > 63) {
        problems.add(doc.valueProblem(ptr + "/" + key, "an integer constant of an expression is "
            + "signed 64-bit; " + n.get() + " is out of range: compare with a difference instead"));
        return Optional.empty();
      }
      return n;
    }

    private List<AccountInvariantSpec> accountInvariants(JsonNode list, Map<String, String> ids) {
      List<AccountInvariantSpec> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode n = list.get(i);
        String ptr = "/fuzz/invariants/accounts/" + i;
        String id = n.path("id").asText();
        uniqueInvariant(id, ptr, ids);
        Expression expr = expression(ptr + "/expr");
        problems.addAll(ExprSyntax.syntaxProblems(expr));
        out.add(new AccountInvariantSpec(id, n.path("account").asText(), where(ptr + "/account"),
            optionalText(n, "as"), expr, severity(n, id), optionalText(n, "title"),
            optionalText(n, "description"), optionalText(n, "remediation")));
      }
      return out;
    }

    private List<CallInvariantSpec> callInvariants(JsonNode list, Map<String, String> ids) {
      List<CallInvariantSpec> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode n = list.get(i);
        String ptr = "/fuzz/invariants/calls/" + i;
        String id = n.path("id").asText();
        uniqueInvariant(id, ptr, ids);
        Expression expr = expression(ptr + "/expr");
        problems.addAll(ExprSyntax.syntaxProblems(expr));
        Optional<String> instruction = optionalText(n, "instruction");
        out.add(new CallInvariantSpec(id, instruction,
            instruction.map(x -> where(ptr + "/instruction")), expr, severity(n, id),
            optionalText(n, "title"), optionalText(n, "description"),
            optionalText(n, "remediation")));
      }
      return out;
    }

    private void uniqueInvariant(String id, String ptr, Map<String, String> ids) {
      String prev = ids.putIfAbsent(id, ptr);
      if (prev != null) {
        problems.add(doc.valueProblem(ptr + "/id", "invariant id '" + id + "' is already used "
            + "by " + LocatedYaml.displayPath(prev) + "; invariant ids must be unique"));
      }
    }

    private Severity severity(JsonNode n, String id) {
      return n.has("severity") ? Severity.parse(n.get("severity").asText(), id) : Severity.HIGH;
    }

    private AccountSelector selector(JsonNode s, String ptr) {
      boolean address = s.has("address");
      boolean seeds = s.has("seeds");
      if (address == seeds) {
        problems.add(doc.problem(ptr, address
            ? "give either 'address' or 'seeds', not both"
            : "expected 'address' (a fixed account) or 'seeds' (a PDA of the program)"));
      }
      if (address && s.has("programId")) {
        problems.add(doc.problem(ptr + "/programId",
            "'programId' only applies to 'seeds' (the program the PDA is derived under)"));
      }
      optionalText(s, "address").ifPresent(a -> checkBase58(a, ptr + "/address", "address"));
      optionalText(s, "programId").ifPresent(a -> checkBase58(a, ptr + "/programId",
          "program id"));
      List<String> seedList = new ArrayList<>();
      JsonNode sl = s.path("seeds");
      for (int i = 0; i < sl.size(); i++) {
        String seed = sl.get(i).asText();
        seedList.add(seed);
        checkSeed(seed, ptr + "/seeds/" + i);
      }
      return new AccountSelector(optionalText(s, "address"), seedList,
          optionalText(s, "programId"), s.path("type").asText());
    }

    private void checkSeed(String seed, String ptr) {
      int colon = seed.indexOf(':');
      String kind = seed.substring(0, colon);
      String value = seed.substring(colon + 1);
      String problem = switch (kind) {
        case "string" -> value.getBytes(StandardCharsets.UTF_8).length > 32
            ? "a seed is at most 32 bytes" : null;
        case "pubkey" -> base58Problem(value, "public key").orElse(null);
        case "hex" -> value.matches("([0-9a-fA-F]{2}){0,32}") ? null
            : "expected an even number of hex digits, at most 32 bytes";
        default -> integerSeedProblem(kind, value);
      };
      if (problem != null) {
        problems.add(doc.valueProblem(ptr, problem + ", got \"" + seed + "\""));
      }
    }

    private String integerSeedProblem(String kind, String value) {
      try {
        long v = Long.parseLong(value);
        boolean ok = switch (kind) {
          case "u8" -> v >= 0 && v <= 0xFF;
          case "u16" -> v >= 0 && v <= 0xFFFF;
          case "u32" -> v >= 0 && v <= 0xFFFF_FFFFL;
          case "u64" -> v >= 0;
          default -> true;
        };
        return ok ? null : "value out of range for " + kind;
      } catch (NumberFormatException e) {
        if ("u64".equals(kind) && value.matches("\\d{1,20}")
            && new java.math.BigInteger(value).bitLength() <= 64) {
          return null;
        }
        return "expected a decimal integer for " + kind;
      }
    }

    // ---- presets ----

    private List<ConfigRule> presets(JsonNode presets) {
      List<ConfigRule> out = new ArrayList<>();
      if (presets.has(TokenSaleEscrowPreset.NAME)) {
        String ptr = "/presets/" + TokenSaleEscrowPreset.NAME;
        JsonNode p = presets.get(TokenSaleEscrowPreset.NAME);
        AccountSelector main = selector(p.get("account"), ptr + "/account");
        Map<String, AccountSelector> roleAccounts = new HashMap<>();
        for (String role : TokenSaleEscrowPreset.ROLES) {
          if (p.path(role).has("account")) {
            roleAccounts.put(role, selector(p.get(role).get("account"), ptr + "/" + role
                + "/account"));
          }
        }
        JsonNode admin = p.path("adminSet");
        if (admin.isObject() && admin.has("admins") == admin.has("count")) {
          problems.add(doc.problem(ptr + "/adminSet", admin.has("admins")
              ? "give either 'admins' (a list field) or 'count' (a count field), not both"
              : "expected 'admins' (the list of admins) or 'count' (a field holding their number)"));
        }
        long floor = p.path("duration").has("floor")
            ? duration(p.get("duration").get("floor"), ptr + "/duration/floor")
            : TokenSaleEscrowPreset.MIN_DURATION;
        long ceiling = p.path("duration").has("ceiling")
            ? duration(p.get("duration").get("ceiling"), ptr + "/duration/ceiling")
            : TokenSaleEscrowPreset.MAX_DURATION;
        if (floor > ceiling) {
          problems.add(doc.problem(ptr + "/duration", "floor (" + Durations.format(floor)
              + ") is above ceiling (" + Durations.format(ceiling) + ")"));
        }
        out.addAll(TokenSaleEscrowPreset.expand(p, main, roleAccounts, floor, ceiling,
            (cel, at) -> {
              Expression e = translated(cel, at);
              problems.addAll(ExprSyntax.syntaxProblems(e));
              return e;
            }));
      }
      return out;
    }

    private void checkUniqueRuleIds(List<ConfigRule> rules, List<String> pointers) {
      Map<String, ConfigRule> seen = new HashMap<>();
      for (int i = 0; i < rules.size(); i++) {
        ConfigRule r = rules.get(i);
        ConfigRule prev = seen.putIfAbsent(r.id(), r);
        if (prev != null) {
          String what = prev.preset().isPresent() || r.preset().isPresent()
              ? "is also produced by preset '" + prev.preset().or(r::preset).orElseThrow()
                  + "'; rename the rule"
              : "is used twice; rule ids must be unique";
          String message = "rule id '" + r.id() + "' " + what;
          String ptr = pointers.get(i);
          problems.add(r.preset().isPresent() ? doc.problem(ptr, message)
              : doc.valueProblem(ptr, message));
        }
      }
    }

    // ---- mints, ops, evidence, attestations ----

    private MintRef mint(JsonNode m, String ptr) {
      String address = m.path("address").asText();
      checkBase58(address, ptr + "/address", "mint address");
      List<String> allowed = new ArrayList<>();
      JsonNode a = m.path("allowedAuthorities");
      for (int i = 0; i < a.size(); i++) {
        allowed.add(a.get(i).asText());
        checkBase58(a.get(i).asText(), ptr + "/allowedAuthorities/" + i, "authority");
      }
      return new MintRef(address, m.path("role").asText("mint"), allowed);
    }

    private Ops ops(JsonNode o) {
      long fee = DEFAULT_MAX_AVERAGE_FEE;
      if (o.has("maxAverageFee")) {
        JsonNode f = o.get("maxAverageFee");
        if (f.isIntegralNumber()) {
          fee = f.asLong();
        } else {
          try {
            fee = Lamports.parse(f.asText());
          } catch (IllegalArgumentException e) {
            problems.add(doc.valueProblem("/ops/maxAverageFee", e.getMessage()));
          }
        }
      }
      Map<String, Long> budget = new LinkedHashMap<>();
      o.path("computeBudget").fields().forEachRemaining(e ->
          budget.put(e.getKey(), e.getValue().asLong()));
      return new Ops(o.path("transactions").asInt(DEFAULT_TRANSACTIONS),
          o.path("maxFailureRate").asDouble(DEFAULT_MAX_FAILURE_RATE), fee, budget);
    }

    private EvidenceFiles evidence(JsonNode e) {
      JsonNode cov = e.path("coverage");
      Optional<Path> report = optionalText(cov, "report").map(this::resolve);
      double min = cov.path("minimum").asDouble(DEFAULT_MIN_COVERAGE);
      Map<String, Path> documents = new LinkedHashMap<>();
      e.path("documents").fields().forEachRemaining(d ->
          documents.put(d.getKey(), resolve(d.getValue().asText())));
      return new EvidenceFiles(report, min, documents);
    }

    private List<Attestation> attestations(JsonNode list) {
      List<Attestation> out = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode a = list.get(i);
        String ptr = "/attestations/" + i;
        String item = a.path("item").asText();
        Integer prev = seen.putIfAbsent(item, i);
        if (prev != null) {
          problems.add(doc.valueProblem(ptr + "/item", "item '" + item
              + "' is already attested by attestations[" + prev + "]; keep one attestation per item"));
        }
        LocalDate date = LocalDate.EPOCH;
        try {
          date = LocalDate.parse(a.path("date").asText());
        } catch (DateTimeParseException e) {
          problems.add(doc.valueProblem(ptr + "/date", "expected a real calendar date like "
              + "2026-01-31, got \"" + a.path("date").asText() + "\""));
        }
        String declared = a.path("evidence").asText();
        out.add(new Attestation(item, resolve(declared),
            a.path("sha256").asText().toLowerCase(Locale.ROOT), a.path("by").asText(), date,
            declared));
      }
      return out;
    }

    // ---- helpers ----

    private Path resolve(String p) {
      return baseDir.resolve(p).normalize();
    }

    private void checkBase58(String value, String ptr, String what) {
      base58Problem(value, what).ifPresent(p -> problems.add(doc.valueProblem(ptr, p)));
    }

    private Optional<String> base58Problem(String value, String what) {
      if (!Base58.isBase58(value)) {
        return Optional.of("expected a base58 " + what + ", got \"" + value
            + "\" (base58 has no 0, O, I or l)");
      }
      try {
        int n = Base58.decode(value).length;
        return n == 32 ? Optional.empty() : Optional.of("expected a base58 " + what
            + " of 32 bytes, got \"" + value + "\", which decodes to " + n + " bytes");
      } catch (RuntimeException e) {
        return Optional.of("expected a base58 " + what + ", got \"" + value + "\"");
      }
    }
  }

  private static Optional<String> optionalText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
