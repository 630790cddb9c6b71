package dev.preflight.core.snapshot;

import dev.preflight.core.cluster.ClusterClient;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;
import software.sava.core.tx.Instruction;
import software.sava.core.tx.TransactionSkeleton;
import software.sava.rpc.json.http.response.AccountInfo;
import software.sava.rpc.json.http.response.Tx;
import software.sava.rpc.json.http.response.TxSig;

/** Reads a live cluster through {@link ClusterClient}. */
public final class RpcAccountSource implements AccountSource {
  private final ClusterClient client;

  public RpcAccountSource(ClusterClient client) {
    this.client = client;
  }

  @Override
  public String url() {
    return client.redactedEndpoint();
  }

  @Override
  public String genesisHash() {
    return client.genesisHash();
  }

  @Override
  public long slot() {
    return client.slot();
  }

  @Override
  public List<Lookup> fetch(List<PublicKey> keys, long minContextSlot) {
    client.stats().accountRound();
    List<Lookup> out = new ArrayList<>(keys.size());
    for (ClusterClient.Fetched f : client.getMultipleAccounts(keys, minContextSlot)) {
      if (f.info().isEmpty()) {
        out.add(new Lookup.Absent(f.key(), minContextSlot));
        continue;
      }
      AccountInfo<byte[]> info = f.info().get();
      byte[] data = info.data() == null ? new byte[0] : info.data();
      out.add(new Lookup.Present(new AccountRecord(f.key(), info.lamports(), info.owner(),
          info.executable(), info.rentEpoch(), data, info.context().slot())));
    }
    return out;
  }

  @Override
  public List<TxRecord> transactions(PublicKey program, int limit) {
    List<TxRecord> out = new ArrayList<>();
    for (TxSig sig : client.signaturesForAddress(program, limit)) {
      Optional<Tx> tx = client.transaction(sig.signature());
      if (tx.isEmpty()) {
        continue;
      }
      Tx t = tx.get();
      List<String> ixs = new ArrayList<>();
      if (t.data() != null && t.data().length > 0) {
        TransactionSkeleton skeleton = TransactionSkeleton.deserializeSkeleton(t.data());
        for (Instruction ix : skeleton.parseInstructionsWithoutTableAccounts()) {
          if (ix.programId().publicKey().equals(program)) {
            ixs.add(HexFormat.of().formatHex(ix.data(), ix.offset(), ix.offset() + ix.len()));
          }
        }
      }
      Optional<String> err = t.meta() == null || t.meta().error() == null
          ? Optional.ofNullable(sig.transactionError()).map(Object::toString)
          : Optional.of(t.meta().error().toString());
      long fee = t.meta() == null ? 0 : t.meta().fee();
      long cu = t.meta() == null ? 0 : t.meta().computeUnitsConsumed();
      out.add(new TxRecord(sig.signature(), sig.slot(), sig.blockTime(), err, fee, cu, ixs));
    }
    return out;
  }
}
