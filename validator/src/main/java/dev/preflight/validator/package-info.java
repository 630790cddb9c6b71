/**
 * The embedded local validator: starts the Node.js JSON-RPC server that runs LiteSVM (shipped in
 * this jar or found in the source tree), waits until it listens on 127.0.0.1, and stops it with
 * its child processes. {@link dev.preflight.validator.EmbeddedValidator} is the launcher,
 * {@link dev.preflight.validator.ValidatorExtension} and
 * {@link dev.preflight.validator.EmbeddedSolana} give JUnit 5 tests a running validator.
 */
package dev.preflight.validator;
