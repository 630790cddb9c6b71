/**
 * The shared vocabulary at the bottom of the layers: {@link dev.preflight.core.vocabulary.Severity},
 * {@link dev.preflight.core.vocabulary.Progress} (how the core speaks to its caller) and {@link
 * dev.preflight.core.vocabulary.Hashing}. It imports nothing of Preflight but the root exception, so
 * every other package may use it.
 */
package dev.preflight.core.vocabulary;
