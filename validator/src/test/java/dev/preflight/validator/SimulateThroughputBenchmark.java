package dev.preflight.validator;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.sava.core.accounts.Signer;
import software.sava.core.tx.Transaction;

/**
 * Prints simulateTransaction calls per second over HTTP (not a test: figures, no assertions).
 * Sends the request a fuzzer sends: an unsigned System transfer, base64, sigVerify false,
 * replaceRecentBlockhash true, over keep-alive connections, from 1 and from N client threads.
 *
 * <pre>
 * ./mvnw -q -pl validator test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp validator/target/test-classes:validator/target/classes:$(cat validator/target/cp.txt) \
 *     dev.preflight.validator.SimulateThroughputBenchmark [seconds] [threads]
 * </pre>
 */
public final class SimulateThroughputBenchmark {

  private SimulateThroughputBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    try (var validator = EmbeddedValidator.builder().slotTime(Duration.ofMillis(400)).start()) {
      var solana = new LocalChain(validator.rpcUri());
      Signer payer = solana.fundedSigner(10_000_000_000L);
      var tx = Transaction.createTx(payer.publicKey(), List.of(LocalChain.transfer(payer.publicKey(), LocalChain.newSigner().publicKey(), 5_000_000)));
      String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"simulateTransaction\",\"params\":[\"" + tx.base64EncodeToString()
          + "\",{\"encoding\":\"base64\",\"sigVerify\":false,\"replaceRecentBlockhash\":true}]}";

      // sava's own client, sequential: what one fuzzer thread sees end to end.
      long pid = validator.pid();
      run("sava SolanaRpcClient, 1 thread", seconds, 1, pid, 1, () -> {
        var sim = solana.rpc.simulateTransaction(tx.base64EncodeToString(), true, false).join();
        if (sim.error() != null) {
          throw new IllegalStateException("simulation failed: " + sim.error());
        }
      });
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var request = HttpRequest.newBuilder(validator.rpcUri()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      Runnable raw = () -> {
        try {
          String response = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
          if (!response.contains("\"err\":null")) {
            throw new IllegalStateException(response);
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      };
      run("java.net.http, 1 thread", seconds, 1, pid, 1, raw);
      run("java.net.http, " + threads + " threads", seconds, threads, pid, 1, raw);

      // JSON-RPC batches: one HTTP round trip carries many simulations.
      int batch = 50;
      var batchBody = new StringBuilder("[");
      for (int i = 0; i < batch; i++) {
        batchBody.append(i == 0 ? "" : ",").append(body.replace("\"id\":1", "\"id\":" + i));
      }
      var batchRequest = HttpRequest.newBuilder(validator.rpcUri()).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(batchBody.append(']').toString())).build();
      run("java.net.http, 1 thread, batches of " + batch, seconds, 1, pid, batch, () -> {
        try {
          String response = http.send(batchRequest, HttpResponse.BodyHandlers.ofString()).body();
          if (response.split("\"err\":null", -1).length != batch + 1) {
            throw new IllegalStateException(response.substring(0, Math.min(300, response.length())));
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });

    }
  }

  /** Runs {@code call} in a loop on each thread; each call performs {@code perCall} simulations. */
  private static void run(String label, int seconds, int threads, long serverPid, int perCall, Runnable call)
      throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      call.run(); // warm-up: JIT on both sides, connections open
    }
    var count = new AtomicLong();
    long cpuBefore = cpuTicks(serverPid);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    var workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = Thread.ofPlatform().start(() -> {
        while (System.nanoTime() < end) {
          call.run();
          count.incrementAndGet();
        }
      });
    }
    for (Thread w : workers) {
      w.join();
    }
    long cpuAfter = cpuTicks(serverPid);
    String serverCost = cpuBefore < 0 || cpuAfter < 0 ? ""
        : String.format("   server CPU %5.0f us/simulation", (cpuAfter - cpuBefore) * 10_000.0 / (count.get() * perCall)); // 100 ticks/s
    System.out.printf("%-40s %8.0f simulateTransaction/s%s%n", label, count.get() * perCall / (double) seconds, serverCost);
  }

  /** utime + stime of a process in clock ticks (Linux /proc; -1 elsewhere). */
  private static long cpuTicks(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }
}
