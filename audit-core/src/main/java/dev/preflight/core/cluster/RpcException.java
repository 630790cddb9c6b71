package dev.preflight.core.cluster;

import dev.preflight.core.PreflightException;

/** An RPC call that failed after its retries; the message names the method and the endpoint. */
public final class RpcException extends PreflightException {
  private final String method;

  public RpcException(String method, String endpoint, String reason, Throwable cause) {
    super("RPC " + method + " to " + endpoint + " failed: " + reason
        + ". Check that the endpoint is reachable and healthy, or use another RPC URL.", cause);
    this.method = method;
  }

  public String method() {
    return method;
  }
}
