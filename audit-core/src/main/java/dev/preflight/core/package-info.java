/**
 * Preflight's core library. This package holds only what every other core package shares: the root
 * of the exception family ({@link dev.preflight.core.PreflightException}). Each concept lives in its
 * own sub-package ({@code idl}, {@code chain}, ...).
 */
package dev.preflight.core;
