package dev.preflight.core.fuzz;

import dev.preflight.core.exec.SimulationRequest;
import dev.preflight.core.idl.Idl;
import dev.preflight.core.idl.IdlValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.sava.core.accounts.PublicKey;
import software.sava.core.accounts.meta.AccountMeta;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.Transaction;

/** Turns a case into the exact call (data, account metas) and an unsigned transaction. */
public final class CaseRunner {

  /** The call a case makes. */
  public record Call(String instruction, IdlValue.StructValue args, byte[] data,
                     List<CallTemplate.Account> accounts) {}

  private final Idl idl;
  private final PublicKey programId;
  private final PublicKey feePayer;
  private final List<CallTemplate> templates;
  private final Set<PublicKey> extraWatch;

  public CaseRunner(Idl idl, PublicKey programId, PublicKey feePayer, List<CallTemplate> templates,
                    Set<PublicKey> extraWatch) {
    this.idl = idl;
    this.programId = programId;
    this.feePayer = feePayer;
    this.templates = List.copyOf(templates);
    this.extraWatch = Set.copyOf(extraWatch);
  }

  public CallTemplate template(FuzzCase c) {
    return templates.get(c.template());
  }

  public Idl idl() {
    return idl;
  }

  public PublicKey programId() {
    return programId;
  }

  public PublicKey feePayer() {
    return feePayer;
  }

  public Call call(FuzzCase c) {
    CallTemplate t = template(c);
    IdlValue.StructValue.Builder b = IdlValue.StructValue.builder();
    for (IdlValue.Field f : t.args().fields()) {
      IdlValue v = f.value();
      for (Mutation m : c.mutations()) {
        if (m instanceof Mutation.SetArg s && s.arg().equals(f.name())) {
          v = s.value();
        }
      }
      b.put(f.name(), v);
    }
    IdlValue.StructValue args = b.build();
    List<CallTemplate.Account> accs = new ArrayList<>(t.accounts());
    List<Integer> removed = new ArrayList<>();
    for (Mutation m : c.mutations()) {
      switch (m) {
        case Mutation.SetArg s -> { }
        case Mutation.DropSigner d -> {
          CallTemplate.Account a = accs.get(d.index());
          accs.set(d.index(), new CallTemplate.Account(a.name(), a.key(), false, a.writable(), a.remaining()));
        }
        case Mutation.ReplaceSigner r -> {
          CallTemplate.Account a = accs.get(r.index());
          accs.set(r.index(), new CallTemplate.Account(a.name(), r.stranger(), true, a.writable(), a.remaining()));
        }
        case Mutation.RemoveAccount r -> removed.add(r.index());
        case Mutation.Substitute s -> {
          CallTemplate.Account a = accs.get(s.index());
          accs.set(s.index(), new CallTemplate.Account(a.name(), s.replacement(), a.signer(), a.writable(), a.remaining()));
        }
        case Mutation.Swap s -> {
          CallTemplate.Account a = accs.get(s.index());
          accs.set(s.index(), new CallTemplate.Account(a.name(), s.replacement(), a.signer(), a.writable(), a.remaining()));
        }
        case Mutation.DuplicateSigner d -> {
          CallTemplate.Account a = accs.get(d.index());
          accs.set(d.index(), new CallTemplate.Account(a.name(), t.accounts().get(d.source()).key(),
              a.signer(), a.writable(), a.remaining()));
        }
        case Mutation.Duplicate d -> {
          CallTemplate.Account a = accs.get(d.target());
          accs.set(d.target(), new CallTemplate.Account(a.name(), t.accounts().get(d.index()).key(),
              a.signer(), a.writable(), a.remaining()));
        }
      }
    }
    removed.sort(java.util.Comparator.reverseOrder());
    for (int i : removed) {
      accs.remove(i);
    }
    byte[] data = idl.encodeInstruction(idl.instruction(t.instruction()).orElseThrow(), args);
    return new Call(t.instruction(), args, data, accs);
  }

  public byte[] transaction(Call call) {
    List<AccountMeta> metas = new ArrayList<>();
    for (CallTemplate.Account a : call.accounts()) {
      metas.add(a.signer() ? (a.writable() ? AccountMeta.createWritableSigner(a.key())
          : AccountMeta.createReadOnlySigner(a.key()))
          : (a.writable() ? AccountMeta.createWrite(a.key()) : AccountMeta.createRead(a.key())));
    }
    Instruction ix = Instruction.createInstruction(programId, metas, call.data());
    Transaction tx = Transaction.createTx(AccountMeta.createFeePayer(feePayer), List.of(ix));
    tx.setRecentBlockHash(new byte[32]);
    return tx.serialized();
  }

  /** Accounts whose post-state the oracles compare: the writable ones, and the extra ones. */
  public List<PublicKey> watch(Call call) {
    Set<PublicKey> w = new LinkedHashSet<>();
    for (CallTemplate.Account a : call.accounts()) {
      if (a.writable() && !a.key().equals(feePayer)) {
        w.add(a.key());
      }
    }
    w.addAll(extraWatch);
    return List.copyOf(w);
  }

  public SimulationRequest request(FuzzCase c) {
    Call call = call(c);
    return new SimulationRequest(transaction(call), watch(call));
  }
}
