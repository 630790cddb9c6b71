package dev.preflight.core.fuzz;

import dev.preflight.core.PreflightException;
import dev.preflight.core.chain.ProgramHash;
import dev.preflight.core.exec.AccountState;
import dev.preflight.core.exec.RpcValidator;
import dev.preflight.core.exec.SendGuard;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import software.sava.core.accounts.PublicKey;

/**
 * Fork mode: copies a program and the accounts a campaign needs from a source cluster (read only,
 * any cluster) into a validator on this machine, so the campaign and its stateful parts run on
 * the deployed binary and real state without touching the source. An upgradeable program is
 * copied as the loader stores it (ProgramData first, then the Program account, which makes the
 * validator compile it).
 */
public final class Fork {
  static final PublicKey UPGRADEABLE_LOADER = PublicKey.fromBase58Encoded("BPFLoaderUpgradeab1e11111111111111111111111");

  /** What was copied: the program hash (solana-verify rule) and the accounts written. */
  public record Result(String programHash, List<PublicKey> copied, List<PublicKey> missing) {
    public Result {
      copied = List.copyOf(copied);
      missing = List.copyOf(missing);
    }
  }

  private Fork() {}

  public static Result cloneInto(RpcValidator source, RpcValidator target, PublicKey programId,
                                 List<PublicKey> accounts) {
    SendGuard.requireLoopback(target.endpoint(), "fork accounts into");
    AccountState program = source.account(programId).orElseThrow(() -> new PreflightException(
        "program " + programId.toBase58() + " does not exist on " + source.endpoint().getHost()
            + "; check the program id and the source cluster"));
    List<PublicKey> copied = new ArrayList<>();
    String hash;
    if (program.owner().equals(UPGRADEABLE_LOADER)) {
      PublicKey programData = PublicKey.readPubKey(program.data(), 4);
      AccountState pd = source.account(programData).orElseThrow(() -> new PreflightException(
          "ProgramData " + programData.toBase58() + " of " + programId.toBase58() + " is missing on "
              + source.endpoint().getHost() + "; the program was closed"));
      write(target, pd);
      copied.add(programData);
      hash = ProgramHash.ofProgramDataAccount(pd.data());
    } else {
      hash = ProgramHash.ofLegacyProgramAccount(program.data());
    }
    write(target, program);
    copied.add(programId);
    List<PublicKey> rest = new ArrayList<>(new LinkedHashSet<>(accounts));
    rest.remove(programId);
    List<PublicKey> missing = new ArrayList<>();
    List<Optional<AccountState>> states = source.accounts(rest);
    for (int i = 0; i < rest.size(); i++) {
      if (states.get(i).isPresent()) {
        AccountState a = states.get(i).get();
        if (a.executable()) {
          continue; // builtin and loader programs exist on the target already
        }
        write(target, a);
        copied.add(a.address());
      } else {
        missing.add(rest.get(i));
      }
    }
    return new Result(hash, copied, missing);
  }

  private static void write(RpcValidator target, AccountState a) {
    target.setAccount(a.address(), a.lamports(), a.data(), a.owner(), a.executable());
  }
}
