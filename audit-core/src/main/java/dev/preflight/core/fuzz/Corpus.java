package dev.preflight.core.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlField;
import dev.preflight.core.idl.IdlInstruction;
import dev.preflight.core.idl.IdlValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.sava.core.accounts.PublicKey;

/**
 * Failing cases saved under {@code <dir>/<program hash>/}, one JSON file each, replayed first on
 * the next run of the same binary. A case is stored by template instruction and mutations, so it
 * survives a reordering of the scenario.
 */
public final class Corpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public Corpus(Path root, String programHash) {
    this.dir = root.resolve(programHash);
  }

  public Path directory() {
    return dir;
  }

  public void save(Finding f, List<CallTemplate> templates) {
    ObjectNode n = JSON.createObjectNode();
    n.put("checkId", f.checkId());
    n.put("instruction", templates.get(f.fuzzCase().template()).instruction());
    n.put("template", f.fuzzCase().template());
    n.put("reason", f.reason());
    mutations(n.putArray("mutations"), f.fuzzCase().mutations());
    write(f.checkId(), n);
  }

  /**
   * Saves a sequence finding: its actions (calls by template instruction and mutations, clock
   * moves, transfers), replayed from the saved world on the next run of the same binary.
   */
  void saveSequence(StatefulCampaign.SequenceFinding f, List<CallTemplate> templates) {
    ObjectNode n = JSON.createObjectNode();
    n.put("checkId", f.checkId());
    n.put("kind", "sequence");
    n.put("reason", f.reason());
    ArrayNode steps = n.putArray("steps");
    for (Action a : f.actions()) {
      ObjectNode o = steps.addObject();
      switch (a) {
        case Action.Call c -> {
          o.put("instruction", templates.get(c.fuzzCase().template()).instruction());
          o.put("template", c.fuzzCase().template());
          mutations(o.putArray("mutations"), c.fuzzCase().mutations());
        }
        case Action.Warp w -> o.put("clock", w.unixTimestamp()).put("why", w.why());
        case Action.Prefund p -> o.put("prefund", p.address().toBase58()).put("account", p.account())
            .put("lamports", p.lamports());
      }
    }
    write(f.checkId(), n);
  }

  /**
   * Saves a case under {@code label} (a coverage corpus keeps the cases that reached new code,
   * labelled {@code coverage}); the file name is a hash of the content, so a case is kept once.
   */
  void saveCase(String label, FuzzCase c, List<CallTemplate> templates) {
    ObjectNode n = JSON.createObjectNode();
    n.put("checkId", label);
    n.put("instruction", templates.get(c.template()).instruction());
    n.put("template", c.template());
    mutations(n.putArray("mutations"), c.mutations());
    write(label, n);
  }

  /** Saves a sequence's actions under {@code label}, as {@link #saveSequence} does a finding's. */
  void saveActions(String label, List<Action> actions, List<CallTemplate> templates) {
    saveSequence(new StatefulCampaign.SequenceFinding(label, "", -1, actions, List.of(), 0), templates);
  }

  /** A saved sequence: the check it broke and its actions. */
  record SavedSequence(String checkId, List<Action> actions) {}

  /** Saved sequences whose calls still fit the templates. */
  List<SavedSequence> loadSequences(List<CallTemplate> templates, Idl idl) {
    List<SavedSequence> out = new ArrayList<>();
    for (JsonNode n : files()) {
      if (!"sequence".equals(n.path("kind").asText())) {
        continue;
      }
      try {
        List<Action> actions = new ArrayList<>();
        for (JsonNode o : n.path("steps")) {
          if (o.has("clock")) {
            actions.add(new Action.Warp(o.path("clock").asLong(), o.path("why").asText("saved")));
          } else if (o.has("prefund")) {
            actions.add(new Action.Prefund(PublicKey.fromBase58Encoded(o.path("prefund").asText()),
                o.path("account").asText(), o.path("lamports").asLong()));
          } else {
            Optional<FuzzCase> c = fuzzCase(o, templates, idl);
            if (c.isEmpty()) {
              throw new IllegalArgumentException("no template for " + o.path("instruction"));
            }
            actions.add(new Action.Call(c.get()));
          }
        }
        out.add(new SavedSequence(n.path("checkId").asText(), actions));
      } catch (RuntimeException e) {
        // a sequence that no longer fits the scenario is passed over
      }
    }
    return out;
  }

  private static void mutations(ArrayNode ms, List<Mutation> list) {
    for (Mutation m : list) {
      ObjectNode o = ms.addObject();
      o.put("type", m.getClass().getSimpleName());
      switch (m) {
        case Mutation.SetArg s -> o.put("arg", s.arg()).set("value", s.value().toJson());
        case Mutation.DropSigner d -> o.put("index", d.index()).put("account", d.account());
        case Mutation.ReplaceSigner r -> o.put("index", r.index()).put("account", r.account())
            .put("stranger", r.stranger().toBase58());
        case Mutation.RemoveAccount r -> o.put("index", r.index()).put("account", r.account());
        case Mutation.Substitute s -> o.put("index", s.index()).put("account", s.account())
            .put("kind", s.kind()).put("replacement", s.replacement().toBase58());
        case Mutation.Duplicate d -> o.put("index", d.index()).put("account", d.account())
            .put("target", d.target()).put("targetAccount", d.targetAccount());
        case Mutation.Swap s -> o.put("index", s.index()).put("account", s.account())
            .put("kind", s.type()).put("replacement", s.replacement().toBase58());
        case Mutation.DuplicateSigner d -> o.put("index", d.index()).put("account", d.account())
            .put("target", d.source()).put("targetAccount", d.sourceAccount());
      }
    }
  }

  private void write(String checkId, ObjectNode n) {
    try {
      Files.createDirectories(dir);
      String name = checkId + "-" + Integer.toHexString(n.toString().hashCode()) + ".json";
      Files.writeString(dir.resolve(name), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the fuzz corpus under " + dir, e);
    }
  }

  /** Saved cases that still fit the templates (same instruction at a template index). */
  public List<FuzzCase> load(List<CallTemplate> templates, Idl idl) {
    List<FuzzCase> out = new ArrayList<>();
    for (JsonNode n : files()) {
      if (!"sequence".equals(n.path("kind").asText())) {
        fuzzCase(n, templates, idl).ifPresent(out::add);
      }
    }
    return out;
  }

  /** Every readable JSON file of the corpus, in name order. */
  private List<JsonNode> files() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
        try {
          out.add(JSON.readTree(Files.readString(p)));
        } catch (IOException e) {
          // an unreadable file is passed over
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fuzz corpus under " + dir, e);
    }
    return out;
  }

  /** A case (a template by instruction, its mutations) that still fits the templates. */
  private static Optional<FuzzCase> fuzzCase(JsonNode n, List<CallTemplate> templates, Idl idl) {
    try {
      String instruction = n.path("instruction").asText();
      int t = n.path("template").asInt(-1);
      if (t < 0 || t >= templates.size() || !templates.get(t).instruction().equals(instruction)) {
        t = -1;
        for (int i = 0; i < templates.size(); i++) {
          if (templates.get(i).instruction().equals(instruction)) {
            t = i;
            break;
          }
        }
      }
      if (t < 0) {
        return Optional.empty();
      }
      IdlInstruction ix = idl.instruction(instruction).orElseThrow();
      List<Mutation> ms = new ArrayList<>();
      for (JsonNode m : n.path("mutations")) {
        ms.add(switch (m.path("type").asText()) {
          case "SetArg" -> {
            IdlField f = ix.args().stream().filter(a -> a.name().equals(m.path("arg").asText()))
                .findFirst().orElseThrow();
            yield new Mutation.SetArg(f.name(), IdlValue.fromJson(m.get("value"), f.type(), idl));
          }
          case "DropSigner" -> new Mutation.DropSigner(m.path("index").asInt(), m.path("account").asText());
          case "ReplaceSigner" -> new Mutation.ReplaceSigner(m.path("index").asInt(),
              m.path("account").asText(), PublicKey.fromBase58Encoded(m.path("stranger").asText()));
          case "RemoveAccount" -> new Mutation.RemoveAccount(m.path("index").asInt(), m.path("account").asText());
          case "Substitute" -> new Mutation.Substitute(m.path("index").asInt(), m.path("account").asText(),
              m.path("kind").asText(), PublicKey.fromBase58Encoded(m.path("replacement").asText()));
          case "Duplicate" -> new Mutation.Duplicate(m.path("index").asInt(), m.path("account").asText(),
              m.path("target").asInt(), m.path("targetAccount").asText());
          case "Swap" -> new Mutation.Swap(m.path("index").asInt(), m.path("account").asText(),
              m.path("kind").asText(), PublicKey.fromBase58Encoded(m.path("replacement").asText()));
          case "DuplicateSigner" -> new Mutation.DuplicateSigner(m.path("index").asInt(),
              m.path("account").asText(), m.path("target").asInt(), m.path("targetAccount").asText());
          default -> throw new IllegalArgumentException("unknown mutation " + m.path("type"));
        });
      }
      int size = templates.get(t).accounts().size();
      boolean fits = ms.stream().allMatch(m -> CaseGenerator.index(m) < size);
      return fits ? Optional.of(new FuzzCase(t, ms)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
