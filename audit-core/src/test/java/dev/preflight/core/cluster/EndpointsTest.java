package dev.preflight.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class EndpointsTest {

  @Test
  void removesQueryUserInfoAndTokenLikePathSegments() {
    assertEquals("https://mainnet.helius-rpc.com/",
        Endpoints.redact("https://mainnet.helius-rpc.com/?api-key=0123-secret-4567"));
    assertEquals("https://rpc.example.com/v1",
        Endpoints.redact("https://alice:hunter2@rpc.example.com/v1?token=abc#frag"));
    assertEquals("https://x.solana-mainnet.quiknode.pro/***/",
        Endpoints.redact("https://x.solana-mainnet.quiknode.pro/9f8e7d6c5b4a39281716151413121110/"));
    assertEquals("http://127.0.0.1:8899", Endpoints.redact("http://127.0.0.1:8899"));
  }

  @Test
  void redactedUrlNeverContainsTheSecret() {
    String secret = "s3cr3t-k3y-value-0000";
    for (String url : new String[] {
        "https://h.example/?api-key=" + secret,
        "https://" + secret + "@h.example/",
        "https://u:" + secret + "@h.example/",
        "https://h.example/" + secret,
        "https://h.example/rpc/" + secret + "/x"}) {
      assertFalse(Endpoints.redact(url).contains(secret), url);
    }
  }

  @Test
  void loopbackDetection() {
    assertTrue(Endpoints.isLoopback(URI.create("http://127.0.0.1:8899")));
    assertTrue(Endpoints.isLoopback(URI.create("http://localhost:1")));
    assertTrue(Endpoints.isLoopback(URI.create("http://[::1]:8899")));
    assertTrue(Endpoints.isLoopback(URI.create("http://127.5.6.7")));
    assertFalse(Endpoints.isLoopback(URI.create("https://api.mainnet-beta.solana.com")));
    assertFalse(Endpoints.isLoopback(URI.create("http://127.0.0.1.example.com")));
    assertFalse(Endpoints.isLoopback(URI.create("http://10.0.0.1:8899")));
  }
}
